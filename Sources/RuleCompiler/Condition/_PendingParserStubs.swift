// TEMPORARY until the parser branch merges.
public enum ConditionParser {
    public static func parse(_ source: ConditionSource, diagnostics: inout DiagnosticEngine) -> ConditionExpr? { nil }
}
public enum OutputSegmentSyntax { case text(String); case field(FieldExpression, width: Int?, range: SourceRange) }
public enum OutputFormatParser {
    public static func parse(_ scalar: YAMLScalar, text: String, diagnostics: inout DiagnosticEngine) -> [OutputSegmentSyntax]? { nil }
}
public enum YAMLReader {
    public static func read(_ file: SourceFile, diagnostics: inout DiagnosticEngine) -> [YAMLNode] { [] }
}
