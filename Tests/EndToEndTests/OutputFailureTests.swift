// OutputFailureTests.swift - alerts that cannot be written are an error, counted, never silent
// (issue: `scan > /dev/full` and `scan >&-` exited 0 and counted the alerts as written).
import Foundation
import Testing
import TestSupport

@Suite struct OutputFailureTests {
    var samples: String { SharedFixtures.packageRoot.appendingPathComponent("samples").path }

    /// Runs `peregrine ARGS` through `sh -c` so the test can point stdout at a device or close it.
    func shell(_ redirect: String, _ args: [String]) throws -> ProcessOutcome {
        let binary = try PeregrineProcess.binary()
        let quoted = ([binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try PeregrineProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", quoted.joined(separator: " ") + " " + redirect])
    }

    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "needs /dev/full"))
    func aFullDiskIsExitThreeAndSaysHowManyAlertsWereLost() throws {
        let r = try shell(">/dev/full", ["scan", samples])
        #expect(r.status == 3, "\(r.summary)")
        #expect(r.stderr.contains("No space left on device"), "\(r.summary)")
        #expect(r.stderr.contains("6 of 6 alerts were not delivered"), "\(r.summary)")
        #expect(r.stderr.contains("(6 not delivered)"), "the summary line counts them too: \(r.summary)")
    }

    @Test func aClosedStdoutIsExitThree() throws {
        let r = try shell(">&-", ["scan", samples])
        #expect(r.status == 3, "\(r.summary)")
        #expect(r.stderr.contains("not delivered"), "\(r.summary)")
    }

    @Test func quietStillReportsLostAlerts() throws {
        let r = try shell(">&-", ["scan", "--quiet", samples])
        #expect(r.status == 3, "\(r.summary)")
        #expect(r.stderr.contains("6 of 6 alerts were not delivered"), "\(r.summary)")
    }

    @Test func standardInputTwiceIsAUsageError() throws {
        let r = try shell("</dev/null", ["scan", "-", "-"])
        #expect(r.status == 2, "\(r.summary)")
        #expect(r.stderr.contains("standard input"), "\(r.summary)")
    }

    /// `--jobs 10000` aborted on a failed allocation (exit 134).
    @Test func tooManyJobsIsAUsageError() throws {
        let r = try shell("", ["scan", "--jobs", "10000", samples])
        #expect(r.status == 2, "\(r.summary)")
        #expect(r.stderr.contains("at most"), "\(r.summary)")
        #expect(!r.stderr.contains("cannot write alerts: cannot write alerts"))
    }

    /// A 20 KB gzip of `{"Records":[1,1,1,…]}` drove memory to gigabytes and stderr to 1.2 GB:
    /// one error line per bad record. Now a file prints its first few and a count.
    @Test func millionsOfBadRecordsPrintAFewLinesAndACount() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.json")
        let n = 200_000
        var text = "{\"Records\":["
        text += Array(repeating: "1", count: n).joined(separator: ",")
        text += "]}"
        try Data(text.utf8).write(to: file)
        let r = try shell("", ["scan", file.path])
        #expect(r.status == 1, "\(r.summary)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count <= 15, "stderr has \(lines.count) lines")
        #expect(r.stderr.contains("\(n - 10) more record(s) could not be read (\(n) in this file"), "\(r.stderr.prefix(3000))")
        #expect(r.stderr.contains("\(n) bad records skipped"), "\(r.stderr.suffix(500))")
    }
}

/// `--output` as a user runs it: several destinations at once, each counted on its own.
@Suite struct OutputDestinationTests {
    var samples: String { SharedFixtures.packageRoot.appendingPathComponent("samples").path }

    @Test func aFileAndAProgramBothGetEveryAlert() throws {
        let binary = try PeregrineProcess.binary()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("alerts.jsonl"), piped = dir.appendingPathComponent("piped.jsonl")
        let stdout = try PeregrineProcess.run(binary, ["scan", "--json", samples])
        let r = try PeregrineProcess.run(binary, ["scan", "--json", "--output", "file:\(file.path)",
                                                  "--output", "program:cat >> '\(piped.path)'", samples])
        #expect(r.status == 0, "\(r.summary)")
        #expect(r.stdout.isEmpty, "stdout is not a destination unless named")
        #expect(try Data(contentsOf: file) == stdout.stdout)
        #expect(try Data(contentsOf: piped) == stdout.stdout)
        // A second run appends.
        _ = try PeregrineProcess.run(binary, ["scan", "--json", "--output", "file:\(file.path)", samples])
        #expect(try Data(contentsOf: file) == stdout.stdout + stdout.stdout)
    }

    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "needs /dev/full"))
    func aFailingDestinationIsNamedAndTheOthersGoOn() throws {
        let binary = try PeregrineProcess.binary()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-ok-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try PeregrineProcess.run(binary, ["scan", "-o", "file:/dev/full", "-o", "file:\(file.path)", samples])
        #expect(r.status == 3, "\(r.summary)")
        #expect(r.stderr.contains("cannot write alerts to file:/dev/full: No space left on device; 6 of 6 alerts were not delivered"), "\(r.summary)")
        #expect(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count == 6)
    }

    @Test func aBadDestinationIsAUsageErrorAndAMissingDirectoryIsExitThree() throws {
        let binary = try PeregrineProcess.binary()
        let usage = try PeregrineProcess.run(binary, ["scan", "-o", "syslog", samples])
        #expect(usage.status == 2, "\(usage.summary)")
        #expect(usage.stderr.contains("file:PATH or program:COMMAND"))
        let missing = try PeregrineProcess.run(binary, ["scan", "-o", "file:/nonexistent-dir/a.log", samples])
        #expect(missing.status == 3, "\(missing.summary)")
        #expect(missing.stderr.contains("cannot open file:/nonexistent-dir/a.log"), "\(missing.summary)")
    }

    @Test func aProgramThatFailsIsReported() throws {
        let binary = try PeregrineProcess.binary()
        let r = try PeregrineProcess.run(binary, ["scan", "-o", "program:cat >/dev/null; exit 4", samples])
        #expect(r.status == 3, "\(r.summary)")
        #expect(r.stderr.contains("exited with status 4"), "\(r.summary)")
    }
}
