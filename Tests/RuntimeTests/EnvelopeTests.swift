// EnvelopeTests.swift - every shape of file that holds CloudTrail events gives the same records.
import Foundation
import Testing
import TestSupport
@testable import Runtime

@Suite struct EnvelopeTests {
    // Two events; the second has brackets, quotes and escapes in its strings.
    static let e1 = #"{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventSource":"s3.amazonaws.com"}"#
    static let e2 = #"{"eventName":"B \"}]{[\\","eventVersion":"1.09","n":[1,{"x":"]"}],"eventTime":"2024-01-01T00:00:01Z"}"#
    static let events = [e1, e2]

    // MARK: - 1. S3 delivery files

    @Test func s3DeliveryFile() throws {
        let (drained, reader) = try readEverywhere(#"{"Records":[\#(Self.e1),\#(Self.e2)]}"#)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(reader.shape == .cloudTrailLogFile)
        // Records elements are not looked into: Falco's shape stays the fast path.
        let plain = try readEverywhere(#"{"Records":[{"a":1}]}"#).0
        #expect(plain.texts == [#"{"a":1}"#] && plain.errors.isEmpty)
    }

    @Test func concatenatedS3DeliveryFilesAreRead() throws {
        // `cat a.json b.json`: record indices go on counting across the objects.
        let text = #"{"Records":[\#(Self.e1)]}{"Records":[\#(Self.e2)]}"# + "\n"
        let (drained, reader) = try readEverywhere(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(drained.records.map(\.index) == [0, 1])
        #expect(reader.shape == .cloudTrailLogFile)
    }

    // MARK: - 2. A top-level JSON array

    @Test func topLevelArrayOfEvents() throws {
        let text = "[\n   \(Self.e1),\n   \(Self.e2)\n]\n"
        let (drained, reader) = try readEverywhere(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(drained.records.map(\.index) == [0, 1])
        #expect(drained.records.map(\.offset) == Self.events.map { offset(of: $0, in: text) })
        #expect(reader.shape == .jsonArray)
        let (empty, emptyReader) = try readEverywhere(" [ ] ")
        #expect(empty.records.isEmpty && empty.errors.isEmpty)
        #expect(emptyReader.shape == .jsonArray && !emptyReader.isDigest)
    }

    // MARK: - 3. JSON Lines and concatenated objects

    @Test func jsonLines() throws {
        for separator in ["\n", "\r\n", "\n\n", "", " ", "\t\n"] {
            let text = Self.events.joined(separator: separator) + separator
            let (drained, reader) = try readEverywhere(text)
            #expect(drained.errors.isEmpty, "separator \(separator.debugDescription)")
            #expect(drained.texts == Self.events)
            #expect(drained.records.map(\.offset) == [0, Self.e1.utf8.count + separator.utf8.count])
            #expect(reader.shape == .jsonLines)
        }
    }

    @Test func objectsConcatenatedInsideAnArrayAreReportedAndReadOn() throws {
        // cloudtrail2sightings-datadog/aws.execution.ec2-user-data.json has `}\n{` inside its array;
        // Falco reads every record of it, and so do we, after reporting the missing comma.
        let text = "[\(Self.e1),\(Self.e2)\n\(Self.e1)]"
        let (drained, _) = try readEverywhere(text)
        #expect(drained.texts == Self.events + [Self.e1])
        let at = offset(of: "\n", in: text) + 1
        #expect(drained.errors == [InputError(path: "t.json", offset: at, message: "malformed JSON array: missing ',' after element 2; reading on")])
        let records = try readEverywhere(#"{"Records":[\#(Self.e1)\#n\#(Self.e2)]}"#).0
        #expect(records.texts == Self.events)
        #expect(records.errors.map(\.description) == [
            #"t.json: byte \#(12 + Self.e1.utf8.count + 1): malformed "Records" array: missing ',' after record 1; reading on"#
        ])
    }

    // MARK: - 4. A single event

    @Test func singleEventObject() throws {
        let pretty = "\n{\n  \"eventVersion\": \"1.08\",\n  \"eventTime\": \"2024-01-01T00:00:00Z\",\n  \"eventName\": \"A\"\n}\n"
        let (drained, reader) = try readEverywhere(pretty)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [pretty.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(drained.records.map(\.offset) == [1])
        #expect(reader.shape == .singleObject)
        // Any one of the event keys is enough (exports drop some: otrf's has no eventTime).
        for key in ["eventVersion", "eventTime", "eventName", "eventSource"] {
            let one = try readEverywhere(#"{"x":{"y":1},"\#(key)":"v"}"#).0
            #expect(one.records.count == 1 && one.errors.isEmpty, "\(key)")
        }
    }

    // MARK: - 5. EventBridge events

    static func eventBridge(_ detail: String, type: String = "AWS API Call via CloudTrail") -> String {
        #"{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"\#(type)","source":"aws.s3","account":"111122223333","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":\#(detail)}"#
    }

    @Test func eventBridgeEventsGiveTheirDetail() throws {
        let one = Self.eventBridge(Self.e1)
        let (single, singleReader) = try readEverywhere(one)
        #expect(single.errors.isEmpty)
        #expect(single.texts == [Self.e1])
        #expect(single.records.map(\.offset) == [offset(of: Self.e1, in: one)])
        #expect(single.records.allSatisfy { !$0.isUnescaped })
        #expect(singleReader.shape == .singleObject)

        let types = ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail"]
        let lines = zip(types, [Self.e1, Self.e2, Self.e1]).map { Self.eventBridge($1, type: $0) }
        let array = try readEverywhere("[" + lines.joined(separator: ",\n") + "]").0
        #expect(array.errors.isEmpty)
        #expect(array.texts == [Self.e1, Self.e2, Self.e1])
        let jsonLines = try readEverywhere(lines.joined(separator: "\n")).0
        #expect(jsonLines.texts == [Self.e1, Self.e2, Self.e1])

        // Key order does not matter: `detail` before `detail-type`.
        let reordered = #"{"detail":\#(Self.e2),"detail-type":"AWS API Call via CloudTrail","source":"aws.iam"}"#
        #expect(try readEverywhere(reordered).0.texts == [Self.e2])
    }

    @Test func eventBridgeEventsOfOtherDetailTypesAreNotCloudTrail() throws {
        let other = Self.eventBridge(#"{"instance-id":"i-1","state":"running"}"#, type: "EC2 Instance State-change Notification")
        let first = try readEverywhere(other).0
        #expect(first.records.isEmpty)
        #expect(first.errors.map(\.message) == [
            #"not a CloudTrail log file: found an EventBridge event of detail-type "EC2 Instance State-change Notification", which holds no CloudTrail event"#
        ])
        let later = try readEverywhere(Self.eventBridge(Self.e1) + "\n" + other + "\n" + Self.eventBridge(Self.e2)).0
        #expect(later.texts == Self.events)
        #expect(later.errors.map(\.recordIndex) == [1])
        #expect(later.records.map(\.index) == [0, 2])
        let noDetail = try readEverywhere(#"{"detail-type":"AWS API Call via CloudTrail","detail":"x"}"#).0
        #expect(noDetail.errors.map(\.message) == [#"not a CloudTrail log file: found an EventBridge CloudTrail event without a "detail" object"#])
    }

    // MARK: - 6. lookup-events and CloudTrail Lake items

    static func lookupItem(_ event: String, name: String = "A") -> String {
        #"{"EventId":"0828c0d2","EventName":"\#(name)","ReadOnly":"true","EventTime":"2022-02-08 09:23:37+11:00","Resources":[],"CloudTrailEvent":\#(jsonString(event))}"#
    }

    @Test func lookupItemsGiveTheirUnescapedEvent() throws {
        let lines = Self.events.map { Self.lookupItem($0) }
        let text = lines.joined(separator: "\n") + "\n"
        let (drained, reader) = try readEverywhere(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(drained.records.allSatisfy { $0.isUnescaped })
        // The offset is the string's opening quote.
        let quote = offset(of: #""CloudTrailEvent":"#, in: text) + #""CloudTrailEvent":"#.utf8.count
        #expect(drained.records.first?.offset == quote)
        #expect(Array(text.utf8)[quote] == UInt8(ascii: "\""))
        #expect(reader.shape == .jsonLines)

        // `aws cloudtrail lookup-events` prints them in an `Events` array.
        let cli = "{\n    \"Events\": [\n" + lines.joined(separator: ",\n") + "\n    ],\n    \"NextToken\": \"abc\"\n}\n"
        let (wrapped, wrappedReader) = try readEverywhere(cli)
        #expect(wrapped.errors.isEmpty)
        #expect(wrapped.texts == Self.events)
        #expect(wrappedReader.shape == .lookupEvents)
        #expect(try readEverywhere(#"{"Events":[]}"#).0.errors.isEmpty)
    }

    @Test func escapedStringsAreUnescapedExactly() throws {
        // \u escapes (BMP and a surrogate pair), \/ and an escaped backslash inside the event's own strings.
        let item = #"{"CloudTrailEvent":"{\"eventName\":\"caf\u00e9 \ud83d\ude00\",\"p\":\"a\/b\",\"q\":\"x\\\"y\"}"}"#
        let drained = try readEverywhere(item).0
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [#"{"eventName":"café 😀","p":"a/b","q":"x\"y"}"#])
        // Whitespace around the object inside the string is dropped.
        let spaced = try readEverywhere(#"{"CloudTrailEvent":" \n{\"eventName\":\"A\"}\t"}"#).0
        #expect(spaced.texts == [#"{"eventName":"A"}"#])
    }

    @Test func lookupItemsThatHoldNoEventAreErrors() throws {
        let notString = try readEverywhere(#"{"EventName":"A","CloudTrailEvent":{"eventName":"A"}}"#).0
        #expect(notString.errors.map(\.message) == [#"not a CloudTrail log file: found an item whose "CloudTrailEvent" is not a string"#])
        for bad in [#""not json""#, #""{\"a\":1} {}""#, #""[1]""#, #""{\"a\":[}""#] {
            let text = Self.lookupItem(Self.e1) + "\n" + #"{"CloudTrailEvent":\#(bad)}"# + "\n" + Self.lookupItem(Self.e2)
            let drained = try readEverywhere(text).0
            #expect(drained.texts == Self.events, "\(bad)")
            #expect(drained.errors.map(\.description) == [
                #"t.json: record 2 (byte \#(Self.lookupItem(Self.e1).utf8.count + 1)): record is an item whose "CloudTrailEvent" string is not a JSON object"#
            ], "\(bad)")
        }
    }

    // MARK: - 7. CloudWatch Logs

    static func cloudWatch(_ messages: [String], type: String = "DATA_MESSAGE") -> String {
        let logEvents = messages.enumerated().map { #"{"id":"3719\#($0.offset)","timestamp":1704067200000,"message":\#(jsonString($0.element))}"# }
        return #"{"messageType":"\#(type)","owner":"111122223333","logGroup":"aws-cloudtrail-logs","logStream":"111122223333_CloudTrail_us-east-1","subscriptionFilters":["ToFirehose"],"logEvents":[\#(logEvents.joined(separator: ","))]}"#
    }

    static let controlMessage = #"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1704067200000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}"#

    @Test func cloudWatchLogsSubscriptionData() throws {
        let (single, singleReader) = try readEverywhere(Self.cloudWatch(Self.events))
        #expect(single.errors.isEmpty)
        #expect(single.texts == Self.events)
        #expect(single.records.allSatisfy { $0.isUnescaped })
        #expect(singleReader.shape == .cloudWatchLogsSubscription)
        // Firehose concatenates messages without separators; control messages yield nothing, quietly.
        let firehose = Self.controlMessage + Self.cloudWatch([Self.e1]) + Self.controlMessage + Self.cloudWatch([Self.e2, Self.e1])
        let (drained, reader) = try readEverywhere(firehose)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [Self.e1, Self.e2, Self.e1])
        #expect(drained.records.map(\.index) == [0, 1, 2])
        #expect(reader.shape == .cloudWatchLogsSubscription)
        let onlyControl = try readEverywhere(Self.controlMessage).0
        #expect(onlyControl.records.isEmpty && onlyControl.errors.isEmpty)
        // Each message its own gzip member (what some shippers write).
        let members = gzip(Array(Self.cloudWatch([Self.e1]).utf8)) + gzip(Array(Self.cloudWatch([Self.e2]).utf8))
        #expect(try drain(members).0.texts == Self.events)
    }

    @Test func filterLogEventsOutput() throws {
        let events = Self.events.enumerated().map {
            #"{"logStreamName":"s","timestamp":1704067200000,"message":\#(jsonString($0.element)),"ingestionTime":1704067201000,"eventId":"\#($0.offset)"}"#
        }
        let text = #"{"events":[\#(events.joined(separator: ","))],"searchedLogStreams":[],"nextToken":"t"}"#
        let (drained, reader) = try readEverywhere(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(reader.shape == .logEvents)
        // A message that is not JSON is an error for its record once the file is known to be a log.
        let mixed = #"{"events":[{"message":\#(jsonString(Self.e1))},{"message":"START RequestId: 1"}]}"#
        let later = try readEverywhere(mixed).0
        #expect(later.texts == [Self.e1])
        #expect(later.errors.map(\.message) == [#"record is an item whose "message" string is not a JSON object"#])
        let first = try readEverywhere(#"{"events":[{"message":"hello"}]}"#).0
        #expect(first.errors.map(\.message) == [#"not a CloudTrail log file: an "events" array whose first element is an item whose "message" string is not a JSON object"#])
    }

    // MARK: - 8. Digest files

    @Test func digestFilesAreSkippedInEveryShape() throws {
        let digest = #"{"awsAccountId":"111122223333","digestStartTime":"2024-01-01T00:00:00Z","logFiles":[{"s3Object":"x.json.gz"}]}"#
        let (drained, reader) = try readEverywhere(digest + "\n")
        #expect(drained.records.isEmpty && drained.errors.isEmpty)
        #expect(reader.isDigest && reader.shape == .cloudTrailDigest)
        let (mixed, mixedReader) = try readEverywhere(digest + "\n" + Self.e1)
        #expect(mixed.texts == [Self.e1] && mixed.errors.isEmpty)
        #expect(!mixedReader.isDigest)
    }

    // MARK: - 9. Wrapped events

    @Test func exportWrappersGiveTheirEvent() throws {
        let lines = Self.events.enumerated().map { #"{"_source":{"path":"doc.md","block":\#($0.offset)},"event":\#($0.element)}"# }
        let (drained, reader) = try readEverywhere(lines.joined(separator: "\n"))
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == Self.events)
        #expect(reader.shape == .jsonLines)
        // Only when the member is an event: an `event` that is something else is not unwrapped.
        let notEvent = try readEverywhere(#"{"_source":{},"event":{"kind":"alert"}}"#).0
        #expect(notEvent.records.isEmpty)
        #expect(notEvent.errors.map(\.message) == [
            #"not a CloudTrail log file: no "Records" array and no CloudTrail event keys (top-level keys: _source, event)"#
        ])
        // An event is never unwrapped, whatever members it has.
        let event = #"{"eventName":"A","event":{"eventName":"B"}}"#
        #expect(try readEverywhere(event).0.texts == [event])
    }

    @Test func anObjectIsWhatItsFirstDecidingKeySays() throws {
        // An event key before any envelope array: one event, whatever follows.
        let event = #"{"eventName":"A","Records":[{"x":1}],"events":[]}"#
        #expect(try readEverywhere(event).0.texts == [event])
        // An envelope array first: its elements, and a later event key is just a member.
        let odd = #"{"eventName":"A","Records":"x","logFiles":[]}"#
        #expect(try readEverywhere(odd).0.texts == [odd])
        let envelope = #"{"Records":[\#(Self.e1)],"eventName":"A"}"#
        #expect(try readEverywhere(envelope).0.texts == [Self.e1])
        // Keys are compared raw: an escaped letter is another key (CloudTrail never escapes them).
        let escaped = try readEverywhere(#"{"event\u004eame":"A"}"#).0
        #expect(escaped.records.isEmpty && escaped.errors.count == 1)
    }

    // MARK: - Mixed shapes, garbage, errors

    @Test func everyItemShapeInOneFileAndEveryChunkBoundary() throws {
        let lines = [
            Self.e1,
            Self.eventBridge(Self.e2),
            Self.lookupItem(Self.e1),
            #"{"Records":[\#(Self.e2),\#(Self.e1)]}"#,
            Self.cloudWatch([Self.e2]),
            #"{"_source":{"x":"}"},"event":\#(Self.e1)}"#,
            "[\(Self.e2), \(Self.eventBridge(Self.e1))]",
        ]
        let expected = [Self.e1, Self.e2, Self.e1, Self.e2, Self.e1, Self.e2, Self.e1, Self.e2, Self.e1]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let (drained, reader) = try readEverywhere(bytes)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == expected)
        #expect(drained.records.map(\.index) == Array(0..<9))
        #expect(reader.shape == .jsonLines)
        for split in 0...bytes.count {
            let (pieces, _) = try drain(bytes, pieces: [split])
            #expect(pieces.events == drained.events && pieces.texts == expected, "split at \(split)")
        }
    }

    @Test func theFirstItemDecidesWhetherTheFileIsALog() throws {
        let cases: [(String, String)] = [
            (#"[{"a":1},\#(Self.e1)]"#, #"byte 1: not a CloudTrail log file: a JSON array whose first element is a JSON object without CloudTrail event keys (keys: a)"#),
            ("[42, \(Self.e1)]", "byte 1: not a CloudTrail log file: a JSON array whose first element is not a JSON object (found a number or literal)"),
            (#"{"Events":[{"x":1}]}"#, #"byte 11: not a CloudTrail log file: an "Events" array whose first element is a JSON object without CloudTrail event keys (keys: x)"#),
            (#"{"dataset":"d","files":3}"# + "\n" + Self.e1, #"not a CloudTrail log file: no "Records" array and no CloudTrail event keys (top-level keys: dataset, files)"#),
            ("Event Type,Event Name\nAwsApiCall,ListObjects\n", "not a CloudTrail log file: expected a JSON object or array, found text that is not JSON"),
        ]
        for (text, message) in cases {
            let drained = try readEverywhere(text).0
            #expect(drained.records.isEmpty, "\(text)")
            #expect(drained.errors.map(\.description) == ["t.json: " + message], "\(text)")
        }
    }

    @Test func laterItemsThatAreNotEventsAreRecordErrors() throws {
        let text = [Self.e1, #"{"foo":1,"bar":[]}"#, #"[1]"#, Self.e2].joined(separator: "\n")
        let drained = try readEverywhere(text).0
        #expect(drained.texts == Self.events)
        #expect(drained.records.map(\.index) == [0, 3])
        #expect(drained.errors.map(\.description) == [
            "t.json: record 2 (byte \(Self.e1.utf8.count + 1)): record is a JSON object without CloudTrail event keys (keys: foo, bar)",
            // A top-level array's elements are items: here the number in `[1]`.
            "t.json: record 3 (byte \(Self.e1.utf8.count + 21)): record is not a JSON object (found a number or literal)",
        ])
        let array = try readEverywhere("[\(Self.e1), \"x\", \(Self.e2)]").0
        #expect(array.texts == Self.events)
        #expect(array.errors.map(\.message) == ["record is not a JSON object (found a string)"])
    }

    @Test func garbageBetweenValuesIsSkippedAndTruncationIsAFileError() throws {
        let scalar = try readEverywhere(Self.e1 + "\n42\n" + Self.e2).0
        #expect(scalar.texts == [Self.e1, Self.e2])
        #expect(scalar.errors.map(\.description) == ["t.json: record 2 (byte \(Self.e1.utf8.count + 1)): expected a JSON object, found a number or literal; skipped 3 bytes to the next line"])
        let truncated = try readEverywhere(Self.e1 + "\n" + Self.e2 + "\n" + String(Self.e1.dropLast(5))).0
        #expect(truncated.texts == Self.events)
        #expect(truncated.errors.map(\.description) == [
            "t.json: byte \(Self.e1.utf8.count + Self.e2.utf8.count + 2): truncated: record 3 is incomplete at end of file"
        ])
        let truncatedArray = try readEverywhere("[\(Self.e1), \(Self.e2.dropLast())").0
        #expect(truncatedArray.texts == [Self.e1])
        #expect(truncatedArray.errors.map(\.message) == ["truncated: record 2 is incomplete at end of file"])
        let missingBracket = try readEverywhere("[\(Self.e1)").0
        #expect(missingBracket.texts == [Self.e1])
        #expect(missingBracket.errors.map(\.message) == ["truncated: missing closing brackets"])
        let mismatched = try readEverywhere(#"{"eventName":"A","x":[}"#).0
        #expect(mismatched.errors.map(\.message) == ["malformed JSON: '}' at byte 22 closes '['; skipped 23 bytes to the end of the file"])
        let trailingComma = try readEverywhere("[\(Self.e1),]").0
        #expect(trailingComma.errors.map(\.message) == ["malformed JSON array: expected a value"])
    }

    @Test func oversizeItemsAreSkippedWithBoundedMemory() throws {
        let big = #"{"eventName":"big","pad":""# + String(repeating: "x", count: 5000) + #""}"#
        for (shape, text) in [
            ("lines", [Self.e1, big, Self.e2].joined(separator: "\n")),
            ("array", "[" + [Self.e1, big, Self.e2].joined(separator: ",") + "]"),
            ("eventbridge", [Self.eventBridge(Self.e1), Self.eventBridge(big), Self.eventBridge(Self.e2)].joined(separator: "\n")),
        ] {
            for chunk in [7, 64, 700] {
                let (drained, reader) = try drain(Array(text.utf8), chunkSize: chunk, maxRecordSize: 1000)
                #expect(drained.texts == Self.events, "\(shape) chunk \(chunk)")
                #expect(drained.errors.map(\.message) == ["record is larger than 1000 bytes; skipped"], "\(shape) chunk \(chunk)")
                #expect(drained.errors.first?.recordIndex == 1)
                #expect(reader.bufferedByteCapacity <= 1000 + 3 * chunk + 64, "\(shape) chunk \(chunk): \(reader.bufferedByteCapacity)")
            }
        }
        // An envelope is never held whole, even when its array comes after a large member.
        let late = #"{"note":""# + String(repeating: "n", count: 5000) + #"","Records":[\#(Self.e1),\#(Self.e2)]}"#
        let (drained, reader) = try drain(Array(late.utf8), chunkSize: 64, maxRecordSize: 1000)
        #expect(drained.texts == Self.events && drained.errors.isEmpty)
        #expect(reader.bufferedByteCapacity <= 1000 + 3 * 64 + 64)
    }

    // MARK: - Real data

    /// Where the originals cannot be read as the copy's events by a general rule, and why.
    static let exceptions: [String: String] = [
        "cloudtrail2sightings-datadog":
            "exported from Datadog Logs, which moved sourceIPAddress/userAgent/requestID into network.*/http.* and added its own keys; the copy moves them back (not a shape, a rewrite)",
        "otrf-security-datasets":
            "a Logstash export that replaced eventTime by @timestamp (the copy restores it) and a CSV summary; neither is CloudTrail's JSON",
    ]

    /// Keys that an export added to otherwise unchanged events, and that the copy drops.
    static let addedKeyPrefixes: [String: String] = [
        "panther-analysis-tests": "p_",  // Panther's enrichment fields (p_log_type, p_event_time, ...)
    ]

    @Test(.requiresShared) func datasetsInEveryShapeGiveTheEventsOfTheirCloudTrailFormatCopies() throws {
        let shared = try Shared.require()
        let datasets = shared.appendingPathComponent("datasets")
        let fm = FileManager.default
        var table = ["dataset                         files  records  copy  errors  equal"]
        var compared = 0
        for name in try fm.contentsOfDirectory(atPath: datasets.path).sorted() {
            let directory = datasets.appendingPathComponent(name)
            let copyDirectory = directory.appendingPathComponent("cloudtrail-format")
            guard fm.fileExists(atPath: copyDirectory.path) else { continue }
            compared += 1

            // The originals: every file but the copy and the notes, each distinct content once
            // (small-fixtures keeps the same log as .json and .json.gz).
            var originals: [String] = []
            var seen = Set<[UInt8]>()
            for case let relative as String in fm.enumerator(atPath: directory.path)! {
                let path = directory.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                guard !relative.hasPrefix("cloudtrail-format"), relative != "SOURCE.md",
                      fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                if seen.insert(try plainBytes(path)).inserted { originals.append(path) }
            }
            originals.sort()

            var records: [Record] = []
            var errors: [InputError] = []
            for path in originals {
                let drained = drain(try RecordReader(file: InputFile(path: path)))
                records += drained.records
                errors += drained.errors
            }
            var copy: [Any] = []
            for file in try fm.contentsOfDirectory(atPath: copyDirectory.path).sorted() where file != "MANIFEST.json" {
                let object = try JSONSerialization.jsonObject(with: Data(plainBytes(copyDirectory.appendingPathComponent(file).path)))
                copy += try #require((object as? [String: Any])?["Records"] as? [Any])
            }
            let ours = try records.map { try JSONSerialization.jsonObject(with: Data($0.bytes)) }
            let prefix = Self.addedKeyPrefixes[name]
            let equal = try sortedCanonical(ours, droppingKeysWithPrefix: prefix) == sortedCanonical(copy)
            let verdict = equal ? (prefix.map { "yes (without \($0)* keys)" } ?? "yes") : (Self.exceptions[name] == nil ? "NO" : "no: exception")
            table.append(
                name.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(format: "%5ld  %7ld  %4ld  %6ld  ", originals.count, records.count, copy.count, errors.count) + verdict)
            for error in errors { table.append("    \(error)") }

            if let reason = Self.exceptions[name] {
                table.append("    exception: \(reason)")
                try checkException(name, directory: directory, records: records, errors: errors, copy: copy)
                continue
            }
            #expect(equal, "\(name): records differ from the copy's")
            if prefix != nil {
                #expect(try sortedCanonical(ours) != sortedCanonical(copy), "\(name): the added keys are gone; drop the prefix rule")
            }
            if name == "small-fixtures" {
                // cloudgrep's negative fixture, truncated mid-record on purpose.
                #expect(errors.map(\.message) == ["truncated: record 1 is incomplete at end of file"])
                #expect(errors.allSatisfy { $0.path.hasSuffix("bad_cloudtrail.json") })
            } else {
                #expect(errors.isEmpty, "\(name): \(errors)")
            }
        }
        print(table.joined(separator: "\n"))
        #expect(compared >= 8)
    }

    /// What the originals of an exception do give: the same events by eventID, and the errors
    /// the shape calls for.
    private func checkException(_ name: String, directory: URL, records: [Record], errors: [InputError], copy: [Any]) throws {
        let copyIDs = Set(copy.compactMap { ($0 as? [String: Any])?["eventID"] as? String })
        let ourIDs = try records.map { try #require((JSONSerialization.jsonObject(with: Data($0.bytes)) as? [String: Any])?["eventID"] as? String) }
        #expect(Set(ourIDs).isSubset(of: copyIDs) && Set(ourIDs).count == ourIDs.count, "\(name)")
        switch name {
        case "cloudtrail2sightings-datadog":
            // 10 + 1 + 1 records, and all three records concatenated without commas (two errors).
            #expect(records.count == 15)
            let path = directory.appendingPathComponent("aws.execution.ec2-user-data.json").path
            let bytes = try plainBytes(path)
            let at = try #require(bytes.firstRange(of: Array("    }\n{".utf8))).lowerBound + 6
            #expect(errors.first == InputError(path: path, offset: at, message: #"malformed "Records" array: missing ',' after record 1; reading on"#))
            #expect(errors.count == 2)
        case "otrf-security-datasets":
            #expect(records.count == 103)
            #expect(errors.map(\.message) == ["not a CloudTrail log file: expected a JSON object or array, found text that is not JSON"])
            #expect(errors.allSatisfy { $0.path.hasSuffix(".csv") })
        default:
            Issue.record("no check for exception \(name)")
        }
    }

    /// The multiset of values as sorted canonical JSON texts.
    private func sortedCanonical(_ values: [Any], droppingKeysWithPrefix prefix: String? = nil) throws -> [String] {
        try values.map { value in
            var value = value
            if let prefix, let object = value as? [String: Any] {
                value = object.filter { !$0.key.hasPrefix(prefix) }
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    /// A file's bytes, decompressed when gzip.
    private func plainBytes(_ path: String) throws -> [UInt8] {
        let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return try #require(raw.starts(with: [0x1F, 0x8B]) ? gunzipWhole(raw) : raw, "\(path)")
    }
}

// MARK: - Helpers

/// `text` as a JSON string literal (quotes included), as an encoder writes it (`/` as `\/`).
private func jsonString(_ text: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
}

/// Byte offset of the first occurrence of `needle` in `text`.
private func offset(of needle: String, in text: String) -> Int {
    Array(text.utf8).firstRange(of: Array(needle.utf8))!.lowerBound
}

private func readEverywhere(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (Drained, RecordReader) {
    try readEverywhere(Array(text.utf8), sourceLocation: sourceLocation)
}

/// Reads `bytes` in one piece, with chunks of 1 to 13 bytes, and gzip-compressed, checks that
/// every reading gives the same records and errors at the same offsets, and returns the first.
private func readEverywhere(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> (Drained, RecordReader) {
    let reference = try drain(bytes)
    var readings: [(String, Drained)] = []
    for chunk in [1, 2, 3, 5, 8, 13] {
        readings.append(("chunk \(chunk)", try drain(bytes, chunkSize: chunk).0))
    }
    let compressed = gzip(bytes)
    for chunk in [1, 7, 256 * 1024] {
        let (drained, reader) = try drain(compressed, chunkSize: chunk)
        #expect(reader.compression == .gzip, sourceLocation: sourceLocation)
        #expect(reader.shape == reference.1.shape, sourceLocation: sourceLocation)
        readings.append(("gzip chunk \(chunk)", drained))
    }
    for (name, drained) in readings {
        #expect(drained.events == reference.0.events, "\(name)", sourceLocation: sourceLocation)
        #expect(drained.texts == reference.0.texts, "\(name)", sourceLocation: sourceLocation)
        #expect(drained.errors == reference.0.errors, "\(name)", sourceLocation: sourceLocation)
    }
    return reference
}
