// JobsCommandLineTests.swift - `--jobs` and `--ordered` on the built scanner.
import Foundation
import TestSupport
import Testing

@Suite struct JobsCommandLineTests {
    var binary: URL { get throws { try PeregrineProcess.binary() } }

    /// Over the real datasets (many files): `--ordered` with several jobs prints exactly what one
    /// job prints, and without `--ordered` the same lines in some order.
    @Test(.requiresShared) func orderedOutputIsOneJobsOutput() throws {
        let shared = try Shared.require()
        let inputs = [shared.appendingPathComponent("datasets/invictus-aws-dataset/CloudTrail").path,
                      shared.appendingPathComponent("datasets/panther-analysis-tests/cloudtrail-format").path]
        let one = try PeregrineProcess.run(binary, ["scan", "--json", "--jobs", "1"] + inputs)
        let ordered = try PeregrineProcess.run(binary, ["scan", "--json", "-j", "3", "--ordered"] + inputs)
        let unordered = try PeregrineProcess.run(binary, ["scan", "--json", "--jobs=4"] + inputs)
        #expect(one.exitedNormally && one.status == ordered.status && one.status == unordered.status, "\(one.summary)")
        #expect(!one.stdoutLines.isEmpty)
        // Alerts of records Falco drops are timed at reading, so compare without `time`/`output`
        // prefix differences: those records are few; compare whole lines of the others.
        let stable = { (lines: [String]) in lines.filter { !$0.contains("\"time\":\"20\(Calendar.current.component(.year, from: Date()) % 100)") } }
        #expect(stable(ordered.stdoutLines) == stable(one.stdoutLines))
        #expect(stable(unordered.stdoutLines).sorted() == stable(one.stdoutLines).sorted())
        #expect(ordered.stderr.split(separator: "\n").last == one.stderr.split(separator: "\n").last)
    }

    @Test func jobsMustBeAPositiveNumber() throws {
        for value in ["0", "-2", "many"] {
            let run = try PeregrineProcess.run(binary, ["scan", "--jobs", value, "-"])
            #expect(run.exitedNormally && run.status == 2, "--jobs \(value): \(run.summary)")
            #expect(run.stderr.contains("--jobs"))
        }
    }
}

@Suite struct MaxRecordSizeCommandLineTests {
    var binary: URL { get throws { try PeregrineProcess.binary() } }

    @Test func maxRecordSizeSkipsLargerRecordsAndNamesThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("maxrec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let event = #"{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"X","eventSource":"s3.amazonaws.com","eventType":"AwsApiCall","pad":"PAD"}"#
        let big = event.replacingOccurrences(of: "PAD", with: String(repeating: "x", count: 3000))
        let file = dir.appendingPathComponent("a.json")
        try (#"{"Records":["# + [event, big, event].joined(separator: ",") + "]}").write(to: file, atomically: true, encoding: .utf8)
        let limited = try PeregrineProcess.run(binary, ["scan", "--max-record-size", "2K", file.path])
        #expect(limited.exitedNormally && limited.status == 1, "\(limited.summary)")
        #expect(limited.stderr.contains("record 2 (byte "))
        #expect(limited.stderr.contains("record is larger than 2048 bytes; skipped"))
        #expect(limited.stderr.contains("peregrine: 2 events in 1 files"))
        let roomy = try PeregrineProcess.run(binary, ["scan", "--max-record-size=1M", file.path])
        #expect(roomy.exitedNormally && roomy.status == 0, "\(roomy.summary)")
        #expect(roomy.stderr.contains("peregrine: 3 events in 1 files"))
        for value in ["0", "12", "lots", "2X", "-5M"] {
            let run = try PeregrineProcess.run(binary, ["scan", "--max-record-size", value, file.path])
            #expect(run.exitedNormally && run.status == 2, "--max-record-size \(value): \(run.summary)")
            #expect(run.stderr.contains("--max-record-size must be"))
        }
    }
}
