// Event.swift - one CloudTrail record being matched: lazily extracted, cached field slots.
// SKELETON: the field-extraction helper replaces the body; the public surface is the contract.

/// Per-scan facts that fields such as `evt.hostname` and `evt.reltime` need.
public struct EventContext: Sendable {
    public var hostname: String
    public init(hostname: String) { self.hostname = hostname }
}

/// One record loaded for matching. Reused across records (call `load` again): buffers and the
/// slot cache are kept, so steady-state matching allocates little.
public final class Event {
    /// The slot table of the rule set: `value(i)` extracts `fields[i]`.
    public let fields: [FieldRequest]
    public let context: EventContext

    /// Event time in ns since the epoch: `eventTime` when it is RFC 3339, else the time of reading.
    public private(set) var timestamp: Int64 = 0
    /// False when Falco would silently drop this record (no RFC 3339 `eventTime`, or no string
    /// `eventType`). We evaluate it anyway.
    public private(set) var falcoWouldRead: Bool = true
    /// 1-based counter of events loaded through this object (`evt.num`).
    public private(set) var number: UInt64 = 0

    public init(fields: [FieldRequest], context: EventContext) {
        self.fields = fields
        self.context = context
    }

    /// Parses one record. Throws when the bytes are not one JSON object.
    public func load(record: ByteString, number: UInt64) throws(RecordError) {
        self.number = number
        throw RecordError(message: "not implemented", offset: 0)
    }

    /// The value of slot `slot` for the loaded record (extracted once, then cached).
    public func value(_ slot: Int) -> FieldValue { .absent }
}

/// A record that could not be parsed: what is wrong and where (byte offset inside the record).
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) at byte \(offset) of the record" }
}
