// YAMLJSONRenderer.swift - renders YAML trees exactly as Python's json.dumps(..., indent=1) does.
import RuleCompiler

/// Renders reader output in the byte-exact shape of
/// `json.dumps(documents, indent=1, ensure_ascii=True)` over PyYAML's result, so trees can be
/// compared with PyYAML fixtures as text (keeping mapping order, which a JSON parser would lose).
///
/// Mappings become objects in key order, sequences arrays, null scalars (`isNull`) `null`, every
/// other scalar a string: the fixtures are produced by a loader that resolves only nulls.
enum YAMLJSONRenderer {
    static func render(_ documents: [YAMLNode]) -> String {
        var out = ""
        renderArray(documents.map { $0 }, indent: 0, into: &out) { node, indent, out in render(node, indent: indent, into: &out) }
        return out
    }

    private static func render(_ node: YAMLNode, indent: Int, into out: inout String) {
        switch node {
        case .scalar(let s):
            if s.isNull { out += "null" } else { appendString(s.value, to: &out) }
        case .sequence(let s):
            renderArray(s.items, indent: indent, into: &out) { node, indent, out in render(node, indent: indent, into: &out) }
        case .mapping(let m):
            if m.entries.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, entry) in m.entries.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: indent + 1)
                appendString(entry.key.value, to: &out)
                out += ": "
                render(entry.value, indent: indent + 1, into: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "}"
        }
    }

    private static func renderArray<T>(
        _ items: [T], indent: Int, into out: inout String, _ element: (T, Int, inout String) -> Void
    ) {
        if items.isEmpty {
            out += "[]"
            return
        }
        out += "["
        for (i, item) in items.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += String(repeating: " ", count: indent + 1)
            element(item, indent + 1, &out)
        }
        out += "\n" + String(repeating: " ", count: indent) + "]"
    }

    /// Python's `json` string escaping with `ensure_ascii=True`.
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}
