// RegexPattern.swift - Falco's `regex` operator: a compiled pattern, matched against whole values.

import FalcoModel

/// A compiled `regex` right-hand side. The dialect (RE2 POSIX syntax, full match) and the
/// translation live in `FalcoModel.RegexDialect`, which the rule compiler also validates every
/// pattern with: a rule that builds has a pattern that compiles here.
///
/// Build once (a global `let` in generated code). Matching converts the value to a `String`
/// (Swift `Regex` needs one), the only operator that allocates.
public struct RegexPattern: @unchecked Sendable {
    // @unchecked: Regex<AnyRegexOutput> is immutable after construction and only read.
    @usableFromInline let regex: Regex<AnyRegexOutput>?
    /// The pattern as written in the rule.
    public let pattern: String

    /// Compiles a pattern. The compiler refused every pattern `RegexDialect` refuses, so `regex`
    /// is nil only for code not made by the compiler; such a pattern then matches nothing rather
    /// than stopping the scan.
    public init(_ pattern: String) {
        self.regex = try? RegexDialect.compile(pattern).get()
        self.pattern = pattern
    }

    /// Whether the whole value matches.
    public func matches(_ value: ByteString) -> Bool {
        guard let regex else { return false }
        let text = String(decoding: value, as: UTF8.self)
        return (try? regex.wholeMatch(in: text)) != nil
    }
}
