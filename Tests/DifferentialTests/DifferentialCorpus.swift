// DifferentialCorpus.swift - the rules and records the differential tests run over.
import Foundation
import RuleCompiler
import Runtime
import TestSupport
import Testing

/// One record and where it came from (for messages).
struct CorpusRecord {
    var source: String
    var bytes: [UInt8]
}

enum DifferentialCorpus {
    /// The distinct original records: `rules/tests` events first, then (when `../shared` is
    /// present) every dataset record.
    struct Originals: Sendable {
        var records: [CorpusRecord]
        /// How many of `records` (at the start) come from `rules/tests`.
        var ownCount: Int
        /// Whether the record is the first of its kind (event source, name, identity type, error
        /// or not): mutants of near-identical records add time, not coverage.
        var isFirstOfKind: [Bool]

        func isOwn(_ i: Int) -> Bool { i < ownCount }

        static func load() -> Originals {
            let testsDirectory = SharedFixtures.packageRoot.appendingPathComponent("rules/tests").path
            var seen: Set<[UInt8]> = []
            let own = DifferentialCorpus.records(under: [testsDirectory]).filter { seen.insert($0.bytes).inserted }
            if FileManager.default.fileExists(atPath: testsDirectory) {
                #expect(!own.isEmpty, "no events in rules/tests")
            }
            var all = own
            if let shared = SharedFixtures.sharedDirectory {
                all += DifferentialCorpus.records(under: [shared.appendingPathComponent("datasets").path]).filter { seen.insert($0.bytes).inserted }
            } else {
                print("DifferentialTests: ../shared absent, checking rules/tests events only")
            }
            var kinds: Set<[[UInt8]]> = []
            let firsts = all.map { record in
                let r = ReferenceRecord(bytes: record.bytes)
                let kind = [["eventSource"], ["eventName"], ["userIdentity", "type"]].map { r.string(at: $0) ?? [] }
                    + [r.rawRange(of: ["errorCode"]) == nil ? [] : [1]]
                return kinds.insert(kind).inserted
            }
            return Originals(records: all, ownCount: own.count, isFirstOfKind: firsts)
        }
    }

    /// Every record of every log file under `paths`, split by the runtime's input layer (splitting
    /// is not what these tests check). Files it rejects contribute nothing.
    static func records(under paths: [String]) -> [CorpusRecord] {
        var out: [CorpusRecord] = []
        for file in InputDiscovery.expand(paths).files {
            guard let reader = try? RecordReader(file: file) else { continue }
            var errors = 0
            while errors < 10_000 {
                do {
                    guard let record = try reader.next() else { break }
                    out.append(CorpusRecord(source: "\(file.path)#\(record.index)", bytes: Array(record.bytes)))
                } catch {
                    errors += 1
                }
            }
        }
        return out
    }

    /// The records Falco's cloudtrail source cuts from the same files (spec §1.4 step 3): every
    /// object that opens at brace depth 1, even in a damaged file, where the runtime's reader
    /// stops. Comparisons with the oracle need exactly Falco's records, from the files the oracle
    /// run was given: those that start with `{"Records"`.
    static func falcoRecords(under paths: [String]) -> [CorpusRecord] {
        var out: [CorpusRecord] = []
        for file in InputDiscovery.expand(paths).files {
            guard let bytes = contents(of: file.path) else { continue }
            let head = bytes.prefix(64).filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            guard head.starts(with: Array(#"{"Records""#.utf8)) else { continue }
            var depth = 0
            var inString = false
            var escaped = false
            var start = -1
            var index = 0
            for (i, c) in bytes.enumerated() {
                if inString {
                    if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"):
                    depth += 1
                    if depth == 2 { start = i }
                case UInt8(ascii: "}"):
                    if depth == 2, start >= 0 {
                        out.append(CorpusRecord(source: "\(file.path)#\(index)", bytes: Array(bytes[start...i])))
                        index += 1
                        start = -1
                    }
                    depth -= 1
                default: break
                }
            }
        }
        return out
    }

    /// A file's bytes, gunzipped for `.json.gz`; nil when gzip fails (Falco skips such files).
    static func contents(of path: String) -> [UInt8]? {
        guard path.hasSuffix(".gz") else { return (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }

    /// The package's own rules files, sorted as the build compiles them.
    static var projectRuleFiles: [URL] {
        let dir = SharedFixtures.packageRoot.appendingPathComponent("rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// The checked IR of `files`, or the rendered diagnostics when there are errors.
    static func check(_ files: [URL]) throws -> Result<CheckedRuleSet, CheckFailure> {
        let sources = try files.map { url in
            SourceFile(path: url.path, displayPath: "rules/\(url.lastPathComponent)", bytes: Array(try Data(contentsOf: url)))
        }
        var diagnostics = DiagnosticEngine()
        let set = Pipeline.check(sources, diagnostics: &diagnostics)
        return diagnostics.hasErrors ? .failure(CheckFailure(text: diagnostics.render())) : .success(set)
    }

    struct CheckFailure: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }

    /// Short text of a record for failure messages.
    static func excerpt(_ bytes: [UInt8], limit: Int = 1500) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return bytes.count > limit ? text + "…(\(bytes.count) bytes)" : text
    }
}

extension FieldValue {
    /// The runtime's value in the reference's vocabulary, for comparison and messages.
    var reference: RefValue {
        switch self {
        case .absent: .absent
        case .string(let b): .string(Array(b))
        case .number(let n): .number(n)
        case .list(let l): .list(l.map { Array($0) })
        }
    }
}
