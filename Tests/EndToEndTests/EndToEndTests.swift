// EndToEndTests.swift - the built `peregrine` on real CloudTrail logs, judged against Falco's own alerts.
import Foundation
import TestSupport
import Testing

@Suite struct EndToEndTests {
    // MARK: (a) Same alerts as Falco on every oracle input

    /// `peregrine scan --json` over the inputs Falco read for `/work/shared/oracle`, compared with
    /// `compare_alerts.py` (rule, priority, source, tags, output_fields, output text, time).
    @Test(.requiresShared, arguments: [("all", Oracle.Alerts.all), ("first", Oracle.Alerts.first)])
    func alertsMatchFalco(ruleMatching: String, expected: Oracle.Alerts) throws {
        let shared = try Shared.require()
        let peregrine = try UpstreamBuild.binary()
        let started = Date()
        let inputs = try PeregrineProcess.oracleInputs(shared: shared)
        let run = try PeregrineProcess.run(peregrine, ["scan", "--json", "--rule-matching", ruleMatching] + inputs)
        // Status 1 is allowed: the inputs include files that are not CloudTrail logs (MANIFEST.json).
        #expect(run.exitedNormally && (run.status == 0 || run.status == 1), "\(run.summary)")

        // Records without an RFC 3339 eventTime (which Falco drops) get the time of reading: leave them out.
        let cutoff = Self.utcSeconds(started.addingTimeInterval(-60))
        var kept: [String] = []
        var dropped = 0
        for line in run.stdoutLines where line.hasPrefix("{") {
            if let time = Self.alertTime(line), String(time.prefix(19)) > cutoff {
                dropped += 1
            } else {
                kept.append(line)
            }
        }
        print("peregrine scan --rule-matching \(ruleMatching): \(kept.count) alerts compared, \(dropped) dropped as read-time")

        let actual = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-e2e-\(UUID().uuidString).jsonl")
        try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: actual)
        defer { try? FileManager.default.removeItem(at: actual) }
        let compare = try PeregrineProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", try Oracle.comparatorURL.path, actual.path, try Oracle.url(expected).path])
        #expect(compare.exitedNormally && compare.status == 0,
                "compare_alerts.py:\n\(String(decoding: compare.stdout, as: UTF8.self))\n\(compare.stderr)")
        // Records Falco would drop are scanned anyway and counted in one line on stderr
        // (per file with --verbose).
        #expect(run.stderr.contains("have no RFC 3339 eventTime or no string eventType; they were scanned"), "\(run.summary)")
        #expect(!run.stderr.contains("record(s) without an RFC 3339 eventTime"), "one line, not one per file: \(run.summary)")
    }

    // MARK: (b) Bad input files are reported and skipped

    /// One good file among a corrupt .json.gz, a truncated .json, a JSON file that is not a
    /// CloudTrail log and an empty .json: every bad file is named on stderr, the status is 1, and
    /// stdout has exactly the good file's alerts.
    @Test(.requiresShared)
    func badFilesAreReportedAndGoodOnesStillScanned() throws {
        let shared = try Shared.require()
        let peregrine = try UpstreamBuild.binary()
        // Its ConsoleLogin at 12:23:15Z alerts as "Console Login Without MFA" in the oracle.
        let source = shared.appendingPathComponent(
            "datasets/invictus-aws-dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1225Z_4iD2boYSOwmb6sWd.json")
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("peregrine-bad-input-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }

        let good = dir.appendingPathComponent("good.json")
        try fm.copyItem(at: source, to: good)
        let bad: [String: Data] = [
            // gzip magic and header, then garbage.
            "corrupt.json.gz": Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + Array("this is not deflate data".utf8)),
            // Cut inside the first record, so no complete record precedes the damage.
            "truncated.json": Data(#"{"Records":[{"eventVersion":"1.08","eventTime":"2023-07-10T12:23:15Z","eventName":"Console"#.utf8),
            "notcloudtrail.json": Data(#"{"hello":1}"#.utf8),
            "empty.json": Data(),
        ]
        for (name, contents) in bad {
            try contents.write(to: dir.appendingPathComponent(name))
        }

        let alone = try PeregrineProcess.run(peregrine, ["scan", "--json", good.path])
        #expect(alone.exitedNormally && alone.status == 0, "\(alone.summary)")
        #expect(!alone.stdoutLines.isEmpty, "the good file should produce alerts")

        let mixed = try PeregrineProcess.run(peregrine, ["scan", "--json", dir.path])
        #expect(mixed.exitedNormally && mixed.status == 1, "\(mixed.summary)")
        for name in bad.keys.sorted() {
            #expect(mixed.stderr.contains(name), "stderr does not name \(name):\n\(mixed.stderr)")
        }
        #expect(mixed.stdoutLines.sorted() == alone.stdoutLines.sorted())
    }

    // MARK: (c) Command line

    @Test
    func helpMentionsScan() throws {
        let peregrine = try PeregrineProcess.binary()
        let help = try PeregrineProcess.run(peregrine, ["--help"])
        #expect(help.exitedNormally && help.status == 0, "\(help.summary)")
        #expect(String(decoding: help.stdout, as: UTF8.self).contains("scan"))
    }

    @Test
    func unknownScanFlagIsAUsageError() throws {
        let peregrine = try PeregrineProcess.binary()
        let run = try PeregrineProcess.run(peregrine, ["scan", "--no-such-flag"])
        #expect(run.exitedNormally && run.status == 2, "\(run.summary)")
        #expect(!run.stderr.isEmpty)
    }

    // MARK: Helpers

    /// The package built with Falco's upstream rules file as its only rules, once per test run.
    enum UpstreamBuild {
        static let result: Result<URL, BuildFailure> = {
            guard let shared = Shared.directory else { return .failure(BuildFailure(description: "../shared absent")) }
            do {
                let text = try String(contentsOf: shared.appendingPathComponent("upstream/falco/aws_cloudtrail_rules.yaml"), encoding: .utf8)
                let variant = PackageVariant(name: "upstream")
                try variant.prepare(rules: ["aws_cloudtrail_rules.yaml": text])
                let build = try variant.build()
                guard build.status == 0 else {
                    return .failure(BuildFailure(description: "building with the upstream rules failed:\n\(String(decoding: build.stdout, as: UTF8.self).suffix(4000))\n\(build.stderr.suffix(4000))"))
                }
                return .success(variant.binary)
            } catch {
                return .failure(BuildFailure(description: "\(error)"))
            }
        }()

        static func binary() throws -> URL { try result.get() }
    }

    struct BuildFailure: Error, CustomStringConvertible { var description: String }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC: alert `time` values compare with it as strings.
    static func utcSeconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return String(formatter.string(from: date).prefix(19))
    }

    /// The `time` property of a JSON alert line.
    static func alertTime(_ line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object["time"] as? String
    }
}

/// The harness helpers themselves work today (no peregrine needed).
@Suite struct EndToEndHarnessTests {
    @Test(.requiresShared) func oracleInputsAreTheDatasetsFalcoRead() throws {
        let shared = try Shared.require()
        let inputs = try PeregrineProcess.oracleInputs(shared: shared)
        #expect(inputs.contains { $0.hasSuffix("invictus-aws-dataset/CloudTrail") })
        #expect(inputs.contains { $0.hasSuffix("small-fixtures/cloudtrail-format") })
        #expect(inputs.contains { $0.hasSuffix("testdata/alice_start_instances.json") })
        #expect(!inputs.contains { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") })
        for input in inputs { #expect(FileManager.default.fileExists(atPath: input)) }
    }

    @Test func runCapturesOutputAndStatus() throws {
        let run = try PeregrineProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo out; echo \"$TZ\" >&2; exit 3"])
        #expect(run.exitedNormally)
        #expect(run.status == 3)
        #expect(run.stdoutLines == ["out"])
        #expect(run.stderr == "UTC\n")
    }

    @Test func readTimeAlertsAreRecognised() {
        let line = #"{"hostname":"h","output":"x","time":"2099-01-01T00:00:00.000000000Z"}"#
        #expect(EndToEndTests.alertTime(line) == "2099-01-01T00:00:00.000000000Z")
        let cutoff = EndToEndTests.utcSeconds(Date(timeIntervalSince1970: 1_546_300_800))
        #expect(cutoff == "2019-01-01T00:00:00")
        #expect("2019-01-01T00:00:01" > cutoff && "2018-12-31T23:59:59" < cutoff)
    }
}
