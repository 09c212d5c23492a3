import CZlib
import Foundation
import Testing
import TestSupport
@testable import Runtime

/// The one-pass reader for CloudTrail's own shape gives exactly what the general reader gives:
/// same alerts (byte for byte, evt.num included), same errors and notes, same counts, on real
/// files and on files damaged in every way the fast path has to hand back.
@Suite struct FileFastPathTests {
    /// Alerts on every event, printing fields of every kind of source (captured, computed, evt).
    static func ruleSet() -> RuleSet {
        let fields = [
            FieldRequest(.ctName), FieldRequest(.ctId), FieldRequest(.evtNum), FieldRequest(.ctUser),
            FieldRequest(.jsonValue, argument: "/requestParameters"), FieldRequest(.ctSrcip), FieldRequest(.ctInfo),
        ]
        var segments: [OutputFormat.Segment] = []
        for (slot, f) in fields.enumerated() {
            segments.append(.text(" \(slot)="))
            segments.append(.field(slot: slot, token: "\(f.kind.rawValue)\(slot)", width: nil))
        }
        let rule = CompiledRule(name: "Every", priority: .notice, source: "aws_cloudtrail", tags: [], enabled: true,
                                description: "", location: "t.yaml:1:1", output: OutputFormat(segments),
                                matches: { _ in true })
        return RuleSet(fields: fields, rules: [rule], dispatch: EventNameDispatch(buckets: [], always: [0]),
                       eventNameSlot: 0, sources: [])
    }

    static func scan(_ dir: URL, fastPath: Bool) throws -> (alerts: String, notes: [String], summary: ScanSummary) {
        guard #available(macOS 15.0, *) else { return ("", [], ScanSummary()) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString)")
        let fd = open(out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); try? FileManager.default.removeItem(at: out) }
        let notes = NoteCollector()
        let scanner = Scanner(ruleSet: ruleSet(), options: ScanOptions(format: .json, hostname: "h", jobs: 1),
                              writer: AlertWriter(fileDescriptor: fd), report: { notes.add($0) })
        scanner.usesFastPath = fastPath
        let summary = scanner.scan([dir.path])
        // Alert times of records Falco would drop are the time of reading: blank them out.
        // (The damaged gzip file, read on past its damage, yields such records.)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let text = try String(contentsOf: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.contains("\"time\":\"\(year)-") ? "<alert timed at reading>" : String($0) }
            .joined(separator: "\n")
        return (text, notes.lines, summary)
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
        let n = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress!
                stream.avail_out = uInt(output.count)
                deflate(&stream, Z_FINISH)
                return output.count - Int(stream.avail_out)
            }
        }
        return Array(out[..<n])
    }

    /// Records with fixed times (no time of reading in the output) and a few escapes.
    static func records(_ count: Int, seed: UInt64, padding: Int = 0) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { k in
            let pad = padding > 0 ? String(repeating: "x", count: padding) : ""
            return #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"u\#(k)"},"eventTime":"2024-01-02T03:04:05Z","eventSource":"iam.amazonaws.com","eventName":"Name\#(rng.next() % 7)","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.\#(k % 250)","requestParameters":{"userName":"a\"b\u00e9","pad":"\#(pad)"},"eventID":"id-\#(k)","eventType":"AwsApiCall","readOnly":false}"#
        }
    }

    static func envelope(_ records: [String], separator: String = ",") -> [UInt8] {
        Array((#"{"Records":["# + records.joined(separator: separator) + "]}").utf8)
    }

    @Test func damagedAndOddFilesGiveTheGeneralReadersResults() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fastpath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String: [UInt8]] = [:]
        let many = Self.records(3000, seed: 1)  // about 1 MB: records straddle read chunks
        files["a-plain.json"] = Self.envelope(many)
        files["b-gzip.json.gz"] = Self.gzip(Self.envelope(many))
        files["c-spaces.json"] = Array(("  \n{ \"Records\" :\n [ " + many.prefix(50).joined(separator: " ,\n ") + " ] } \n").utf8)
        var broken = many.prefix(40).map { $0 }
        broken[17] = #"{"eventName":"broken" "x"}"#
        files["d-bad-record.json"] = Self.envelope(broken)
        var notObject = many.prefix(30).map { $0 }
        notObject[5] = "42"
        files["e-not-object.json"] = Self.envelope(notObject)
        files["f-truncated.json"] = Array(Self.envelope(Array(many.prefix(30))).dropLast(200))
        files["g-extra-key.json"] = Array((#"{"Records":["# + many.prefix(10).joined(separator: ",") + #"],"Other":1}"#).utf8)
        files["h-key-first.json"] = Array((#"{"Other":1,"Records":["# + many.prefix(10).joined(separator: ",") + "]}").utf8)
        files["i-bom.json"] = [0xEF, 0xBB, 0xBF] + Self.envelope(Array(many.prefix(10)))
        files["j-two-envelopes.json"] = Self.envelope(Array(many.prefix(5))) + Array("\n".utf8) + Self.envelope(Array(many.prefix(7)))
        files["k-no-comma.json"] = Self.envelope(Array(many.prefix(6)), separator: "")
        files["l-empty.json"] = Self.envelope([])
        files["m-big-record.json"] = Self.envelope(Array(many.prefix(3)) + Self.records(1, seed: 9, padding: 1_300_000) + Array(many.prefix(3)))
        var gz = Self.gzip(Self.envelope(Array(many.prefix(2000))))
        for k in stride(from: gz.count / 2, to: gz.count / 2 + 40, by: 1) { gz[k] ^= 0x5A }
        files["n-corrupt.json.gz"] = gz
        files["o-jsonl.json"] = Array(many.prefix(20).joined(separator: "\n").utf8)
        files["p-escaped-key.json"] = Array((#"{"Record\u0073":["# + many.prefix(3).joined(separator: ",") + "]}").utf8)
        files["q-trailing.json"] = Self.envelope(Array(many.prefix(4))) + Array("x".utf8)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        if let shared = SharedFixtures.sharedDirectory {
            let source = shared.appendingPathComponent("datasets/invictus-aws-dataset/CloudTrail")
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted().prefix(12) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent("z-\(name)"))
            }
        }

        let fast = try Self.scan(dir, fastPath: true)
        let general = try Self.scan(dir, fastPath: false)
        #expect(fast.summary.events == general.summary.events)
        #expect(fast.summary.inputErrors == general.summary.inputErrors)
        #expect(fast.summary.recordErrors == general.summary.recordErrors)
        #expect(fast.summary.alerts == general.summary.alerts)
        #expect(fast.summary.files == general.summary.files)
        #expect(fast.summary.falcoDroppedRecords == general.summary.falcoDroppedRecords)
        #expect(fast.notes == general.notes)
        #expect(fast.alerts == general.alerts)
        #expect(general.summary.events > 6000 && general.summary.inputErrors >= 6)
    }

    /// A pipe named as a file (`<(zcat …)`) cannot be read twice: it goes to the general reader
    /// from the start, so a damaged one loses nothing.
    @Test func pipesAreLeftToTheGeneralReader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fastpipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var records = Self.records(200, seed: 3)
        records[150] = #"{"eventName":"broken" "x"}"#
        let bytes = Self.envelope(records)
        let regular = dir.appendingPathComponent("regular")
        try FileManager.default.createDirectory(at: regular, withIntermediateDirectories: true)
        try Data(bytes).write(to: regular.appendingPathComponent("a.json"))
        let expected = try Self.scan(regular, fastPath: false)

        let fifo = dir.appendingPathComponent("pipe.json")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo.path, O_WRONLY)
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(fd)
        }
        writer.start()
        let piped = try Self.scan(fifo, fastPath: true)
        #expect(piped.summary.events == expected.summary.events)
        #expect(piped.summary.inputErrors == expected.summary.inputErrors)
        #expect(piped.alerts == expected.alerts)
    }
}
