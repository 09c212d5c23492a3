// MacroResolver.swift - parsed rules -> resolved rules: macros inlined, lists expanded.

/// The resolving stage. Macro bodies were parsed once; here each is resolved once, at its first
/// use, with that use's `note:` chain (in macro 'm' / in rule 'r') so an error inside a macro says
/// how it was reached; every later use shares the result. A macro that failed (did not parse, or
/// had an error) resolves to nothing at its other uses without a new error.
public struct MacroResolver {
    let macros: [String: ParsedMacro]
    var lists: ListResolver
    private(set) var usedMacros: Set<String> = []
    /// Resolved bodies by name; `.some(nil)` for a macro whose error was reported.
    private var resolved: [String: ResolvedMacro?] = [:]

    /// Macros using macros this deep are refused (the recursion would otherwise be unbounded).
    static let maximumDepth = 100

    public static func resolve(_ set: ParsedRuleSet, diagnostics: inout DiagnosticEngine) -> ResolvedRuleSet {
        var resolver = MacroResolver(macros: set.macros, lists: ListResolver(lists: set.lists))
        var rules: [ResolvedRule] = []
        for rule in set.rules {
            let note = Note("in rule '\(rule.collected.name)'", at: rule.collected.range)
            let condition = rule.condition.flatMap { resolver.resolve($0, Context(notes: [note]), diagnostics: &diagnostics) }
            rules.append(ResolvedRule(parsed: rule, condition: condition, note: note))
        }
        for m in set.macros.values.sorted(by: { $0.order < $1.order }) where !resolver.usedMacros.contains(m.name) {
            diagnostics.warning(.unusedMacro, "macro '\(m.name)' is never used", at: m.range)
        }
        for l in set.lists.values.sorted(by: { $0.order < $1.order }) where !resolver.lists.used.contains(l.name) {
            diagnostics.warning(.unusedList, "list '\(l.name)' is never used", at: l.range)
        }
        return ResolvedRuleSet(rules: rules, files: set.files)
    }

    struct Context {
        var notes: [Note]
        var macroStack: [String] = []
        /// Macros visible from here must be first defined before this order (nil: a rule sees all).
        var visibility: Int?
    }

    mutating func resolve(_ expr: ConditionExpr, _ ctx: Context, diagnostics: inout DiagnosticEngine) -> ResolvedExpr? {
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
            return .comparison(resolve(c, ctx))
        }
    }

    mutating func resolveMacro(_ name: String, at range: SourceRange, _ ctx: Context, diagnostics: inout DiagnosticEngine) -> ResolvedExpr? {
        guard let m = macros[name] else {
            var notes = ctx.notes
            if lists.isList(name) {
                notes.insert(Note("'\(name)' is a list; use it inside parentheses, e.g. 'ct.region in (\(name))'", at: range), at: 0)
            } else if let s = Self.suggestion(name, among: Array(macros.keys)) {
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
        if let done = resolved[name] { return done.map { .macro($0) } }
        guard ctx.macroStack.count < Self.maximumDepth else {
            diagnostics.error(.macroCycle, "macros nested deeper than \(Self.maximumDepth) levels (\(ctx.macroStack.first ?? name) -> … -> \(name)); flatten the chain", at: range, notes: ctx.notes)
            resolved[name] = .some(nil)
            return nil
        }
        guard let body = m.condition else {
            resolved[name] = .some(nil)
            return nil
        }
        var inner = ctx
        inner.macroStack.append(name)
        inner.visibility = m.visibility
        inner.notes = [Note("in macro '\(name)', used here", at: range)] + ctx.notes
        let macro = resolve(body, inner, diagnostics: &diagnostics).map { ResolvedMacro(name: name, range: m.range, body: $0) }
        resolved[name] = .some(macro)
        return macro.map { .macro($0) }
    }

    /// Expands the list names on the right-hand side.
    mutating func resolve(_ c: Comparison, _ ctx: Context) -> ResolvedComparison {
        var values: [ValueLiteral] = []
        var listName: String?
        switch c.rhs {
        case .none, .field:
            break
        case .single(let v):
            values = [lists.expandSingle(v) ?? v]
        case .list(let elements, _):
            (values, listName) = lists.expand(elements)
        }
        return ResolvedComparison(syntax: c, values: values, listName: listName, notes: ctx.notes)
    }

    static func suggestion(_ name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, FieldCatalog.editDistance($0, name)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(2, name.count / 4) else { return nil }
        return best.0
    }
}
