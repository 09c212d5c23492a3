// YAMLReader on any bytes: no trap, every node range inside the file.
import RuleCompiler

func check(_ node: YAMLNode, _ count: Int, depth: Int = 0) {
    if depth > 10_000 { return }
    switch node {
    case .scalar(let s):
        precondition(s.range.start >= 0 && s.range.start <= s.range.end && s.range.end <= count, "scalar range outside the file")
    default:
        break
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = SourceFile(path: "fuzz.yaml", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    var diagnostics = DiagnosticEngine()
    let documents = YAMLReader.read(file, diagnostics: &diagnostics)
    for d in documents { check(d, size) }
    return 0
}
