// YAMLReader.swift - the "read YAML" stage: one rules file's bytes -> one YAMLNode tree per document.

/// Reads the YAML subset Falco rule files use into `YAMLNode` trees whose every node and every
/// scalar byte can be traced back to its position in the file.
///
/// Semantics are YAML 1.2 as libyaml and yaml-cpp (Falco's reader) implement them, for:
/// block mappings and sequences (including `key:` followed by `- item` at the key's column, and
/// compact `- key: value` / `- - item` entries); plain, single- and double-quoted scalars with
/// line folding and every YAML escape; literal `|` and folded `>` block scalars with chomping and
/// indentation indicators; flow sequences and flow mappings; comments; document markers.
///
/// Everything else (anchors, aliases, tags, `?` keys, directives, non-scalar keys) is reported as
/// `yaml-unsupported`; malformed input (bad indentation, tabs used for indentation, duplicate keys,
/// unterminated quotes or flow collections, ...) as `yaml-syntax`. Diagnostics point at the
/// offending character. A structural error abandons the rest of its document rather than guess how
/// it was meant to nest; reading resumes at the next `---`. Recoverable errors (an invalid escape,
/// a duplicate key) are reported and reading goes on, so when `diagnostics` holds errors the trees
/// are only good for finding further errors, never for code generation.
public enum YAMLReader {
    /// Reads every document of `file`. Empty documents (only comments, or `---` with nothing after
    /// it) are omitted, so a typical rules file yields exactly one root node.
    public static func read(_ file: SourceFile, diagnostics: inout DiagnosticEngine) -> [YAMLNode] {
        guard let contentStart = YAMLInputValidator.validate(file, diagnostics: &diagnostics) else { return [] }
        var parser = YAMLParser(file: file, contentStart: contentStart, diagnostics: diagnostics)
        let documents = parser.readStream()
        diagnostics = parser.diagnostics
        return documents
    }
}
