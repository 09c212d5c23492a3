// MacroExpansionTests.swift - macros are expanded once each: generated code and compile time grow
// with the rule text, not with the number of paths through the macros (issue: twenty macros each
// `(m(k-1) or m(k-1))` took 13.5 s, 1 GB and 135 MB of generated Swift; 22 never finished).
import Foundation
import RuleCompiler
import Testing

@Suite struct MacroExpansionTests {
    /// `m0` is one comparison; `m(k)` is `(m(k-1) or m(k-1))`: 2^n comparisons when inlined.
    static func doublingMacros(_ n: Int) -> String {
        var yaml = "- macro: m0\n  condition: ct.name = CreateUser\n"
        for k in 1...n {
            yaml += "- macro: m\(k)\n  condition: (m\(k - 1) or m\(k - 1))\n"
        }
        yaml += "- rule: R\n  desc: d\n  condition: m\(n) and ct.user = alice\n  output: \"%ct.user\"\n  priority: WARNING\n  source: aws_cloudtrail\n"
        return yaml
    }

    @Test func thirtyDoublingMacrosCompileToCodeOfTheirOwnSize() throws {
        let yaml = Self.doublingMacros(30)
        let start = ContinuousClock.now
        let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
        let elapsed = ContinuousClock.now - start
        let source = try #require(result.swiftSource, "\(result.diagnostics.render())")
        // Linear: a function per macro, each a few lines.
        #expect(source.utf8.count < 40 * yaml.utf8.count + 20_000, "generated \(source.utf8.count) bytes from \(yaml.utf8.count)")
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        #expect(source.contains("func macro_m30(_ e: Event) -> Bool"))
        #expect(source.contains("macro_m29(e)"))
    }

    /// The same macro used twice reports its error once, at the first use, not once per use.
    @Test func anErrorInAMacroIsReportedOnce() {
        let yaml = """
            - macro: bad
              condition: ct.usr = x
            - rule: A
              desc: d
              condition: bad
              output: "%ct.user"
              priority: WARNING
              source: aws_cloudtrail
            - rule: B
              desc: d
              condition: ct.name = x and bad
              output: "%ct.user"
              priority: WARNING
              source: aws_cloudtrail

            """
        let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
        let errors = result.diagnostics.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == [.unknownField], "\(result.diagnostics.render())")
        #expect(result.swiftSource == nil)
    }

    /// A chain of macros deeper than the limit is a clear error, not a stack overflow.
    @Test func aVeryDeepMacroChainIsAnError() throws {
        var yaml = "- macro: d0\n  condition: ct.name = x\n"
        for k in 1...300 { yaml += "- macro: d\(k)\n  condition: d\(k - 1)\n" }
        yaml += "- rule: R\n  desc: d\n  condition: d300\n  output: \"%ct.user\"\n  priority: WARNING\n  source: aws_cloudtrail\n"
        let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
        let error = try #require(result.diagnostics.diagnostics.first { $0.severity == .error }, "\(result.diagnostics.render())")
        #expect(error.message.contains("macros nested deeper than"), "\(error.message)")
    }
}
