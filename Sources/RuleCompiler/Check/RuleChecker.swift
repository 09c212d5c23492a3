// RuleChecker.swift - resolved rules -> checked rules: conditions, outputs and priorities typed.

/// The checking stage: each rule's condition (`ConditionChecker`) and output fields
/// (`FieldChecker`) against the model. A rule with `skip-if-unknown-filter: true` whose only
/// errors are unknown fields is dropped with a warning, as Falco does.
public enum RuleChecker {
    public static func check(_ set: ResolvedRuleSet, diagnostics: inout DiagnosticEngine) -> CheckedRuleSet {
        var rules: [CheckedRule] = []
        var conditions = ConditionChecker()
        for rule in set.rules {
            guard rule.parsed.collected.skipIfUnknownFilter else {
                if let checked = check(rule, &conditions, diagnostics: &diagnostics) { rules.append(checked) }
                continue
            }
            var scratch = DiagnosticEngine()
            let saved = conditions
            let checked = check(rule, &conditions, diagnostics: &scratch)
            let errors = scratch.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty, errors.allSatisfy({ $0.id == .unknownField }) {
                // Its errors are dropped, so no macro may stay marked as already reported.
                conditions = saved
                diagnostics.warning(.unknownField, "rule '\(rule.parsed.collected.name)' uses an unknown field and has skip-if-unknown-filter: true; skipping it", at: errors[0].range)
                continue
            }
            scratch.diagnostics.forEach { diagnostics.emit($0) }
            if let checked { rules.append(checked) }
        }
        return CheckedRuleSet(rules: rules, files: set.files)
    }

    static func check(_ rule: ResolvedRule, _ conditions: inout ConditionChecker, diagnostics: inout DiagnosticEngine) -> CheckedRule? {
        let r = rule.parsed.collected
        let condition = rule.condition.flatMap { conditions.check($0, diagnostics: &diagnostics) }
        var output: [CheckedOutputSegment] = []
        var outputOK = rule.parsed.output != nil
        for seg in rule.parsed.output ?? [] {
            switch seg {
            case .text(let t):
                output.append(.text(t))
            case .field(let f, let width, _):
                guard let checked = FieldChecker.check(f, notes: [rule.note], diagnostics: &diagnostics) else {
                    outputOK = false
                    continue
                }
                output.append(.field(checked, width: width))
            }
        }
        guard let condition, outputOK, let priority = Priority(falcoName: r.priority.value) else { return nil }
        return CheckedRule(
            name: r.name, priority: priority, source: r.source, tags: r.tags, enabled: r.enabled,
            description: r.desc.map(\.value).joined(separator: " ").trimmingCharacters(in: " \n\t"),
            range: r.range, condition: condition, conditionText: rule.parsed.conditionText, output: mergeText(output))
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
