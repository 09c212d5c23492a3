// AlertDestinationTests.swift - files reopened after SIGHUP, programs started again when they exit.
import Foundation
import Runtime
import Testing

@Suite(.serialized) struct AlertDestinationTests {
    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alert-dest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    @Test func parsesFalcosOutputNames() {
        #expect(AlertDestination(parsing: "stdout") == .fileDescriptor(1))
        #expect(AlertDestination(parsing: "file:/var/log/a.log") == .file(path: "/var/log/a.log"))
        #expect(AlertDestination(parsing: "program:jq -c .") == .program(command: "jq -c ."))
        #expect(AlertDestination(parsing: "file:") == nil)
        #expect(AlertDestination(parsing: "http://x") == nil)
    }

    @Test func aFileIsAppendedToAndReopenedAfterSIGHUP() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("alerts.log"), rotated = dir.appendingPathComponent("alerts.log.1")
        try Data("earlier\n".utf8).write(to: log)
        let writer = try AlertWriter(destinations: [.file(path: log.path)], flushThreshold: 1)
        try writer.write(Array("one\n".utf8))
        // logrotate: move the file away, then SIGHUP.
        try FileManager.default.moveItem(at: log, to: rotated)
        // Process-directed, as logrotate sends it (test threads may block signals).
        kill(getpid(), SIGHUP)
        usleep(100_000)
        try writer.write(Array("two\n".utf8))
        writer.finish()
        #expect(read(rotated) == "earlier\none\n")
        #expect(read(log) == "two\n")
        #expect(writer.reports.first?.deliveredLines == 2)
    }

    @Test func aProgramThatExitsIsStartedAgainAndGetsTheLine() throws {
        AlertWriter.ignoreSIGPIPE()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = dir.appendingPathComponent("started"), out = dir.appendingPathComponent("out")
        // First run: leave a marker and exit at once; later runs: copy input to `out`.
        let command = "if [ -e '\(marker.path)' ]; then cat >> '\(out.path)'; else touch '\(marker.path)'; exit 0; fi"
        let writer = try AlertWriter(destinations: [.program(command: command)], flushThreshold: 1)
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: marker.path) { usleep(10_000) }
        usleep(200_000)  // let the first instance exit, so the write meets a closed pipe
        try writer.write(Array("alert 1\n".utf8))
        try writer.write(Array("alert 2\n".utf8))
        writer.finish()
        #expect(read(out) == "alert 1\nalert 2\n")
        let report = try #require(writer.reports.first)
        #expect(report.restarts == 1)
        #expect(report.error == nil)
        #expect(report.deliveredLines == 2)
    }

    @Test func aProgramThatKeepsFailingGivesUpWithAnError() throws {
        AlertWriter.ignoreSIGPIPE()
        let writer = try AlertWriter(destinations: [.program(command: "exit 1")], flushThreshold: 1)
        usleep(200_000)
        var thrown: AlertWriterError?
        for i in 0..<20 {
            do { try writer.write(Array("alert \(i)\n".utf8)) } catch { thrown = error; break }
            usleep(50_000)
        }
        writer.finish()
        let report = try #require(writer.reports.first)
        #expect(report.error == .failed(errno: EPIPE), "\(report)")
        #expect(thrown == .failed(errno: EPIPE), "the only destination failed: the scan must stop")
        #expect((1...5).contains(report.restarts), "at most 5 restarts, got \(report.restarts)")
    }

    @Test func oneFailingDestinationDoesNotStopTheOthers() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.log")
        let writer = try AlertWriter(destinations: [.file(path: "/dev/full"), .file(path: good.path)], flushThreshold: 1)
        try writer.write(Array("a\n".utf8))
        try writer.write(Array("b\n".utf8))
        writer.finish()
        #expect(read(good) == "a\nb\n")
        #expect(writer.reports.map(\.deliveredLines) == [0, 2])
        #expect(writer.reports[0].error == .failed(errno: ENOSPC))
        #expect(writer.deliveredLines == 0, "the fewest any destination got")
    }

    @Test func aFileThatCannotBeOpenedIsAnErrorBeforeTheScan() {
        #expect(throws: AlertWriterError.cannotOpen("file:/nonexistent-dir/a.log", errno: ENOENT)) {
            _ = try AlertWriter(destinations: [.file(path: "/nonexistent-dir/a.log")])
        }
    }
}
