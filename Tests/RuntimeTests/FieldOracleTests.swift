// FieldOracleTests.swift - every field of every dataset event against what Falco 0.44.1 extracted.
import Foundation
import Runtime
import TestSupport
import Testing

/// The proof that fields are right: `../shared/oracle/field_dump_all.jsonl.gz` holds, for each of the
/// 4,004 events Falco read from the datasets, the value of every field (`output_fields`, null =
/// absent). We load the same records (raw bytes, split the way the cloudtrail plugin splits files),
/// pair them with the oracle by `ct.id` (then by identical `json.obj`, then occurrence order) and
/// compare field by field.
@Suite struct FieldOracleTests {
    /// Fields whose value depends on the machine or on run order.
    static let skipped: Set<String> = ["evt.hostname", "evt.num", "evt.reltime", "evt.reltime.s", "evt.reltime.ns"]
    /// Rendered by Falco's JSON output as the integer timestamp (spec §2.6).
    static let timestampFields: Set<String> = [
        "evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s",
    ]
    /// Fields we fix on purpose; their mismatches must all be explained by the fix.
    static let deliberateFixes: Set<String> = ["ct.request.documentname", "ct.sessioncredentialfromconsole"]

    @Test(.requiresShared) func everyFieldMatchesFalco() throws {
        let shared = try Shared.require()
        let oracle = try OracleDump.load()
        #expect(oracle.entries.count == 4004)

        let keys = oracle.fieldKeys
        let requests = keys.map(OracleDump.request(forKey:))
        let event = Event(fields: requests, context: EventContext(hostname: "oracle"))

        var byID: [String: [Int]] = [:]
        for (i, entry) in oracle.entries.enumerated() {
            byID[entry["ct.id"].flatMap { $0 as? String } ?? "<null>", default: []].append(i)
        }
        let objSlot = keys.firstIndex(of: "json.obj")!
        let idSlot = keys.firstIndex(of: "ct.id")!

        var used = Set<Int>()
        var mismatches: [String: Int] = [:]
        var examples: [String: [String]] = [:]
        var unpaired = 0
        var loaded = 0
        for file in try OracleDump.recordFiles(shared) {
            for record in RecordSplitter.records(in: try OracleDump.contents(of: file)) {
                do { try event.load(record: record, number: UInt64(loaded + 1)) } catch { continue }
                guard event.falcoWouldRead else { continue }
                loaded += 1
                let id: String
                if case .string(let b) = event.value(idSlot) { id = String(decoding: b, as: UTF8.self) } else { id = "<null>" }
                let candidates = (byID[id] ?? []).filter { !used.contains($0) }
                let obj = event.value(objSlot).bytes.map { String(decoding: $0, as: UTF8.self) }
                guard let match = candidates.first(where: { oracle.entries[$0]["json.obj"] as? String == obj })
                    ?? candidates.first
                else {
                    unpaired += 1
                    continue
                }
                used.insert(match)
                let expected = oracle.entries[match]
                for (slot, key) in keys.enumerated() where !Self.skipped.contains(key) {
                    var want = Rendered(oracle: expected[key] ?? NSNull())
                    if key == "evt.is_async", let b = expected[key] as? NSNumber { want = .bool(b.boolValue) }
                    let got: Rendered
                    if Self.timestampFields.contains(key) {
                        got = .number(UInt64(bitPattern: event.timestamp))
                    } else if key == "evt.is_async" {
                        got = event.value(slot) == .number(0) ? .bool(false) : Rendered(event.value(slot))
                    } else {
                        got = Rendered(event.value(slot))
                    }
                    guard got != want else { continue }
                    if Self.deliberateFixes.contains(key) {
                        #expect(Self.isExplainedByFix(key, got: got, want: want, event: event),
                                "\(key) of \(id): \(got) vs Falco \(want) is not the deliberate fix")
                    }
                    mismatches[key, default: 0] += 1
                    if examples[key, default: []].count < 3 {
                        examples[key, default: []].append("ct.id=\(id)\n      ours:  \(got)\n      falco: \(want)")
                    }
                }
            }
        }

        print("FieldOracleTests: \(loaded) events loaded, \(used.count) paired with the oracle, \(unpaired) unpaired")
        print("field mismatches (\(keys.count - Self.skipped.count) fields compared; skipped: \(Self.skipped.sorted().joined(separator: ", "))):")
        for key in mismatches.keys.sorted() {
            print("  \(key): \(mismatches[key]!)\(Self.deliberateFixes.contains(key) ? " (deliberate fix)" : "")")
            for e in examples[key] ?? [] { print("    \(e)") }
        }
        if mismatches.isEmpty { print("  none") }

        #expect(unpaired == 0)
        #expect(used.count == oracle.entries.count, "oracle events without a matching record")
        let unexpected = mismatches.filter { !Self.deliberateFixes.contains($0.key) }
        #expect(unexpected.isEmpty, "fields differing from Falco: \(unexpected.sorted { $0.key < $1.key })")
    }

    /// A difference in a deliberately fixed field must be exactly the fix.
    static func isExplainedByFix(_ key: String, got: Rendered, want: Rendered, event: Event) -> Bool {
        let tape = event.tape
        switch key {
        case "ct.request.documentname":
            // Falco: always absent. Ours: requestParameters.documentName.
            guard want == .null, let rp = tape.member(tape.root, "requestParameters"),
                  let doc = tape.member(rp, "documentName") else { return false }
            return got == .string(tape.kind(doc) == .string ? Array(tape.string(doc)) : [])
        case "ct.sessioncredentialfromconsole":
            // Falco: "false" for the string "true". Ours: "true".
            guard want == .string(Array("false".utf8)), got == .string(Array("true".utf8)),
                  let v = tape.member(tape.root, "sessionCredentialFromConsole") else { return false }
            return tape.kind(v) == .string && tape.stringEquals(v, "true")
        default:
            return false
        }
    }
}

/// A field value in a form both sides can be compared in.
enum Rendered: Equatable, CustomStringConvertible {
    case null
    case string([UInt8])
    case number(UInt64)
    case list([[UInt8]])
    case bool(Bool)

    init(_ v: FieldValue) {
        switch v {
        case .absent: self = .null
        case .string(let b): self = .string(Array(b))
        case .number(let n): self = .number(n)
        case .list(let l): self = .list(l.map { Array($0) })
        }
    }

    init(oracle: Any) {
        switch oracle {
        case is NSNull: self = .null
        case let s as String: self = .string(Array(s.utf8))
        case let a as [Any]: self = .list(a.map { Array(($0 as? String ?? "\($0)").utf8) })
        case let n as NSNumber: self = .number(n.uint64Value)
        default: self = .string(Array("\(oracle)".utf8))
        }
    }

    var description: String {
        func text(_ b: [UInt8]) -> String {
            let s = String(decoding: b, as: UTF8.self)
            return s.count > 300 ? "\"\(s.prefix(300))…\" (\(b.count) bytes)" : "\"\(s)\""
        }
        switch self {
        case .null: return "null"
        case .string(let b): return text(b)
        case .number(let n): return "\(n)"
        case .list(let l): return "[" + l.map(text).joined(separator: ", ") + "]"
        case .bool(let b): return "\(b)"
        }
    }
}

/// Splits a `{"Records":[…]}` file into raw record bytes exactly like the cloudtrail plugin's
/// `extractRecordStrings` (spec §1.4): every object opening at depth 1 and closing back to depth 1.
enum RecordSplitter {
    static func records(in bytes: [UInt8]) -> [ByteString] {
        var out: [ByteString] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start = -1
        for (i, c) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"):
                depth += 1
                if depth == 2 { start = i }
            case UInt8(ascii: "}"):
                if depth == 2, start >= 0 {
                    out.append(bytes[start...i])
                    start = -1
                }
                depth -= 1
            default: break
            }
        }
        return out
    }
}

/// The oracle file and the dataset files it was produced from.
struct OracleDump {
    var entries: [[String: Any]]
    var fieldKeys: [String]

    /// `oracle/field_dump_all.jsonl.gz`, through its loader (`Oracle.fieldDump()`).
    static func load() throws -> OracleDump {
        let entries = try Oracle.fieldDump().map(\.fields)
        return OracleDump(entries: entries, fieldKeys: entries.first.map { $0.keys.sorted() } ?? [])
    }

    /// An output_fields key (`json.value[/a]`) as the catalog's field request.
    static func request(forKey key: String) -> FieldRequest {
        var name = key
        var argument: String?
        if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
            name = String(key[..<open])
            argument = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        }
        guard let kind = FieldCatalog.lookup(name)?.kind else { fatalError("Falco printed \(key), which the catalog does not have") }
        return FieldRequest(kind, argument: argument)
    }

    /// The files Falco read: every `{"Records":[…]}` file of the datasets and Falco's test data.
    static func recordFiles(_ shared: URL) throws -> [URL] {
        var files: [URL] = []
        for root in ["datasets", "upstream/falco/testdata"] {
            let base = shared.appendingPathComponent(root)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker
            where (url.path.hasSuffix(".json") || url.path.hasSuffix(".json.gz")) && url.lastPathComponent != "MANIFEST.json" {
                let bytes = try contents(of: url)
                if isRecordsFile(bytes) { files.append(url) }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func isRecordsFile(_ bytes: [UInt8]) -> Bool {
        let text = bytes.prefix(64).filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return text.starts(with: Array("{\"Records\"".utf8))
    }

    /// The file's bytes, gunzipped when it ends in `.gz`.
    static func contents(of url: URL) throws -> [UInt8] {
        guard url.path.hasSuffix(".gz") else { return Array(try Data(contentsOf: url)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Falco skips a file with any gzip error (spec §1.4).
        return process.terminationStatus == 0 ? Array(data) : []
    }
}
