import Foundation
import Testing
@testable import Runtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parallel scanner: same alerts as one job, input order with --ordered, run-wide evt.num.
@Suite struct ParallelScanTests {
    /// A rule set whose one rule matches every event and prints `evt.num`, `ct.name` and
    /// `evt.reltime`, so numbering and order are visible in the output.
    static func everyEventRuleSet() -> RuleSet {
        let rule = CompiledRule(
            name: "Every", priority: .notice, source: "aws_cloudtrail", tags: [], enabled: true, description: "",
            location: "t.yaml:1:1",
            output: OutputFormat([
                .text("n="), .field(slot: 1, token: "evt.num", width: nil),
                .text(" name="), .field(slot: 0, token: "ct.name", width: nil),
                .text(" rel="), .field(slot: 2, token: "evt.reltime", width: nil),
            ]),
            matches: { $0.exists(0) })
        return RuleSet(fields: [FieldRequest(.ctName), FieldRequest(.evtNum), FieldRequest(.evtReltime)],
                       rules: [rule], dispatch: EventNameDispatch(buckets: [], always: [0]), eventNameSlot: 0,
                       sources: [])
    }

    /// A directory of `count` log files with 1 to 40 records each (file 3 holds a broken record,
    /// file 5 is not a log), record times one second apart across the whole run.
    static func makeInputs(count: Int) throws -> (URL, total: Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var second = 0
        var total = 0
        for f in 0..<count {
            let name = dir.appendingPathComponent(String(format: "f%03d.json", f))
            if f == 5 {
                try Data(#"{"hello":1}"#.utf8).write(to: name)
                continue
            }
            var records: [String] = []
            for r in 0..<(1 + (f * 7) % 40) {
                second += 1
                let time = String(format: "2024-01-01T00:%02d:%02dZ", second / 60 % 60, second % 60)
                records.append(#"{"eventTime":"\#(time)","eventType":"AwsApiCall","eventName":"F\#(f)R\#(r)"}"#)
                total += 1
            }
            if f == 3 { records.insert(#"{"eventName":"broken" "x"}"#, at: 1) }
            try Data((#"{"Records":["# + records.joined(separator: ",") + "]}").utf8).write(to: name)
        }
        return (dir, total)
    }

    /// Runs a scan writing alerts to a temporary file; returns the alert bytes and the summary.
    static func scan(_ dir: URL, jobs: Int, ordered: Bool) throws -> (String, ScanSummary, [String]) {
        guard #available(macOS 15.0, *) else { return ("", ScanSummary(), []) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString)")
        let fd = open(out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); try? FileManager.default.removeItem(at: out) }
        let writer = AlertWriter(fileDescriptor: fd, flushThreshold: 256)
        let notes = NoteCollector()
        let scanner = Scanner(ruleSet: everyEventRuleSet(),
                              options: ScanOptions(hostname: "h", jobs: jobs, ordered: ordered),
                              writer: writer, report: { notes.add($0) })
        let summary = scanner.scan([dir.path])
        return (try String(contentsOf: out, encoding: .utf8), summary, notes.lines)
    }

    @Test(arguments: [2, 3, 8])
    func orderedIsExactlySequential(jobs: Int) throws {
        let (dir, total) = try Self.makeInputs(count: 24)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (sequential, s1, notes1) = try Self.scan(dir, jobs: 1, ordered: false)
        let (ordered, s2, notes2) = try Self.scan(dir, jobs: jobs, ordered: true)
        #expect(ordered == sequential)
        #expect(notes2 == notes1)
        #expect(s1.events == total && s2.events == total)
        #expect(s1.files == 24 && s2.files == 24)
        #expect(s1.inputErrors + s1.recordErrors == 2 && s2.inputErrors + s2.recordErrors == 2)
        #expect(s2.alerts == total)
    }

    @Test(arguments: [2, 5])
    func unorderedHasTheSameAlertsAndRunWideNumbers(jobs: Int) throws {
        let (dir, total) = try Self.makeInputs(count: 24)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (sequential, _, _) = try Self.scan(dir, jobs: 1, ordered: false)
        let (parallel, summary, _) = try Self.scan(dir, jobs: jobs, ordered: false)
        let lines = sequential.split(separator: "\n")
        #expect(lines.count == total)
        #expect(parallel.split(separator: "\n").sorted() == lines.sorted())
        #expect(summary.alerts == total)
        // evt.num counts over the whole run in input order; evt.reltime from its first event.
        for (i, line) in lines.enumerated() {
            #expect(line.contains(" Notice n=\(i + 1) name="))
            // Rendered as libsinsp's PF_RELTIME text: seconds (when non-zero), then 9 digits of ns.
            #expect(line.hasSuffix(" rel=" + (i > 0 ? "\(i)" : "") + "000000000"))
        }
    }

    /// With tiny limits every non-head worker has to wait for its turn: order still holds and
    /// nothing deadlocks.
    @Test func sequencerWaitsForTheHeadUnderTinyLimits() throws {
        guard #available(macOS 15.0, *) else { return }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("seq-\(UUID().uuidString)")
        let fd = open(out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); try? FileManager.default.removeItem(at: out) }
        let writer = AlertWriter(fileDescriptor: fd, flushThreshold: 1)
        let files = 40
        let sequencer = FileSequencer(fileCount: files, ordered: true, writer: writer, report: { _ in },
                                      maxHeldBytes: 8, maxPendingBytes: 8)
        WorkerThreads.run(count: 4) { _ in
            while let f = sequencer.next() {
                var output = FileSequencer.FileOutput()
                for line in 0..<(f % 5 + 1) {
                    output.alerts.append(contentsOf: "file \(f) line \(line)\n".utf8)
                    if line % 2 == 1 { sequencer.deliver(f, &output, finished: false) }
                }
                // Files also learn their origin (waits for all earlier files).
                let origin = sequencer.origin(ofFile: f)
                #expect(origin.eventsBefore == UInt64((0..<f).reduce(0) { $0 + $1 % 5 + 1 }))
                sequencer.deliver(f, &output, finished: true, events: UInt64(f % 5 + 1))
            }
        }
        try writer.flush()
        var expected = ""
        for f in 0..<files { for line in 0..<(f % 5 + 1) { expected += "file \(f) line \(line)\n" } }
        #expect(try String(contentsOf: out, encoding: .utf8) == expected)
    }
}

/// Collects diagnostic lines from worker threads.
final class NoteCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func add(_ line: String) { lock.lock(); collected.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return collected }
}

/// Rules keyed on a name prefix or suffix are tested only on the names they admit, whether the
/// name has a bucket of exact rules or not.
@Suite struct PatternDispatchTests {
    @Test func prefixAndSuffixRulesGetOnlyTheirNames() {
        let dispatch = EventNameDispatch(
            buckets: [("DeleteBucket", [0]), ("GetObject", [0])], always: [3],
            patterns: [(1, EventNameFilter(prefixes: ["Delete"])), (2, EventNameFilter(["Exact"], suffixes: ["Policy"]))])
        func candidates(_ name: String) -> [Int] { dispatch.candidates(forEventName: ByteString(Array(name.utf8))) }
        #expect(candidates("DeleteBucket") == [0, 1, 3])
        #expect(candidates("GetObject") == [0, 3])
        #expect(candidates("DeleteTrail") == [1, 3], "no bucket: always plus the admitting patterns")
        #expect(candidates("PutBucketPolicy") == [2, 3])
        #expect(candidates("Describe") == [3])
        #expect(dispatch.candidates(forEventName: nil) == [3])
    }

    @Test func aFilterCutsItsLiteralsAtNULLikeLibsinsp() {
        let f = EventNameFilter(prefixes: ["Del\u{0}ete"])
        #expect(Array("Delta".utf8).withUnsafeBytes { f.admitsByPattern($0) })
    }
}
