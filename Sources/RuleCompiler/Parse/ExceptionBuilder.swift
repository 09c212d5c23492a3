// ExceptionBuilder.swift - a rule's `exceptions:` as condition syntax (spec §3.6).

/// Builds `not (...)` terms from exceptions. Falco builds condition *text* and re-parses it; we
/// build the syntax tree directly so every value keeps its YAML position. The shape is Falco's:
/// `(cond) and not ((f1 = v1 and f2 in (a, b)) or (...))`, one `and not` per exception with values.
enum ExceptionBuilder {
    static func build(_ exceptions: [ExceptionItem], ruleName: String, diagnostics: inout DiagnosticEngine) -> [ConditionExpr] {
        var terms: [ConditionExpr] = []
        for ex in exceptions where !ex.values.isEmpty {
            if let t = build(ex, ruleName: ruleName, diagnostics: &diagnostics) { terms.append(t) }
        }
        return terms
    }

    static func build(_ ex: ExceptionItem, ruleName: String, diagnostics: inout DiagnosticEngine) -> ConditionExpr? {
        let note = [Note("in exception '\(ex.name.value)' of rule '\(ruleName)'", at: ex.name.range)]
        guard !ex.fields.isEmpty else {
            diagnostics.error(.exceptionShape, "exception '\(ex.name.value)' has values but no fields", at: ex.name.range)
            return nil
        }
        var fields: [FieldExpression] = []
        for f in ex.fields {
            guard let field = fieldExpression(f, diagnostics: &diagnostics, notes: note) else { return nil }
            fields.append(field)
        }
        if !ex.fieldsIsList {
            // Scalar form: `field comp (v1, v2, ...)`; comp defaults to `in` and must take a list.
            let comp = ex.comps.first
            guard let (op, modifier) = comp.map({ parseComp($0, diagnostics: &diagnostics) }) ?? (.in, nil) else { return nil }
            if !op.takesList && modifier == nil {
                diagnostics.error(.exceptionShape, "exception '\(ex.name.value)' with a single field needs a list operator (in, intersects, pmatch), found '\(op.rawValue)'", at: comp!.range, notes: note)
                return nil
            }
            let elements = ex.values.flatMap { $0 }.flatMap { listElements($0) }
            let range = ex.valuesRange ?? ex.range
            return .not(.comparison(Comparison(lhs: fields[0], op: op, modifier: modifier, opRange: comp?.range ?? fields[0].range,
                                               rhs: .list(elements, range: range), range: range)), range: range)
        }
        var ops: [(ComparisonOperator, ListModifier?, SourceRange)] = []
        if ex.comps.isEmpty {
            ops = ex.fields.map { (.equal, nil, $0.range) }
        } else {
            guard ex.comps.count == ex.fields.count else {
                diagnostics.error(.exceptionShape, "exception '\(ex.name.value)': fields and comps lists must have equal length (\(ex.fields.count) fields, \(ex.comps.count) comps)", at: ex.name.range, notes: note)
                return nil
            }
            for c in ex.comps {
                guard let (op, m) = parseComp(c, diagnostics: &diagnostics) else { return nil }
                ops.append((op, m, c.range))
            }
        }
        var alternatives: [ConditionExpr] = []
        for tuple in ex.values {
            guard tuple.count == fields.count else {
                diagnostics.error(.exceptionShape, "exception '\(ex.name.value)': fields and values lists must have equal length (\(fields.count) fields, \(tuple.count) values)", at: tuple.first?.range ?? ex.name.range, notes: note)
                return nil
            }
            var conjuncts: [ConditionExpr] = []
            for (i, value) in tuple.enumerated() {
                let (op, modifier, opRange) = ops[i]
                let rhs: ComparisonValue
                if let seq = value.sequence {
                    rhs = .list(seq.items.flatMap { listElements($0) }, range: value.range)
                } else if let s = value.scalar {
                    let lit = ValueLiteral(text: s.value, isQuoted: false, range: s.range)
                    rhs = op.takesList || modifier != nil ? .list([.maybeListName(lit)], range: s.range) : .single(lit)
                } else {
                    diagnostics.error(.exceptionShape, "exception values must be scalars or lists", at: value.range, notes: note)
                    return nil
                }
                conjuncts.append(.comparison(Comparison(lhs: fields[i], op: op, modifier: modifier, opRange: opRange, rhs: rhs, range: value.range)))
            }
            alternatives.append(conjuncts.count == 1 ? conjuncts[0] : .and(conjuncts, range: ex.range))
        }
        let body: ConditionExpr = alternatives.count == 1 ? alternatives[0] : .or(alternatives, range: ex.range)
        return .not(body, range: ex.range)
    }

    static func listElements(_ node: YAMLNode) -> [ListElement] {
        if let s = node.scalar { return [.maybeListName(ValueLiteral(text: s.value, isQuoted: false, range: s.range))] }
        if let seq = node.sequence { return seq.items.flatMap { listElements($0) } }
        return []
    }

    /// `=`, `in`, `startswith anyof`, ... as written in `comps`.
    static func parseComp(_ s: YAMLScalar, diagnostics: inout DiagnosticEngine) -> (ComparisonOperator, ListModifier?)? {
        let words = s.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first, let op = ComparisonOperator(rawValue: first), op != .exists,
              words.count <= 2 else {
            diagnostics.error(.operatorNotSupported, "'\(s.value)' is not a comparison operator", at: s.range)
            return nil
        }
        if words.count == 2 {
            guard let m = ListModifier(rawValue: words[1]) else {
                diagnostics.error(.operatorNotSupported, "'\(words[1])' is not an operator modifier (oneof, anyof, allof)", at: s.range)
                return nil
            }
            return (op, m)
        }
        return (op, nil)
    }

    /// A field token from YAML: `ct.user`, `json.value[/a/b]`, `json.value["/a b"]`.
    static func fieldExpression(_ s: YAMLScalar, diagnostics: inout DiagnosticEngine, notes: [Note]) -> FieldExpression? {
        let text = s.value.trimmingCharacters(in: " \t")
        var name = text
        var arg: String?
        if let open = text.firstIndex(of: "["), text.hasSuffix("]") {
            name = String(text[..<open])
            var a = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            if a.count >= 2, let f = a.first, (f == "\"" || f == "'"), a.last == f { a = String(a.dropFirst().dropLast()) }
            arg = a
        }
        let nameRange = s.range(ofValueBytes: 0, name.utf8.count)
        return .field(FieldName(name: name, argument: arg, range: s.range, nameRange: nameRange))
    }
}

extension String {
    /// Trims the given characters from both ends.
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
