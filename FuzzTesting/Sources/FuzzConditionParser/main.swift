// ConditionParser (and its lexer) on any text: no trap; a failed parse reports an error.
import FuzzSupport
import RuleCompiler

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConditionParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var diagnostics = DiagnosticEngine()
    let expr = ConditionParser.parse(ConditionSource(scalar: fuzzScalar(data, size)), diagnostics: &diagnostics)
    if expr == nil { precondition(diagnostics.hasErrors, "condition rejected without an error") }
    return 0
}
