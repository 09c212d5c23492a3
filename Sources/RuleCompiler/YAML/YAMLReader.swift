// YAMLReader.swift - the "read YAML" stage: one rules file's bytes -> one YAMLNode tree per document.

/// Reads the YAML subset Falco rule files use into `YAMLNode` trees whose every node and every
/// scalar byte can be traced back to its position in the file.
///
/// Semantics are YAML 1.2's (Falco reads rules with yaml-cpp, spec §3.1; values here were
/// cross-checked against PyYAML/libyaml) for: block mappings and sequences (including `key:`
/// followed by `- item` at the key's column, and compact `- key: value` / `- - item` entries);
/// plain, single- and double-quoted scalars with line folding (spec §3.7) and every YAML escape;
/// literal `|` and folded `>` block scalars with chomping and indentation indicators; flow
/// sequences and flow mappings; comments; document markers.
///
/// One leniency beyond YAML 1.2, which libyaml and yaml-cpp also allow and Falco's own files rely
/// on: lines inside a quoted scalar or flow collection may be indented as little as the enclosing
/// block collection (`items: [` closed by a `]` under the key). A line indented less than that
/// (libyaml would accept it too) is taken to mean a missing closing quote or bracket, and reported
/// at the opening one.
///
/// Tags (`!x`, `!!str`, `!h!x`, `!<uri>`, `!`) are read as yaml-cpp reads them and dropped:
/// Falco reads values as text (a tag only makes an empty or `null` value an empty string).
///
/// Everything else (anchors, aliases, `?` keys, directives, non-scalar keys) is reported as
/// `yaml-unsupported`; malformed input (bad indentation, tabs used for indentation, duplicate keys,
/// unterminated quotes or flow collections, ...) as `yaml-syntax`. Diagnostics point at the
/// offending character. A structural error abandons the rest of its document rather than guess how
/// it was meant to nest; reading resumes at the next `---`. Recoverable errors (an invalid escape,
/// a duplicate key) are reported and reading goes on, so when `diagnostics` holds errors the trees
/// are only good for finding further errors, never for code generation.
public enum YAMLReader {
    /// Reads every document of `file`. Empty documents (only comments, or `---` with nothing after
    /// it) are omitted, as Falco skips null documents (spec §3.1), so a typical rules file yields
    /// exactly one root node.
    public static func read(_ file: SourceFile, diagnostics: inout DiagnosticEngine) -> [YAMLNode] {
        guard let contentStart = YAMLInputValidator.validate(file, diagnostics: &diagnostics) else { return [] }
        var parser = YAMLParser(file: file, contentStart: contentStart, diagnostics: diagnostics)
        let documents = parser.readStream()
        diagnostics = parser.diagnostics
        return documents
    }
}
