import Foundation
import Runtime
import TestSupport
import Testing

/// Rules are built by hand here; `%field` tokens of a template become slots of a small field table.
private struct RuleFixture {
    var fields: [FieldRequest] = []
    var tokens: [String: Int] = [:]

    /// Registers `token` (e.g. `ct.user`, `json.value[/a]`) and returns its slot.
    mutating func slot(_ token: String) -> Int {
        if let s = tokens[token] { return s }
        let (name, argument) = Self.split(token)
        fields.append(FieldRequest(Self.kinds[name]!, argument: argument))
        tokens[token] = fields.count - 1
        return fields.count - 1
    }

    /// Parses `text %field more %12field...` into segments (test-only, no error handling).
    mutating func format(_ template: String) -> OutputFormat {
        var segments: [OutputFormat.Segment] = []
        var text = ""
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            guard c == "%" else {
                text.append(c)
                continue
            }
            if !text.isEmpty { segments.append(.text(text)); text = "" }
            var digits = ""
            while let d = chars.first, d.isNumber { digits.append(d); chars.removeFirst() }
            var token = ""
            while let t = chars.first, t.isLetter || t.isNumber || t == "." || t == "_" { token.append(t); chars.removeFirst() }
            if chars.first == "[" {
                while let t = chars.popFirst() { token.append(t); if t == "]" { break } }
            }
            segments.append(.field(slot: slot(token), token: token, width: Int(digits)))
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return OutputFormat(segments)
    }

    mutating func rule(_ name: String, _ priority: Priority, tags: [String], output: String) -> CompiledRule {
        CompiledRule(name: name, priority: priority, source: "aws_cloudtrail", tags: tags, enabled: true,
                     description: "", location: "test", output: format(output), matches: { _ in false })
    }

    static func split(_ token: String) -> (String, String?) {
        guard let open = token.firstIndex(of: "[") else { return (token, nil) }
        return (String(token[..<open]), String(token[token.index(after: open)..<token.index(before: token.endIndex)]))
    }

    static let kinds: [String: FieldKind] = [
        "ct.user": .ctUser, "ct.srcip": .ctSrcip, "ct.region": .ctRegion, "ct.request.username": .ctRequestUsername,
        "s3.bucket": .s3Bucket, "ct.request.policy": .ctRequestPolicy, "ct.user.arn": .ctUserArn,
        "ct.request.availabilityzone": .ctRequestAvailabilityzone, "ct.response.subnetid": .ctResponseSubnetid,
        "ct.response.reservationid": .ctResponseReservationid, "json.value": .jsonValue, "ec2.imageids": .ec2Imageids,
        "evt.num": .evtNum, "evt.time": .evtTime, "evt.time.s": .evtTimeS, "evt.time.iso8601": .evtTimeISO8601,
        "evt.datetime": .evtDatetime, "evt.datetime.s": .evtDatetimeS, "evt.rawtime": .evtRawtime,
        "evt.rawtime.ns": .evtRawtimeNs, "evt.reltime": .evtReltime, "evt.reltime.s": .evtReltimeS,
        "evt.reltime.ns": .evtReltimeNs, "evt.is_async": .evtIsAsync, "ct.name": .ctName,
    ]
}

private func s(_ text: String) -> FieldValue { .string(ByteString(Array(text.utf8))) }
private func b(_ bytes: [UInt8]) -> FieldValue { .string(ByteString(bytes)) }
private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Falco ran with TZ=UTC; the text prefix is local time, so expectations put in our local rendering.
private func localized(_ oracleLine: String, timestamp: Int64) -> String {
    let utc = "\"output\":\"" + EventTime.iso8601Z(timestamp).dropFirst(11).dropLast() + ": "
    return oracleLine.replacingOccurrences(of: utc, with: "\"output\":\"" + EventTime.localTimeOfDay(timestamp) + ": ")
}

private let jan2019: Int64 = 1_546_300_800_000_000_000

@Suite struct AlertFormatterTests {
    // MARK: Oracle lines (Falco 0.44.1, /work/shared/oracle/upstream_all.jsonl)

    static let consoleLoginLine = #"{"hostname":"oracle","output":"00:00:00.000000000: Critical Detected a console login without MFA (requesting user=<NA>, requesting IP=111.111.111.111, AWS region=us-east-1)","output_fields":{"ct.region":"us-east-1","ct.srcip":"111.111.111.111","ct.user":null,"evt.time":1546300800000000000},"priority":"Critical","rule":"Console Login Without MFA","source":"aws_cloudtrail","tags":["aws","aws_console","aws_iam","cloud"],"time":"2019-01-01T00:00:00.000000000Z"}"#
    static let putBucketPolicyLine = #"{"hostname":"oracle","output":"00:00:00.000000000: Warning An Amazon S3 bucket policy has been applied to an Amazon S3 bucket. (requesting user=example-role, requesting IP=111.111.111.111, AWS region=us-west-2, bucket name=<NA>, policy=<NA>)","output_fields":{"ct.region":"us-west-2","ct.request.policy":null,"ct.srcip":"111.111.111.111","ct.user":"example-role","evt.time":1546300800000000000,"s3.bucket":null},"priority":"Warning","rule":"Put Bucket Policy","source":"aws_cloudtrail","tags":["aws","aws_s3","cloud"],"time":"2019-01-01T00:00:00.000000000Z"}"#
    static let runInstancesLine = #"{"hostname":"oracle","output":"11:55:21.000000000: Warning A number of instances have been launched in a non-approved region. (requesting user=bert-jan, requesting IP=192.168.10.20, AWS region=us-east-1, availability zone=<NA>, subnet id=<NA>, reservation id=r-0ac0088de73525c3c, image id=i-0dbc91f429e48eeed)","output_fields":{"ct.region":"us-east-1","ct.request.availabilityzone":null,"ct.response.reservationid":"r-0ac0088de73525c3c","ct.response.subnetid":null,"ct.srcip":"192.168.10.20","ct.user":"bert-jan","evt.time":1688990121000000000,"json.value[/responseElements/instancesSet/items/0/instanceId]":"i-0dbc91f429e48eeed"},"priority":"Warning","rule":"Run Instances in Non-approved Region","source":"aws_cloudtrail","tags":["aws","aws_ec2","cloud"],"time":"2023-07-10T11:55:21.000000000Z"}"#
    static let createUserLine = #"{"hostname":"oracle","output":"00:00:00.000000000: Informational A new AWS user has been created (requesting user=Tester, requesting IP=111.111.111.111, AWS region=us-west-2, new user created=new-user)","output_fields":{"ct.region":"us-west-2","ct.request.username":"new-user","ct.srcip":"111.111.111.111","ct.user":"Tester","evt.time":1546300800000000000},"priority":"Informational","rule":"Create AWS user","source":"aws_cloudtrail","tags":["aws","aws_iam","cloud"],"time":"2019-01-01T00:00:00.000000000Z"}"#

    @Test(.requiresShared) func theseLinesAreFalcosOwn() throws {
        let lines = Set(try Oracle.alertLines(.all))
        for line in [Self.consoleLoginLine, Self.putBucketPolicyLine, Self.runInstancesLine, Self.createUserLine] {
            #expect(lines.contains(line))
        }
    }

    @Test func consoleLoginWithoutMFAWithAbsentUser() {
        var f = RuleFixture()
        let rule = f.rule("Console Login Without MFA", .critical, tags: ["cloud", "aws", "aws_console", "aws_iam"],
                          output: "Detected a console login without MFA (requesting user=%ct.user, requesting IP=%ct.srcip, AWS region=%ct.region)")
        let values: [String: FieldValue] = ["ct.user": .absent, "ct.srcip": s("111.111.111.111"), "ct.region": s("us-east-1")]
        let tokenOf = Dictionary(uniqueKeysWithValues: f.tokens.map { ($1, $0) })
        let value: (Int) -> FieldValue = { values[tokenOf[$0]!]! }
        let formatter = AlertFormatter(hostname: "oracle", fields: f.fields)

        let json = formatter.jsonLine(rule, timestamp: jan2019, value: value)
        #expect(text(json) == localized(Self.consoleLoginLine, timestamp: jan2019) + "\n")

        let line = formatter.textLine(rule, timestamp: jan2019, value: value)
        #expect(text(line) == EventTime.localTimeOfDay(jan2019)
            + ": Critical Detected a console login without MFA (requesting user=<NA>, requesting IP=111.111.111.111, AWS region=us-east-1)\n")
    }

    @Test func putBucketPolicyWithTwoAbsentFields() {
        var f = RuleFixture()
        let rule = f.rule("Put Bucket Policy", .warning, tags: ["cloud", "aws", "aws_s3"],
                          output: "An Amazon S3 bucket policy has been applied to an Amazon S3 bucket. (requesting user=%ct.user, requesting IP=%ct.srcip, AWS region=%ct.region, bucket name=%s3.bucket, policy=%ct.request.policy)")
        let values: [String: FieldValue] = ["ct.user": s("example-role"), "ct.srcip": s("111.111.111.111"),
                                            "ct.region": s("us-west-2"), "s3.bucket": .absent, "ct.request.policy": .absent]
        let tokenOf = Dictionary(uniqueKeysWithValues: f.tokens.map { ($1, $0) })
        let json = AlertFormatter(hostname: "oracle", fields: f.fields)
            .jsonLine(rule, timestamp: jan2019, value: { values[tokenOf[$0]!]! })
        #expect(text(json) == localized(Self.putBucketPolicyLine, timestamp: jan2019) + "\n")
    }

    @Test func runInstancesWithJSONPointerToken() {
        var f = RuleFixture()
        let rule = f.rule("Run Instances in Non-approved Region", .warning, tags: ["cloud", "aws", "aws_ec2"],
                          output: "A number of instances have been launched in a non-approved region. (requesting user=%ct.user, requesting IP=%ct.srcip, AWS region=%ct.region, availability zone=%ct.request.availabilityzone, subnet id=%ct.response.subnetid, reservation id=%ct.response.reservationid, image id=%json.value[/responseElements/instancesSet/items/0/instanceId])")
        let values: [String: FieldValue] = [
            "ct.user": s("bert-jan"), "ct.srcip": s("192.168.10.20"), "ct.region": s("us-east-1"),
            "ct.request.availabilityzone": .absent, "ct.response.subnetid": .absent,
            "ct.response.reservationid": s("r-0ac0088de73525c3c"),
            "json.value[/responseElements/instancesSet/items/0/instanceId]": s("i-0dbc91f429e48eeed"),
        ]
        let tokenOf = Dictionary(uniqueKeysWithValues: f.tokens.map { ($1, $0) })
        let ts: Int64 = 1_688_990_121_000_000_000
        #expect(f.fields.last == FieldRequest(.jsonValue, argument: "/responseElements/instancesSet/items/0/instanceId"))
        let json = AlertFormatter(hostname: "oracle", fields: f.fields).jsonLine(rule, timestamp: ts, value: { values[tokenOf[$0]!]! })
        #expect(text(json) == localized(Self.runInstancesLine, timestamp: ts) + "\n")
    }

    @Test func createUserIsInformational() {
        var f = RuleFixture()
        let rule = f.rule("Create AWS user", .informational, tags: ["cloud", "aws", "aws_iam"],
                          output: "A new AWS user has been created (requesting user=%ct.user, requesting IP=%ct.srcip, AWS region=%ct.region, new user created=%ct.request.username)")
        let values: [String: FieldValue] = ["ct.user": s("Tester"), "ct.srcip": s("111.111.111.111"),
                                            "ct.region": s("us-west-2"), "ct.request.username": s("new-user")]
        let tokenOf = Dictionary(uniqueKeysWithValues: f.tokens.map { ($1, $0) })
        let formatter = AlertFormatter(hostname: "oracle", fields: f.fields)
        let json = formatter.jsonLine(rule, timestamp: jan2019, value: { values[tokenOf[$0]!]! })
        #expect(text(json) == localized(Self.createUserLine, timestamp: jan2019) + "\n")
        let line = formatter.textLine(rule, timestamp: jan2019, value: { values[tokenOf[$0]!]! })
        #expect(text(line).hasPrefix(EventTime.localTimeOfDay(jan2019) + ": Informational A new AWS user"))
    }

    // MARK: Structure

    @Test func tagsAreSortedBytewiseAndDeduplicated() {
        var f = RuleFixture()
        let rule = f.rule("R", .notice, tags: ["cloud", "aws", "Zeta", "aws_iam", "aws", "é"], output: "x")
        let json = text(AlertFormatter(hostname: "h", fields: f.fields).jsonLine(rule, timestamp: 0, value: { _ in .absent }))
        #expect(json.contains(#""tags":["Zeta","aws","aws_iam","cloud","é"],"#))
    }

    @Test func keysComeInNlohmannOrder() throws {
        var f = RuleFixture()
        let rule = f.rule("R", .debug, tags: [],
                          output: "%json.value[/b] %json.value[/B] %ct.user.arn %ct.user %evt.num %ct.user")
        let json = AlertFormatter(hostname: "h", fields: f.fields).jsonLine(rule, timestamp: 5, value: { _ in s("v") })
        let line = text(json)
        #expect(line.hasPrefix(#"{"hostname":"h","output":"#))
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let expectedFields = #""output_fields":{"ct.user":"v","ct.user.arn":"v","evt.num":"v","evt.time":5,"json.value[/B]":"v","json.value[/b]":"v"},"#
        #expect(line.contains(expectedFields))
        let order = ["\"hostname\":", "\"output\":", "\"output_fields\":", "\"priority\":\"Debug\"", "\"rule\":\"R\"",
                     "\"source\":\"aws_cloudtrail\"", "\"tags\":[]", "\"time\":\"1970-01-01T00:00:00.000000005Z\"}"]
        let positions = try order.map { try #require(line.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
        // And it is JSON that parses back to the same values.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect(object.count == 8)
    }

    @Test func iso8601TimeFormat() {
        var f = RuleFixture()
        let rule = f.rule("Console Login Without MFA", .critical, tags: ["aws"], output: "user=%ct.user")
        let formatter = AlertFormatter(hostname: "oracle", fields: f.fields, timeFormat: .iso8601)
        let ts: Int64 = 1_688_990_121_123_456_789
        let line = text(formatter.textLine(rule, timestamp: ts, value: { _ in s("bob") }))
        #expect(line == "2023-07-10T11:55:21.123456789+0000: Critical user=bob\n")
        let json = text(formatter.jsonLine(rule, timestamp: ts, value: { _ in s("bob") }))
        #expect(json == #"{"hostname":"oracle","output":"2023-07-10T11:55:21.123456789+0000: Critical user=bob","output_fields":{"ct.user":"bob","evt.time.iso8601":1688990121123456789},"priority":"Critical","rule":"Console Login Without MFA","source":"aws_cloudtrail","tags":["aws"],"time":"2023-07-10T11:55:21.123456789Z"}"# + "\n")
    }

    // MARK: Values

    @Test func widthsResizeOnBytes() {
        var f = RuleFixture()
        let rule = f.rule("R", .error, tags: [], output: "[%5ct.user][%3ct.srcip][%6ct.region][%2ct.name]")
        let values: [FieldValue] = [s("ab"), s("abcdefg"), .absent, s("héllo")]
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        let raw = formatter.message(rule, value: { values[$0] }, sanitize: false)
        #expect(raw == Array("[ab   ][abc][<NA>  ][h".utf8) + [0xC3, UInt8(ascii: "]")])
        // The text line shows the cut UTF-8 byte visibly; JSON output replaces it like nlohmann.
        let line = text(formatter.textLine(rule, timestamp: 0, value: { values[$0] }))
        #expect(line.hasSuffix(#": Error [ab   ][abc][<NA>  ][h\xc3]"# + "\n"))
        let json = text(formatter.jsonLine(rule, timestamp: 0, value: { values[$0] }))
        #expect(json.contains(#": Error [ab   ][abc][<NA>  ][h\#u{FFFD}]","#))
        // output_fields carry whole values, never resized.
        #expect(json.contains(#""ct.name":"héllo","ct.region":null,"ct.srcip":"abcdefg","ct.user":"ab","#))
    }

    @Test func listsRenderAsFalcoDoes() {
        var f = RuleFixture()
        let rule = f.rule("R", .notice, tags: [], output: "ids=%ec2.imageids")
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        func both(_ v: FieldValue) -> (String, String) {
            (text(formatter.message(rule, value: { _ in v }, sanitize: false)),
             text(formatter.jsonLine(rule, timestamp: 0, value: { _ in v })))
        }
        let two = both(.list([ByteString(Array("ami-1".utf8)), ByteString(Array("ami-2".utf8))]))
        #expect(two.0 == "ids=(ami-1,ami-2)")
        #expect(two.1.contains(#""ec2.imageids":["ami-1","ami-2"]"#))
        // libsinsp adds "," only once the rendering is longer than "(": an empty first element eats it.
        let emptyFirst = both(.list([ByteString(), ByteString(Array("b".utf8)), ByteString(), ByteString(Array("c".utf8))]))
        #expect(emptyFirst.0 == "ids=(b,,c)")
        #expect(emptyFirst.1.contains(#""ec2.imageids":["","b","","c"]"#))
        let none = both(.list([]))
        #expect(none.0 == "ids=<NA>")
        #expect(none.1.contains(#""ec2.imageids":null"#))
        // The text rendering goes through a 1024-byte C buffer.
        let long = both(.list(Array(repeating: ByteString(Array(repeating: UInt8(ascii: "a"), count: 100)), count: 20)))
        #expect(long.0.utf8.count == 4 + 1023)
        #expect(long.1.contains(String(repeating: "a", count: 100) + "\"]"))
    }

    @Test func numbersAndTimeFields() throws {
        var f = RuleFixture()
        let rule = f.rule("R", .debug, tags: [], output: "n=%evt.num raw=%evt.rawtime ns=%evt.rawtime.ns rel=%evt.reltime rs=%evt.reltime.s rns=%evt.reltime.ns async=%evt.is_async t=%evt.time ts=%evt.time.s iso=%evt.time.iso8601 dt=%evt.datetime dts=%evt.datetime.s")
        // Values from the oracle field dump, event evt.num=3419 (its evt.reltime is negative).
        let ts: Int64 = 1_546_300_800_000_000_000
        let rel = UInt64(bitPattern: -23_753_549_000_000_000)
        let values: [String: FieldValue] = [
            "evt.num": .number(3419), "evt.rawtime": .number(UInt64(ts)), "evt.rawtime.ns": .number(0),
            "evt.reltime": .number(rel), "evt.reltime.s": .number(rel / 1_000_000_000),
            "evt.reltime.ns": .number(rel % 1_000_000_000), "evt.is_async": .number(0),
            "evt.time": s("00:00:00.000000000"), "evt.time.s": s("00:00:00"),
            "evt.time.iso8601": s("2019-01-01T00:00:00.000000000+0000"),
            "evt.datetime": s("2019-01-01 00:00:00.000000000"), "evt.datetime.s": s("2019-01-01 00:00:00"),
        ]
        let tokenOf = Dictionary(uniqueKeysWithValues: f.tokens.map { ($1, $0) })
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        let message = text(formatter.message(rule, value: { values[tokenOf[$0]!]! }, sanitize: true))
        #expect(message == "n=3419 raw=1546300800000000000 ns=000000000 rel=18422990524709551616 rs=18422990524 rns=709551616 async=false t=00:00:00.000000000 ts=00:00:00 iso=2019-01-01T00:00:00.000000000+0000 dt=2019-01-01 00:00:00.000000000 dts=2019-01-01 00:00:00")
        let json = text(formatter.jsonLine(rule, timestamp: ts, value: { values[tokenOf[$0]!]! }))
        #expect(json.contains(#""output_fields":{"evt.datetime":1546300800000000000,"evt.datetime.s":1546300800000000000,"evt.is_async":false,"evt.num":3419,"evt.rawtime":1546300800000000000,"evt.rawtime.ns":0,"evt.reltime":-23753549000000000,"evt.reltime.ns":709551616,"evt.reltime.s":18422990524,"evt.time":1546300800000000000,"evt.time.iso8601":1546300800000000000,"evt.time.s":1546300800000000000},"#))
    }

    @Test func stringsStopAtNUL() {
        var f = RuleFixture()
        let rule = f.rule("R", .debug, tags: [], output: "u=%ct.user;")
        let v = b(Array("ab".utf8) + [0] + Array("cd".utf8))
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        #expect(text(formatter.message(rule, value: { _ in v }, sanitize: true)) == "u=ab;")
        #expect(text(formatter.jsonLine(rule, timestamp: 0, value: { _ in v })).contains(#""ct.user":"ab","#))
    }

    // MARK: Escaping and forged lines

    @Test func forgedAlertLineStaysOnOneLine() {
        var f = RuleFixture()
        let rule = f.rule("Console Login Without MFA", .critical, tags: [], output: "user=%ct.user ip=%ct.srcip")
        let attack = "x\n00:00:00.000000000: Critical fake\r\u{1B}[2J"
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        let value: (Int) -> FieldValue = { $0 == 0 ? s(attack) : s("1.2.3.4") }

        let line = formatter.textLine(rule, timestamp: 0, value: value)
        #expect(line.filter { $0 == 0x0A } == [0x0A])
        #expect(line.last == 0x0A)
        #expect(!line.contains(0x0D) && !line.contains(0x1B))
        #expect(text(line).hasSuffix(#": Critical user=x\n00:00:00.000000000: Critical fake\r\x1b[2J ip=1.2.3.4"# + "\n"))

        // JSON keeps Falco's bytes, escaped: still one line.
        let json = formatter.jsonLine(rule, timestamp: 0, value: value)
        #expect(json.filter { $0 == 0x0A } == [0x0A])
        #expect(text(json).contains(#"user=x\n00:00:00.000000000: Critical fake\r\u001b[2J ip=1.2.3.4","#))
        #expect(text(json).contains(#""ct.user":"x\n00:00:00.000000000: Critical fake\r\u001b[2J""#))
        // The unsanitised message is Falco's.
        #expect(formatter.message(rule, value: value, sanitize: false) == Array("user=\(attack) ip=1.2.3.4".utf8))
    }

    @Test func jsonEscapesQuotesBackslashesAndNames() {
        var f = RuleFixture()
        let rule = f.rule(#"Rule "q" \ back"#, .alert, tags: ["t\"ag"], output: #"say "%ct.user""#)
        let formatter = AlertFormatter(hostname: "host\"1", fields: f.fields)
        let json = text(formatter.jsonLine(rule, timestamp: 0, value: { _ in s(#"a"b\c/d é 😀"#) }))
        #expect(json.hasPrefix(#"{"hostname":"host\"1","output":""#))
        #expect(json.contains(#": Alert say \"a\"b\\c/d é 😀\"","#))
        #expect(json.contains(#""ct.user":"a\"b\\c/d é 😀""#))
        #expect(json.contains(#""rule":"Rule \"q\" \\ back""#))
        #expect(json.contains(#""tags":["t\"ag"]"#))
    }

    @Test func invalidUTF8InJSON() {
        var f = RuleFixture()
        let rule = f.rule("R", .debug, tags: [], output: "%ct.user")
        let formatter = AlertFormatter(hostname: "h", fields: f.fields)
        // C3 28: nlohmann replaces C3 alone (output); jsoncpp decodes C3 28 as U+00E8 (output_fields).
        let json = text(formatter.jsonLine(rule, timestamp: 0, value: { _ in b([0x61, 0xC3, 0x28]) }))
        #expect(json.contains(#": Debug a\#u{FFFD}(","#))
        #expect(json.contains(#""ct.user":"aè""#))
        let line = text(formatter.textLine(rule, timestamp: 0, value: { _ in b([0x61, 0xC3, 0x28]) }))
        #expect(line.hasSuffix(#": Debug a\xc3("# + "\n"))
    }

    @Test func formatterWorksFromARuleSet() {
        var f = RuleFixture()
        let rule = f.rule("R", .warning, tags: [], output: "u=%ct.user")
        let set = RuleSet(fields: f.fields, rules: [rule], dispatch: EventNameDispatch(buckets: [], always: [0]),
                          eventNameSlot: nil, sources: [])
        let formatter = AlertFormatter(hostname: "h", ruleSet: set)
        #expect(formatter.fields == f.fields)
        #expect(text(formatter.message(rule, value: { _ in s("x") }, sanitize: true)) == "u=x")
    }
}
