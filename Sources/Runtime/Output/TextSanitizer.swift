// TextSanitizer.swift - makes attacker-controlled field values safe to print in a text alert line.

/// Renders field values for the text alert line so that CloudTrail content cannot forge alert
/// lines or drive the terminal.
///
/// Falco copies plugin strings into text alerts byte for byte (spec §2.1), so a CloudTrail field
/// holding `"x\n21:00:00.000000000: Critical fake alert"` prints a second, forged alert line. We
/// deliberately differ (docs/falco-differences.md, "Text alerts escape control characters"):
/// - `\n` `\r` `\t` become the two characters `\n` `\r` `\t`;
/// - other C0 controls (0x00–0x1F) and DEL (0x7F) become `\xNN` (lowercase hex);
/// - each byte that is not part of well-formed UTF-8 becomes `\xNN`, so the line is valid UTF-8
///   and the original bytes can still be read off it;
/// - code points that break lines or reorder the display in terminals and viewers become
///   `\uNNNN`: C1 controls U+0080–U+009F (U+009B is CSI, U+0085 is NEL), U+2028 and U+2029, and
///   the bidirectional formatting characters U+061C, U+200E, U+200F, U+202A–U+202E,
///   U+2066–U+2069.
///
/// Backslashes are left alone, so a value that already contains the text `\n` looks like an
/// escaped newline: the text line is for people; the JSON alert is the exact record.
public enum TextSanitizer {
    /// True when `value` prints unchanged (the common case: plain ASCII without controls).
    public static func isClean<C: Collection>(_ value: C) -> Bool where C.Element == UInt8 {
        value.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Appends `value` to `out`, escaped as described on the type.
    public static func append<C: Collection>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8 {
        if isClean(value) {
            out.append(contentsOf: value)
            return
        }
        let b = Array(value)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                switch c {
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20, 0x7F: appendByteEscape(c, to: &out)
                default: out.append(c)
                }
                i += 1
                continue
            }
            let end = JSONWriter.utf8SequenceEnd(b, from: i)
            guard end > 0 else {
                // Ill-formed: show this byte and look at the next one afresh.
                appendByteEscape(c, to: &out)
                i += 1
                continue
            }
            let scalar = decode(b[i..<end])
            if isUnsafeScalar(scalar) {
                appendScalarEscape(scalar, to: &out)
            } else {
                out.append(contentsOf: b[i..<end])
            }
            i = end
        }
    }

    /// `value` escaped as described on the type.
    public static func sanitize<C: Collection>(_ value: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        append(value, to: &out)
        return out
    }

    /// Non-ASCII code points that move the cursor, break lines or reorder text on display.
    static func isUnsafeScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Decodes one well-formed UTF-8 sequence of 2 to 4 bytes.
    private static func decode(_ s: ArraySlice<UInt8>) -> UInt32 {
        let b0 = UInt32(s[s.startIndex])
        var v: UInt32
        switch s.count {
        case 2: v = b0 & 0x1F
        case 3: v = b0 & 0x0F
        default: v = b0 & 0x07
        }
        for c in s.dropFirst() { v = (v << 6) | (UInt32(c) & 0x3F) }
        return v
    }

    private static func appendByteEscape(_ c: UInt8, to out: inout [UInt8]) {
        out.append(0x5C)
        out.append(UInt8(ascii: "x"))
        out.append(JSONWriter.hexDigit(c >> 4))
        out.append(JSONWriter.hexDigit(c & 0xF))
    }

    private static func appendScalarEscape(_ v: UInt32, to out: inout [UInt8]) {
        out.append(0x5C)
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(JSONWriter.hexDigit(UInt8((v >> UInt32(shift)) & 0xF)))
        }
    }
}
