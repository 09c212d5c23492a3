// RuleChecker.swift - collected rules -> checked rules: conditions, exceptions, outputs, sources.

public enum RuleChecker {
    public static func check(_ set: CollectedRuleSet, diagnostics: inout DiagnosticEngine) -> CheckedRuleSet {
        var resolver = ConditionResolver(macros: set.macros, lists: set.lists)
        // Every macro must parse on its own, used or not (Falco compiles them all).
        for m in set.macros.values.sorted(by: { $0.order < $1.order }) {
            _ = resolver.parsedMacro(m.name, diagnostics: &diagnostics)
        }
        var rules: [CheckedRule] = []
        for rule in set.rules.sorted(by: { $0.order < $1.order }) {
            guard rule.source == cloudTrailSource else {
                diagnostics.warning(.unknownSource, "unknown source '\(rule.source)', skipping rule '\(rule.name)'; Peregrine compiles aws_cloudtrail rules only", at: rule.sourceRange ?? rule.range)
                continue
            }
            if rule.skipIfUnknownFilter {
                var scratch = DiagnosticEngine()
                let saved = resolver
                let checked = check(rule, resolver: &resolver, diagnostics: &scratch)
                let errors = scratch.diagnostics.filter { $0.severity == .error }
                if !errors.isEmpty, errors.allSatisfy({ $0.id == .unknownField }) {
                    resolver = saved
                    diagnostics.warning(.unknownField, "rule '\(rule.name)' uses an unknown field and has skip-if-unknown-filter: true; skipping it", at: errors[0].range)
                    continue
                }
                scratch.diagnostics.forEach { diagnostics.emit($0) }
                if let checked { rules.append(checked) }
            } else if let checked = check(rule, resolver: &resolver, diagnostics: &diagnostics) {
                rules.append(checked)
            }
        }
        for m in set.macros.values.sorted(by: { $0.order < $1.order }) where !resolver.usedMacros.contains(m.name) {
            diagnostics.warning(.unusedMacro, "macro '\(m.name)' is never used", at: m.range)
        }
        for l in set.lists.values.sorted(by: { $0.order < $1.order }) where !resolver.lists.used.contains(l.name) {
            diagnostics.warning(.unusedList, "list '\(l.name)' is never used", at: l.range)
        }
        return CheckedRuleSet(rules: rules, files: set.files)
    }

    static func check(_ rule: CollectedRule, resolver: inout ConditionResolver, diagnostics: inout DiagnosticEngine) -> CheckedRule? {
        let ruleNote = Note("in rule '\(rule.name)'", at: rule.range)
        let source = ConditionSource(pieces: rule.condition)
        let parsed = ConditionParser.parse(source, diagnostics: &diagnostics)
        let exceptionTerms = ExceptionBuilder.build(rule.exceptions, ruleName: rule.name, diagnostics: &diagnostics)
        var condition: CheckedExpr?
        if let parsed {
            let expr: ConditionExpr = exceptionTerms.isEmpty ? parsed : .and([parsed] + exceptionTerms, range: parsed.range)
            condition = resolver.resolve(expr, .init(notes: [ruleNote]), diagnostics: &diagnostics)
        }
        var output: [CheckedOutputSegment] = []
        var outputOK = true
        for (i, piece) in rule.output.enumerated() {
            if i > 0 { output.append(.text(" ")) }
            // Falco joins appended outputs with a space and trims the result.
            let text = rule.output.count == 1 ? OutputFormatParser.trimmed(piece.value)
                : i == 0 ? String(OutputFormatParser.trimmed(piece.value + "x").dropLast())
                : i == rule.output.count - 1 ? String(OutputFormatParser.trimmed("x" + piece.value).dropFirst()) : piece.value
            guard let segments = OutputFormatParser.parse(piece, text: text, diagnostics: &diagnostics) else {
                outputOK = false
                continue
            }
            for seg in segments {
                switch seg {
                case .text(let t):
                    output.append(.text(t))
                case .field(let f, let width, _):
                    guard let checked = FieldChecker.check(f, notes: [ruleNote], diagnostics: &diagnostics) else {
                        outputOK = false
                        continue
                    }
                    output.append(.field(checked, width: width))
                }
            }
        }
        guard let condition, outputOK, let priority = Priority(falcoName: rule.priority.value) else { return nil }
        return CheckedRule(
            name: rule.name, priority: priority, source: rule.source, tags: rule.tags, enabled: rule.enabled,
            description: rule.desc.map(\.value).joined(separator: " ").trimmingCharacters(in: " \n\t"),
            range: rule.range, condition: condition, conditionText: source.text, output: mergeText(output))
    }

    /// Adjacent text segments joined (appended outputs produce several).
    static func mergeText(_ segs: [CheckedOutputSegment]) -> [CheckedOutputSegment] {
        var out: [CheckedOutputSegment] = []
        for s in segs {
            if case .text(let t) = s, case .text(let prev)? = out.last {
                out[out.count - 1] = .text(prev + t)
            } else {
                out.append(s)
            }
        }
        return out
    }
}
