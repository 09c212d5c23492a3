// OutputFormatParser on any text: no trap; a failed parse reports an error.
import FuzzSupport
import RuleCompiler

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOutputFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var diagnostics = DiagnosticEngine()
    let segments = OutputFormatParser.parse(fuzzScalar(data, size), diagnostics: &diagnostics)
    if segments == nil { precondition(diagnostics.hasErrors, "output format rejected without an error") }
    return 0
}
