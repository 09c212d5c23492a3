// ConditionChecker.swift - resolved conditions -> checked conditions: fields, operators, values.

/// Checks a resolved condition against the model: every field is in the catalog with a valid
/// argument, every operator applies to its field's type (`OperatorTable`), numbers parse as
/// libsinsp reads them, and every regex compiles in the scanner's dialect (`RegexDialect`).
/// Errors carry the comparison's note chain (in macro … / in rule …). Each macro body is checked
/// once and shared by its uses.
struct ConditionChecker {
    /// Checked bodies by name; `.some(nil)` for a macro whose error was reported.
    private var checkedMacros: [String: CheckedMacro?] = [:]

    mutating func check(_ expr: ResolvedExpr, diagnostics: inout DiagnosticEngine) -> CheckedExpr? {
        switch expr {
        case .and(let xs):
            let parts = xs.map { check($0, diagnostics: &diagnostics) }
            return parts.contains { $0 == nil } ? nil : .and(parts.compactMap { $0 })
        case .or(let xs):
            let parts = xs.map { check($0, diagnostics: &diagnostics) }
            return parts.contains { $0 == nil } ? nil : .or(parts.compactMap { $0 })
        case .not(let x):
            return check(x, diagnostics: &diagnostics).map { .not($0) }
        case .comparison(let c):
            return Self.check(c, diagnostics: &diagnostics).map { .comparison($0) }
        case .macro(let m):
            if let done = checkedMacros[m.name] { return done.map { .macro($0) } }
            let checked = check(m.body, diagnostics: &diagnostics).map { CheckedMacro(name: m.name, range: m.range, body: $0) }
            checkedMacros[m.name] = .some(checked)
            return checked.map { .macro($0) }
        }
    }

    static func check(_ resolved: ResolvedComparison, diagnostics: inout DiagnosticEngine) -> CheckedComparison? {
        let c = resolved.syntax
        let notes = resolved.notes
        guard let field = FieldChecker.check(c.lhs, notes: notes, diagnostics: &diagnostics) else { return nil }
        let info = field.info
        let op: ComparisonOperator = c.op == .equalEqual ? .equal : c.op
        guard OperatorTable.allows(op, modifier: c.modifier, type: info.type, isList: info.isList) else {
            let kind = info.isList ? "list field" : "\(info.type.rawValue) field"
            let opText = c.modifier.map { "\(c.op.rawValue) \($0.rawValue)" } ?? c.op.rawValue
            diagnostics.error(.operatorNotSupported, "operator '\(opText)' is not supported for \(kind) '\(info.name)'", at: c.opRange, notes: notes)
            return nil
        }
        if case .field(let f) = c.rhs {
            guard let rhs = FieldChecker.check(f, notes: notes, diagnostics: &diagnostics) else { return nil }
            guard OperatorTable.allowsFieldOperand(op, modifier: c.modifier) else {
                diagnostics.error(.operatorNotSupported, "operator '\(c.op.rawValue)' cannot compare a field with another field", at: c.opRange, notes: notes)
                return nil
            }
            guard rhs.info.type.isNumeric == info.type.isNumeric, rhs.info.isList == info.isList || op == .in || op == .intersects else {
                diagnostics.error(.invalidType, "cannot compare \(info.isList ? "list " : "")\(info.type.rawValue) field '\(field.token)' with \(rhs.info.isList ? "list " : "")\(rhs.info.type.rawValue) field '\(rhs.token)'", at: f.range, notes: notes)
                return nil
            }
            return CheckedComparison(field: field, op: op, modifier: nil, values: [], numbers: [], rhsField: rhs,
                                     listName: nil, range: c.range, text: sourceText(c.range))
        }
        var numbers: [UInt64] = []
        if info.type.isNumeric {
            for v in resolved.values {
                guard let n = OperatorTable.number(v.text, for: info.type) else {
                    diagnostics.error(.invalidNumber, "'\(v.text)' is not a valid number for \(info.type.rawValue) field '\(info.name)'", at: v.range, notes: notes)
                    return nil
                }
                numbers.append(n)
            }
        }
        if op == .regex, let v = resolved.values.first, let err = RegexDialect.error(in: v.text) {
            diagnostics.error(.invalidRegex, "invalid regular expression '\(v.text)': \(err)", at: v.range, notes: notes)
            return nil
        }
        return CheckedComparison(field: field, op: op, modifier: c.modifier, values: resolved.values.map(\.text), numbers: numbers,
                                 rhsField: nil, listName: resolved.listName, range: c.range, text: sourceText(c.range))
    }

    /// The text of a range with runs of whitespace (line breaks, indentation) collapsed.
    static func sourceText(_ r: SourceRange) -> String {
        let raw = String(decoding: r.file.bytes[r.start..<min(r.end, r.file.bytes.count)], as: UTF8.self)
        var out = ""
        var space = false
        for ch in raw {
            if ch == " " || ch == "\n" || ch == "\t" || ch == "\r" { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(ch)
        }
        return out
    }
}
