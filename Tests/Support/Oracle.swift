// Oracle.swift - the one loader of each file of `../shared/oracle` (what Falco 0.44.1 itself said
// about the public datasets; see its README.md). Tests read these files only through here.
import Foundation

public enum Oracle {
    /// Falco's alerts with its upstream rules: `upstream_all.jsonl` (`rule_matching: all`) and
    /// `upstream_first.jsonl` (`first`, Falco's default). One JSON alert per line, sorted bytewise.
    public enum Alerts: String, CaseIterable, Sendable {
        case all = "upstream_all.jsonl"
        case first = "upstream_first.jsonl"
    }

    /// One event of `field_dump_all.jsonl.gz`: Falco's alert of the rule in `field_dump.yaml`.
    public struct FieldDumpEvent {
        /// `output_fields`: every field's value (`NSNull` = absent), as `JSONSerialization` reads it.
        public var fields: [String: Any]
        /// The text `output`: `<time>: Debug evt.num=1 | evt.time=... | ...`.
        public var output: String
    }

    // MARK: Where the files are (for tools that read them themselves: compare_alerts.py)

    public static func url(_ file: Alerts) throws -> URL { try Shared.url("oracle/\(file.rawValue)") }
    public static var fieldDumpURL: URL { get throws { try Shared.url("oracle/field_dump_all.jsonl.gz") } }
    public static var fieldDumpRulesURL: URL { get throws { try Shared.url("oracle/field_dump.yaml") } }
    /// `compare_alerts.py`, the oracle's own comparator (multisets of alerts; `--fields` for the field dump).
    public static var comparatorURL: URL { get throws { try Shared.url("oracle/compare_alerts.py") } }

    // MARK: Loaders

    /// The alert lines of `file`, exactly as Falco printed them.
    public static func alertLines(_ file: Alerts) throws -> [String] {
        try String(contentsOf: url(file), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The alerts of `file`, each as `JSONSerialization` reads it.
    public static func alerts(_ file: Alerts) throws -> [[String: Any]] {
        try alertLines(file).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Malformed(file: file.rawValue, line: line)
            }
            return object
        }
    }

    /// Every event of `field_dump_all.jsonl.gz`, in the file's order.
    public static func fieldDump() throws -> [FieldDumpEvent] {
        let data = try gunzip(fieldDumpURL)
        return try data.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let fields = object["output_fields"] as? [String: Any], let output = object["output"] as? String else {
                throw Malformed(file: "field_dump_all.jsonl.gz", line: String(decoding: line.prefix(200), as: UTF8.self))
            }
            return FieldDumpEvent(fields: fields, output: output)
        }
    }

    /// The text of `field_dump.yaml`: one rule that matches every event and prints every field.
    public static func fieldDumpRules() throws -> String {
        try String(contentsOf: fieldDumpRulesURL, encoding: .utf8)
    }

    // MARK: -

    struct Malformed: Error, CustomStringConvertible {
        var file: String, line: String
        var description: String { "oracle/\(file): not a JSON alert: \(line)" }
    }

    struct GunzipFailed: Error, CustomStringConvertible {
        var path: String, status: Int32
        var description: String { "gzip -dc \(path) failed with status \(status)" }
    }

    private static func gunzip(_ url: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GunzipFailed(path: url.path, status: process.terminationStatus) }
        return data
    }
}
