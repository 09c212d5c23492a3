// FieldValue.swift - what one field extraction yields: nothing, a string, a number or a list.

/// A byte string taken from a record. A slice of the record buffer when the JSON string had no
/// escapes (no copy); an owned array otherwise.
public typealias ByteString = ArraySlice<UInt8>

/// The result of extracting one field from one event (spec §2.1).
///
/// `absent` is not the empty string: it makes every comparison false (including `!=`), prints as
/// `<NA>` in text alerts and `null` in JSON alerts.
public enum FieldValue: Sendable, Equatable {
    case absent
    case string(ByteString)
    case number(UInt64)
    case list([ByteString])

    public var isPresent: Bool { if case .absent = self { false } else { true } }

    /// The string bytes, if this is a string value.
    @inlinable public var bytes: ByteString? { if case .string(let b) = self { b } else { nil } }
}
