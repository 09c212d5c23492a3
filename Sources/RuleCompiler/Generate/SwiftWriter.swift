// SwiftWriter.swift - a line writer with indentation, and Swift literal spelling.

/// Accumulates generated Swift source line by line.
struct SwiftWriter {
    private(set) var text = ""
    private var level = 0

    mutating func line(_ s: String = "") {
        text += s.isEmpty ? "\n" : String(repeating: "    ", count: level) + s + "\n"
    }

    mutating func indent(_ body: (inout SwiftWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// A `///` or `//` comment block, one line each.
    mutating func comment(_ lines: [String], prefix: String = "//") {
        for l in lines { line(l.trimmingCharacters(in: " ").isEmpty ? prefix : "\(prefix) \(l)") }
    }
}

enum SwiftLiteral {
    /// A Swift string literal with everything that could break out of it escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value)
                    || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u{\(String(u.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Text safe inside a `//` comment on one line.
    static func comment(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 { out += " " } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// An identifier from a rule name: `Console Login Without MFA` -> `consoleLoginWithoutMFA`.
    static func identifier(_ name: String) -> String {
        var words: [String] = []
        var cur = ""
        for ch in name {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { cur.append(ch) } else if !cur.isEmpty { words.append(cur); cur = "" }
        }
        if !cur.isEmpty { words.append(cur) }
        guard !words.isEmpty else { return "unnamed" }
        var id = ""
        for (i, w) in words.enumerated() {
            if i == 0 {
                // Lowercase a leading capitalised word, keep acronyms (MFA) as written.
                let allCaps = w.uppercased() == w
                id += allCaps && w.count > 1 ? w.lowercased() : w.prefix(1).lowercased() + w.dropFirst()
            } else {
                id += w.prefix(1).uppercased() + w.dropFirst()
            }
        }
        if let f = id.first, f.isNumber { id = "_" + id }
        return id
    }
}
