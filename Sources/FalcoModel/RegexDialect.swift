// RegexDialect.swift - Falco's `regex` operator dialect: RE2 with POSIX syntax, whole-value match.

/// How a Falco `regex` pattern is read (spec §3.4: RE2 with `posix_syntax`, full match), and the
/// one function that turns it into a matcher. The rule compiler validates every pattern with
/// `compile`, and the runtime builds its matchers with the same function, so a pattern that builds
/// is a pattern that runs.
///
/// The pattern is translated from RE2's POSIX syntax into an equivalent Swift `Regex` pattern, so
/// that Swift's Perl-style extensions cannot change its meaning: every literal and escape becomes
/// `\x{…}`, `.` becomes `[^\n]` (RE2's dot), `^`/`$` match at line boundaries (RE2 without
/// `one_line`), matching is per Unicode scalar. Perl-only syntax that RE2's POSIX mode rejects
/// (`\d \s \w \b \pL \A \z \Q`, `(?…)`) is rejected with RE2's message. One known gap: RE2's POSIX
/// mode accepts stacked repetitions (`a**`, `a+?` meaning `(a+)?`); they are rejected here.
public enum RegexDialect {
    /// Compiles `pattern` into a whole-match Swift `Regex`, or says why RE2-POSIX refuses it.
    public static func compile(_ pattern: String) -> Result<Regex<AnyRegexOutput>, RegexSyntaxError> {
        do {
            var translator = RE2Translator(pattern)
            let translated = try translator.translate()
            let regex = try Regex(translated).anchorsMatchLineEndings().matchingSemantics(.unicodeScalar)
            return .success(regex)
        } catch let e as RegexSyntaxError {
            return .failure(e)
        } catch {
            return .failure(RegexSyntaxError(message: "\(error)"))
        }
    }

    /// The reason `pattern` is refused, or nil when it compiles.
    public static func error(in pattern: String) -> String? {
        if case .failure(let e) = compile(pattern) { return e.message }
        return nil
    }
}

/// Why a pattern is not valid RE2-POSIX (RE2's own wording where it has one).
public struct RegexSyntaxError: Error, Sendable {
    public var message: String
}

/// RE2 POSIX-syntax pattern → Swift Regex pattern with the same meaning.
struct RE2Translator {
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    let s: [Unicode.Scalar]
    var i = 0
    var out = ""

    init(_ pattern: String) { s = Array(pattern.unicodeScalars) }

    func error(_ what: String, _ arg: String) -> RegexSyntaxError {
        .init(message: "\(what): \(arg)")
    }

    /// Unicode scalar at `k` or nil.
    func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }

    static func literal(_ v: UInt32) -> String { "\\x{" + String(v, radix: 16) + "}" }

    mutating func translate() throws(RegexSyntaxError) -> String {
        var canRepeat = false
        var lastWasRepeat = false
        while i < s.count {
            let c = s[i]
            var isRepeat = false
            switch c {
            case "\\":
                out += RE2Translator.literal(try escape())
                canRepeat = true
            case "[":
                try characterClass()
                canRepeat = true
            case "(":
                if at(i + 1) == "?" { throw error("missing argument to repetition operator", "?") }
                out += "("
                i += 1
                canRepeat = false
            case ")":
                out += ")"
                i += 1
                canRepeat = true
            case "|":
                out += "|"
                i += 1
                canRepeat = false
            case "*", "+", "?":
                isRepeat = true
                try repetition(String(c), canRepeat: canRepeat, lastWasRepeat: lastWasRepeat)
                i += 1
            case "{":
                if let (text, length) = try repeatBraces() {
                    isRepeat = true
                    try repetition(text, canRepeat: canRepeat, lastWasRepeat: lastWasRepeat)
                    i += length
                } else {
                    out += RE2Translator.literal(c.value)
                    i += 1
                    canRepeat = true
                }
            case ".":
                out += "[^\\n]"
                i += 1
                canRepeat = true
            case "^", "$":
                out += String(c)
                i += 1
                canRepeat = true
            default:
                let isWord = c.properties.isAlphabetic || (c.value >= 0x30 && c.value <= 0x39)
                out += c.isASCII && !isWord ? RE2Translator.literal(c.value) : String(c)
                i += 1
                canRepeat = true
            }
            lastWasRepeat = isRepeat
        }
        return out
    }

    mutating func repetition(_ op: String, canRepeat: Bool, lastWasRepeat: Bool) throws(RegexSyntaxError) {
        if lastWasRepeat { throw error("stacked repetition operators are not supported", op) }
        if !canRepeat { throw error("missing argument to repetition operator", op) }
        out += op
    }

    /// `{n}`, `{n,}`, `{n,m}` at `i` (n, m ≤ 1000, as RE2 limits): the text and its length, or nil
    /// when the brace is a literal.
    func repeatBraces() throws(RegexSyntaxError) -> (String, Int)? {
        var k = i + 1
        func number() -> Int? {
            let start = k
            var v = 0
            while let d = at(k), d.value >= 0x30, d.value <= 0x39 {
                v = min(v * 10 + Int(d.value - 0x30), 100_000)
                k += 1
            }
            return k > start ? v : nil
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if at(k) == "," {
            k += 1
            hi = number()
        }
        guard at(k) == "}" else { return nil }
        k += 1
        let text = String(String.UnicodeScalarView(s[i..<k]))
        if lo > 1000 || (hi ?? 0) > 1000 || (hi.map { $0 < lo } ?? false) {
            throw error("bad repetition operator", text)
        }
        return (text, k - i)
    }

    /// An escape at `i` (the backslash): the literal scalar value it denotes.
    mutating func escape() throws(RegexSyntaxError) -> UInt32 {
        guard let c = at(i + 1) else { throw error("trailing \\", "") }
        i += 2
        func octal(first: UInt32) -> UInt32 {
            var v = first
            var n = 0
            while n < 2, let d = at(i), d.value >= 0x30, d.value <= 0x37 {
                v = v * 8 + d.value - 0x30
                i += 1
                n += 1
            }
            return v
        }
        switch c {
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "0": return octal(first: 0)
        case "1"..."7":
            guard let d = at(i), d.value >= 0x30, d.value <= 0x37 else { throw error("invalid escape sequence", "\\\(c)") }
            return octal(first: c.value - 0x30)
        case "x":
            if at(i) == "{" {
                var k = i + 1
                var v: UInt32 = 0
                while let d = at(k), let h = Self.hexValue(UInt8(truncatingIfNeeded: d.value)), d.isASCII {
                    v = min(v * 16 + UInt32(h), 0x110000)
                    k += 1
                }
                guard k > i + 1, at(k) == "}", v <= 0x10FFFF else { throw error("invalid escape sequence", "\\x") }
                i = k + 1
                return v
            }
            guard let h1 = at(i), h1.isASCII, let a = Self.hexValue(UInt8(h1.value)),
                  let h2 = at(i + 1), h2.isASCII, let b = Self.hexValue(UInt8(h2.value))
            else { throw error("invalid escape sequence", "\\x") }
            i += 2
            return UInt32(a) * 16 + UInt32(b)
        default:
            let isWord = c == "_" || (c.isASCII && (c.properties.isAlphabetic || (c.value >= 0x30 && c.value <= 0x39)))
            guard c.isASCII, !isWord else { throw error("invalid escape sequence", "\\\(c)") }
            return c.value
        }
    }

    /// A bracket expression at `i`.
    mutating func characterClass() throws(RegexSyntaxError) {
        let start = i
        i += 1
        out += "["
        if at(i) == "^" {
            out += "^"
            i += 1
        }
        var first = true
        while true {
            guard let c = at(i) else {
                throw error("missing closing ]", String(String.UnicodeScalarView(s[start...])))
            }
            if c == "]" && !first {
                out += "]"
                i += 1
                return
            }
            if c == "[", at(i + 1) == ":" {
                var k = i + 2
                while let d = at(k), d != ":" { k += 1 }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<min(k, s.count)]))
                let valid = ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print",
                             "punct", "space", "upper", "word", "xdigit"]
                if at(k) == ":", at(k + 1) == "]" {
                    guard valid.contains(name) else { throw error("invalid character class range", "[:\(name):]") }
                    out += "[:\(name):]"
                    i = k + 2
                    first = false
                    continue
                }
            }
            if c == "-", !first, at(i + 1) != "]" {
                throw error("invalid character class range", String(String.UnicodeScalarView(s[i..<min(i + 3, s.count)])))
            }
            let lo = try classCharacter()
            if at(i) == "-", let next = at(i + 1), next != "]" {
                i += 1
                let hi = try classCharacter()
                if hi < lo {
                    throw error("invalid character class range", "\(Unicode.Scalar(lo).map(String.init) ?? "")-\(Unicode.Scalar(hi).map(String.init) ?? "")")
                }
                out += RE2Translator.literal(lo) + "-" + RE2Translator.literal(hi)
            } else {
                out += RE2Translator.literal(lo)
            }
            first = false
        }
    }

    /// One member character of a class (an escape or a literal).
    mutating func classCharacter() throws(RegexSyntaxError) -> UInt32 {
        guard let c = at(i) else { throw error("missing closing ]", "") }
        if c == "\\" { return try escape() }
        i += 1
        return c.value
    }
}
