// Event.swift - one CloudTrail record being matched: scanned once, fields read lazily and cached.

/// Per-scan facts that fields such as `evt.hostname` need.
public struct EventContext: Sendable {
    public var hostname: String
    public init(hostname: String) { self.hostname = hostname }
}

/// One record loaded for matching. Reused across records (call `load` again); steady-state
/// matching allocates nothing.
///
/// `load` copies the record into memory the event owns and scans it once with `JSONScanner`,
/// which validates it and records where the values the rule set reads are (`CapturePlan`, derived
/// from the slot table). Operators then compare those values as raw bytes in place
/// (`stringBytes(_:)`); a string with escapes is unescaped once into per-record scratch memory.
/// Fields computed from several values (`ct.user`, `ct.info`, `ec2.*`, …) are extracted from a
/// full parse of the record (`tape`), built only when such a field is read.
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
    public var timestamp: Int64 { state.pointee.timestamp }
    /// False when Falco would silently drop this record: `eventTime` is not an RFC 3339 string,
    /// `eventType` is not a string, or `eventType` is `AwsCloudTrailInsight` (spec §1.4). We
    /// evaluate such records anyway.
    public var falcoWouldRead: Bool { state.pointee.falcoWouldRead }
    /// The number passed to the last `load` (`evt.num`).
    public var number: UInt64 { state.pointee.number }

    /// Timestamp of the first record this object loaded: the origin of `evt.reltime` unless a
    /// scanner said where the current file sits in the run (`beginFile`).
    public var firstTimestamp: Int64? { state.pointee.firstTimestamp }

    /// Set by the scanner for each file: `load`'s `number` then counts within the file, and
    /// `evt.num` / `evt.reltime` add the events and take the first time of the earlier files.
    var fileOrigin: FileOrigin?

    // MARK: Record bytes and captures

    /// Everything that changes per record, behind a pointer: the matching hot path reads it with
    /// no exclusivity checks (class `var`s would cost a runtime check per access).
    @usableFromInline struct RecordState {
        /// Memory the event owns for records given to `load`: the record (`count` bytes) followed
        /// by `JSONScanner.padding` zero bytes.
        var storage: UnsafeMutablePointer<UInt8>
        var storageCapacity: Int
        /// The loaded record's first byte: in `storage`, or in the caller's buffer (`loadInPlace`).
        @usableFromInline var base: UnsafePointer<UInt8>
        @usableFromInline var count = 0
        /// Stamps everything that belongs to the loaded record (captures, caches), so nothing is
        /// cleared between records.
        @usableFromInline var generation: UInt32 = 1
        /// The record could not be taken by the scanner (invalid JSON, not an object): every slot
        /// is extracted from the tape (which then holds `{}` for invalid JSON, as before).
        @usableFromInline var tapeOnly = false
        /// Some string of the record contains the escape `\u0000`.
        var mayContainNUL = false
        var timestamp: Int64 = 0
        var falcoWouldRead = true
        var number: UInt64 = 0
        var firstTimestamp: Int64?
        /// Timestamp of the first record loaded since `beginFile`.
        var fileFirstTimestamp: Int64?
        /// The record `parsedTape` holds.
        var tapeGeneration: UInt32 = 0
        var days = EventTime.DayCache()
    }
    @usableFromInline let state: UnsafeMutablePointer<RecordState>
    @usableFromInline var base: UnsafePointer<UInt8> { state.pointee.base }
    @usableFromInline var count: Int { state.pointee.count }
    @usableFromInline var generation: UInt32 { state.pointee.generation }
    @usableFromInline var tapeOnly: Bool { state.pointee.tapeOnly }
    var mayContainNUL: Bool { state.pointee.mayContainNUL }

    let plan: CapturePlan.Tables
    @usableFromInline let captures: UnsafeMutablePointer<Capture>
    private let visited: UnsafeMutablePointer<UInt32>
    private let scanner = JSONScanner()
    /// Tests: extract every field the general way, to compare both paths.
    var extractsFromTape = false

    // MARK: Slots

    @usableFromInline let sources: UnsafeMutablePointer<SlotSource>
    /// Per slot: the capture of a `.stringOrEmpty` slot, else -1 (the inlined fast path).
    @usableFromInline let plainStringCaptures: UnsafeMutablePointer<Int32>
    /// Materialized string bytes per slot (`stringBytes` of values that are not record slices).
    @usableFromInline struct MaterializedBytes {
        @usableFromInline var generation: UInt32
        @usableFromInline var bytes: UnsafeRawBufferPointer?
    }
    @usableFromInline let materialized: UnsafeMutablePointer<MaterializedBytes>
    private var arena = ByteArena()
    /// Cached `value(_:)` results, valid where `valueGeneration[slot] == generation`.
    @usableFromInline var values: [FieldValue]
    @usableFromInline let valueGeneration: UnsafeMutablePointer<UInt32>
    /// Per-slot arguments prepared once (json.value pointers, ec2.imageids indices).
    let arguments: [PreparedArgument]
    let hostnameBytes: ByteString

    // MARK: Full parse (computed fields)

    /// Valid for the loaded record after `ensureTape()` (the general extractors call it first).
    private(set) var parsedTape = JSONTape()

    /// Capture indices of the two members every record needs (time and Falco's drop rule).
    private let eventTimeCapture: Int
    private let eventTypeCapture: Int

    public init(fields: [FieldRequest], context: EventContext) {
        self.fields = fields
        self.context = context
        var capturePlan = CapturePlan()
        eventTimeCapture = capturePlan.capture(keys: ["eventTime"])
        eventTypeCapture = capturePlan.capture(keys: ["eventType"])
        let sourceList = fields.map { SlotSource.plan($0, into: &capturePlan) }
        plan = CapturePlan.Tables(capturePlan)
        captures = .allocate(capacity: max(1, plan.captureCount))
        captures.initialize(repeating: .empty, count: max(1, plan.captureCount))
        visited = .allocate(capacity: plan.nodeCount)
        visited.initialize(repeating: 0, count: plan.nodeCount)
        let slotCount = max(1, fields.count)
        sources = .allocate(capacity: slotCount)
        sources.initialize(repeating: .computed, count: slotCount)
        for (i, s) in sourceList.enumerated() { sources[i] = s }
        plainStringCaptures = .allocate(capacity: slotCount)
        plainStringCaptures.initialize(repeating: -1, count: slotCount)
        for (i, s) in sourceList.enumerated() {
            if case .stringOrEmpty(let c) = s { plainStringCaptures[i] = c }
        }
        materialized = .allocate(capacity: slotCount)
        materialized.initialize(repeating: MaterializedBytes(generation: 0, bytes: nil), count: slotCount)
        valueGeneration = .allocate(capacity: slotCount)
        valueGeneration.initialize(repeating: 0, count: slotCount)
        values = Array(repeating: .absent, count: fields.count)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096 + JSONScanner.padding)
        storage.initialize(repeating: 0, count: 4096 + JSONScanner.padding)
        state = .allocate(capacity: 1)
        state.initialize(to: RecordState(storage: storage, storageCapacity: 4096, base: storage))
        arguments = fields.map(PreparedArgument.init)
        hostnameBytes = ByteString(Array(context.hostname.utf8))
    }

    deinit {
        state.pointee.storage.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        captures.deallocate()
        visited.deallocate()
        sources.deallocate()
        plainStringCaptures.deallocate()
        materialized.deallocate()
        valueGeneration.deallocate()
    }

    // MARK: - Loading

    /// Scans one record and makes it the current event.
    ///
    /// - Throws: `RecordError` when the bytes are not valid JSON (RFC 8259, nesting up to
    ///   `JSONTape.defaultMaxDepth`) or not a JSON object. The event then behaves as the empty
    ///   object `{}`.
    public func load(record: ByteString, number: UInt64) throws(RecordError) {
        nextGeneration()
        state.pointee.number = number
        arena.reset()
        record.withUnsafeBufferPointer { copyIntoStorage($0) }
        let s = state
        if extractsFromTape || !scanner.scan(s.pointee.storage, count: s.pointee.count, plan: plan, captures: captures,
                                             visited: visited, generation: s.pointee.generation) {
            // Not a valid JSON object: the full parser gives the exact error (or, should the two
            // ever disagree, takes the record).
            s.pointee.tapeOnly = true
            try loadWithTape()
        } else {
            s.pointee.tapeOnly = false
            s.pointee.mayContainNUL = scanner.sawNUL
            readTimeAndType()
        }
        if s.pointee.firstTimestamp == nil { s.pointee.firstTimestamp = s.pointee.timestamp }
        if s.pointee.fileFirstTimestamp == nil { s.pointee.fileFirstTimestamp = s.pointee.timestamp }
    }

    /// Scans the JSON object at `p` in place, without copying it, and when it is valid and
    /// complete makes it the current event for the duration of `body`; returns its length and
    /// `body`'s result, or nil (invalid, or cut by the end of the `available` bytes: the caller
    /// cannot tell which, and takes another way) without calling `body`.
    ///
    /// For `FileFastPath`: `p` points into a file's buffer, `available` bytes of data followed by
    /// `JSONScanner.padding` zero bytes, untouched while `body` runs. Afterwards the event no
    /// longer refers to `p`: it is the empty record in its own storage again.
    func withRecord<R>(inPlace p: UnsafePointer<UInt8>, available: Int, _ body: () -> R) -> (length: Int, result: R)? {
        nextGeneration()
        arena.reset()
        let s = state
        let end = scanner.scan(p, count: available, wholeText: false, plan: plan, captures: captures,
                               visited: visited, generation: s.pointee.generation)
        guard end > 0 else { return nil }
        s.pointee.base = p
        s.pointee.count = end
        s.pointee.tapeOnly = false
        s.pointee.mayContainNUL = scanner.sawNUL
        readTimeAndType()
        if s.pointee.firstTimestamp == nil { s.pointee.firstTimestamp = s.pointee.timestamp }
        if s.pointee.fileFirstTimestamp == nil { s.pointee.fileFirstTimestamp = s.pointee.timestamp }
        let result = body()
        // Forget `p`: captures of this generation would read it, so start a new one.
        nextGeneration()
        s.pointee.base = UnsafePointer(s.pointee.storage)
        s.pointee.count = 0
        return (end, result)
    }

    /// Sets the number of the loaded event (`evt.num`), for records loaded in place.
    func setNumber(_ number: UInt64) {
        state.pointee.number = number
    }

    private func nextGeneration() {
        state.pointee.generation &+= 1
        if state.pointee.generation == 0 {
            // Wrapped after 4 billion records: clear every stamp once.
            state.pointee.generation = 1
            captures.update(repeating: .empty, count: max(1, plan.captureCount))
            visited.update(repeating: 0, count: plan.nodeCount)
            materialized.update(repeating: MaterializedBytes(generation: 0, bytes: nil), count: max(1, fields.count))
            valueGeneration.update(repeating: 0, count: max(1, fields.count))
            state.pointee.tapeGeneration = 0
        }
    }

    private func copyIntoStorage(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        let capacity = state.pointee.storageCapacity
        if n > capacity || (capacity > 4 << 20 && n < capacity / 4) {
            // Grow geometrically; give memory back after an unusually large record.
            let newCapacity = n > capacity ? max(n, 2 * capacity) : max(4096, 2 * n)
            state.pointee.storage.deallocate()
            state.pointee.storage = .allocate(capacity: newCapacity + JSONScanner.padding)
            state.pointee.storageCapacity = newCapacity
        }
        let storage = state.pointee.storage
        if n > 0 { storage.update(from: bytes.baseAddress!, count: n) }
        (storage + n).update(repeating: 0, count: JSONScanner.padding)
        state.pointee.base = UnsafePointer(storage)
        state.pointee.count = n
    }

    /// The event time and Falco's drop rule from the captured `eventTime` and `eventType`.
    private func readTimeAndType() {
        var timeIsValid = false
        var timestamp: Int64
        let t = captures[eventTimeCapture]
        if t.generation == generation, t.kind == JSONTape.Kind.string.rawValue,
           let ns = withCapturedString(t, { EventTime.parseRFC3339($0, cache: &state.pointee.days) }) {
            timestamp = ns
            timeIsValid = true
        } else {
            timestamp = EventTime.now()
        }
        let falcoWouldRead: Bool
        let type = captures[eventTypeCapture]
        if type.generation == generation, type.kind == JSONTape.Kind.string.rawValue {
            let insight = withCapturedString(type) { Event.equals($0, "AwsCloudTrailInsight") }
            falcoWouldRead = timeIsValid && !insight
        } else {
            falcoWouldRead = false
        }
        // Falco drops these records silently; we evaluate them, timed at reading (issue #2), so
        // their alerts are never mistaken for ones Falco would have produced.
        if !falcoWouldRead && timeIsValid { timestamp = EventTime.now() }
        state.pointee.timestamp = timestamp
        state.pointee.falcoWouldRead = falcoWouldRead
    }

    /// The record as the full parser sees it: errors exactly as before, and the time and drop
    /// rule read from the tape.
    private func loadWithTape() throws(RecordError) {
        state.pointee.tapeGeneration = generation
        state.pointee.mayContainNUL = false
        do {
            try parsedTape.parse(recordBytes)
        } catch {
            state.pointee.timestamp = EventTime.now()
            state.pointee.falcoWouldRead = false
            throw RecordError(message: "invalid JSON: \(error.message)", offset: error.offset)
        }
        state.pointee.mayContainNUL = parsedTape.mayContainNUL
        let tape = parsedTape
        guard tape.kind(tape.root) == .object else {
            let offset = tape.range(tape.root).lowerBound
            parsedTape.setEmptyObject()
            state.pointee.mayContainNUL = false
            state.pointee.timestamp = EventTime.now()
            state.pointee.falcoWouldRead = false
            throw RecordError(message: "the record is not a JSON object", offset: offset)
        }
        var timeIsValid = false
        var timestamp: Int64
        if let t = tape.member(tape.root, "eventTime"), tape.kind(t) == .string,
           let ns = EventTime.parseRFC3339(tape.string(t)) {
            timestamp = ns
            timeIsValid = true
        } else {
            timestamp = EventTime.now()
        }
        let falcoWouldRead: Bool
        if let type = tape.member(tape.root, "eventType"), tape.kind(type) == .string {
            falcoWouldRead = timeIsValid && !tape.stringEquals(type, "AwsCloudTrailInsight")
        } else {
            falcoWouldRead = false
        }
        if !falcoWouldRead && timeIsValid { timestamp = EventTime.now() }
        state.pointee.timestamp = timestamp
        state.pointee.falcoWouldRead = falcoWouldRead
    }

    /// A copy of the loaded record's bytes.
    var recordBytes: ByteString { ByteString(UnsafeBufferPointer(start: base, count: count)) }

    /// The loaded record fully parsed (built on first use per record).
    public var tape: JSONTape {
        ensureTape()
        return parsedTape
    }

    /// Parses the record into `parsedTape` unless done for this record. The scanner has
    /// validated it, so this cannot fail.
    func ensureTape() {
        guard state.pointee.tapeGeneration != generation else { return }
        state.pointee.tapeGeneration = generation
        do {
            try parsedTape.parse(recordBytes)
        } catch {
            parsedTape.setEmptyObject()
        }
    }

    // MARK: - Starting a file (multi-file scans)

    /// Starts a file of a multi-file scan: numbers passed to `load` restart at 1 and `origin`
    /// supplies the run-wide offset when `evt.num` or `evt.reltime` is read (Falco numbers and
    /// times events over the whole run).
    func beginFile(origin: FileOrigin) {
        fileOrigin = origin
        state.pointee.fileFirstTimestamp = nil
    }

    /// `evt.num`: the run-wide 1-based number of the event.
    var runNumber: UInt64 {
        guard let fileOrigin else { return number }
        return fileOrigin.origin.eventsBefore + number
    }

    /// The origin of `evt.reltime`: the first event of the run.
    var runFirstTimestamp: Int64 {
        guard let fileOrigin else { return firstTimestamp ?? timestamp }
        return fileOrigin.origin.firstTimestamp ?? state.pointee.fileFirstTimestamp ?? timestamp
    }

    // MARK: - Values

    /// The value of slot `slot` for the loaded record (extracted once, then cached).
    @inlinable public func value(_ slot: Int) -> FieldValue {
        if valueGeneration[slot] == generation { return values[slot] }
        return extractAndCache(slot)
    }

    @usableFromInline func extractAndCache(_ slot: Int) -> FieldValue {
        var v: FieldValue
        if let transform = fields[slot].transform {
            v = applyTransform(transform)
        } else if !tapeOnly, let captured = capturedValue(slot) {
            v = captured
        } else {
            v = extract(fields[slot].kind, arguments[slot])
        }
        if mayContainNUL { v = v.truncatedAtNUL() }
        values[slot] = v
        valueGeneration[slot] = generation
        return v
    }

    /// Runs `body` on the string bytes of slot `slot`; nil when the value is absent or not a
    /// string (a number, a list). Strings read straight from the record are not copied; the bytes
    /// must not escape `body` (they live in the record's buffer or the per-record arena).
    @inlinable public func withStringBytes<R>(_ slot: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let bytes = stringBytes(slot) else { return nil }
        return body(bytes)
    }

    /// The string bytes of slot `slot`, or nil when it is absent or not a string. Internal: the
    /// pointer is valid only until the next load; outside the module use `withStringBytes`.
    ///
    /// The common case, a plain string field (`ct.name`, `ct.src`, `ct.request.*`, …), is a few
    /// loads and compares here, inlined into the rules; everything else goes to `otherStringBytes`.
    @inlinable func stringBytes(_ slot: Int) -> UnsafeRawBufferPointer? {
        let c = plainStringCaptures[slot]
        if c >= 0 {
            let s = state
            if !s.pointee.tapeOnly {
                let cap = captures[Int(c)]
                if cap.generation != s.pointee.generation { return nil }  // absent
                if cap.kind != 2 { return UnsafeRawBufferPointer(start: s.pointee.base, count: 0) }  // not a string: ""
                if !cap.escaped {
                    return UnsafeRawBufferPointer(start: s.pointee.base + Int(cap.start) + 1,
                                                  count: Int(cap.end &- cap.start) &- 2)
                }
            }
        }
        return otherStringBytes(slot)
    }

    /// `stringBytes` for everything but an unescaped plain string.
    @usableFromInline func otherStringBytes(_ slot: Int) -> UnsafeRawBufferPointer? {
        if !tapeOnly, case .jsonValue(let c) = sources[slot] {
            let cap = captures[Int(c)]
            guard cap.generation == generation, base[0] == 0x7B || base[0] == 0x5B else { return nil }
            if cap.kind == 2 && !cap.escaped {
                return UnsafeRawBufferPointer(start: base + Int(cap.start) + 1, count: Int(cap.end - cap.start) - 2)
            }
        }
        return materializedBytes(slot)
    }

    /// Whether slot `slot` has a value (`exists`).
    @inlinable public func isPresent(_ slot: Int) -> Bool {
        if !tapeOnly {
            switch sources[slot] {
            case .stringOrEmpty(let c), .trueOrFalse(let c), .compact(let c), .shortSource(let c):
                return captures[Int(c)].generation == generation
            case .jsonValue(let c):
                return captures[Int(c)].generation == generation && (base[0] == 0x7B || base[0] == 0x5B)
            case .accountID(let a, let b):
                return captures[Int(a)].generation == generation || captures[Int(b)].generation == generation
            case .computed:
                break
            }
        }
        return value(slot).isPresent
    }

    /// `stringBytes` for values that are not raw slices of the record: materialized once per
    /// record into the arena.
    @usableFromInline func materializedBytes(_ slot: Int) -> UnsafeRawBufferPointer? {
        if materialized[slot].generation == generation { return materialized[slot].bytes }
        var bytes: UnsafeRawBufferPointer?
        if case .string(let s) = value(slot) {
            bytes = s.withUnsafeBytes { arena.copy($0) }
        }
        materialized[slot] = MaterializedBytes(generation: generation, bytes: bytes)
        return bytes
    }

    /// A captured slot's value as a `FieldValue`; nil for computed slots.
    func capturedValue(_ slot: Int) -> FieldValue? {
        switch sources[slot] {
        case .stringOrEmpty(let c):
            return stringOrEmpty(c)
        case .shortSource(let c):
            guard case .string(let s) = stringOrEmpty(c) else { return .absent }
            return .string(Event.shortSource(s))
        case .trueOrFalse(let c):
            let cap = captures[Int(c)]
            guard cap.generation == generation else { return .absent }
            return .string(cap.kind == JSONTape.Kind.true.rawValue ? Event.trueText : Event.falseText)
        case .accountID(let a, let b):
            return captures[Int(a)].generation == generation ? stringOrEmpty(a) : stringOrEmpty(b)
        case .jsonValue(let c):
            // The json plugin refuses payloads that do not start with `{` or `[` (JSONFields).
            guard count > 0, base[0] == 0x7B || base[0] == 0x5B else { return .absent }
            let cap = captures[Int(c)]
            guard cap.generation == generation else { return .absent }
            if cap.kind == JSONTape.Kind.string.rawValue { return .string(capturedString(cap)) }
            return .string(compactText(cap))
        case .compact(let c):
            let cap = captures[Int(c)]
            guard cap.generation == generation else { return .absent }
            return .string(compactText(cap))
        case .computed:
            return nil
        }
    }

    private func stringOrEmpty(_ c: Int32) -> FieldValue {
        let cap = captures[Int(c)]
        guard cap.generation == generation else { return .absent }
        guard cap.kind == JSONTape.Kind.string.rawValue else { return .string(ByteString()) }
        return .string(capturedString(cap))
    }

    /// The unescaped text of a captured string, as owned bytes.
    private func capturedString(_ cap: Capture) -> ByteString {
        let content = UnsafeBufferPointer(start: base + Int(cap.start) + 1, count: Int(cap.end - cap.start) - 2)
        return cap.escaped ? ByteString(JSONString.unescape(content)) : ByteString(content)
    }

    /// Runs `body` on a captured string's unescaped bytes.
    private func withCapturedString<R>(_ cap: Capture, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let content = UnsafeBufferPointer(start: base + Int(cap.start) + 1, count: Int(cap.end - cap.start) - 2)
        if !cap.escaped { return body(UnsafeRawBufferPointer(content)) }
        return JSONString.unescape(content).withUnsafeBytes(body)
    }

    /// fastjson's `MarshalTo` of a captured value (see `JSONTape.appendCompact`).
    private func compactText(_ cap: Capture) -> ByteString {
        var out: [UInt8] = []
        out.reserveCapacity(Int(cap.end - cap.start))
        JSONTape.appendCompact(UnsafeBufferPointer(start: base + Int(cap.start), count: Int(cap.end - cap.start)),
                               to: &out)
        return ByteString(out)
    }

    /// Extracts one field from the loaded record the general way, uncached.
    func extract(_ kind: FieldKind, _ argument: PreparedArgument) -> FieldValue {
        let info = FieldCatalog.info(kind)
        switch info.fieldClass {
        case .evt:
            if kind == .evtPlugininfo { ensureTape() }
            return evtField(kind)
        case .json:
            ensureTape()
            return jsonField(kind, argument)
        case .cloudtrail:
            ensureTape()
            return cloudTrailField(info, argument)
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
