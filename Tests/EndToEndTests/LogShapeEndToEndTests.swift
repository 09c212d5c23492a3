// LogShapeEndToEndTests.swift - the same events in every shape of file give the same alerts.
import Foundation
import TestSupport
import Testing

@Suite struct LogShapeEndToEndTests {
    var binary: URL { get throws { try PeregrineProcess.binary() } }

    /// The invictus events (real CloudTrail deliveries) written as `{"Records":[…]}` and in every
    /// other shape `RecordReader` reads; `peregrine scan --json` must give each file the same
    /// alerts, with status 0 and the same event count. Every record is serialised once, so each
    /// shape holds byte-identical events (as a JSON string where the shape says so).
    @Test(.requiresShared) func everyShapeGivesTheSameAlerts() throws {
        let shared = try Shared.require()
        let source = shared.appendingPathComponent("datasets/invictus-aws-dataset/CloudTrail")
        let fm = FileManager.default
        var events: [Data] = []
        for name in try fm.contentsOfDirectory(atPath: source.path).sorted() where name.hasSuffix(".json") {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent(name)))
            for record in try #require((object as? [String: Any])?["Records"] as? [Any]) {
                events.append(try JSONSerialization.data(withJSONObject: record))
            }
        }
        #expect(events.count > 2000)

        let dir = fm.temporaryDirectory.appendingPathComponent("peregrine-shapes-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        func join(_ parts: [Data], _ separator: String) -> Data { Data(parts.joined(separator: Data(separator.utf8))) }
        func text(_ s: String) -> Data { Data(s.utf8) }
        let strings = try events.map { try JSONSerialization.data(withJSONObject: String(decoding: $0, as: UTF8.self), options: [.fragmentsAllowed]) }
        let halves = [Array(events.indices.prefix(events.count / 2)), Array(events.indices.dropFirst(events.count / 2))]
        let control = text(#"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}"#)
        let cloudWatch = halves.map { half in
            text(#"{"messageType":"DATA_MESSAGE","owner":"218007301253","logGroup":"trail","logStream":"s","subscriptionFilters":["f"],"logEvents":["#)
                + join(half.map { text(#"{"id":"\#($0)","timestamp":1,"message":"#) + strings[$0] + text("}") }, ",") + text("]}")
        }
        let shapes: [String: Data] = [
            "reference.json": text(#"{"Records":["#) + join(events, ",") + text("]}"),
            "array.json": text("[\n") + join(events, ",\n") + text("\n]\n"),
            "lines.jsonl": join(events, "\n") + text("\n"),
            "concatenated.json": join(events, ""),
            "eventbridge.jsonl": join(events.map {
                text(#"{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail","account":"1","time":"t","region":"r","resources":[],"detail":"#) + $0 + text("}")
            }, "\n"),
            "lookup-events.json": text(#"{"Events":["#)
                + join(strings.map { text(#"{"EventId":"x","EventName":"y","CloudTrailEvent":"#) + $0 + text("}") }, ",")
                + text(#"],"NextToken":"n"}"#),
            "lake.jsonl": join(strings.map { text(#"{"CloudTrailEvent":"#) + $0 + text("}") }, "\n"),
            "cloudwatch-firehose.json": control + cloudWatch[0] + control + cloudWatch[1],
            "filter-log-events.json": text(#"{"events":["#)
                + join(strings.map { text(#"{"logStreamName":"s","timestamp":1,"message":"#) + $0 + text("}") }, ",") + text("]}"),
            "wrapped.jsonl": join(events.map { text(#"{"_source":{"path":"x"},"event":"#) + $0 + text("}") }, "\n"),
        ]
        for (name, data) in shapes {
            try data.write(to: dir.appendingPathComponent(name))
        }
        // Firehose files arrive gzip-compressed.
        let gzip = try PeregrineProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -k '\(dir.appendingPathComponent("cloudwatch-firehose.json").path)'"])
        #expect(gzip.status == 0, "\(gzip.summary)")

        let reference = try PeregrineProcess.run(binary, ["scan", "--json", dir.appendingPathComponent("reference.json").path])
        #expect(reference.status == 0, "\(reference.summary)")
        #expect(reference.stderr.contains("\(events.count) events in 1 files"), "\(reference.summary)")
        let alerts = reference.stdoutLines.sorted()
        #expect(!alerts.isEmpty)
        for name in shapes.keys.sorted() + ["cloudwatch-firehose.json.gz"] where name != "reference.json" {
            let run = try PeregrineProcess.run(binary, ["scan", "--json", dir.appendingPathComponent(name).path])
            #expect(run.status == 0, "\(name): \(run.summary)")
            #expect(run.stderr.contains("\(events.count) events in 1 files"), "\(name): \(run.summary)")
            #expect(run.stdoutLines.sorted() == alerts, "\(name): alerts differ")
        }
        print("every shape: \(events.count) events, \(alerts.count) alerts, \(shapes.count) files")
    }
}
