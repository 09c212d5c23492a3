// RuleParser.swift - collected rules -> parsed rules: conditions, exceptions and outputs parsed.

/// The parsing stage. Every macro is parsed, used or not (Falco compiles them all); rules of other
/// sources are dropped here with a warning, since nothing after this stage knows their fields.
public enum RuleParser {
    public static func parse(_ set: CollectedRuleSet, diagnostics: inout DiagnosticEngine) -> ParsedRuleSet {
        var macros: [String: ParsedMacro] = [:]
        for m in set.macros.values.sorted(by: { $0.order < $1.order }) {
            let expr = ConditionParser.parse(ConditionSource(pieces: m.condition), diagnostics: &diagnostics)
            macros[m.name] = ParsedMacro(name: m.name, condition: expr, order: m.order, visibility: m.visibility, range: m.range)
        }
        var rules: [ParsedRule] = []
        for rule in set.rules.sorted(by: { $0.order < $1.order }) {
            guard rule.source == cloudTrailSource else {
                diagnostics.warning(.unknownSource, "unknown source '\(rule.source)', skipping rule '\(rule.name)'; Peregrine compiles aws_cloudtrail rules only", at: rule.sourceRange ?? rule.range)
                continue
            }
            rules.append(parse(rule, diagnostics: &diagnostics))
        }
        return ParsedRuleSet(lists: set.lists, macros: macros, rules: rules, files: set.files)
    }

    static func parse(_ rule: CollectedRule, diagnostics: inout DiagnosticEngine) -> ParsedRule {
        let source = ConditionSource(pieces: rule.condition)
        let parsed = ConditionParser.parse(source, diagnostics: &diagnostics)
        let exceptionTerms = ExceptionBuilder.build(rule.exceptions, ruleName: rule.name, diagnostics: &diagnostics)
        let condition = parsed.map { exceptionTerms.isEmpty ? $0 : .and([$0] + exceptionTerms, range: $0.range) }
        return ParsedRule(collected: rule, condition: condition, conditionText: source.text,
                          output: parseOutput(rule.output, diagnostics: &diagnostics))
    }

    /// Falco joins appended outputs with a space and trims the result; each piece keeps its own
    /// positions.
    static func parseOutput(_ pieces: [YAMLScalar], diagnostics: inout DiagnosticEngine) -> [OutputSegmentSyntax]? {
        var output: [OutputSegmentSyntax] = []
        var ok = true
        for (i, piece) in pieces.enumerated() {
            if i > 0 { output.append(.text(" ")) }
            let text = pieces.count == 1 ? OutputFormatParser.trimmed(piece.value)
                : i == 0 ? String(OutputFormatParser.trimmed(piece.value + "x").dropLast())
                : i == pieces.count - 1 ? String(OutputFormatParser.trimmed("x" + piece.value).dropFirst()) : piece.value
            guard let segments = OutputFormatParser.parse(piece, text: text, diagnostics: &diagnostics) else {
                ok = false
                continue
            }
            output += segments
        }
        return ok ? output : nil
    }
}
