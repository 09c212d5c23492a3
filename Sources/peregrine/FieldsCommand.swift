// FieldsCommand.swift - `peregrine fields`: the field catalog, laid out like `falco --list`.
import FalcoModel

enum FieldsCommand {
    static func run(verbose: Bool, namesOnly: Bool) -> String {
        var out = ""
        let classes: [(FieldClass, String, String?)] = [
            (.evt, "evt (All event types)", "These fields can be used for all event types"),
            (.cloudtrail, "cloudtrail (plugin)", nil),
            (.json, "json (plugin)", nil),
        ]
        for (cls, title, desc) in classes {
            let fields = FieldCatalog.all.filter { $0.fieldClass == cls && !$0.isHidden }
            if namesOnly {
                for f in fields { out += f.name + "\n" }
                continue
            }
            out += "-------------------------------\n"
            out += pad("Field Class:", 30) + title + "\n"
            if let desc { out += pad("Description:", 30) + desc + "\n" }
            out += pad("Event Sources:", 30) + "aws_cloudtrail\n\n"
            for f in fields {
                var tags: [String] = []
                switch f.argument {
                case .none: break
                case .requiredKey: tags += ["ARG_KEY", "ARG_REQUIRED"]
                case .optionalIndex: tags += ["ARG_ALLOWED", "ARG_INDEX"]
                }
                if f.isList { tags.append("EPF_IS_LIST") }
                var text = tags.isEmpty ? "" : "(\(tags.joined(separator: ","))) "
                if verbose { text += "(Type: \(f.type.falcoName)) " }
                text += f.description
                out += wrap(pad(f.name, 30), text, width: 120) + "\n"
            }
            out += "\n"
        }
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }

    /// Word-wraps `text` after a fixed-width `head`, continuation lines indented to match.
    static func wrap(_ head: String, _ text: String, width: Int) -> String {
        var lines: [String] = []
        var cur = head
        for word in text.split(separator: " ") {
            if cur.count + word.count + 1 > width, cur.count > head.count {
                lines.append(cur)
                cur = String(repeating: " ", count: head.count)
            }
            cur += (cur.count == head.count ? "" : " ") + word
        }
        lines.append(cur)
        return lines.joined(separator: "\n")
    }
}
