// Glob.swift - fnmatch(3) as glibc implements it in the C locale, flags 0 or FNM_CASEFOLD.

/// Falco's `glob` / `iglob` (spec §3.4): `fnmatch(pattern, value, 0)` / `FNM_CASEFOLD`, i.e. no
/// FNM_PATHNAME (`*` and `?` match `/`), no FNM_PERIOD, backslash escapes active. Byte-wise, as in
/// the C locale Falco runs in.
///
/// Follows glibc's `fnmatch_loop.c`, including its corner cases:
/// - `[!…]` and `[^…]` negate; a `]` right after `[` or `[!` is a member; ranges compare byte
///   values; `[:alpha:]`-style classes (C locale); `\` escapes inside brackets too.
/// - An unterminated `[` is an ordinary character — unless a member matched before the end was
///   reached, in which case the pattern fails at that position.
/// - A trailing lone `\` never matches; an unknown class name (`[[:foo:]]`) never matches.
/// - Collating symbols and equivalence classes (`[.x.]`, `[=x=]`) are not recognised: their
///   characters are taken as ordinary members.
@usableFromInline enum Glob {
    @usableFromInline static func match(_ pattern: UnsafeRawBufferPointer, _ string: UnsafeRawBufferPointer,
                                        caseFold: Bool) -> Bool {
        let pc = pattern.count, sc = string.count
        // safe: every read of pattern[p] / string[s] is guarded by p < pc / s < sc.
        @inline(__always) func fold(_ c: UInt8) -> UInt8 { caseFold ? ByteCompare.asciiLower(c) : c }
        var p = 0, s = 0
        var starP = -1, starS = 0
        while true {
            var ok = false
            if p < pc {
                let c = pattern[p]
                switch c {
                case UInt8(ascii: "*"):
                    while p < pc, pattern[p] == UInt8(ascii: "*") { p += 1 }
                    starP = p
                    starS = s
                    continue
                case UInt8(ascii: "?"):
                    if s < sc { p += 1; s += 1; ok = true }
                case UInt8(ascii: "\\"):
                    if p + 1 < pc, s < sc, fold(string[s]) == fold(pattern[p + 1]) { p += 2; s += 1; ok = true }
                case UInt8(ascii: "["):
                    guard s < sc else { break }
                    switch bracket(pattern, at: p, string[s], caseFold: caseFold) {
                    case .matched(let next): p = next; s += 1; ok = true
                    case .literal: if string[s] == UInt8(ascii: "[") { p += 1; s += 1; ok = true }
                    case .unmatched, .fail: break
                    }
                default:
                    if s < sc, fold(string[s]) == fold(c) { p += 1; s += 1; ok = true }
                }
            } else if s == sc {
                return true
            }
            if ok { continue }
            // Backtrack: let the last `*` swallow one more byte.
            guard starP >= 0, starS < sc else { return false }
            starS += 1
            s = starS
            p = starP
        }
    }

    enum BracketResult {
        /// The byte is in the set; the pattern continues at the index.
        case matched(Int)
        /// The byte is not in the set.
        case unmatched
        /// glibc returns FNM_NOMATCH from inside the bracket.
        case fail
        /// Unterminated: `[` is an ordinary character.
        case literal
    }

    /// Evaluates the bracket expression starting at `pattern[open] == "["` against `ch`.
    static func bracket(_ pattern: UnsafeRawBufferPointer, at open: Int, _ ch: UInt8, caseFold: Bool) -> BracketResult {
        let pc = pattern.count
        @inline(__always) func fold(_ c: UInt8) -> UInt8 { caseFold ? ByteCompare.asciiLower(c) : c }
        /// The pattern byte at `i`, or 0 past the end (glibc reads the terminating NUL).
        // safe: every read goes through at(), which checks i < pc.
        @inline(__always) func at(_ i: Int) -> UInt8 { i < pc ? pattern[i] : 0 }
        var q = open + 1
        var negate = false
        if at(q) == UInt8(ascii: "!") || at(q) == UInt8(ascii: "^") {
            negate = true
            q += 1
        }
        let fn = fold(ch)
        var c = at(q)
        q += 1
        var matched = false
        scan: while true {
            var normal = false
            if c == UInt8(ascii: "\\") {
                guard q < pc else { return .fail }
                c = fold(pattern[q])
                q += 1
                normal = true
            } else if c == UInt8(ascii: "["), at(q) == UInt8(ascii: ":") {
                // `[:name:]`; q points at the first ':'.
                let start = q
                var name: [UInt8] = []
                var isClass = true
                var k = q
                while true {
                    if name.count == 256 { return .fail }
                    k += 1
                    let d = at(k)
                    if d == UInt8(ascii: ":"), at(k + 1) == UInt8(ascii: "]") {
                        k += 2
                        break
                    }
                    if d < UInt8(ascii: "a") || d >= UInt8(ascii: "z") {
                        isClass = false
                        break
                    }
                    name.append(d)
                }
                if isClass {
                    guard let member = Glob.characterClass(name) else { return .fail }
                    if member(ch) { matched = true; q = k; break scan }
                    q = k
                    c = at(q)
                    q += 1
                } else {
                    q = start
                    c = UInt8(ascii: "[")
                    normal = true
                }
            } else if c == 0 && q > pc {
                return .literal
            } else {
                c = fold(c)
                normal = true
            }
            if normal {
                let isRange = at(q) == UInt8(ascii: "-") && q + 1 < pc && at(q + 1) != UInt8(ascii: "]")
                if !isRange && c == fn { matched = true; break scan }
                let cold = c
                c = at(q)
                q += 1
                if c == UInt8(ascii: "-") && at(q) != UInt8(ascii: "]") {
                    var cend = at(q)
                    q += 1
                    if cend == UInt8(ascii: "\\") {
                        cend = at(q)
                        q += 1
                    }
                    if cend == 0 && q > pc { return .fail }
                    if cold <= fn && fn <= fold(cend) { matched = true; break scan }
                    c = at(q)
                    q += 1
                }
            }
            if c == UInt8(ascii: "]") { break }
            if c == 0 && q > pc { return .literal }
        }
        if !matched { return negate ? .matched(q) : .unmatched }
        // Skip the rest of the set up to its closing `]`.
        while true {
            let d = at(q)
            q += 1
            if q > pc { return .fail }
            if d == UInt8(ascii: "\\") {
                guard q < pc else { return .fail }
                q += 1
            } else if d == UInt8(ascii: "["), at(q) == UInt8(ascii: ":") {
                var k = q + 1
                while k < pc, pattern[k] >= UInt8(ascii: "a"), pattern[k] < UInt8(ascii: "z") { k += 1 }
                if at(k) == UInt8(ascii: ":"), at(k + 1) == UInt8(ascii: "]") { q = k + 2 }
            } else if d == UInt8(ascii: "]") {
                break
            }
        }
        return negate ? .unmatched : .matched(q)
    }

    /// C-locale character classes.
    static func characterClass(_ name: [UInt8]) -> ((UInt8) -> Bool)? {
        func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
        func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
        func isGraph(_ c: UInt8) -> Bool { c > 0x20 && c < 0x7F }
        switch String(decoding: name, as: UTF8.self) {
        case "alnum": return { isAlpha($0) || isDigit($0) }
        case "alpha": return isAlpha
        case "blank": return { $0 == 0x20 || $0 == 0x09 }
        case "cntrl": return { $0 < 0x20 || $0 == 0x7F }
        case "digit": return isDigit
        case "graph": return isGraph
        case "lower": return isLower
        case "print": return { $0 >= 0x20 && $0 < 0x7F }
        case "punct": return { isGraph($0) && !isAlpha($0) && !isDigit($0) }
        case "space": return { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        case "upper": return isUpper
        case "xdigit": return { isDigit($0) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) }
        default: return nil
        }
    }
}
