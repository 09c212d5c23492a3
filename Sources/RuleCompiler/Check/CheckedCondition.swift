// CheckedCondition.swift - the typed IR after macros and lists are resolved and fields checked.
// The generator emits Swift from it and the test reference evaluator interprets it.

/// A field known to the catalog, with its argument.
public struct CheckedField: Sendable, Hashable {
    public var info: FieldInfo
    public var argument: String?
    /// `name` or `name[arg]` as written (the JSON output_fields key).
    public var token: String
    public var range: SourceRange

    /// Two uses of the same field and argument share one runtime slot.
    public var slotKey: String { argument.map { "\(info.runtimeName)[\($0)]" } ?? info.runtimeName }

    public static func == (a: CheckedField, b: CheckedField) -> Bool { a.slotKey == b.slotKey && a.token == b.token }
    public func hash(into h: inout Hasher) { h.combine(slotKey); h.combine(token) }
}

/// `field op value(s)`, type-checked. `==` is normalised to `=`.
public struct CheckedComparison: Sendable, Hashable {
    public var field: CheckedField
    public var op: ComparisonOperator
    public var modifier: ListModifier?
    /// The literal values: one for scalar operators, all list items (lists expanded) for list
    /// operators and modifiers, none for `exists`.
    public var values: [String]
    /// For numeric fields, `values` parsed as unsigned integers.
    public var numbers: [UInt64]
    /// Where the values came from when they were one named list (for readable generated code).
    public var listName: String?
    public var range: SourceRange
    /// The comparison as written in the YAML (for comments in generated code).
    public var text: String
}

public indirect enum CheckedExpr: Sendable, Hashable {
    case and([CheckedExpr])
    case or([CheckedExpr])
    case not(CheckedExpr)
    case comparison(CheckedComparison)

    /// Every comparison, in evaluation order.
    public var comparisons: [CheckedComparison] {
        switch self {
        case .and(let xs), .or(let xs): xs.flatMap(\.comparisons)
        case .not(let x): x.comparisons
        case .comparison(let c): [c]
        }
    }
}

/// A rule output after checking: text and fields.
public enum CheckedOutputSegment: Sendable, Hashable {
    case text(String)
    case field(CheckedField, width: Int?)
}

/// A rule ready for code generation.
public struct CheckedRule: Sendable {
    public var name: String
    public var priority: RulePriority
    public var source: String
    public var tags: [String]
    public var enabled: Bool
    public var description: String
    public var range: SourceRange
    public var condition: CheckedExpr
    /// The condition as written (appends joined), for the generated doc comment.
    public var conditionText: String
    public var output: [CheckedOutputSegment]
}

/// The result of the checking stage: the rules of the aws_cloudtrail source in evaluation order.
public struct CheckedRuleSet: Sendable {
    public var rules: [CheckedRule]
    public var files: [SourceFile]
}
