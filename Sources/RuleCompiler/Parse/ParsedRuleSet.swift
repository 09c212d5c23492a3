// ParsedRuleSet.swift - the collected rules with every condition and output parsed.

/// A macro with its condition parsed (nil when it did not parse; the error was reported).
public struct ParsedMacro: Sendable {
    public var name: String
    public var condition: ConditionExpr?
    /// Definition order and visibility, as `CollectedMacro` has them.
    public var order: Int
    public var visibility: Int
    public var range: SourceRange
}

/// A rule with its condition (exceptions appended as Falco does) and output parsed.
public struct ParsedRule: Sendable {
    /// Name, priority, tags, source… as collected.
    public var collected: CollectedRule
    /// nil when the condition or an exception did not parse.
    public var condition: ConditionExpr?
    /// The condition as written (appends joined), for the generated doc comment.
    public var conditionText: String
    /// Output segments per `output:` piece (appends are several); nil when a piece did not parse.
    public var output: [OutputSegmentSyntax]?
}

/// The result of the parsing stage.
public struct ParsedRuleSet: Sendable {
    public var lists: [String: CollectedList]
    public var macros: [String: ParsedMacro]
    public var rules: [ParsedRule]
    public var files: [SourceFile]
}
