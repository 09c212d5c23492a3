// EnvelopeScanner.swift - recognises the shape of a log file and finds its records, resumably.

/// Walks the top level of a log file, fed one window of the stream at a time, recognising its shape
/// (`LogShape`) from the content and reporting each record as a byte range (or, for records that
/// the file holds as JSON strings, as unescaped bytes).
///
/// A file is a sequence of top-level JSON values separated by whitespace: usually one, several for
/// JSON Lines and for concatenated objects (Firehose writes CloudWatch Logs data that way). Each is:
/// - an object with a `Records` array: each element is a record, as it is (CloudTrail's own shape,
///   the only one Falco reads; the fast path: elements are not looked into);
/// - an object with an `Events`, `events` or `logEvents` array (`aws cloudtrail lookup-events`,
///   `aws logs filter-log-events`, CloudWatch Logs subscription data): each element is an item for
///   `ItemClassifier`, except in a CloudWatch `CONTROL_MESSAGE`, which holds none;
/// - a CloudTrail-Digest object (`logFiles`, `digestStartTime`): skipped, quietly;
/// - any other object: one item (an event, an EventBridge event, a lookup item, ...);
/// - an array: each element is an item.
///
/// The first item of a file decides whether the file is a log at all: if `ItemClassifier` rejects
/// it, the file is an error ("not a CloudTrail log file: ..."); a later item it rejects is an error
/// for that record only, and reading goes on.
///
/// The envelope syntax is checked strictly (keys, colons, commas, brackets, nothing else between
/// values); record contents are only checked for structural balance (`ValueScanner`).
///
/// Differences from Falco (spec §1.4 step 3), on purpose: only the top-level key `Records` holds
/// records as they are (Falco takes any object-valued member); a non-object element is an error for
/// that element, not silently skipped; a file that is not a CloudTrail log is an error, not zero
/// events; a digest file is recognised and yields nothing, quietly; the other shapes above are read
/// (Falco yields no event from them, silently).
///
/// A top-level object is decided by whichever comes first among its keys: a CloudTrail event key
/// (then it is one event, scanned to its end in one pass like a `Records` element) or an envelope
/// array. CloudTrail never writes an object with both.
///
/// Memory: a top-level object is kept in the buffer from its `{` only until it is known to be an
/// envelope (the key of its `Records`/`Events`/... array), so an item object (a JSON Lines line) is
/// at most one record long; an envelope is never held whole.
///
/// Positions are absolute byte offsets in the (decompressed) stream, so the caller may discard or
/// move buffered bytes before `retainFrom` between calls.
struct EnvelopeScanner {
    enum Step {
        /// Every byte of the window was consumed; feed more, or call `finish()` at end of stream.
        case needInput
        /// One record, bytes `start..<end` of the stream.
        case record(start: Int, end: Int, index: Int)
        /// One record held in the file as a JSON string, unescaped; the string starts at `offset`.
        case unescapedRecord(bytes: ArraySlice<UInt8>, offset: Int, index: Int)
        /// One element is unusable; scanning continues with the next.
        case recordError(InputError)
        /// The file cannot be read further; later calls only return `.needInput`.
        case failure(InputError)
    }

    /// What the end of the stream means.
    enum Ending: Equatable {
        case complete
        /// A CloudTrail-Digest file: no records, and that is fine.
        case digest
        case failure(InputError)
    }

    private enum Phase {
        /// At the top level, before a value (or between values).
        case beforeValue
        // Inside a top-level object.
        case beforeKey(first: Bool)
        case key
        case beforeColon
        case beforeMemberValue
        case skippingMemberValue
        case afterMemberValue
        /// The object has an event key: it is one item, scanned to its end as one value.
        case restOfItem
        // Inside an array of records or items.
        case beforeElement(first: Bool)
        case element
        case afterElement
        /// After a bad line or record: skipping to where reading can go on (`resync`).
        case resyncing
        case failed
    }

    /// A skip over bytes that cannot be read, to the next line that starts a JSON value (JSON
    /// Lines, concatenated objects) or to the next record of a `Records` array.
    private struct Resync {
        /// The record the skipped bytes held (or stood in place of).
        var index: Int
        /// The first skipped byte.
        var start: Int
        /// What was wrong, for the message.
        var problem: String
        /// Resume at the next `{"eventVersion"` (a CloudTrail record) instead of the next line.
        var toRecord: Bool
        /// Newlines passed.
        var lines = 0
        var atLineStart = false
        /// A `{` that may begin the next record, and how much of the anchor follows it.
        var candidate: Int?
        var matched = 0
    }

    /// What the elements of the array being scanned are.
    private enum ArrayRole {
        /// Elements of `Records`: records as they are.
        case records
        /// Items for `ItemClassifier`: of a top-level array or of `Events`/`events`/`logEvents`.
        case items
        /// Elements of a CloudWatch Logs `CONTROL_MESSAGE`'s `logEvents`: skipped.
        case ignored
    }

    /// What a key of a top-level object means to the scanner.
    private enum KeyRole {
        case records, items, messageType, event, other
    }

    let path: String
    let maxRecordSize: Int

    /// The next byte to scan (absolute offset).
    private(set) var position = 0
    /// The file's shape, once its first top-level value says it.
    private(set) var shape: LogShape?
    private var phase = Phase.beforeValue
    private var byteOrderMarkMatched = 0
    private var value = ValueScanner()
    private var topLevelValues = 0
    private var digestObjects = 0
    /// The index the next record (or rejected item) gets: records are counted across the file.
    private var nextIndex = 0

    // The top-level object being scanned.
    private var objectStart = 0
    /// The object may still be one item: its bytes are kept from `objectStart`.
    private var objectUndecided = false
    /// It grew past the record size limit while undecided: no longer kept.
    private var objectTooLarge = false
    /// It has an array of records or items: it is an envelope, never a record itself.
    private var objectIsEnvelope = false
    /// It has a CloudTrail event key (before any envelope array): it is one event.
    private var objectIsEvent = false
    private var sawRecordsNotArray = false
    private var sawDigestKey = false
    private var isControlMessage = false
    private var memberValueStart = 0

    // The key being read: kept briefly (short keys only) to recognise the envelope keys.
    private static let keyByteLimit = 64
    private var key: [UInt8] = []
    private var keyTooLong = false
    private var keyEscaped = false
    private var keyRole = KeyRole.other

    // The array and element being scanned.
    private var arrayRole = ArrayRole.records
    /// The key of the array in its top-level object; nil for a top-level array.
    private var arrayKey: String?
    private var elementsInArray = 0
    private var elementIndex = 0
    private var elementStart = 0
    /// The element's bytes are kept (an object that is or may hold a record).
    private var elementRetained = false
    /// Too large: reported, now skipped without keeping its bytes.
    private var elementDiscarded = false
    private var resync = Resync(index: 0, start: 0, problem: "", toRecord: false)

    init(path: String, maxRecordSize: Int) {
        self.path = path
        self.maxRecordSize = maxRecordSize
    }

    /// The first byte the caller must still hold: the start of the record (or undecided top-level
    /// object) being scanned, else `position`. Large or unwanted values are never retained.
    var retainFrom: Int {
        if case .element = phase, elementRetained, !elementDiscarded { return elementStart }
        if objectUndecided { return objectStart }
        if case .resyncing = phase, let candidate = resync.candidate { return candidate }
        return position
    }

    /// Scans `window`, the stream bytes at offsets `base..<base + window.count` (which must
    /// include `retainFrom ..< position`), until a record or error is found or the window is used up.
    mutating func advance(_ window: UnsafeBufferPointer<UInt8>, base: Int) -> Step {
        var i = position - base
        precondition(i >= 0 && i <= window.count, "window does not cover the scan position")
        defer { position = base + i }
        let end = window.count
        // safe: the loop reads window[i] only while i < end; member and element ranges handed out
        // are offsets into the same window.

        while i < end {
            let c = window[i]
            switch phase {
            case .beforeValue:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if base + i == byteOrderMarkMatched && byteOrderMarkMatched < 3 && c == Self.byteOrderMark[byteOrderMarkMatched] {
                    byteOrderMarkMatched += 1  // only at offsets 0, 1, 2, in order
                    i += 1
                    continue
                }
                if c == InputByte.openBrace {
                    beginTopLevelValue()
                    beginObject(at: base + i)
                    phase = .beforeKey(first: true)
                } else if c == InputByte.openBracket {
                    beginTopLevelValue()
                    noteShape(.jsonArray)
                    beginArray(.items, key: nil)
                } else if topLevelValues == 0 {
                    return fail(message: "not a CloudTrail log file: expected a JSON object or array, found \(Self.describeStart(c))")
                } else {
                    beginTopLevelValue()
                    beginResync(toRecord: false, index: nextIndex, start: base + i,
                                "expected a JSON object, found \(Self.describeStart(c))")
                    nextIndex += 1
                    continue
                }
                i += 1

            case .beforeKey(let first):
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.quote {
                    key.removeAll(keepingCapacity: true)
                    keyTooLong = false
                    keyEscaped = false
                    phase = .key
                    i += 1
                } else if first && c == InputByte.closeBrace {
                    i += 1
                    if let step = closeObject(window, base: base, end: base + i) { return step }
                } else {
                    if let step = failOrResyncLine(at: base + i, "malformed top-level object: expected a key") { return step }
                }

            case .key:
                // Escapes are kept raw (`"Record\u0073"` is not `Records`: CloudTrail never writes
                // that, and raw bytes are what we compare). Only a short prefix is kept.
                var k = i
                while k < end {
                    let b = window[k]
                    if keyEscaped {
                        keyEscaped = false
                    } else if b == InputByte.backslash {
                        keyEscaped = true
                    } else if b == InputByte.quote {
                        break
                    }
                    k += 1
                }
                let room = Self.keyByteLimit - key.count
                if k - i > room { keyTooLong = true }
                if room > 0 && k > i { key.append(contentsOf: window[i..<min(k, i + room)]) }
                i = k
                if k < end {
                    endKey()
                    i += 1
                    if keyRole == .event && objectUndecided && !objectIsEnvelope {
                        // A CloudTrail event: nothing more to learn from its keys.
                        objectIsEvent = true
                        _ = value.start(InputByte.openBrace)
                        phase = .restOfItem
                    } else {
                        phase = .beforeColon
                    }
                }

            case .beforeColon:
                if InputByte.isWhitespace(c) { i += 1; continue }
                guard c == InputByte.colon else {
                    if let step = failOrResyncLine(at: base + i, "malformed top-level object: expected ':' after a key") { return step }
                    continue
                }
                phase = .beforeMemberValue
                i += 1

            case .beforeMemberValue:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.openBracket && (keyRole == .records || (keyRole == .items && !objectIsEnvelope)) {
                    beginEnvelopeArray()
                    i += 1
                    continue
                }
                if keyRole == .records { sawRecordsNotArray = true }
                guard value.start(c) else {
                    if let step = failOrResyncLine(at: base + i, "malformed top-level object: expected a value") { return step }
                    continue
                }
                memberValueStart = base + i
                phase = .skippingMemberValue
                i += 1

            case .skippingMemberValue:
                switch value.scan(window, index: &i) {
                case .needMore:
                    return needInput(at: base + i)
                case .complete:
                    phase = .afterMemberValue
                    if keyRole == .messageType && value.kind == .string && memberValueStart >= base {
                        // Held in the window: the object is undecided until its `logEvents`.
                        isControlMessage = ObjectMembers.equals(window, (memberValueStart - base)..<i, #""CONTROL_MESSAGE""#)
                    }
                case .mismatched(let close, let open):
                    let (closer, opener) = (Character(Unicode.Scalar(close)), Character(Unicode.Scalar(open)))
                    if let step = failOrResyncLine(
                        at: base + i, "malformed JSON: '\(closer)' closes '\(opener)'",
                        placed: "malformed JSON: '\(closer)' at byte \(base + i) closes '\(opener)'")
                    { return step }
                }

            case .afterMemberValue:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.comma {
                    phase = .beforeKey(first: false)
                    i += 1
                } else if c == InputByte.closeBrace {
                    i += 1
                    if let step = closeObject(window, base: base, end: base + i) { return step }
                } else {
                    if let step = failOrResyncLine(at: base + i, "malformed top-level object: expected ',' or '}'") { return step }
                }

            case .restOfItem:
                switch value.scan(window, index: &i) {
                case .needMore:
                    return needInput(at: base + i)
                case .complete:
                    if let step = closeObject(window, base: base, end: base + i) { return step }
                case .mismatched(let close, let open):
                    let (closer, opener) = (Character(Unicode.Scalar(close)), Character(Unicode.Scalar(open)))
                    if let step = failOrResyncLine(
                        at: base + i, "malformed JSON: '\(closer)' closes '\(opener)'",
                        placed: "malformed JSON: '\(closer)' at byte \(base + i) closes '\(opener)'")
                    { return step }
                }

            case .beforeElement(let first):
                if InputByte.isWhitespace(c) { i += 1; continue }
                if first && c == InputByte.closeBracket {
                    endArray()
                    i += 1
                    continue
                }
                guard value.start(c) else {
                    if arrayRole == .records {
                        beginResync(toRecord: true, index: nextIndex, start: base + i, "malformed \(arrayName): expected a record")
                        nextIndex += 1
                        continue
                    }
                    return fail(at: base + i, "malformed \(arrayName): expected a value")
                }
                elementsInArray += 1
                if arrayRole == .ignored {
                    elementRetained = false
                } else {
                    elementIndex = nextIndex
                    nextIndex += 1
                    elementRetained = value.kind == .object
                }
                elementStart = base + i
                elementDiscarded = false
                phase = .element
                i += 1

            case .element:
                let outcome = value.scan(window, index: &i)
                switch outcome {
                case .needMore:
                    if elementRetained && !elementDiscarded && base + i - elementStart > maxRecordSize {
                        elementDiscarded = true
                        return .recordError(tooLarge(elementIndex, at: elementStart))
                    }
                    return .needInput
                case .mismatched(let close, let open):
                    let problem = "malformed record: '\(Character(Unicode.Scalar(close)))' at byte \(base + i) closes '\(Character(Unicode.Scalar(open)))'"
                    if arrayRole == .records && !elementDiscarded {
                        beginResync(toRecord: true, index: elementIndex, start: elementStart, problem)
                        continue
                    }
                    return fail(record: arrayRole == .ignored ? nil : elementIndex, at: elementStart, problem)
                case .complete:
                    phase = .afterElement
                    let recordEnd = base + i
                    switch arrayRole {
                    case .ignored:
                        continue
                    case .records:
                        guard value.kind == .object else {
                            return .recordError(InputError(
                                path: path, recordIndex: elementIndex, offset: elementStart,
                                message: "record is not a JSON object (found \(value.kind.name))"))
                        }
                        if elementDiscarded { continue }  // already reported
                        if recordEnd - elementStart > maxRecordSize { return .recordError(tooLarge(elementIndex, at: elementStart)) }
                        return .record(start: elementStart, end: recordEnd, index: elementIndex)
                    case .items:
                        guard value.kind == .object else {
                            return reject(.notObject(value.kind), index: elementIndex, at: elementStart, inArray: true)
                        }
                        if elementDiscarded { continue }
                        if recordEnd - elementStart > maxRecordSize { return .recordError(tooLarge(elementIndex, at: elementStart)) }
                        return judge(window, base: base, start: elementStart, end: recordEnd, index: elementIndex, inArray: true)
                    }
                }

            case .afterElement:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.comma {
                    phase = .beforeElement(first: false)
                    i += 1
                } else if c == InputByte.closeBracket {
                    endArray()
                    i += 1
                } else if c == InputByte.openBrace && arrayRole != .ignored {
                    // `}{` or `}\n{`: objects concatenated inside the array without a comma (seen in
                    // real exports). Falco's splitter reads on; so do we, after reporting it, so no
                    // record is lost. The '{' is scanned again as the next element.
                    phase = .beforeElement(first: false)
                    let previous = arrayRole == .records ? "record \(elementIndex + 1)" : "element \(elementsInArray)"
                    return .recordError(InputError(path: path, recordIndex: nil, offset: base + i,
                                                   message: "malformed \(arrayName): missing ',' after \(previous); reading on"))
                } else {
                    let previous = arrayRole == .records ? "record \(elementIndex + 1)" : "element \(elementsInArray)"
                    if arrayRole == .records {
                        beginResync(toRecord: true, index: nextIndex, start: base + i, "malformed \(arrayName): expected ',' or ']' after \(previous)")
                        nextIndex += 1
                        continue
                    }
                    return fail(at: base + i, "malformed \(arrayName): expected ',' or ']' after \(previous)")
                }

            case .resyncing:
                if resync.toRecord {
                    if let candidate = resync.candidate {
                        if resync.matched == 0 && InputByte.isWhitespace(c) { i += 1; continue }
                        if c == Self.recordAnchor[resync.matched] {
                            resync.matched += 1
                            i += 1
                            guard resync.matched == Self.recordAnchor.count else { continue }
                            // The record starts at the `{`, still held (`retainFrom`): scan it again.
                            i = candidate - base
                            resync.candidate = nil
                            phase = .beforeElement(first: false)
                            return .recordError(resyncError(to: candidate, "to the next record"))
                        }
                        resync.candidate = nil  // `c` is looked at again as a possible `{`
                        continue
                    }
                    if c == InputByte.openBrace {
                        resync.candidate = base + i
                        resync.matched = 0
                    }
                    i += 1
                } else {
                    if resync.atLineStart {
                        if c == InputByte.openBrace || c == InputByte.openBracket {
                            phase = .beforeValue
                            let target = resync.lines == 1 ? "to the next line" : "(\(resync.lines) lines) to the next line that starts with '{' or '['"
                            return .recordError(resyncError(to: base + i, target))
                        }
                        if c == Self.newline { resync.lines += 1; i += 1; continue }
                        resync.atLineStart = false
                    }
                    while i < end && window[i] != Self.newline { i += 1 }
                    if i < end {
                        resync.lines += 1
                        resync.atLineStart = true
                        i += 1
                    }
                }

            case .failed:
                i = end
            }
        }
        return needInput(at: base + i)
    }

    /// Judges the end of the stream, after every byte has gone through `advance`.
    mutating func finish() -> Ending {
        switch phase {
        case .beforeValue:
            if topLevelValues == 0 { return .failure(InputError(path: path, message: "empty file")) }
            return digestObjects == topLevelValues ? .digest : .complete
        case .failed:
            return .complete
        case .resyncing:
            return .failure(resyncError(to: position, "to the end of the file"))
        case .element where arrayRole != .ignored:
            return .failure(InputError(
                path: path, offset: elementStart,
                message: "truncated: record \(elementIndex + 1) is incomplete at end of file"))
        default:
            if objectUndecided || objectTooLarge {
                return .failure(InputError(
                    path: path, offset: objectStart,
                    message: "truncated: record \(nextIndex + 1) is incomplete at end of file"))
            }
            return .failure(InputError(path: path, offset: position, message: "truncated: missing closing brackets"))
        }
    }

    // MARK: - Top-level values

    private mutating func beginTopLevelValue() {
        topLevelValues += 1
        if topLevelValues == 2 && shape == .singleObject { shape = .jsonLines }
    }

    /// The shape of the file is that of its first top-level value.
    private mutating func noteShape(_ seen: LogShape) {
        if topLevelValues == 1 { shape = seen }
    }

    private mutating func beginObject(at offset: Int) {
        objectStart = offset
        objectUndecided = true
        objectTooLarge = false
        objectIsEnvelope = false
        objectIsEvent = false
        sawRecordsNotArray = false
        sawDigestKey = false
        isControlMessage = false
    }

    private mutating func endKey() {
        keyRole = .other
        // Most keys are none of these: their length alone says so.
        switch key.count {
        case 6, 7, 8, 9, 11, 12, 15: break
        default: return
        }
        guard !keyTooLong else { return }
        if key.withUnsafeBufferPointer({ ItemClassifier.isEventKey($0, 0..<$0.count) }) {
            keyRole = .event
        } else if key == Self.recordsKey {
            keyRole = .records
        } else if key == Self.eventsKey || key == Self.lowercaseEventsKey || key == Self.logEventsKey {
            keyRole = .items
        } else if key == Self.messageTypeKey {
            keyRole = .messageType
        } else if key == Self.logFilesKey || key == Self.digestStartTimeKey {
            sawDigestKey = true
        }
    }

    private static let recordsKey = Array("Records".utf8)
    private static let eventsKey = Array("Events".utf8)
    private static let lowercaseEventsKey = Array("events".utf8)
    private static let logEventsKey = Array("logEvents".utf8)
    private static let messageTypeKey = Array("messageType".utf8)
    private static let logFilesKey = Array("logFiles".utf8)
    private static let digestStartTimeKey = Array("digestStartTime".utf8)

    /// The current key's value is an array of records or items: the object is an envelope.
    private mutating func beginEnvelopeArray() {
        objectIsEnvelope = true
        objectUndecided = false
        objectTooLarge = false
        if keyRole == .records {
            noteShape(.cloudTrailLogFile)
            beginArray(.records, key: "Records")
            return
        }
        let name = String(decoding: key, as: UTF8.self)
        switch name {
        case "Events": noteShape(.lookupEvents)
        case "logEvents": noteShape(.cloudWatchLogsSubscription)
        default: noteShape(.logEvents)
        }
        beginArray(name == "logEvents" && isControlMessage ? .ignored : .items, key: name)
    }

    /// A top-level object ends just before `end`: an envelope is done; anything else is an item.
    private mutating func closeObject(_ window: UnsafeBufferPointer<UInt8>, base: Int, end: Int) -> Step? {
        phase = .beforeValue
        let wasUndecided = objectUndecided
        objectUndecided = false
        if objectIsEnvelope { return nil }
        if !objectIsEvent && sawDigestKey {
            digestObjects += 1
            noteShape(.cloudTrailDigest)
            return nil
        }
        if !objectIsEvent && sawRecordsNotArray {
            return fail(message: #"not a CloudTrail log file: "Records" is not an array"#)
        }
        noteShape(.singleObject)
        let index = nextIndex
        nextIndex += 1
        guard wasUndecided, end - objectStart <= maxRecordSize else {
            return .recordError(tooLarge(index, at: objectStart))
        }
        if objectIsEvent { return .record(start: objectStart, end: end, index: index) }
        return judge(window, base: base, start: objectStart, end: end, index: index, inArray: false)
    }

    // MARK: - Arrays

    private mutating func beginArray(_ role: ArrayRole, key: String?) {
        arrayRole = role
        arrayKey = key
        elementsInArray = 0
        phase = .beforeElement(first: true)
    }

    private mutating func endArray() {
        phase = arrayKey == nil ? .beforeValue : .afterMemberValue
    }

    /// The array being scanned, for messages: `"Records" array`, `JSON array`.
    private var arrayName: String {
        arrayKey.map { #""\#($0)" array"# } ?? "JSON array"
    }

    // MARK: - Items

    /// Finds the record in the item `start..<end` (held in `window`).
    private mutating func judge(
        _ window: UnsafeBufferPointer<UInt8>, base: Int, start: Int, end: Int, index: Int, inArray: Bool
    ) -> Step {
        switch ItemClassifier.classify(window, object: (start - base)..<(end - base)) {
        case .whole:
            return .record(start: start, end: end, index: index)
        case .member(let range):
            return .record(start: base + range.lowerBound, end: base + range.upperBound, index: index)
        case .encoded(let range, let key):
            // safe: the classifier's ranges lie inside the item, which lies inside `window`.
            guard let bytes = Self.decodeObject(UnsafeBufferPointer(rebasing: window[range])) else {
                return reject(.encodedNotObject(key: key), index: index, at: start, inArray: inArray)
            }
            return .unescapedRecord(bytes: bytes, offset: base + range.lowerBound, index: index)
        case .rejected(let why):
            return reject(why, index: index, at: start, inArray: inArray)
        }
    }

    /// A rejected item: the file is no log if it is the first, else this record is unusable.
    private mutating func reject(_ why: ItemClassifier.Rejection, index: Int, at offset: Int, inArray: Bool) -> Step {
        guard index == 0 else {
            return .recordError(InputError(path: path, recordIndex: index, offset: offset, message: "record is \(why.phrase)"))
        }
        if inArray {
            let article = arrayKey.map { "aeiouAEIOU".contains($0.prefix(1)) ? "an" : "a" } ?? "a"
            return fail(at: offset, "not a CloudTrail log file: \(article) \(arrayName) whose first element is \(why.phrase)")
        }
        if case .noEventKeys(let keys, let count, _) = why {
            return fail(message: #"not a CloudTrail log file: no "Records" array and no CloudTrail event keys (top-level keys: \#(ItemClassifier.Rejection.list(keys, count)))"#)
        }
        return fail(message: "not a CloudTrail log file: found \(why.phrase)")
    }

    /// The JSON object that a JSON string (quotes included) holds, unescaped, without surrounding
    /// whitespace; nil when the string holds anything else.
    static func decodeObject(_ string: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
        // safe: a JSON string value holds at least its two quotes; every index below is checked
        // against `bytes.count` before it is read.
        let unescaped = JSONString.unescape(UnsafeBufferPointer(rebasing: string[1..<(string.count - 1)]))
        return unescaped.withUnsafeBufferPointer { bytes -> Range<Int>? in
            var i = 0
            while i < bytes.count && InputByte.isWhitespace(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == InputByte.openBrace else { return nil }
            let start = i
            var scanner = ValueScanner()
            _ = scanner.start(bytes[i])
            i += 1
            guard scanner.scan(bytes, index: &i) == .complete else { return nil }
            let end = i
            while i < bytes.count && InputByte.isWhitespace(bytes[i]) { i += 1 }
            return i == bytes.count ? start..<end : nil
        }.map { unescaped[$0] }
    }

    // MARK: - Resynchronising

    /// A CloudTrail record begins `{"eventVersion"`: where a skip inside `Records` resumes.
    private static let recordAnchor = Array(#""eventVersion""#.utf8)
    private static let newline = UInt8(ascii: "\n")

    private mutating func beginResync(toRecord: Bool, index: Int, start: Int, _ problem: String) {
        resync = Resync(index: index, start: start, problem: problem, toRecord: toRecord)
        objectUndecided = false
        phase = .resyncing
    }

    /// An error inside a top-level object: an item (a JSON Lines line) is skipped to the next
    /// line; an envelope, whose records could not be told apart any more, ends the file.
    /// `placed` is the message for the record error, which is located at the object's start.
    private mutating func failOrResyncLine(at offset: Int, _ message: String, placed: String? = nil) -> Step? {
        guard !objectIsEnvelope else { return fail(at: offset, message) }
        beginResync(toRecord: false, index: nextIndex, start: objectStart, placed ?? "\(message) at byte \(offset)")
        nextIndex += 1
        return nil
    }

    /// The error for the skip that ends at `end`.
    private func resyncError(to end: Int, _ target: String) -> InputError {
        let skipped = end - resync.start
        return InputError(path: path, recordIndex: resync.index, offset: resync.start,
                          message: "\(resync.problem); skipped \(skipped) \(skipped == 1 ? "byte" : "bytes") \(target)")
    }

    // MARK: - Steps

    /// The window is used up; an undecided object that outgrew the record limit is let go.
    private mutating func needInput(at offset: Int) -> Step {
        if objectUndecided && offset - objectStart > maxRecordSize {
            objectUndecided = false
            objectTooLarge = true
        }
        return .needInput
    }

    private func tooLarge(_ index: Int, at offset: Int) -> InputError {
        InputError(path: path, recordIndex: index, offset: offset, message: "record is larger than \(maxRecordSize) bytes; skipped")
    }

    private mutating func fail(record: Int? = nil, at offset: Int? = nil, _ message: String) -> Step {
        phase = .failed
        objectUndecided = false
        return .failure(InputError(path: path, recordIndex: record, offset: offset, message: message))
    }

    private mutating func fail(message: String) -> Step {
        fail(record: nil, at: nil, message)
    }

    /// What a file starting with `c` (not `{` or `[`) seems to hold, for the error.
    private static func describeStart(_ c: UInt8) -> String {
        switch c {
        case InputByte.quote: "a string"
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            "a number or literal"
        default: "text that is not JSON"
        }
    }

    /// A UTF-8 byte order mark at the very start of the file is skipped, as Python's `json.load` does.
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
