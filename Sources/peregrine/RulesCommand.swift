// RulesCommand.swift - `peregrine rules`: what was compiled in, in evaluation order.
import Runtime

enum RulesCommand {
    static func run(_ set: RuleSet, json: Bool) -> String {
        var out = ""
        if json {
            for r in set.rules {
                var o = JSONObjectWriter()
                o.add("name", .string(r.name))
                o.add("priority", .string(r.priority.displayName))
                o.add("enabled", .raw(r.enabled ? "true" : "false"))
                o.add("source", .string(r.source))
                o.add("tags", .strings(r.tags))
                o.add("location", .string(r.location))
                o.add("description", .string(r.description))
                out += o.finish() + "\n"
            }
            return out
        }
        let nameWidth = min(60, max(4, set.rules.map(\.name.count).max() ?? 0))
        out += pad("RULE", nameWidth) + "  " + pad("PRIORITY", 13) + "  " + pad("ENABLED", 7) + "  LOCATION\n"
        for r in set.rules {
            out += pad(r.name, nameWidth) + "  " + pad(r.priority.displayName, 13) + "  " + pad(r.enabled ? "yes" : "no", 7) + "  " + r.location + "\n"
        }
        let enabled = set.rules.filter(\.enabled).count
        out += "\n\(set.rules.count) rules (\(enabled) enabled) from \(set.sources.joined(separator: ", "))\n"
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
}

/// A tiny JSON object writer for the CLI's own listings (alerts use the runtime's JSONWriter).
struct JSONObjectWriter {
    enum Value {
        case string(String)
        case strings([String])
        case raw(String)
    }
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: Value) {
        let v: String
        switch value {
        case .string(let s): v = Self.quote(s)
        case .strings(let xs): v = "[" + xs.map(Self.quote).joined(separator: ",") + "]"
        case .raw(let r): v = r
        }
        parts.append(Self.quote(key) + ":" + v)
    }

    func finish() -> String { "{" + parts.joined(separator: ",") + "}" }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
