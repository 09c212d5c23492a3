// ConditionResolver.swift - macros inlined, lists expanded, fields and operators checked:
// syntax tree -> CheckedExpr.

/// Resolves one rule's condition. Macro bodies are parsed once and checked at every use, with a
/// `note:` chain (in macro 'm' / in rule 'r') so an error inside a macro says how it was reached.
struct ConditionResolver {
    let macros: [String: CollectedMacro]
    var lists: ListResolver
    private var parsedMacros: [String: ConditionExpr?] = [:]
    private(set) var usedMacros: Set<String> = []

    init(macros: [String: CollectedMacro], lists: [String: CollectedList]) {
        self.macros = macros
        self.lists = ListResolver(lists: lists)
    }

    struct Context {
        var notes: [Note]
        var macroStack: [String] = []
        /// Macros visible from here must be first defined before this order (nil: a rule sees all).
        var visibility: Int?
    }

    /// Parses a macro's condition once (its syntax errors are reported once, at the macro).
    mutating func parsedMacro(_ name: String, diagnostics: inout DiagnosticEngine) -> ConditionExpr? {
        if let cached = parsedMacros[name] { return cached }
        guard let m = macros[name] else { return nil }
        let expr = ConditionParser.parse(ConditionSource(pieces: m.condition), diagnostics: &diagnostics)
        parsedMacros[name] = expr
        return expr
    }

    mutating func resolve(_ expr: ConditionExpr, _ ctx: Context, diagnostics: inout DiagnosticEngine) -> CheckedExpr? {
        switch expr {
        case .and(let xs, _):
            let parts = xs.map { resolve($0, ctx, diagnostics: &diagnostics) }
            return parts.contains { $0 == nil } ? nil : .and(parts.compactMap { $0 })
        case .or(let xs, _):
            let parts = xs.map { resolve($0, ctx, diagnostics: &diagnostics) }
            return parts.contains { $0 == nil } ? nil : .or(parts.compactMap { $0 })
        case .not(let x, _):
            return resolve(x, ctx, diagnostics: &diagnostics).map { .not($0) }
        case .macro(let name, let range):
            return resolveMacro(name, at: range, ctx, diagnostics: &diagnostics)
        case .comparison(let c):
            return check(c, ctx, diagnostics: &diagnostics).map { .comparison($0) }
        }
    }

    mutating func resolveMacro(_ name: String, at range: SourceRange, _ ctx: Context, diagnostics: inout DiagnosticEngine) -> CheckedExpr? {
        guard let m = macros[name] else {
            var notes = ctx.notes
            if lists.isList(name) {
                notes.insert(Note("'\(name)' is a list; use it inside parentheses, e.g. 'ct.region in (\(name))'", at: range), at: 0)
            } else if let s = suggestion(name, among: Array(macros.keys)) {
                notes.insert(Note("did you mean '\(s)'?", at: range), at: 0)
            }
            diagnostics.error(.undefinedMacro, "undefined macro '\(name)'", at: range, notes: notes)
            return nil
        }
        usedMacros.insert(name)
        if let limit = ctx.visibility, m.order >= limit {
            diagnostics.error(.undefinedMacro, "macro '\(name)' is used before it is defined; a macro can only use macros defined above it", at: range,
                              notes: [Note("macro '\(name)' is defined here", at: m.range)] + ctx.notes)
            return nil
        }
        if ctx.macroStack.contains(name) {
            let path = (ctx.macroStack + [name]).joined(separator: " -> ")
            diagnostics.error(.macroCycle, "reference loop in macro '\(name)': \(path)", at: range, notes: ctx.notes)
            return nil
        }
        guard let body = parsedMacro(name, diagnostics: &diagnostics) else { return nil }
        var inner = ctx
        inner.macroStack.append(name)
        inner.visibility = m.visibility
        inner.notes = [Note("in macro '\(name)', used here", at: range)] + ctx.notes
        return resolve(body, inner, diagnostics: &diagnostics)
    }

    mutating func check(_ c: Comparison, _ ctx: Context, diagnostics: inout DiagnosticEngine) -> CheckedComparison? {
        guard let field = FieldChecker.check(c.lhs, notes: ctx.notes, diagnostics: &diagnostics) else { return nil }
        let info = field.info
        let op: ComparisonOperator = c.op == .equalEqual ? .equal : c.op
        guard OperatorTable.allows(op, modifier: c.modifier, type: info.type, isList: info.isList) else {
            let kind = info.isList ? "list field" : "\(info.type.rawValue) field"
            let opText = c.modifier.map { "\(c.op.rawValue) \($0.rawValue)" } ?? c.op.rawValue
            diagnostics.error(.operatorNotSupported, "operator '\(opText)' is not supported for \(kind) '\(info.name)'", at: c.opRange, notes: ctx.notes)
            return nil
        }
        var values: [ValueLiteral] = []
        var listName: String?
        switch c.rhs {
        case .none:
            break
        case .single(let v):
            values = [lists.expandSingle(v) ?? v]
        case .list(let elements, _):
            (values, listName) = lists.expand(elements)
        case .field(let f):
            guard let rhs = FieldChecker.check(f, notes: ctx.notes, diagnostics: &diagnostics) else { return nil }
            guard OperatorTable.allowsFieldOperand(op, modifier: c.modifier) else {
                diagnostics.error(.operatorNotSupported, "operator '\(c.op.rawValue)' cannot compare a field with another field", at: c.opRange, notes: ctx.notes)
                return nil
            }
            guard rhs.info.type.isNumeric == info.type.isNumeric, rhs.info.isList == info.isList || op == .in || op == .intersects else {
                diagnostics.error(.invalidType, "cannot compare \(info.isList ? "list " : "")\(info.type.rawValue) field '\(field.token)' with \(rhs.info.isList ? "list " : "")\(rhs.info.type.rawValue) field '\(rhs.token)'", at: f.range, notes: ctx.notes)
                return nil
            }
            return CheckedComparison(field: field, op: op, modifier: nil, values: [], numbers: [], rhsField: rhs,
                                     listName: nil, range: c.range, text: Self.sourceText(c.range))
        }
        var numbers: [UInt64] = []
        if info.type.isNumeric {
            for v in values {
                guard let n = OperatorTable.number(v.text, for: info.type) else {
                    diagnostics.error(.invalidNumber, "'\(v.text)' is not a valid number for \(info.type.rawValue) field '\(info.name)'", at: v.range, notes: ctx.notes)
                    return nil
                }
                numbers.append(n)
            }
        }
        if op == .regex, let v = values.first, let err = RegexDialect.error(in: v.text) {
            diagnostics.error(.invalidRegex, "invalid regular expression '\(v.text)': \(err)", at: v.range, notes: ctx.notes)
            return nil
        }
        return CheckedComparison(field: field, op: op, modifier: c.modifier, values: values.map(\.text), numbers: numbers,
                                 rhsField: nil, listName: listName, range: c.range, text: Self.sourceText(c.range))
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

    func suggestion(_ name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, FieldCatalog.editDistance($0, name)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(2, name.count / 4) else { return nil }
        return best.0
    }
}
