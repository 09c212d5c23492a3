// FieldDump.swift - Falco's field dump of every dataset event (the oracle for field values).
import Foundation
import RuleCompiler
import Runtime
import TestSupport
import Testing

/// Falco's field dump: per event, `output_fields` and the rendered text of each field.
struct FieldDump {
    struct Entry {
        var fields: [String: Any]
        /// `key=value` pairs of the text output that are safe to split (the `evt.*` prefix).
        var rendered: [String: String]
    }

    var entries: [Entry]
    var keys: [String]

    /// Depend on the run (order, machine): not comparable record by record.
    static let skipped: Set<String> = ["evt.num", "evt.reltime", "evt.reltime.s", "evt.reltime.ns"]
    /// Rendered in JSON output_fields as the integer event timestamp (spec §2.6).
    static let timestampFields: Set<String> = ["evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s"]
    static let deliberateFixes: Set<String> = ["ct.request.documentname", "ct.sessioncredentialfromconsole"]

    /// `oracle/field_dump_all.jsonl.gz`, through its loader (`Oracle.fieldDump()`).
    static func load() throws -> FieldDump {
        var entries: [Entry] = []
        for event in try Oracle.fieldDump() {
            let output = event.output
            var rendered: [String: String] = [:]
            // "<time>: Debug evt.num=1 | evt.time=... | ..." - the evt.* time fields hold no " | ".
            if let start = output.range(of: "Debug ") {
                for part in output[start.upperBound...].components(separatedBy: " | ").prefix(6) {
                    if let eq = part.firstIndex(of: "=") { rendered[String(part[..<eq])] = String(part[part.index(after: eq)...]) }
                }
            }
            entries.append(Entry(fields: event.fields, rendered: rendered))
        }
        return FieldDump(entries: entries, keys: entries.first.map { $0.fields.keys.sorted() } ?? [])
    }

    /// `json.value[/a/b]` -> ("json.value", "/a/b").
    static func split(_ key: String) -> (String, String?) {
        guard let open = key.firstIndex(of: "["), key.hasSuffix("]") else { return (key, nil) }
        return (String(key[..<open]), String(key[key.index(after: open)..<key.index(before: key.endIndex)]))
    }

    static func value(_ v: Any?) -> RefValue {
        switch v {
        case nil, is NSNull: return .absent
        case let s as String: return .string(Array(s.utf8))
        case let a as [Any]: return .list(a.map { Array(($0 as? String ?? "\($0)").utf8) })
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .string(Array((n.boolValue ? "true" : "false").utf8)) }
            return .number(n.uint64Value)
        default: return .string(Array("\(v!)".utf8))
        }
    }

    /// The two fields Peregrine fixes on purpose may differ from Falco only by the fix.
    static func isExplainedByFix(_ key: String, ours: RefValue, falco: RefValue, _ record: ReferenceRecord) -> Bool {
        switch key {
        case "ct.request.documentname":
            return falco == .absent && record.rawRange(of: ["requestParameters", "documentName"]) != nil
        case "ct.sessioncredentialfromconsole":
            return falco == .string(Array("false".utf8)) && ours == .string(Array("true".utf8))
                && record.string(at: ["sessionCredentialFromConsole"]) == Array("true".utf8)
        default:
            return false
        }
    }
}

extension RefValue {
    var text: String? { if case .string(let b) = self { String(decoding: b, as: UTF8.self) } else { nil } }
}
