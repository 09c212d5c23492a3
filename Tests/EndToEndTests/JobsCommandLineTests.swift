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
