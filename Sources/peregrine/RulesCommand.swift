// RulesCommand.swift - `peregrine rules`: what was compiled in, in evaluation order.
import Runtime

enum RulesCommand {
    static func run(_ set: RuleSet, json: Bool) -> String {
        var out = ""
        if json {
            for r in set.rules {
                var w = JSONWriter()
                func key(_ k: StaticString, first: Bool = false) {
                    w.appendRaw(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
                    w.appendString(k.description)
                    w.appendRaw(UInt8(ascii: ":"))
                }
                key("name", first: true); w.appendString(r.name)
                key("priority"); w.appendString(r.priority.displayName)
                key("enabled"); w.appendBool(r.enabled)
                key("source"); w.appendString(r.source)
                key("tags")
                w.appendRaw(UInt8(ascii: "["))
                for (i, t) in r.tags.enumerated() {
                    if i > 0 { w.appendRaw(UInt8(ascii: ",")) }
                    w.appendString(t)
                }
                w.appendRaw(UInt8(ascii: "]"))
                key("location"); w.appendString(r.location)
                key("description"); w.appendString(r.description)
                w.appendRaw(UInt8(ascii: "}"))
                out += String(decoding: w.bytes, as: UTF8.self) + "\n"
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
