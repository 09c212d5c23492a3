// ItemClassifier.swift - where the CloudTrail event is inside one item of a log (an array element, a line).

/// Decides what one complete JSON value found in a log (an element of a top-level array, a line of
/// a JSON Lines file, a whole single-object file, an element of an `Events` or `logEvents` array)
/// holds, from its top-level keys only:
///
/// 1. a CloudTrail event: it has `eventVersion`, `eventTime`, `eventName` or `eventSource`
///    (every event has the first three; exports that dropped one keep the others) → the item;
/// 2. an EventBridge event (`detail-type`): when the detail-type ends in `via CloudTrail` ("AWS API
///    Call via CloudTrail", "AWS Console Sign In via CloudTrail", ...) → its `detail` object;
///    other detail-types carry no CloudTrail event;
/// 3. a `lookup-events` / CloudTrail Lake item (`CloudTrailEvent`) → that string, unescaped;
/// 4. a CloudWatch Logs log event (a string `message`) → that string, unescaped;
/// 5. an export wrapper whose `event` member is an object with CloudTrail event keys (the
///    `{"_source": …, "event": {…}}` lines that tools write when extracting events) → that member.
///
/// Anything else is rejected with what was seen. Rule 1 comes first, so an event is never unwrapped.
enum ItemClassifier {
    enum Reading: Equatable {
        /// The item itself is the record.
        case whole
        /// A member's object value is the record (indices in the scanned buffer).
        case member(Range<Int>)
        /// A member's string value (quotes included) holds the record as JSON text.
        case encoded(Range<Int>, key: String)
        case rejected(Rejection)
    }

    enum Rejection: Equatable {
        case notObject(ValueScanner.Kind)
        case noEventKeys(keys: [String], keyCount: Int, malformed: Bool)
        case otherEventBridgeEvent(detailType: String)
        case eventBridgeWithoutDetail
        case notAString(key: String)
        /// The unescaped string of `key` is not one JSON object.
        case encodedNotObject(key: String)

        /// A noun phrase: "a JSON object without CloudTrail event keys (keys: a, b)".
        var phrase: String {
            switch self {
            case .notObject(let kind):
                "not a JSON object (found \(kind.name))"
            case .noEventKeys(let keys, let count, let malformed):
                "a JSON object without CloudTrail event keys (keys: \(Self.list(keys, count))\(malformed ? "; malformed after them" : ""))"
            case .otherEventBridgeEvent(let detailType):
                #"an EventBridge event of detail-type "\#(detailType)", which holds no CloudTrail event"#
            case .eventBridgeWithoutDetail:
                #"an EventBridge CloudTrail event without a "detail" object"#
            case .notAString(let key):
                #"an item whose "\#(key)" is not a string"#
            case .encodedNotObject(let key):
                #"an item whose "\#(key)" string is not a JSON object"#
            }
        }

        static func list(_ keys: [String], _ count: Int) -> String {
            if keys.isEmpty { return "none" }
            return keys.joined(separator: ", ") + (count > keys.count ? ", … (\(count) keys)" : "")
        }
    }

    /// Key names kept for messages.
    static let listedKeyLimit = 12
    private static let keyByteLimit = 64

    /// Classifies the object `bytes[object]` (structurally balanced, `{` … `}`).
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, object: Range<Int>) -> Reading {
        var members = ObjectMembers(bytes, object: object)
        var detailType: ObjectMembers.Member?
        var detail: ObjectMembers.Member?
        var cloudTrailEvent: ObjectMembers.Member?
        var message: ObjectMembers.Member?
        var event: ObjectMembers.Member?
        var keys: [Range<Int>] = []  // for the message, should the item be rejected
        var keyCount = 0
        while let m = members.next() {
            if isEventKey(bytes, m.key) { return .whole }
            keyCount += 1
            if keys.count < listedKeyLimit { keys.append(m.key) }
            if members.equals(m.key, "detail-type") {
                detailType = m
            } else if members.equals(m.key, "detail") {
                detail = m
            } else if members.equals(m.key, "CloudTrailEvent") {
                cloudTrailEvent = m
            } else if members.equals(m.key, "message") {
                message = m
            } else if members.equals(m.key, "event") {
                event = m
            }
        }
        if let detailType {
            let name = detailType.kind == .string ? text(bytes, detailType.value.dropFirst().dropLast(), limit: 200) : "(not a string)"
            guard detailType.kind == .string, name.hasSuffix("via CloudTrail") else {
                return .rejected(.otherEventBridgeEvent(detailType: name))
            }
            guard let detail, detail.kind == .object else { return .rejected(.eventBridgeWithoutDetail) }
            return .member(detail.value)
        }
        if let cloudTrailEvent {
            guard cloudTrailEvent.kind == .string else { return .rejected(.notAString(key: "CloudTrailEvent")) }
            return .encoded(cloudTrailEvent.value, key: "CloudTrailEvent")
        }
        if let message, message.kind == .string {
            return .encoded(message.value, key: "message")
        }
        if let event, event.kind == .object, hasEventKey(bytes, object: event.value) {
            return .member(event.value)
        }
        let names = keys.map { text(bytes, $0, limit: keyByteLimit) }
        return .rejected(.noEventKeys(keys: names, keyCount: keyCount, malformed: members.isMalformed))
    }

    /// Whether the object `bytes[object]` has a CloudTrail event key at its top level.
    static func hasEventKey(_ bytes: UnsafeBufferPointer<UInt8>, object: Range<Int>) -> Bool {
        var members = ObjectMembers(bytes, object: object)
        while let m = members.next() {
            if isEventKey(bytes, m.key) { return true }
        }
        return false
    }

    /// Whether the key `bytes[key]` (raw, between quotes) is one of the CloudTrail event keys.
    static func isEventKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        // All four are "event" + 4 to 7 bytes: the length and first byte rule out almost every key.
        // safe: `key` is a non-empty range inside `bytes` (ObjectMembers found it there).
        switch key.count {
        case 9:
            return bytes[key.lowerBound] == UInt8(ascii: "e")
                && (ObjectMembers.equals(bytes, key, "eventTime") || ObjectMembers.equals(bytes, key, "eventName"))
        case 11:
            return bytes[key.lowerBound] == UInt8(ascii: "e") && ObjectMembers.equals(bytes, key, "eventSource")
        case 12:
            return bytes[key.lowerBound] == UInt8(ascii: "e") && ObjectMembers.equals(bytes, key, "eventVersion")
        default:
            return false
        }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int) -> String {
        let shown = range.prefix(limit)
        // safe: `range` lies inside `bytes` (a member key or value ObjectMembers found there).
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[shown]), as: UTF8.self) + (shown.count < range.count ? "…" : "")
    }
}
