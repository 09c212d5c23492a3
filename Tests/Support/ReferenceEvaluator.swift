// ReferenceEvaluator.swift - a slow, obvious interpreter of the checked IR over one CloudTrail
// record, written from the spec (§2 fields, §3.4 operators) to check the generated matchers.
import Foundation
import RuleCompiler

/// Interprets `CheckedRule` conditions directly, with its own JSON view (`ReferenceFields.swift`)
/// and its own operator code: nothing is shared with Runtime's JSON tape, extractors or operators,
/// so agreement between the two is evidence, not tautology.
///
/// Where the reference cannot know a value (see `RefValue.unsupported`), `evaluate` returns
/// `.unsupported` instead of guessing, so a test that relies on such a field fails visibly.
public struct ReferenceEvaluator: Sendable {
    /// The outcome of one rule on one record.
    public enum Verdict: Sendable, Equatable {
        case match
        case noMatch
        /// The condition reached a value the reference does not model.
        case unsupported(String)
    }

    public let hostname: String

    public init() { self.init(hostname: "test") }

    /// - Parameter hostname: what `evt.hostname` returns.
    public init(hostname: String) { self.hostname = hostname }

    /// Whether `rule` matches `record`, evaluated as event number 1. An unsupported verdict is
    /// reported as no match; use `evaluate(_:in:)` to tell them apart.
    public func matches(_ rule: CheckedRule, record: [UInt8]) -> Bool {
        evaluate(rule, in: ReferenceRecord(bytes: record, hostname: hostname)) == .match
    }

    /// The value of a field (or transformer expression) for `record` (event number 1).
    public func value(_ field: CheckedField, record: [UInt8]) -> RefValue {
        value(field, in: ReferenceRecord(bytes: record, hostname: hostname))
    }

    /// The value of a field or transformer expression for a prepared record.
    public func value(_ field: CheckedField, in record: ReferenceRecord) -> RefValue {
        guard let transform = field.transform else { return record.value(name: field.info.name, argument: field.argument) }
        let inputs = transform.inputs.map { input -> RefValue in
            switch input {
            case .field(let f): value(f, in: record)
            case .literal(let text): .string(Array(text.utf8))
            }
        }
        return ReferenceTransformers.apply(transform.transformer.rawValue, inputs)
    }

    /// Evaluates a rule's condition on a prepared record (fields are extracted once per record).
    public func evaluate(_ rule: CheckedRule, in record: ReferenceRecord) -> Verdict {
        if let problem = record.problem { return .unsupported(problem) }
        switch evaluate(rule.condition, record) {
        case .success(true): return .match
        case .success(false): return .noMatch
        case .failure(let u): return .unsupported(u.reason)
        }
    }

    /// One operator applied to a value as a condition would apply it (`values`: the literal or
    /// the list items; `numbers`: the same parsed, for numeric values), for operator-level tests.
    public static func apply(_ op: ComparisonOperator, modifier: ListModifier? = nil, to value: RefValue,
                             values: [String], numbers: [UInt64] = []) -> Verdict {
        switch ReferenceOperators.compare(op, modifier, values: values, numbers: numbers, token: "value", value) {
        case .success(true): .match
        case .success(false): .noMatch
        case .failure(let u): .unsupported(u.reason)
        }
    }

    struct Unsupported: Error {
        var reason: String
    }

    /// `and`/`or` short-circuit left to right like libsinsp, so a value the reference cannot
    /// model only matters when Falco would actually look at it.
    func evaluate(_ expr: CheckedExpr, _ record: ReferenceRecord) -> Result<Bool, Unsupported> {
        switch expr {
        case .and(let terms):
            for t in terms {
                switch evaluate(t, record) {
                case .success(true): continue
                case let other: return other
                }
            }
            return .success(true)
        case .or(let terms):
            for t in terms {
                switch evaluate(t, record) {
                case .success(false): continue
                case let other: return other
                }
            }
            return .success(false)
        case .not(let inner):
            return evaluate(inner, record).map { !$0 }
        case .macro(let m):
            return evaluate(m.body, record)
        case .comparison(let c):
            if let rhs = c.rhsField {
                return ReferenceOperators.compare(c, value(c.field, in: record), against: value(rhs, in: record))
            }
            return ReferenceOperators.compare(c, value(c.field, in: record))
        }
    }
}

/// Falco's operators (spec §3.4), each written out on plain byte arrays.
enum ReferenceOperators {
    typealias Bytes = [UInt8]

    static func compare(_ c: CheckedComparison, _ value: RefValue) -> Result<Bool, ReferenceEvaluator.Unsupported> {
        compare(c.op, c.modifier, values: c.values, numbers: c.numbers, token: c.field.token, value)
    }

    static func compare(_ op: ComparisonOperator, _ modifier: ListModifier?, values: [String], numbers: [UInt64],
                        token: String, _ value: RefValue) -> Result<Bool, ReferenceEvaluator.Unsupported> {
        if case .unsupported(let why) = value {
            return .failure(.init(reason: "\(token): \(why)"))
        }
        if op == .exists { return .success(value.isPresent) }
        switch value {
        case .absent, .unsupported:
            // An absent value makes every comparison false, `!=` included (spec §2.1).
            return .success(false)
        case .list(let items):
            // List fields take only `in` (all values in the set) and `intersects` (any value).
            let set = values.map { stripTrailingNULs(Array($0.utf8)) }
            switch op {
            case .in: return .success(!items.isEmpty && items.allSatisfy { set.contains($0) })
            case .intersects: return .success(items.contains { set.contains($0) })
            default: return .failure(.init(reason: "operator \(op.rawValue) on list field \(token)"))
            }
        case .number(let n):
            return numeric(op, numbers, n)
        case .string(let s):
            if let modifier = modifier {
                let results = values.map { stringOp(op, s, cString(Array($0.utf8))) }
                if let bad = results.first(where: { $0 == nil }) { _ = bad; return .failure(.init(reason: "operator \(op.rawValue)")) }
                let hits = results.filter { $0 == true }.count
                switch modifier {
                case .oneof: return .success(hits == 1)
                case .anyof: return .success(hits >= 1)
                case .allof: return .success(hits == results.count)
                }
            }
            switch op {
            case .in, .intersects:
                return .success(values.contains { stripTrailingNULs(Array($0.utf8)) == s })
            case .pmatch:
                return .success(values.contains { pathPrefixMatches(entry: Array($0.utf8), path: s) })
            default:
                guard let literal = values.first, let r = stringOp(op, s, cString(Array(literal.utf8))) else {
                    return .failure(.init(reason: "operator \(op.rawValue) on a string"))
                }
                return .success(r)
            }
        }
    }

    /// `lhs op val(rhs)` or `lhs op transformer(...)` (spec §3.4 "Field vs field"): false when
    /// either side is absent; the right-hand value takes the literal's place (for `glob`, it is
    /// the pattern); `in`/`intersects` treat a single value as a one-element list.
    static func compare(_ c: CheckedComparison, _ lhs: RefValue, against rhs: RefValue) -> Result<Bool, ReferenceEvaluator.Unsupported> {
        for v in [lhs, rhs] {
            if case .unsupported(let why) = v { return .failure(.init(reason: "\(c.text): \(why)")) }
        }
        guard lhs.isPresent, rhs.isPresent else { return .success(false) }
        func items(_ v: RefValue) -> [Bytes]? {
            switch v {
            case .string(let s): [s]
            case .list(let l): l
            default: nil
            }
        }
        switch (lhs, rhs, c.op) {
        case (.number(let l), .number(let r), _):
            return numeric(c.op, [r], l)
        case (_, _, .in), (_, _, .intersects):
            guard let l = items(lhs), let r = items(rhs) else { break }
            return .success(c.op == .in ? !l.isEmpty && l.allSatisfy(r.contains) : l.contains(where: r.contains))
        case (.string(let l), .string(let r), _):
            if let result = stringOp(c.op, l, r) { return .success(result) }
        default:
            break
        }
        return .failure(.init(reason: "\(c.text): \(lhs) \(c.op.rawValue) \(rhs) is not modelled"))
    }

    /// uint64/abstime/reltime/bool fields: numeric comparison with the parsed literals.
    static func numeric(_ op: ComparisonOperator, _ numbers: [UInt64], _ n: UInt64) -> Result<Bool, ReferenceEvaluator.Unsupported> {
        guard let first = numbers.first else { return .failure(.init(reason: "no numeric literal")) }
        switch op {
        case .equal, .equalEqual: return .success(n == first)
        case .notEqual: return .success(n != first)
        case .less: return .success(n < first)
        case .lessEqual: return .success(n <= first)
        case .greater: return .success(n > first)
        case .greaterEqual: return .success(n >= first)
        case .in, .intersects: return .success(numbers.contains(n))
        default: return .failure(.init(reason: "operator \(op.rawValue) on a number"))
        }
    }

    /// One string operator on C strings; nil for operators that do not apply to strings.
    static func stringOp(_ op: ComparisonOperator, _ s: Bytes, _ p: Bytes) -> Bool? {
        switch op {
        case .equal, .equalEqual: return strcmp(s, p) == 0
        case .notEqual: return strcmp(s, p) != 0
        case .less: return strcmp(s, p) < 0
        case .lessEqual: return strcmp(s, p) <= 0
        case .greater: return strcmp(s, p) > 0
        case .greaterEqual: return strcmp(s, p) >= 0
        case .contains: return find(p, in: s, fold: false)
        case .icontains: return find(p, in: s, fold: true)
        case .startswith: return s.count >= p.count && Array(s.prefix(p.count)) == p
        case .endswith: return s.count >= p.count && Array(s.suffix(p.count)) == p
        case .glob: return ReferenceGlob.matches(pattern: p[...], text: s[...], fold: false)
        case .iglob: return ReferenceGlob.matches(pattern: p[...], text: s[...], fold: true)
        case .regex: return regexFullMatch(pattern: p, s)
        case .in, .intersects: return stripTrailingNULs(p) == s
        case .pmatch: return pathPrefixMatches(entry: p, path: s)
        case .bcontains, .bstartswith, .exists: return nil
        }
    }

    /// C `strcmp`: unsigned bytes, a proper prefix sorts first.
    static func strcmp(_ a: Bytes, _ b: Bytes) -> Int {
        for i in 0..<min(a.count, b.count) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// `strstr` / `strcasestr` (ASCII case folding): every start position tried in turn.
    static func find(_ needle: Bytes, in haystack: Bytes, fold: Bool) -> Bool {
        if needle.isEmpty { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var all = true
            for k in 0..<needle.count {
                let a = fold ? lower(haystack[start + k]) : haystack[start + k]
                let b = fold ? lower(needle[k]) : needle[k]
                if a != b { all = false; break }
            }
            if all { return true }
        }
        return false
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    /// A literal as libsinsp compares it with `strcmp`: up to its first NUL.
    static func cString(_ b: Bytes) -> Bytes { b.firstIndex(of: 0).map { Array(b[..<$0]) } ?? b }

    /// `in` sets ignore trailing NULs of their members.
    static func stripTrailingNULs(_ b: Bytes) -> Bytes {
        var b = b
        while b.last == 0 { b.removeLast() }
        return b
    }

    /// `pmatch`: the path's `/`-separated components (empty ones dropped) start with the entry's;
    /// an entry component containing `*`, `?` or `[` is glob-matched against one path component.
    static func pathPrefixMatches(entry: Bytes, path: Bytes) -> Bool {
        let slash = UInt8(ascii: "/")
        let want = entry.split(separator: slash)
        let have = path.split(separator: slash)
        guard have.count >= want.count else { return false }
        for (w, h) in zip(want, have) {
            let isPattern = w.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
            if isPattern {
                if !ReferenceGlob.matches(pattern: w, text: h, fold: false) { return false }
            } else if Array(w) != Array(h) {
                return false
            }
        }
        return true
    }

    /// RE2 POSIX full match, approximated with `NSRegularExpression` anchored at both ends
    /// (no project or upstream rule uses `regex`; the runtime has its own RE2 tests).
    static func regexFullMatch(pattern: Bytes, _ s: Bytes) -> Bool? {
        let p = String(decoding: pattern, as: UTF8.self)
        // \A and \z: `$` would also match before a final newline.
        guard let re = try? NSRegularExpression(pattern: "\\A(?:" + p + ")\\z", options: []) else { return nil }
        let text = String(decoding: s, as: UTF8.self)
        return re.firstMatch(in: text, options: [.anchored], range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Falco's field transformers (spec §3.4; libsinsp `sinsp_filter_transformers`): an absent input
/// leaves the result absent; string transformers apply to each element of a list; results are C
/// strings again (cut at a NUL that `b64` may produce).
enum ReferenceTransformers {
    static func apply(_ name: String, _ inputs: [RefValue]) -> RefValue {
        for v in inputs {
            if case .unsupported = v { return v }
            if case .absent = v { return .absent }
        }
        func eachString(_ f: ([UInt8]) -> [UInt8]?) -> RefValue {
            switch inputs.first {
            case .string(let s)?: return f(s).map { .string(ReferenceOperators.cString($0)) } ?? .absent
            case .list(let l)?:
                var out: [[UInt8]] = []
                for s in l {
                    guard let t = f(s) else { return .absent }
                    out.append(ReferenceOperators.cString(t))
                }
                return .list(out)
            default: return .unsupported("\(name)() of \(String(describing: inputs.first))")
            }
        }
        switch (name, inputs.count) {
        case ("tolower", 1): return eachString { $0.map(ReferenceOperators.lower) }
        case ("toupper", 1): return eachString { $0.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 } }
        case ("basename", 1):
            return eachString { s in s.lastIndex(of: UInt8(ascii: "/")).map { Array(s[($0 + 1)...]) } ?? s }
        case ("b64", 1): return eachString(base64Decode)
        case ("len", 1):
            switch inputs[0] {
            case .string(let s): return .number(UInt64(s.count))
            case .list(let l): return .number(UInt64(l.count))
            default: return .unsupported("len() of a number")
            }
        case ("join", 2):
            guard case .string(let separator) = inputs[0] else { return .unsupported("join() separator") }
            switch inputs[1] {
            case .list(let l):
                var out: [UInt8] = []
                for (i, s) in l.enumerated() { out += (i > 0 ? separator : []) + s }
                return .string(ReferenceOperators.cString(out))
            case .string(let s): return .string(s)
            default: return .unsupported("join() of a number")
            }
        case ("concat", _):
            var out: [UInt8] = []
            for v in inputs {
                guard case .string(let s) = v else { return .unsupported("concat() of a non-string") }
                out += s
            }
            return .string(ReferenceOperators.cString(out))
        default:
            return .unsupported("transformer \(name) with \(inputs.count) inputs")
        }
    }

    /// libsinsp's `Base64::decodeWithoutPadding`, restated: up to two trailing `=` are dropped,
    /// every other character must be in the standard alphabet, a lone final character (length
    /// 1 mod 4) is invalid, and the unused low bits of the final character must be zero.
    static func base64Decode(_ input: [UInt8]) -> [UInt8]? {
        if input.isEmpty { return [] }
        var chars = input[...]
        for _ in 0..<2 where chars.last == UInt8(ascii: "=") { chars = chars.dropLast() }
        guard !chars.isEmpty, chars.count % 4 != 1 else { return nil }
        func sextet(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var bits: [UInt32] = []
        for c in chars {
            guard let v = sextet(c) else { return nil }
            bits.append(v)
        }
        var out: [UInt8] = []
        var i = 0
        while i < bits.count {
            let group = Array(bits[i..<min(i + 4, bits.count)])
            let n = group.reduce(0) { ($0 << 6) | $1 } << (6 * UInt32(4 - group.count))
            let bytes = [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            switch group.count {
            case 4: out += bytes
            case 3:
                guard group[2] & 0b11 == 0 else { return nil }
                out += bytes.prefix(2)
            default:
                guard group[1] & 0b1111 == 0 else { return nil }
                out += bytes.prefix(1)
            }
            i += 4
        }
        return out
    }
}

/// `fnmatch(pattern, text, flags)` with flags 0 or `FNM_CASEFOLD`, in the C locale: `*` matches
/// any bytes including `/`, `?` one byte, `[...]` a set (`!` or `^` negates, ranges, classes like
/// `[:digit:]`, `]` first is literal), `\` quotes the next byte (a trailing `\` never matches).
/// An unterminated `[` is literal.
enum ReferenceGlob {
    static func matches(pattern: ArraySlice<UInt8>, text: ArraySlice<UInt8>, fold: Bool) -> Bool {
        let p = Array(pattern), t = Array(text)
        return match(p, 0, t, 0, fold)
    }

    /// Plain backtracking: try every split for `*`.
    static func match(_ p: [UInt8], _ pi: Int, _ t: [UInt8], _ ti: Int, _ fold: Bool) -> Bool {
        func eq(_ a: UInt8, _ b: UInt8) -> Bool { fold ? ReferenceOperators.lower(a) == ReferenceOperators.lower(b) : a == b }
        if pi == p.count { return ti == t.count }
        switch p[pi] {
        case UInt8(ascii: "*"):
            var next = pi
            while next < p.count, p[next] == UInt8(ascii: "*") { next += 1 }
            if next == p.count { return true }
            for start in ti...t.count where match(p, next, t, start, fold) { return true }
            return false
        case UInt8(ascii: "?"):
            return ti < t.count && match(p, pi + 1, t, ti + 1, fold)
        case UInt8(ascii: "["):
            if let (set, end) = bracket(p, pi) {
                guard ti < t.count else { return false }
                return set(t[ti], fold) && match(p, end, t, ti + 1, fold)
            }
            return ti < t.count && t[ti] == UInt8(ascii: "[") && match(p, pi + 1, t, ti + 1, fold)
        case UInt8(ascii: "\\"):
            // glibc: "Trailing \ loses" - a pattern ending in a lone backslash matches nothing.
            guard pi + 1 < p.count else { return false }
            return ti < t.count && eq(p[pi + 1], t[ti]) && match(p, pi + 2, t, ti + 1, fold)
        default:
            return ti < t.count && eq(p[pi], t[ti]) && match(p, pi + 1, t, ti + 1, fold)
        }
    }

    /// Parses `[...]` at `start`: a membership test and the index after `]`, or nil when unterminated.
    static func bracket(_ p: [UInt8], _ start: Int) -> ((UInt8, Bool) -> Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") {
            negate = true
            i += 1
        }
        var singles: [UInt8] = []
        var ranges: [(UInt8, UInt8)] = []
        var classes: [String] = []
        var first = true
        while i < p.count {
            var c = p[i]
            if c == UInt8(ascii: "]"), !first { break }
            first = false
            if c == UInt8(ascii: "["), i + 1 < p.count, p[i + 1] == UInt8(ascii: ":") {
                if let close = (i + 2..<max(i + 2, p.count - 1)).first(where: { p[$0] == UInt8(ascii: ":") && p[$0 + 1] == UInt8(ascii: "]") }) {
                    classes.append(String(decoding: p[(i + 2)..<close], as: UTF8.self))
                    i = close + 2
                    continue
                }
            }
            if c == UInt8(ascii: "\\"), i + 1 < p.count {
                i += 1
                c = p[i]
            }
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                var hi = p[i + 2]
                var skip = 3
                if hi == UInt8(ascii: "\\"), i + 3 < p.count {
                    hi = p[i + 3]
                    skip = 4
                }
                ranges.append((c, hi))
                i += skip
                continue
            }
            singles.append(c)
            i += 1
        }
        guard i < p.count else { return nil }
        let test = { (ch: UInt8, fold: Bool) -> Bool in
            func has(_ x: UInt8) -> Bool {
                singles.contains(x) || ranges.contains { $0.0 <= x && x <= $0.1 } || classes.contains { inClass($0, x) }
            }
            var hit = has(ch)
            if fold, !hit {
                let l = ReferenceOperators.lower(ch)
                let u = ch >= 0x61 && ch <= 0x7A ? ch - 32 : ch
                hit = has(l) || has(u)
            }
            return hit != negate
        }
        return (test, i + 1)
    }

    static func inClass(_ name: String, _ c: UInt8) -> Bool {
        switch name {
        case "alpha": return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        case "digit": return c >= 0x30 && c <= 0x39
        case "alnum": return inClass("alpha", c) || inClass("digit", c)
        case "upper": return c >= 0x41 && c <= 0x5A
        case "lower": return c >= 0x61 && c <= 0x7A
        case "space": return c == 0x20 || (c >= 0x09 && c <= 0x0D)
        case "blank": return c == 0x20 || c == 0x09
        case "punct": return c >= 0x21 && c <= 0x7E && !inClass("alnum", c)
        case "print": return c >= 0x20 && c <= 0x7E
        case "graph": return c >= 0x21 && c <= 0x7E
        case "cntrl": return c < 0x20 || c == 0x7F
        case "xdigit": return inClass("digit", c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
        default: return false
        }
    }
}
