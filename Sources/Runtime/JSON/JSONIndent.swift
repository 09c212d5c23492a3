// JSONIndent.swift - pretty-printing a parsed text exactly like Go's json.Indent(dst, src, "", "  ").

extension JSONTape {
    /// Appends the whole source re-indented as Go's `json.Indent(&out, src, "", "  ")` does (the
    /// json plugin's `json.obj`, spec §2.5): whitespace outside strings is dropped, a newline plus two
    /// spaces per level follows `{`, `[` and `,`, `": "` separates keys, empty containers stay `{}` /
    /// `[]`, string bytes are copied verbatim. Leading whitespace is dropped and trailing whitespace
    /// is copied, as Go does.
    public func appendIndented(to out: inout [UInt8]) {
        guard let top = nodes.first else { return }
        let valueEnd = Int(top.end)
        source.withUnsafeBufferPointer { b in
            var depth = 0
            var needIndent = false
            var inString = false
            func newline(_ depth: Int) {
                out.append(0x0A)
                for _ in 0..<depth { out.append(0x20); out.append(0x20) }
            }
            var i = Int(top.start)
            while i < valueEnd {
                let c = b[i]  // safe: i < valueEnd <= b.count
                i += 1
                if inString {
                    out.append(c)
                    if c == UInt8(ascii: "\\") {
                        out.append(b[i])  // safe: validated strings never end with a lone backslash
                        i += 1
                    } else if c == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { continue }
                if needIndent && c != UInt8(ascii: "}") && c != UInt8(ascii: "]") {
                    needIndent = false
                    depth += 1
                    newline(depth)
                }
                switch c {
                case UInt8(ascii: "\""):
                    inString = true
                    out.append(c)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    needIndent = true
                    out.append(c)
                case UInt8(ascii: ","):
                    out.append(c)
                    newline(depth)
                case UInt8(ascii: ":"):
                    out.append(c)
                    out.append(0x20)
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if needIndent {
                        needIndent = false
                    } else {
                        depth -= 1
                        newline(depth)
                    }
                    out.append(c)
                default:
                    out.append(c)
                }
            }
            // Go copies whatever follows the value (only whitespace, after validation).
            var j = valueEnd
            while j < b.count {
                out.append(b[j])
                j += 1
            }
        }
    }
}
