// FuzzScalar.swift - fuzz input as the YAML scalar the rule-file parsers take.
import RuleCompiler

/// The input (decoded as UTF-8, invalid bytes replaced) as a plain scalar spanning a whole file.
public func fuzzScalar(_ data: UnsafePointer<UInt8>, _ size: Int) -> YAMLScalar {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let bytes = Array(text.utf8)
    let file = SourceFile(path: "fuzz.yaml", bytes: bytes)
    return YAMLScalar(value: text, style: .plain, range: SourceRange(file: file, start: 0, end: bytes.count),
                      sourceMap: .verbatim(sourceStart: 0, length: bytes.count))
}
