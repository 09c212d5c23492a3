// JSONString.swift - unescaping JSON string contents exactly as fastjson does.

/// String-content helpers shared by the tape and the field extractors.
public enum JSONString {
    /// Unescapes the bytes between a string's quotes like fastjson's `unescapeStringBestEffort`, which
    /// both Falco plugins use (spec §2.2). On validated JSON this is standard unescaping except for
    /// UTF-16 surrogates:
    /// - a high or low surrogate `\uXXXX` not followed by another `\uYYYY` is kept as the six
    ///   original characters (e.g. `\ud800` stays `\ud800`);
    /// - a surrogate followed by `\uYYYY` consumes both: a valid high+low pair becomes the
    ///   code point, anything else becomes U+FFFD (Go's `utf16.DecodeRune`).
    public static func unescape<C: Collection>(_ content: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = content.startIndex
        let end = content.endIndex
        while i < end {
            let c = content[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                out.append(c)
                i += 1
                continue
            }
            let e = content[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let x = hex4(content, i) else {
                    // Too short or invalid (cannot happen on validated JSON): kept unchanged.
                    out.append(0x5C)
                    out.append(UInt8(ascii: "u"))
                    continue
                }
                let xs = i
                i += 4
                guard (0xD800...0xDFFF).contains(x) else {
                    appendUTF8(UInt32(x), to: &out)
                    continue
                }
                // A surrogate: fastjson needs a following `\uYYYY`.
                guard i + 6 <= end, content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u"),
                      let y = hex4(content, i + 2)
                else {
                    out.append(0x5C)
                    out.append(UInt8(ascii: "u"))
                    out.append(contentsOf: content[xs..<(xs + 4)])
                    continue
                }
                i += 6
                if (0xD800...0xDBFF).contains(x), (0xDC00...0xDFFF).contains(y) {
                    appendUTF8((UInt32(x) - 0xD800) << 10 + (UInt32(y) - 0xDC00) + 0x10000, to: &out)
                } else {
                    appendUTF8(0xFFFD, to: &out)
                }
            default:
                // Unknown escape (cannot happen on validated JSON): kept unchanged.
                out.append(0x5C)
                out.append(e)
            }
        }
        return out
    }

    /// The value of four hex digits at `at`, or nil.
    static func hex4<C: Collection>(_ s: C, _ at: Int) -> UInt16? where C.Element == UInt8, C.Index == Int {
        guard at + 4 <= s.endIndex else { return nil }
        var v: UInt16 = 0
        for k in at..<(at + 4) {
            guard let d = hexValue(s[k]) else { return nil }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    @inlinable static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Appends the UTF-8 encoding of a scalar value (surrogates never reach here).
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
