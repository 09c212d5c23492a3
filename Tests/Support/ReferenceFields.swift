// ReferenceFields.swift - the reference evaluator's field values, derived from the spec with
// Foundation, sharing no code with Runtime's JSON tape or field extractors.
import Foundation

/// One field value as the reference evaluator computes it (spec §2.1).
public enum RefValue: Sendable, Equatable, CustomStringConvertible {
    /// Nothing extracted: every comparison is false, including `!=`.
    case absent
    /// A C string (already cut at its first NUL, as libsinsp sees plugin strings).
    case string([UInt8])
    case number(UInt64)
    case list([[UInt8]])
    /// The reference cannot say (a field it does not model, a time it cannot know): a test that
    /// reaches such a value must fail instead of guessing.
    case unsupported(String)

    public var isPresent: Bool {
        switch self {
        case .absent, .unsupported: false
        default: true
        }
    }

    public var description: String {
        func text(_ b: [UInt8]) -> String {
            let s = String(decoding: b, as: UTF8.self).debugDescription
            return s.count > 200 ? "\(s.prefix(200))…(\(b.count) bytes)" : s
        }
        switch self {
        case .absent: return "<absent>"
        case .string(let b): return text(b)
        case .number(let n): return "\(n)"
        case .list(let l): return "[" + l.map(text).joined(separator: ", ") + "]"
        case .unsupported(let why): return "<unsupported: \(why)>"
        }
    }
}

/// A JSON value with its raw byte range, built by a deliberately plain scanner over a record that
/// `JSONSerialization` has already accepted. Strings with escapes are decoded by
/// `JSONSerialization` too; the scanner only supplies what Foundation hides: member order
/// (fastjson takes the *first* of duplicate keys, spec §2.2), raw number text and the original
/// bytes that `MarshalTo`-style compaction keeps.
indirect enum RefJSON {
    case object([(key: [UInt8], keyRange: Range<Int>, value: RefJSON)], Range<Int>)
    case array([RefJSON], Range<Int>)
    case string([UInt8], Range<Int>)
    case number(Range<Int>)
    case bool(Bool, Range<Int>)
    case null(Range<Int>)

    var range: Range<Int> {
        switch self {
        case .object(_, let r), .array(_, let r), .string(_, let r), .number(let r), .bool(_, let r), .null(let r): r
        }
    }

    /// fastjson's `Get(key)` step: the first member named `key`, or for an array the element whose
    /// index Go's `strconv.Atoi(key)` gives (sign allowed, leading zeros allowed).
    func child(_ key: [UInt8]) -> RefJSON? {
        switch self {
        case .object(let members, _):
            for member in members where RefJSON.same(member.key, key) { return member.value }
            return nil
        case .array(let elements, _):
            guard let index = RefJSON.atoi(Array(key)), index >= 0, index < elements.count else { return nil }
            return elements[index]
        default:
            return nil
        }
    }

    func path(_ keys: [String]) -> RefJSON? {
        var node: RefJSON? = self
        for k in keys { node = node?.child(Array(k.utf8)) }
        return node
    }

    /// Byte equality (`memcmp`; the plain generic `==` dominates a debug build's profile).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }

    /// Go `strconv.Atoi`: optional sign, at least one decimal digit, fits in Int64.
    static func atoi(_ key: [UInt8]) -> Int? {
        var digits = key[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard let magnitude = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        return negative ? -magnitude : magnitude
    }
}

/// Builds `RefJSON` from bytes `JSONSerialization` has validated.
struct RefJSONScanner {
    let bytes: [UInt8]
    var i = 0

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    mutating func skipSpace() { while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 } }

    mutating func value() -> RefJSON? {
        skipSpace()
        guard i < bytes.count else { return nil }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(key: [UInt8], keyRange: Range<Int>, value: RefJSON)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object([], start..<i)
            }
            while true {
                skipSpace()
                guard case .string(let key, let keyRange)? = value() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                members.append((key, keyRange, v))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                return .object(members, start..<i)
            }
        case UInt8(ascii: "["):
            i += 1
            var elements: [RefJSON] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array([], start..<i)
            }
            while true {
                guard let v = value() else { return nil }
                elements.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "]") else { return nil }
                i += 1
                return .array(elements, start..<i)
            }
        case UInt8(ascii: "\""):
            i += 1
            var hasEscape = false
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { hasEscape = true; i += 1 }
                i += 1
            }
            guard i < bytes.count else { return nil }
            i += 1
            let range = start..<i
            if !hasEscape { return .string(Array(bytes[(start + 1)..<(i - 1)]), range) }
            // Foundation does the unescaping (surrogate pairs, \u0000, \/ ...).
            guard let s = try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: .fragmentsAllowed) as? String
            else { return nil }
            return .string(Array(s.utf8), range)
        case UInt8(ascii: "t"):
            i += 4
            return .bool(true, start..<i)
        case UInt8(ascii: "f"):
            i += 5
            return .bool(false, start..<i)
        case UInt8(ascii: "n"):
            i += 4
            return .null(start..<i)
        default:
            while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "]"), bytes[i] != UInt8(ascii: "}") {
                i += 1
            }
            return i > start ? .number(start..<i) : nil
        }
    }
}

/// One CloudTrail record prepared for the reference evaluator: validated and parsed once, field
/// values computed on demand and remembered.
public final class ReferenceRecord {
    public let bytes: [UInt8]
    /// `evt.num`.
    public let number: UInt64
    /// The timestamp of the first event of the run (`evt.reltime`); nil when unknown.
    public let firstTimestamp: Int64?
    let hostname: String
    /// Nil when Foundation rejects the record or it is not an object (then `problem` says why).
    let root: RefJSON?
    /// Why the record cannot be evaluated.
    public let problem: String?
    /// `eventTime` as RFC 3339 in ns since the epoch, nil when it is not an RFC 3339 string. The
    /// `evt.*` time fields use it only when `falcoWouldRead`.
    public let timestamp: Int64?
    private var cache: [String: RefValue] = [:]

    public init(bytes: [UInt8], number: UInt64 = 1, firstTimestamp: Int64? = nil, hostname: String = "test") {
        self.bytes = bytes
        self.number = number
        self.hostname = hostname
        var root: RefJSON?
        var problem: String?
        do {
            let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            if object is [String: Any] {
                var scanner = RefJSONScanner(bytes: bytes)
                root = scanner.value()
                if root == nil { problem = "the reference scanner could not follow a record Foundation accepted" }
            } else {
                problem = "the record is not a JSON object"
            }
        } catch {
            problem = "Foundation rejects the record: \(error)"
        }
        self.root = root
        self.problem = problem
        if let root, case .string(let t, _)? = root.child(Array("eventTime".utf8)) {
            timestamp = ReferenceTime.parseRFC3339(t)
        } else {
            timestamp = nil
        }
        self.firstTimestamp = firstTimestamp
    }

    /// Whether the record is one Falco's cloudtrail source emits (spec §1.4): valid JSON object,
    /// `eventTime` an RFC 3339 string, `eventType` a string other than `AwsCloudTrailInsight`.
    public var falcoWouldRead: Bool {
        guard let root, timestamp != nil, case .string(let type, _)? = root.child(Array("eventType".utf8)) else { return false }
        return type != Array("AwsCloudTrailInsight".utf8)
    }

    /// The reason given for the time fields of records Falco drops.
    public static let timedAtReading = "a record Falco drops is timed at reading"

    /// The byte range of the value at a key path (first matching keys), for tests that edit
    /// records in place and keep every other byte, escapes included.
    public func rawRange(of path: [String]) -> Range<Int>? { root?.path(path)?.range }

    /// The byte range of a whole object member at a key path: from its key's opening quote to
    /// the end of its value.
    public func memberRange(of path: [String]) -> Range<Int>? {
        guard let last = path.last, case .object(let members, _)? = path.count == 1 ? root : root?.path(Array(path.dropLast())),
              let member = members.first(where: { $0.key == Array(last.utf8) }) else { return nil }
        return member.keyRange.lowerBound..<member.value.range.upperBound
    }

    /// The number of members of the object at a key path (`[]`: the record), nil when not an object.
    public func memberCount(at path: [String]) -> Int? {
        if case .object(let members, _)? = root?.path(path) { return members.count }
        return nil
    }

    /// The unescaped string at a key path, nil when missing or not a string.
    public func string(at path: [String]) -> [UInt8]? {
        if case .string(let b, _)? = root?.path(path) { return b }
        return nil
    }

    /// The value of a catalog field (by name) with an optional argument.
    public func value(name: String, argument: String?) -> RefValue {
        let key = argument.map { "\(name)[\($0)]" } ?? name
        if let v = cache[key] { return v }
        let v: RefValue
        if let problem {
            v = .unsupported(problem)
        } else {
            v = ReferenceFields.extract(name, argument, self).cString
        }
        cache[key] = v
        return v
    }
}

/// A value before libsinsp's C-string cut: plugin strings may hold NULs until then.
enum RawValue {
    case absent
    case string([UInt8])
    case number(UInt64)
    case list([[UInt8]])
    case unsupported(String)

    var cString: RefValue {
        func cut(_ b: [UInt8]) -> [UInt8] { b.firstIndex(of: 0).map { Array(b[..<$0]) } ?? b }
        switch self {
        case .absent: return .absent
        case .string(let b): return .string(cut(b))
        case .number(let n): return .number(n)
        case .list(let l): return .list(l.map(cut))
        case .unsupported(let why): return .unsupported(why)
        }
    }

    var stringBytes: [UInt8]? { if case .string(let b) = self { b } else { nil } }
    var isPresent: Bool { if case .absent = self { false } else { true } }
}

/// Every field of spec §2.3 (cloudtrail plugin), §2.5 (json plugin) and §2.6 (`evt.*`), written
/// out one by one from the spec's table.
enum ReferenceFields {
    static func extract(_ name: String, _ argument: String?, _ r: ReferenceRecord) -> RawValue {
        let root = r.root!
        /// The cloudtrail plugin's common pattern: key missing -> absent; a JSON string -> its
        /// unescaped bytes; any other JSON value -> "" (present).
        func str(_ path: String...) -> RawValue { strAt(path) }
        func strAt(_ path: [String]) -> RawValue {
            guard let node = root.path(path) else { return .absent }
            if case .string(let b, _) = node { return .string(b) }
            return .string([])
        }
        func compact(_ path: String) -> RawValue {
            guard let node = root.path([path]) else { return .absent }
            return .string(ReferenceJSONText.compact(r.bytes, node.range))
        }
        /// `managementEvent` / `readOnly`: missing -> absent; JSON true -> "true"; else "false".
        func boolText(_ key: String) -> RawValue {
            guard let node = root.path([key]) else { return .absent }
            if case .bool(true, _) = node { return .string(Array("true".utf8)) }
            return .string(Array("false".utf8))
        }
        /// Records Falco would drop are evaluated anyway, timed at reading (a decision of the
        /// project, so their alerts never pass for Falco's): their time is unknowable here.
        func time(_ f: (Int64) -> RawValue) -> RawValue {
            guard let t = r.timestamp, r.falcoWouldRead else { return .unsupported(ReferenceRecord.timedAtReading) }
            return f(t)
        }
        let text = { (s: String) in RawValue.string(Array(s.utf8)) }

        switch name {
        // §2.6 evt.*
        case "evt.num": return .number(r.number)
        // libsinsp keeps event times as unsigned ns (the plugin's Go `uint64(UnixNano())`), so a
        // time before 1970 wraps around: every rendering below starts from that unsigned value.
        case "evt.time": return time { text(ReferenceTime.clock(ReferenceTime.local($0), nanos: true)) }
        case "evt.time.s": return time { text(ReferenceTime.clock(ReferenceTime.local($0), nanos: false)) }
        case "evt.time.iso8601":
            return time { text(ReferenceTime.date(ReferenceTime.utc($0)) + "T" + ReferenceTime.clock(ReferenceTime.utc($0), nanos: true) + "+0000") }
        case "evt.datetime":
            return time { text(ReferenceTime.date(ReferenceTime.local($0)) + " " + ReferenceTime.clock(ReferenceTime.local($0), nanos: true)) }
        case "evt.datetime.s":
            return time { text(ReferenceTime.date(ReferenceTime.local($0)) + " " + ReferenceTime.clock(ReferenceTime.local($0), nanos: false)) }
        case "evt.rawtime": return time { .number(UInt64(bitPattern: $0)) }
        case "evt.rawtime.s": return time { .number(UInt64(bitPattern: $0) / 1_000_000_000) }
        case "evt.rawtime.ns": return time { .number(UInt64(bitPattern: $0) % 1_000_000_000) }
        case "evt.reltime", "evt.reltime.s", "evt.reltime.ns":
            guard let t = r.timestamp, r.falcoWouldRead else { return .unsupported(ReferenceRecord.timedAtReading) }
            guard let first = r.firstTimestamp else { return .unsupported("evt.reltime needs the first event's time") }
            let rel = UInt64(bitPattern: t &- first)
            switch name {
            case "evt.reltime": return .number(rel)
            case "evt.reltime.s": return .number(rel / 1_000_000_000)
            default: return .number(rel % 1_000_000_000)
            }
        case "evt.pluginname": return text("cloudtrail")
        case "evt.plugininfo": return pluginInfo(root, r)
        case "evt.source": return text("aws_cloudtrail")
        case "evt.is_async": return .number(0)
        case "evt.asynctype": return .absent
        case "evt.hostname": return text(r.hostname)

        // §2.3 cloudtrail plugin
        case "ct.id": return str("eventID")
        case "ct.error": return str("errorCode")
        case "ct.errormessage": return str("errorMessage")
        case "ct.time": return str("eventTime")
        case "ct.src": return str("eventSource")
        case "ct.shortsrc":
            guard case .string(let src) = str("eventSource") else { return .absent }
            let trailer = Array(".amazonaws.com".utf8)
            if src.count > trailer.count, Array(src.suffix(trailer.count)) == trailer {
                return .string(Array(src.dropLast(trailer.count)))
            }
            return .string(src)
        case "ct.name": return str("eventName")
        case "ct.user": return user(root)
        case "ct.originaluser":
            if case .string(let type, _)? = root.path(["userIdentity", "type"]), type == Array("AssumedRole".utf8) {
                let arn = str("userIdentity", "arn").stringBytes ?? []
                let arnParts = arn.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                if arnParts.count == 3 { return .string(Array(arnParts[2])) }
                let principal = str("userIdentity", "principalId").stringBytes ?? []
                let principalParts = principal.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                if principalParts.count == 2 { return .string(Array(principalParts[1])) }
                return .absent
            }
            return str("userIdentity", "userName")
        case "ct.user.accountid":
            let own = str("userIdentity", "accountId")
            return own.isPresent ? own : str("recipientAccountId")
        case "ct.user.identitytype": return str("userIdentity", "type")
        case "ct.user.principalid": return str("userIdentity", "principalId")
        case "ct.user.arn": return str("userIdentity", "arn")
        case "ct.region": return str("awsRegion")
        case "ct.response.subnetid": return str("responseElements", "subnetId")
        case "ct.response.reservationid": return str("responseElements", "reservationId")
        case "ct.response": return compact("responseElements")
        case "ct.request.availabilityzone": return str("requestParameters", "availabilityZone")
        case "ct.request.cluster": return str("requestParameters", "cluster")
        case "ct.request.functionname": return str("requestParameters", "functionName")
        case "ct.request.groupname": return str("requestParameters", "groupName")
        case "ct.request.host": return str("requestParameters", "Host")
        case "ct.request.name": return str("requestParameters", "name")
        case "ct.request.policy": return str("requestParameters", "policy")
        case "ct.request.reason": return str("requestParameters", "reason")
        case "ct.request.target": return str("requestParameters", "target")
        // Deliberate fix: Falco's switch misspells this field, so there it is always absent.
        case "ct.request.documentname": return str("requestParameters", "documentName")
        case "ct.request.serialnumber": return str("requestParameters", "serialNumber")
        case "ct.request.servicename": return str("requestParameters", "serviceName")
        case "ct.request.subnetid": return str("requestParameters", "subnetId")
        case "ct.request.taskdefinition": return str("requestParameters", "taskDefinition")
        case "ct.request.username": return str("requestParameters", "userName")
        case "ct.request": return compact("requestParameters")
        case "ct.srcip": return str("sourceIPAddress")
        case "ct.useragent": return str("userAgent")
        case "ct.info": return info(root, r)
        case "ct.managementevent": return boolText("managementEvent")
        case "ct.readonly": return boolText("readOnly")
        case "ct.requestid": return str("requestID")
        case "ct.eventtype": return str("eventType")
        case "ct.apiversion": return str("apiVersion")
        case "ct.resources":
            guard case .array(let elements, _)? = root.path(["resources"]), !elements.isEmpty else { return .absent }
            var out: [UInt8] = []
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += ReferenceJSONText.compact(r.bytes, e.range)
            }
            return .string(out)
        case "ct.recipientaccountid": return str("recipientAccountId")
        case "ct.serviceeventdetails": return str("serviceEventDetails")
        case "ct.sharedeventid": return str("sharedEventID")
        case "ct.vpcendpointid": return str("vpcEndpointId")
        case "ct.eventcategory": return str("eventCategory")
        case "ct.addendum.reason": return str("addendum", "reason")
        case "ct.addendum.updatedfields": return str("addendum", "updatedFields")
        case "ct.addendum.originalrequestid": return str("addendum", "originalRequestID")
        case "ct.addendum.originaleventid": return str("addendum", "originalEventID")
        case "ct.sessioncredentialfromconsole":
            // Deliberate fix: AWS writes the string "true", which Falco reports as "false".
            guard let node = root.path(["sessionCredentialFromConsole"]) else { return .absent }
            switch node {
            case .bool(true, _): return text("true")
            case .string(let s, _) where s == Array("true".utf8): return text("true")
            default: return text("false")
            }
        case "ct.edgedevicedetails": return str("edgeDeviceDetails")
        case "ct.tlsdetails.tlsversion": return str("tlsDetails", "tlsVersion")
        case "ct.tlsdetails.ciphersuite": return str("tlsDetails", "cipherSuite")
        case "ct.tlsdetails.clientprovidedhostheader": return str("tlsDetails", "clientProvidedHostHeader")
        case "ct.additionaleventdata": return compact("additionalEventData")
        case "s3.uri":
            guard case .string(let bucket, _)? = root.path(["requestParameters", "bucketName"]),
                  case .string(let key, _)? = root.path(["requestParameters", "key"]) else { return .absent }
            return .string(Array("s3://".utf8) + bucket + [UInt8(ascii: "/")] + key)
        case "s3.bucket": return str("requestParameters", "bucketName")
        case "s3.key": return str("requestParameters", "key")
        case "s3.bytes":
            let bytesIn = root.path(["additionalEventData", "bytesTransferredIn"])
            let bytesOut = root.path(["additionalEventData", "bytesTransferredOut"])
            guard bytesIn != nil || bytesOut != nil else { return .absent }
            var sum: UInt64 = 0
            for node in [bytesIn, bytesOut].compactMap({ $0 }) { sum = sum &+ goUint64(node, r.bytes) }
            return .number(sum)
        case "s3.bytes.in", "s3.bytes.out":
            let key = name == "s3.bytes.in" ? "bytesTransferredIn" : "bytesTransferredOut"
            guard let node = root.path(["additionalEventData", key]) else { return .absent }
            return .number(goUint64(node, r.bytes))
        case "s3.cnt.get", "s3.cnt.put", "s3.cnt.other":
            let eventName = str("eventName").stringBytes
            let isGet = eventName == Array("GetObject".utf8)
            let isPut = eventName == Array("PutObject".utf8)
            switch name {
            case "s3.cnt.get": return isGet ? .number(1) : .absent
            case "s3.cnt.put": return isPut ? .number(1) : .absent
            default: return isGet || isPut ? .absent : .number(1)
            }
        case "ec2.name": return ec2Name(root)
        case "ec2.imageid":
            guard case .list(let ids) = imageIDs(root, index: 0), let first = ids.first else { return .absent }
            return .string(first)
        case "ec2.imageids":
            if let argument {
                guard let index = Int(argument) else { return .unsupported("bad ec2.imageids index \(argument)") }
                return imageIDs(root, index: index)
            }
            return imageIDs(root, index: nil)
        case "ecr.repository": return str("requestParameters", "repositoryName")
        case "ecr.imagetag": return str("requestParameters", "imageTag")
        case "iam.role": return str("requestParameters", "roleName")
        case "iam.policy": return str("requestParameters", "policyName")

        // §2.5 json plugin
        case "json.value", "jevt.value":
            guard let first = r.bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return .absent }
            let pointer = argument ?? ""
            if pointer.isEmpty { return .string(ReferenceJSONText.compact(r.bytes, root.range)) }
            var tokens = Substring(pointer)
            if tokens.hasPrefix("/") { tokens = tokens.dropFirst() }
            let keys = tokens.split(separator: "/", omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            guard let node = root.path(keys) else { return .absent }
            if case .string(let b, _) = node { return .string(b) }
            return .string(ReferenceJSONText.compact(r.bytes, node.range))
        case "json.obj", "jevt.obj":
            return .string(Array(ReferenceJSONText.indent(root, r.bytes, depth: 0).utf8))
        case "json.rawtime", "jevt.rawtime":
            // Go's `fmt.Sprintf("%d", evt.Timestamp())` of the unsigned timestamp.
            return time { text(String(UInt64(bitPattern: $0))) }
        default:
            return .unsupported("the reference evaluator does not know field \(name)")
        }
    }

    /// `ct.user` (spec §2.3): chosen by `userIdentity.type`, which must be a JSON string. The
    /// name it then reads follows the usual rule (spec §2.2/§2.3): missing -> no name; there but
    /// not a JSON string (number, null, bool, object, array) -> `""`, present. The plugin's
    /// v0.17.1 `getUser` reads it with `Get(...)` and then `GetStringBytes()`.
    static func user(_ root: RefJSON) -> RawValue {
        guard case .string(let type, _)? = root.path(["userIdentity", "type"]) else { return .absent }
        func name(_ path: [String]) -> [UInt8]? {
            guard let node = root.path(["userIdentity"] + path) else { return nil }
            if case .string(let b, _) = node { return b }
            return []
        }
        switch String(decoding: type, as: UTF8.self) {
        case "Root", "IAMUser": return name(["userName"]).map(RawValue.string) ?? .absent
        case "AWSService": return name(["invokedBy"]).map(RawValue.string) ?? .absent
        case "AssumedRole": return .string(name(["sessionContext", "sessionIssuer", "userName"]) ?? Array("AssumedRole".utf8))
        case "AWSAccount": return .string(Array("AWSAccount".utf8))
        case "FederatedUser": return .string(Array("FederatedUser".utf8))
        default: return .absent
        }
    }

    /// `ct.info` (spec §2.4), built from the untruncated parts; libsinsp cuts the result.
    static func info(_ root: RefJSON, _ r: ReferenceRecord) -> RawValue {
        func field(_ name: String) -> RawValue { extract(name, nil, r) }
        guard case .string(let user) = user(root) else {
            return .string(Array("<invalid cloudtrail event: userIdentity field missing>".utf8))
        }
        guard case .string(let srcip) = field("ct.srcip") else {
            return .string(Array("<invalid cloudtrail event: eventSource field missing>".utf8))
        }
        let errorSymbol: [UInt8] = field("ct.error").isPresent ? [UInt8(ascii: "!")] : []
        let readWrite = field("ct.readonly").stringBytes == Array("false".utf8) ? Array("→".utf8) : Array("←".utf8)
        guard case .string(let name) = field("ct.name") else {
            return .string(Array("<invalid cloudtrail event: eventName field missing>".utf8))
        }
        let space = [UInt8(ascii: " ")]
        var out = user
        if user != srcip { out += Array(" via ".utf8) + srcip }
        out += space + errorSymbol + readWrite + space + name
        if name == Array("PutBucketPublicAccessBlock".utf8) {
            if case .object? = root.path(["requestParameters", "PublicAccessBlockConfiguration"]) {
                out += Array(" BlockPublicAcls=false BlockPublicPolicy=false IgnorePublicAcls=false RestrictPublicBuckets=false ".utf8)
            }
            return .string(out)
        }
        switch field("s3.bytes") {
        case .number(let n): out += Array(" Size=\(n)".utf8)
        case .unsupported(let why): return .unsupported(why)
        default: break
        }
        for (label, f) in [(" URI=", "s3.uri"), (" Bucket=", "s3.bucket"), (" Key=", "s3.key"), (" Host=", "ct.request.host")] {
            if case .string(let v) = field(f) {
                out += Array(label.utf8) + v
                break
            }
        }
        return .string(out)
    }

    /// `evt.plugininfo` (spec §2.4): region, user (glued on without a space when absent), short
    /// source, event name and `ct.info`.
    static func pluginInfo(_ root: RefJSON, _ r: ReferenceRecord) -> RawValue {
        guard case .string(let source, _)? = root.path(["eventSource"]) else {
            return .string(Array("<invalid JSON: event did not contain a source>".utf8))
        }
        guard case .string(let region, _)? = root.path(["awsRegion"]) else {
            return .string(Array("<invalid JSON: event did not contain an awsRegion>".utf8))
        }
        guard case .string(let name, _)? = root.path(["eventName"]) else {
            return .string(Array("<invalid JSON: event did not contain an eventName>".utf8))
        }
        var userPart: [UInt8]
        switch user(root) {
        case .string(let u): userPart = u.isEmpty ? [] : [UInt8(ascii: " ")] + u
        default:
            if case .string(let type, _)? = root.path(["userIdentity", "type"]) {
                let known = ["Root", "IAMUser", "AWSService"].contains(String(decoding: type, as: UTF8.self))
                userPart = Array((known ? "<NA>" : "<unknown user type>").utf8)
            } else {
                userPart = []
            }
        }
        let trailer = Array(".amazonaws.com".utf8)
        let short = source.count > trailer.count && Array(source.suffix(trailer.count)) == trailer ? Array(source.dropLast(trailer.count)) : source
        guard case .string(let info) = extract("ct.info", nil, r) else { return .unsupported("ct.info") }
        let space = [UInt8(ascii: " ")]
        return .string(region + userPart + space + short + space + name + space + info)
    }

    /// `ec2.name` (spec §2.3): the `Name` tag of the last `instance` tag specification.
    static func ec2Name(_ root: RefJSON) -> RawValue {
        guard case .array(let items, _)? = root.path(["requestParameters", "tagSpecificationSet", "items"]) else { return .absent }
        var name: [UInt8] = []
        for item in items {
            guard case .string(let type, _)? = item.path(["resourceType"]), type == Array("instance".utf8) else { continue }
            guard case .array(let tags, _)? = item.path(["tags"]) else { continue }
            for tag in tags {
                guard case .string(let key, _)? = tag.path(["key"]), key == Array("Name".utf8) else { continue }
                if case .string(let v, _)? = tag.path(["value"]) { name = v } else { name = [] }
                break
            }
        }
        return name.isEmpty ? .absent : .string(name)
    }

    /// `ec2.imageids` (spec §2.3), as a list (one element with an index).
    static func imageIDs(_ root: RefJSON, index: Int?) -> RawValue {
        func text(_ node: RefJSON?) -> [UInt8]? {
            guard let node else { return nil }
            if case .string(let b, _) = node { return b }
            return []
        }
        if let items = root.path(["responseElements", "instancesSet", "items"]) {
            guard case .array(let elements, _) = items else { return .absent }
            if let index {
                guard index < elements.count, let id = text(elements[index].path(["imageId"])) else { return .absent }
                return .list([id])
            }
            let ids = elements.compactMap { text($0.path(["imageId"])) }.filter { !$0.isEmpty }
            return ids.isEmpty ? .absent : .list(ids)
        }
        guard index == nil || index == 0 else { return .absent }
        for path in [["requestParameters", "imageId"],
                     ["requestParameters", "DescribeFastLaunchImagesRequest", "ImageId", "content"],
                     ["requestParameters", "launchSpecification", "imageId"]] {
            if let id = text(root.path(path)) { return .list([id]) }
        }
        return .absent
    }

    /// The plugin's byte counts (spec §2.3): fastjson `Uint64()` (a plain unsigned integer), else
    /// `Float64()` converted by Go's `uint64(f)`, else 0 (not a number). Out-of-range float
    /// conversions are implementation-defined in Go; this is what the amd64 compiler emits:
    /// below 2^63 a truncating signed conversion (`CVTTSD2SQ`, which gives 2^63 when it
    /// overflows), at or above it the same on `f - 2^63` with the top bit set.
    static func goUint64(_ node: RefJSON, _ bytes: [UInt8]) -> UInt64 {
        guard case .number(let range) = node else { return 0 }
        let text = String(decoding: bytes[range], as: UTF8.self)
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = UInt64(text) { return n }
        guard let d = Double(text) else { return 0 }
        func cvttsd2sq(_ x: Double) -> Int64 {
            let t = x.rounded(.towardZero)
            return t.isFinite && t >= -9_223_372_036_854_775_808.0 && t < 9_223_372_036_854_775_808.0 ? Int64(t) : Int64.min
        }
        let cutoff = 9_223_372_036_854_775_808.0
        if d < cutoff { return UInt64(bitPattern: cvttsd2sq(d)) }
        return UInt64(bitPattern: cvttsd2sq(d - cutoff)) | 0x8000_0000_0000_0000
    }
}

/// Text renderings of JSON values the plugins produce.
enum ReferenceJSONText {
    /// fastjson `MarshalTo` of an untouched value: the original text without whitespace outside
    /// strings (key order, number text and string escapes kept).
    static func compact(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for c in bytes[range] {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if !RefJSONScanner.isSpace(c) {
                out.append(c)
                if c == UInt8(ascii: "\"") { inString = true }
            }
        }
        return out
    }

    /// Go `json.Indent(dst, src, "", "  ")`: one member or element per line, `": "` after keys,
    /// empty containers as `{}`/`[]`, scalars and keys verbatim.
    static func indent(_ node: RefJSON, _ bytes: [UInt8], depth: Int) -> String {
        let pad = String(repeating: "  ", count: depth + 1)
        let closePad = String(repeating: "  ", count: depth)
        func raw(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        switch node {
        case .object(let members, _):
            if members.isEmpty { return "{}" }
            let lines = members.map { pad + raw($0.keyRange) + ": " + indent($0.value, bytes, depth: depth + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + closePad + "}"
        case .array(let elements, _):
            if elements.isEmpty { return "[]" }
            let lines = elements.map { pad + indent($0, bytes, depth: depth + 1) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + closePad + "]"
        default:
            return raw(node.range)
        }
    }
}

/// Event times: Go's `time.Parse(time.RFC3339, …)` and the libsinsp renderings (spec §1.4, §2.6).
enum ReferenceTime {
    /// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` with calendar checks, in ns since the epoch.
    static func parseRFC3339(_ b: [UInt8]) -> Int64? {
        guard b.count >= 20 else { return nil }
        func num(_ from: Int, _ to: Int) -> Int? {
            var n = 0
            for i in from..<to {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = num(0, 4), let month = num(5, 7), let day = num(8, 10),
              let hour = num(11, 13), let minute = num(14, 16), let second = num(17, 19),
              (1...12).contains(month), day >= 1, day <= daysIn(month, year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos = 0
        if i + 1 < b.count, b[i] == UInt8(ascii: "."), b[i + 1] >= 0x30, b[i + 1] <= 0x39 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 9 { nanos = nanos * 10 + Int(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset = 0
        let rest = Array(b[i...])
        if rest != [UInt8(ascii: "Z")] {
            guard rest.count == 6, rest[0] == UInt8(ascii: "+") || rest[0] == UInt8(ascii: "-"), rest[3] == UInt8(ascii: ":"),
                  let hh = Int(String(decoding: rest[1..<3], as: UTF8.self)), let mm = Int(String(decoding: rest[4..<6], as: UTF8.self)),
                  rest[1...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), rest[4...5].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  hh < 24, mm < 60 else { return nil }
            offset = (hh * 60 + mm) * 60 * (rest[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return seconds * 1_000_000_000 + Int64(nanos)
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    /// A time as libsinsp renders it: unsigned ns split into whole seconds and the ns part.
    struct Split {
        var seconds: Int64
        var nanos: Int64
    }

    static func utc(_ ns: Int64) -> Split {
        let u = UInt64(bitPattern: ns)
        return Split(seconds: Int64(u / 1_000_000_000), nanos: Int64(u % 1_000_000_000))
    }

    /// Local time: libsinsp applies the *current* UTC offset (`gmt2local(0)`), not the offset at
    /// the event's date.
    static func local(_ ns: Int64) -> Split {
        var t = utc(ns)
        t.seconds += Int64(TimeZone.current.secondsFromGMT(for: Date()))
        return t
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `HH:MM:SS[.nnnnnnnnn]`.
    static func clock(_ t: Split, nanos: Bool) -> String {
        let secondsOfDay = Int(floorMod(t.seconds, 86_400))
        var s = two(secondsOfDay / 3600) + ":" + two(secondsOfDay / 60 % 60) + ":" + two(secondsOfDay % 60)
        if nanos {
            let frac = String(t.nanos)
            s += "." + String(repeating: "0", count: 9 - frac.count) + frac
        }
        return s
    }

    /// `YYYY-MM-DD`.
    static func date(_ t: Split) -> String {
        let (y, m, d) = civilFromDays(Int(floorDiv(t.seconds, 86_400)))
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
    }
}
