// Event.swift - one CloudTrail record being matched: parsed once, fields extracted lazily and cached.

/// Per-scan facts that fields such as `evt.hostname` need.
public struct EventContext: Sendable {
    public var hostname: String
    public init(hostname: String) { self.hostname = hostname }
}

/// One record loaded for matching. Reused across records (call `load` again): the JSON tape and the
/// slot cache keep their storage, so steady-state matching allocates only for derived values
/// (`ct.info`, `ct.request`, time strings) and strings with escapes.
///
/// Every field returns exactly what Falco's cloudtrail/json plugins and libsinsp return (spec §2),
/// including their documented bugs, except two deliberate fixes: `ct.request.documentname` reads
/// `requestParameters.documentName` (Falco: always absent) and `ct.sessioncredentialfromconsole`
/// is `"true"` for AWS's string `"true"` too (Falco: `"false"`).
///
/// String values are cut at their first NUL byte (possible only via `\u0000`), because libsinsp
/// receives plugin strings as C strings (spec §2.1).
public final class Event {
    /// The slot table of the rule set: `value(i)` extracts `fields[i]`.
    public let fields: [FieldRequest]
    public let context: EventContext

    /// Event time in ns since the epoch: `eventTime` when it is RFC 3339, else the time of reading.
    public private(set) var timestamp: Int64 = 0
    /// False when Falco would silently drop this record: `eventTime` is not an RFC 3339 string,
    /// `eventType` is not a string, or `eventType` is `AwsCloudTrailInsight` (spec §1.4). We
    /// evaluate such records anyway.
    public private(set) var falcoWouldRead: Bool = true
    /// The number passed to the last `load` (`evt.num`).
    public private(set) var number: UInt64 = 0

    /// The parsed record.
    public private(set) var tape = JSONTape()

    /// Timestamp of the first record this object loaded: the origin of `evt.reltime`. Falco counts
    /// from the first event of the whole run; a scanner with one `Event` per worker thread gets one
    /// origin per worker.
    public private(set) var firstTimestamp: Int64?

    /// Cached slot values of the loaded record; valid where `isCached` is true.
    @usableFromInline var values: [FieldValue]
    @usableFromInline var isCached: [Bool]
    /// Slots filled since the last `load`, so resetting costs O(filled), not O(slots).
    @usableFromInline var filledSlots: [Int] = []
    /// Per-slot arguments prepared once (json.value pointers, ec2.imageids indices).
    let arguments: [PreparedArgument]
    let hostnameBytes: ByteString

    public init(fields: [FieldRequest], context: EventContext) {
        self.fields = fields
        self.context = context
        self.values = Array(repeating: .absent, count: fields.count)
        self.isCached = Array(repeating: false, count: fields.count)
        self.filledSlots.reserveCapacity(fields.count)
        self.arguments = fields.map(PreparedArgument.init)
        self.hostnameBytes = ByteString(Array(context.hostname.utf8))
    }

    /// Parses one record and makes it the current event.
    ///
    /// - Throws: `RecordError` when the bytes are not valid JSON (RFC 8259, nesting up to
    ///   `JSONTape.defaultMaxDepth`) or not a JSON object. The event then behaves as the empty
    ///   object `{}`.
    public func load(record: ByteString, number: UInt64) throws(RecordError) {
        for slot in filledSlots {
            isCached[slot] = false
            values[slot] = .absent
        }
        filledSlots.removeAll(keepingCapacity: true)
        self.number = number
        do {
            try tape.parse(record)
        } catch {
            timestamp = EventTime.now()
            falcoWouldRead = false
            throw RecordError(message: "invalid JSON: \(error.message)", offset: error.offset)
        }
        guard tape.kind(tape.root) == .object else {
            let offset = tape.range(tape.root).lowerBound
            tape.setEmptyObject()
            timestamp = EventTime.now()
            falcoWouldRead = false
            throw RecordError(message: "the record is not a JSON object", offset: offset)
        }
        var timeIsValid = false
        if let t = tape.member(tape.root, "eventTime"), tape.kind(t) == .string,
           let ns = EventTime.parseRFC3339(tape.string(t)) {
            timestamp = ns
            timeIsValid = true
        } else {
            timestamp = EventTime.now()
        }
        if let type = tape.member(tape.root, "eventType"), tape.kind(type) == .string {
            falcoWouldRead = timeIsValid && !tape.stringEquals(type, "AwsCloudTrailInsight")
        } else {
            falcoWouldRead = false
        }
        // Falco drops these records silently; we evaluate them, timed at reading (issue #2), so
        // their alerts are never mistaken for ones Falco would have produced.
        if !falcoWouldRead && timeIsValid { timestamp = EventTime.now() }
        if firstTimestamp == nil { firstTimestamp = timestamp }
    }

    /// The value of slot `slot` for the loaded record (extracted once, then cached).
    @inlinable public func value(_ slot: Int) -> FieldValue {
        if isCached[slot] { return values[slot] }
        return extractAndCache(slot)
    }

    @usableFromInline func extractAndCache(_ slot: Int) -> FieldValue {
        var v = fields[slot].transform.map(applyTransform) ?? extract(fields[slot].kind, arguments[slot])
        if tape.mayContainNUL { v = v.truncatedAtNUL() }
        values[slot] = v
        isCached[slot] = true
        filledSlots.append(slot)
        return v
    }

    /// Extracts one field from the loaded record, uncached.
    func extract(_ kind: FieldKind, _ argument: PreparedArgument) -> FieldValue {
        switch kind {
        case .evtNum, .evtTime, .evtTimeS, .evtTimeISO8601, .evtDatetime, .evtDatetimeS, .evtRawtime,
             .evtRawtimeS, .evtRawtimeNs, .evtReltime, .evtReltimeS, .evtReltimeNs, .evtPluginname,
             .evtPlugininfo, .evtSource, .evtIsAsync, .evtAsynctype, .evtHostname:
            return evtField(kind)
        case .jsonValue, .jsonObj, .jsonRawtime:
            return jsonField(kind, argument)
        default:
            return cloudTrailField(kind, argument)
        }
    }
}

/// A field argument prepared once per slot.
enum PreparedArgument: Sendable {
    case none
    /// `json.value[...]`
    case pointer(JSONPointer)
    /// `ec2.imageids[i]`
    case index(Int)

    init(_ request: FieldRequest) {
        switch request.kind {
        case .jsonValue: self = .pointer(JSONPointer(request.argument ?? ""))
        case .ec2Imageids: self = request.index.map(PreparedArgument.index) ?? .none
        default: self = .none
        }
    }
}

extension FieldValue {
    /// The value as libsinsp sees a plugin's C strings: each string cut at its first NUL.
    func truncatedAtNUL() -> FieldValue {
        func cut(_ b: ByteString) -> ByteString {
            guard let z = b.firstIndex(of: 0) else { return b }
            return b[b.startIndex..<z]
        }
        switch self {
        case .string(let b): return .string(cut(b))
        case .list(let l): return .list(l.map(cut))
        case .absent, .number: return self
        }
    }
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
