// RegexDialectTests.swift - a pattern the scanner would refuse fails the build, at the pattern.
import Foundation
import RuleCompiler
import Runtime
import Testing

@Suite struct RegexDialectTests {
    func compile(_ condition: String) -> Pipeline.Result {
        let yaml = "- rule: R\n  desc: d\n  condition: \(condition)\n  output: \"%ct.id\"\n  priority: INFO\n  source: aws_cloudtrail\n"
        return Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
    }

    /// Reported bug: `ct.user regex "\\d+"` built green and the scanner trapped on the first event.
    @Test func perlClassFailsTheBuildAtThePattern() throws {
        let result = compile(#"ct.user regex "\\d+""#)
        #expect(result.swiftSource == nil)
        let error = try #require(result.diagnostics.sorted.first { $0.severity == .error })
        #expect(error.id == .invalidRegex)
        #expect(error.message.contains("invalid escape sequence"), "\(error.message)")
        // Line 3, at the opening quote of the pattern in `  condition: ct.user regex "\\d+"`.
        #expect(error.range?.line == 3)
        #expect(error.range?.column == "  condition: ct.user regex ".utf8.count + 1)
    }

    /// The compiler and the runtime agree on every pattern: the build accepts a pattern exactly
    /// when `RegexPattern` can match with it.
    @Test(arguments: [#"\\d+"#, #"(?i)abc"#, #"a**"#, #"[z-a]"#, #"a{2000}"#, #"\\pL"#, #"a.*b"#, #"(Get|Put)Object"#, #"[[:digit:]]+"#])
    func compilerAndRuntimeAgree(pattern: String) {
        let builds = compile("ct.user regex \"\(pattern)\"").swiftSource != nil
        let unescaped = pattern.replacingOccurrences(of: #"\\"#, with: #"\"#)
        #expect(builds == (RegexDialect.error(in: unescaped) == nil), "\(pattern)")
    }

    @Test func regexWithAListModifierIsRefusedAtTheOperator() throws {
        let result = compile(#"ct.user regex anyof ("a.*", "b.*")"#)
        let error = try #require(result.diagnostics.sorted.first { $0.severity == .error })
        #expect(error.id == .operatorNotSupported)
        #expect(error.range?.column == "  condition: ct.user ".utf8.count + 1)
    }

    /// A pattern the dialect refuses, reaching the runtime anyway (code not made by the compiler),
    /// matches nothing instead of trapping.
    @Test func refusedPatternMatchesNothingAtRunTime() {
        let p = RegexPattern("\\d+")
        #expect(!p.matches(ByteString(Array("123".utf8))))
    }
}
