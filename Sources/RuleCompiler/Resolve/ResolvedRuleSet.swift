// ResolvedRuleSet.swift - conditions with macros inlined and lists expanded, not yet type-checked.

/// A comparison after resolution: the syntax as written, its right-hand values with list names
/// replaced by their items, and how it was reached (the macro chain), for diagnostics.
public struct ResolvedComparison: Sendable, Hashable {
    public var syntax: Comparison
    /// The values of `single`/`list` right-hand sides, lists expanded (none for `exists` and
    /// field operands).
    public var values: [ValueLiteral]
    /// The list the values came from when they were exactly one named list.
    public var listName: String?
    /// `in macro 'm', used here` … `in rule 'r'`: attached to every error about this comparison.
    public var notes: [Note]
}

/// A condition whose macro references point at their resolved bodies.
public indirect enum ResolvedExpr: Sendable, Hashable {
    case and([ResolvedExpr])
    case or([ResolvedExpr])
    case not(ResolvedExpr)
    case comparison(ResolvedComparison)
    /// A use of a macro: its body is resolved once and shared by every use, so a condition's
    /// size stays that of its text however often macros use macros.
    case macro(ResolvedMacro)
}

/// A macro's body, resolved once (at its first use, whose note chain its diagnostics carry).
public final class ResolvedMacro: Sendable, Hashable {
    public let name: String
    /// Where the macro is defined.
    public let range: SourceRange
    public let body: ResolvedExpr

    init(name: String, range: SourceRange, body: ResolvedExpr) {
        self.name = name
        self.range = range
        self.body = body
    }

    public static func == (a: ResolvedMacro, b: ResolvedMacro) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// A rule after resolution.
public struct ResolvedRule: Sendable {
    public var parsed: ParsedRule
    /// nil when the condition did not parse or referred to a macro that cannot be used.
    public var condition: ResolvedExpr?
    /// `in rule 'r'`, for errors in the rule's own output.
    public var note: Note
}

/// The result of the resolving stage.
public struct ResolvedRuleSet: Sendable {
    public var rules: [ResolvedRule]
    public var files: [SourceFile]
}
