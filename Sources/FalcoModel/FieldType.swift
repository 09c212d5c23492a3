// FieldType.swift - what kind of value a field holds, and how it is addressed.

/// The value type of a field, as libsinsp sees it (it decides which operators apply).
public enum FieldType: String, Sendable, Hashable {
    /// PT_CHARBUF
    case string
    /// PT_UINT64
    case uint64
    /// PT_ABSTIME (ns since the epoch)
    case abstime
    /// PT_RELTIME (ns)
    case reltime
    /// PT_BOOL
    case bool

    /// Printed in `peregrine fields -v` like Falco's `(Type: CHARBUF)`.
    public var falcoName: String {
        switch self {
        case .string: "CHARBUF"
        case .uint64: "UINT64"
        case .abstime: "ABSTIME"
        case .reltime: "RELTIME"
        case .bool: "BOOL"
        }
    }

    public var isNumeric: Bool { self != .string }
}

/// Whether a field takes a `[...]` argument.
public enum FieldArgument: Sendable, Hashable {
    case none
    /// `json.value[/pointer]`: required key.
    case requiredKey
    /// `ec2.imageids[0]`: optional decimal index.
    case optionalIndex
}

public enum FieldClass: String, Sendable, Hashable, CaseIterable {
    case evt, cloudtrail, json
}

