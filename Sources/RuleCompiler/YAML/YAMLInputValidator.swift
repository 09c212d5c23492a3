// YAMLInputValidator.swift - rejects bytes the YAML reader must not guess about, before reading.

/// Checks that a file is well-formed UTF-8 made of characters YAML allows, once, up front.
///
/// Doing this first keeps the reader exact: every value byte it copies is a valid UTF-8 sequence
/// cut at ASCII delimiters, so `String(decoding:)` never repairs anything and value offsets stay
/// equal to source offsets. It also lets the reader use `0` as its end-of-input sentinel.
enum YAMLInputValidator {
    /// Returns where YAML content starts (3 after a UTF-8 byte order mark, else 0), or nil after
    /// reporting the first offending character.
    static func validate(_ file: SourceFile, diagnostics: inout DiagnosticEngine) -> Int? {
        let b = file.bytes
        let n = b.count
        let start = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        var i = start
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if (c >= 0x20 && c != 0x7F) || c == 0x09 || c == 0x0A {
                    i += 1
                    continue
                }
                if c == 0x0D {
                    if i + 1 < n, b[i + 1] == 0x0A {
                        i += 2
                        continue
                    }
                    diagnostics.error(
                        .yamlUnsupported, "a carriage return without a line feed is not supported as a line break",
                        at: SourceRange(file: file, start: i, end: i + 1))
                    return nil
                }
                diagnostics.error(
                    .yamlSyntax, "control character \(hex(UInt32(c))) is not allowed in YAML; use a double-quoted escape",
                    at: SourceRange(file: file, start: i, end: i + 1))
                return nil
            }
            guard let (scalar, length) = decode(b, at: i) else {
                diagnostics.error(
                    .yamlSyntax, "invalid UTF-8 byte 0x\(String(c, radix: 16, uppercase: true))",
                    at: SourceRange(file: file, start: i, end: i + 1))
                return nil
            }
            // YAML 1.2 c-printable: no C1 controls but NEL, no U+FFFE / U+FFFF.
            if (scalar >= 0x80 && scalar <= 0x9F && scalar != 0x85) || scalar == 0xFFFE || scalar == 0xFFFF {
                diagnostics.error(
                    .yamlSyntax, "character \(hex(scalar)) is not allowed in YAML; use a double-quoted escape",
                    at: SourceRange(file: file, start: i, end: i + length))
                return nil
            }
            i += length
        }
        return start
    }

    /// Decodes one multi-byte UTF-8 sequence strictly (no overlong forms, no surrogates).
    private static func decode(_ b: [UInt8], at i: Int) -> (UInt32, Int)? {
        let lead = b[i]
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return (value, length)
    }

    static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
