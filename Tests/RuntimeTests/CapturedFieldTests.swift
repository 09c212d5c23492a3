import Foundation
import Testing
import TestSupport
@testable import Runtime

/// The fast path (`JSONScanner` + captured values) against the general extractors (full parse):
/// same validity, same value for every field, on every dataset record and on mutated ones.
@Suite struct CapturedFieldTests {
    /// Every field kind once, with arguments that exercise nested paths and array indices.
    static let requests: [FieldRequest] = FieldKind.allCases.flatMap { kind -> [FieldRequest] in
        switch kind {
        case .jsonValue:
            return [
                "/eventName", "/userIdentity/type", "/userIdentity/sessionContext/sessionIssuer/userName",
                "/requestParameters", "/responseElements/instancesSet/items/0/instanceId",
                "/responseElements/instancesSet/items/1/imageId", "/resources/0/ARN", "/resources/0",
                "/additionalEventData/MFAUsed", "/readOnly", "/a~1b", "/tlsDetails/tlsVersion", "",
                "/requestParameters/tagSpecificationSet/items/00/resourceType",
            ].map { FieldRequest(.jsonValue, argument: $0) }
        case .ec2Imageids: return [FieldRequest(kind), FieldRequest(kind, argument: "1")]
        case .evtTime, .evtTimeS, .evtTimeISO8601, .evtDatetime, .evtDatetimeS, .jsonRawtime, .evtRawtime, .evtRawtimeS,
             .evtRawtimeNs, .evtReltime, .evtReltimeS, .evtReltimeNs:
            return []  // depend on the time of reading for some records; covered elsewhere
        default: return [FieldRequest(kind)]
        }
    }

    /// Loads `record` into both events and compares validity, error and every slot.
    static func compare(_ record: ByteString, _ fast: Event, _ slow: Event, _ label: String) -> [String] {
        var problems: [String] = []
        var fastError: RecordError?, slowError: RecordError?
        do { try fast.load(record: record, number: 1) } catch { fastError = error }
        do { try slow.load(record: record, number: 1) } catch { slowError = error }
        if fastError != slowError {
            return ["\(label): load \(String(describing: fastError)) vs \(String(describing: slowError))"]
        }
        if fast.falcoWouldRead != slow.falcoWouldRead { problems.append("\(label): falcoWouldRead differs") }
        for slot in 0..<fast.fields.count {
            let a = fast.value(slot), b = slow.value(slot)
            if a != b {
                problems.append("\(label): \(fast.fields[slot]) fast \(a) vs tape \(b)")
                continue
            }
            // The raw-bytes view operators use agrees with the value.
            let bytes = fast.stringBytes(slot).map { Array($0) }
            if case .string(let s) = a {
                if bytes != Array(s) { problems.append("\(label): \(fast.fields[slot]) stringBytes differ") }
            } else if bytes != nil {
                problems.append("\(label): \(fast.fields[slot]) stringBytes of a non-string")
            }
            if fast.isPresent(slot) != a.isPresent { problems.append("\(label): \(fast.fields[slot]) isPresent differs") }
        }
        return problems
    }

    static func events() -> (Event, Event) {
        let fast = Event(fields: requests, context: EventContext(hostname: "h"))
        let slow = Event(fields: requests, context: EventContext(hostname: "h"))
        slow.extractsFromTape = true
        return (fast, slow)
    }

    @Test(.requiresShared) func everyDatasetRecordGivesTheSameFields() throws {
        let shared = try Shared.require()
        let (fast, slow) = Self.events()
        var problems: [String] = []
        var records = 0
        for file in try OracleDump.recordFiles(shared) {
            for record in RecordSplitter.records(in: try OracleDump.contents(of: file)) {
                records += 1
                problems += Self.compare(record, fast, slow, "\(file.lastPathComponent)#\(records)")
            }
        }
        #expect(records > 4000)
        #expect(problems.isEmpty, "\(problems.count) differences, first: \(problems.prefix(5))")
    }

    /// Records cut, spliced and sprinkled with escapes, odd types and duplicate keys: validity and
    /// values must agree whatever the damage.
    @Test func mutatedRecordsGiveTheSameValidityAndFields() throws {
        let (fast, slow) = Self.events()
        var rng = SplitMix64(seed: 7)
        let base: [String] = [
            #"{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"arn:aws:sts::1:assumed-role/R/alice","accountId":"1","sessionContext":{"sessionIssuer":{"type":"Role","userName":"R"},"attributes":{"mfaAuthenticated":"false"}}},"eventTime":"2024-01-02T03:04:05Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","sourceIPAddress":"1.2.3.4","userAgent":"aws-cli/2","requestParameters":{"instancesSet":{"items":[{"imageId":"ami-1"}]},"tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":"web"}]}]}},"responseElements":{"instancesSet":{"items":[{"instanceId":"i-1","imageId":"ami-1"},{"instanceId":"i-2","imageId":"ami-2"}]}},"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"1","resources":[{"ARN":"arn:1","type":"t"}],"tlsDetails":{"tlsVersion":"TLSv1.3"}}"#,
            #"{"eventTime":"2024-01-02T03:04:05.5+01:00","eventType":"AwsConsoleSignIn","eventName":"Console\u004cogin","event\u004eame":"X","userIdentity":{"type":"Root","userName":"r\u00e9","accountId":"2"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No","bytesTransferredIn":12.5,"bytesTransferredOut":3},"a/b":[1,2,{"c":null}],"errorCode":"AccessDenied","requestParameters":{"bucketName":"b","key":"k\"q","Host":"h"}}"#,
            #"{"eventName":"A","eventName":"B","userIdentity":"x","userIdentity":{"type":"Root"},"awsRegion":7,"readOnly":"true","recipientAccountId":"3","sourceIPAddress":{"x":[]},"eventSource":"s3.amazonaws.com","requestParameters":{"userName":"u\u0000v","policy":"{\"Version\":\"2012\"}"}}"#,
            #"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall","eventSource":"signin.amazonaws.com","awsRegion":"us-east-1","eventName":"ConsoleLogin","sourceIPAddress":"1.2.3.4","userIdentity":{"type":"IAMUser","userName":null,"invokedBy":7,"sessionContext":{"sessionIssuer":{"userName":false}}}}"#,
        ]
        let alphabet = Array(#"{}[]",:\ 0123456789eE+-.truefalsnul"abcu"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0x09, 0x0A]
        var problems: [String] = []
        for (b, text) in base.enumerated() {
            let original = Array(text.utf8)
            problems += Self.compare(ByteString(original), fast, slow, "base \(b)")
            for trial in 0..<1500 {
                var bytes = original
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 4 {
                    case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    case 2: bytes.remove(at: at)
                    default: bytes.removeSubrange(at...)
                    }
                    if bytes.isEmpty { bytes = [0x7B] }
                }
                problems += Self.compare(ByteString(bytes), fast, slow, "base \(b) trial \(trial)")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) differences, first: \(problems.prefix(5))")
    }

    @Test func nestingLimitIsTheParsers() throws {
        let (fast, slow) = Self.events()
        for depth in [510, 511, 512, 513] {
            let record = "{\"a\":" + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
            #expect(Self.compare(ByteString(Array(record.utf8)), fast, slow, "depth \(depth)").isEmpty)
        }
    }

    /// The issue's example: an escaped key and an escaped value still match, through the whole
    /// scanner (event-name dispatch included).
    @Test func escapedKeyAndValueStillMatch() throws {
        let rule = CompiledRule(
            name: "Create user", priority: .notice, source: "aws_cloudtrail", tags: [], enabled: true, description: "",
            location: "t.yaml:1:1", output: OutputFormat([.text("user "), .field(slot: 1, token: "ct.request.username", width: nil)]),
            matches: { $0.equal(0, "CreateUser") && $0.equal(1, "mallory") && !$0.exists(2) })
        let ruleSet = RuleSet(
            fields: [FieldRequest(.ctName), FieldRequest(.ctRequestUsername), FieldRequest(.ctError)], rules: [rule],
            dispatch: EventNameDispatch(buckets: [("CreateUser", [0])], always: []), eventNameSlot: 0, sources: [])
        let records = [
            #"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall","event\u004eame":"CreateUser","requestParameters":{"userName":"mallory"}}"#,
            #"{"eventTime":"2024-01-02T03:04:06Z","eventType":"AwsApiCall","eventName":"Create\u0055ser","requestParameters":{"user\u004eame":"mall\u006fry"}}"#,
            #"{"eventTime":"2024-01-02T03:04:07Z","eventType":"AwsApiCall","eventName":"CreateUser","requestParameters":{"userName":"mallory"},"errorCode":"x"}"#,
            #"{"eventTime":"2024-01-02T03:04:08Z","eventType":"AwsApiCall","eventName":"CreateUser\u0000x","requestParameters":{"userName":"mallory"}}"#,
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("escaped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data((#"{"Records":["# + records.joined(separator: ",") + "]}").utf8).write(to: dir.appendingPathComponent("a.json"))

        guard #available(macOS 15.0, *) else { return }
        let out = dir.appendingPathComponent("alerts.txt")
        let fd = open(out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let scanner = Scanner(ruleSet: ruleSet, options: ScanOptions(hostname: "h", jobs: 1),
                              writer: AlertWriter(fileDescriptor: fd), report: { _ in })
        let summary = scanner.scan([dir.path])
        close(fd)
        // 1: escaped key; 2: escaped values (name and user); 3: has an error; 4: cut at NUL.
        #expect(summary.events == 4)
        #expect(summary.alerts == 3)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasSuffix("Notice user mallory") })
    }
}
