// RuleFileSnippets.swift - the `condition:`/`output:` values of a rules file, through the YAML reader.
import RuleCompiler

/// The values of one key across the items of a rules file, for parser tests that run over every
/// condition or output of Falco's files. Uses the project's YAML reader (it has its own tests).
public enum RuleFileSnippets {
    public struct Snippet: Sendable {
        /// 1-based line of the value.
        public var line: Int
        public var value: String
    }

    /// Every scalar value of `key:` in the top-level items of `text`, in file order.
    public static func values(of key: String, in text: String) -> [Snippet] {
        var diagnostics = DiagnosticEngine()
        let file = SourceFile(path: "rules.yaml", text: text)
        var result: [Snippet] = []
        for document in YAMLReader.read(file, diagnostics: &diagnostics) {
            for item in document.sequence?.items ?? [] {
                guard let scalar = item.mapping?[key]?.scalar, !scalar.isNull else { continue }
                result.append(Snippet(line: scalar.range.line, value: scalar.value))
            }
        }
        return result
    }
}
