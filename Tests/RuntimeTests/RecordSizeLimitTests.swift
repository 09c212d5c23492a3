// RecordSizeLimitTests.swift - the record size limit is a scan option, applied by every reader.
import Foundation
import Testing
@testable import Runtime

@Suite struct RecordSizeLimitTests {
    static func scan(_ dir: URL, maxRecordSize: Int, fastPath: Bool = true) throws -> (summary: ScanSummary, notes: [String]) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        let fd = open(out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); try? FileManager.default.removeItem(at: out) }
        let notes = NoteCollector()
        let scanner = Scanner(ruleSet: FileFastPathTests.ruleSet(),
                              options: ScanOptions(hostname: "h", jobs: 1, maxRecordSize: maxRecordSize),
                              writer: AlertWriter(fileDescriptor: fd), report: { notes.add($0) })
        scanner.usesFastPath = fastPath
        return (scanner.scan([dir.path]), notes.lines)
    }

    @Test func theDefaultIsSizedForCloudTrailRecords() {
        // CloudTrail's own limit is 256 KB per event; the default leaves room for larger ones.
        #expect(ScanOptions(hostname: "h").maxRecordSize == 8 * 1024 * 1024)
        #expect(RecordReader.defaultMaxRecordSize == ScanOptions.defaultMaxRecordSize)
    }

    @Test func aRecordOverTheChosenLimitIsSkippedByBothReaders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = FileFastPathTests.records(3, seed: 2)
        let big = FileFastPathTests.records(1, seed: 4, padding: 20_000)
        try Data(FileFastPathTests.envelope(small + big + small)).write(to: dir.appendingPathComponent("a.json"))
        try Data(Array((small + big + small).joined(separator: "\n").utf8)).write(to: dir.appendingPathComponent("b.json"))
        for fastPath in [true, false] {
            let limited = try Self.scan(dir, maxRecordSize: 16 * 1024, fastPath: fastPath)
            #expect(limited.summary.events == 12, "fast path \(fastPath)")
            #expect(limited.summary.recordErrors == 2)
            #expect(limited.notes.filter { $0.contains("record 4 ") && $0.hasSuffix("record is larger than 16384 bytes; skipped") }.count == 2,
                    "\(limited.notes)")
            let roomy = try Self.scan(dir, maxRecordSize: 64 * 1024, fastPath: fastPath)
            #expect(roomy.summary.events == 14 && roomy.summary.recordErrors == 0)
        }
    }
}
