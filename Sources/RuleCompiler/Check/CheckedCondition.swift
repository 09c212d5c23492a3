// CheckedCondition.swift - the typed IR after macros and lists are resolved and fields checked.
// The generator emits Swift from it and the test reference evaluator interprets it.

/// A field known to the catalog, with its argument — or a transformer expression over fields.
public struct CheckedField: Sendable, Hashable {
    /// The catalog entry; for a transformer expression, a synthesized entry with the result type.
    public var info: FieldInfo
    public var argument: String?
    /// `name` or `name[arg]` as written (the JSON output_fields key); for a transformer the
    /// normalised expression, e.g. `tolower(ct.user)`.
    public var token: String
    public var range: SourceRange
    /// Set for `tolower(ct.user)` and the like.
    public var transform: CheckedTransform?

    /// Two uses of the same field and argument share one runtime slot.
    public var slotKey: String {
        if let transform { return transform.key }
        return argument.map { "\(info.kind.rawValue)[\($0)]" } ?? info.kind.rawValue
    }

    /// The plain fields a transformer expression reads (itself for a plain field).
    public var baseFields: [CheckedField] {
        guard let transform else { return [self] }
        return transform.inputs.flatMap { input -> [CheckedField] in
            if case .field(let f) = input { return f.baseFields }
            return []
        }
    }

    public static func == (a: CheckedField, b: CheckedField) -> Bool { a.slotKey == b.slotKey && a.token == b.token }
    public func hash(into h: inout Hasher) { h.combine(slotKey); h.combine(token) }
}

/// A transformer applied to fields and literals (spec §3.4).
public struct CheckedTransform: Sendable, Hashable {
    public var transformer: Transformer
    public var inputs: [CheckedTransformInput]

    public var key: String {
        "\(transformer.rawValue)(" + inputs.map { i -> String in
            switch i {
            case .field(let f): f.token
            case .literal(let l): "\"" + l + "\""
            }
        }.joined(separator: ", ") + ")"
    }
}

public indirect enum CheckedTransformInput: Sendable, Hashable {
    case field(CheckedField)
    case literal(String)
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
    /// `val(other.field)` or a transformer on the right-hand side: compare with another field.
    public var rhsField: CheckedField?
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
    /// A use of a macro, whose checked body every use shares (generated as one function).
    case macro(CheckedMacro)

    /// Every comparison in evaluation order, each macro's once (at its first use).
    public var comparisons: [CheckedComparison] {
        var seen: Set<String> = []
        var out: [CheckedComparison] = []
        collect(&out, &seen)
        return out
    }

    func collect(_ out: inout [CheckedComparison], _ seenMacros: inout Set<String>) {
        switch self {
        case .and(let xs), .or(let xs): for x in xs { x.collect(&out, &seenMacros) }
        case .not(let x): x.collect(&out, &seenMacros)
        case .comparison(let c): out.append(c)
        case .macro(let m): if seenMacros.insert(m.name).inserted { m.body.collect(&out, &seenMacros) }
        }
    }

    /// The macros this condition uses, directly or through other macros, each once, callees first.
    public var macros: [CheckedMacro] {
        var seen: Set<String> = []
        var out: [CheckedMacro] = []
        collectMacros(&out, &seen)
        return out
    }

    func collectMacros(_ out: inout [CheckedMacro], _ seen: inout Set<String>) {
        switch self {
        case .and(let xs), .or(let xs): for x in xs { x.collectMacros(&out, &seen) }
        case .not(let x): x.collectMacros(&out, &seen)
        case .comparison: break
        case .macro(let m):
            guard seen.insert(m.name).inserted else { return }
            m.body.collectMacros(&out, &seen)
            out.append(m)
        }
    }
}

/// A macro's checked body, shared by its uses.
public final class CheckedMacro: Sendable, Hashable {
    public let name: String
    /// Where the macro is defined.
    public let range: SourceRange
    public let body: CheckedExpr

    init(name: String, range: SourceRange, body: CheckedExpr) {
        self.name = name
        self.range = range
        self.body = body
    }

    public static func == (a: CheckedMacro, b: CheckedMacro) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// A rule output after checking: text and fields.
public enum CheckedOutputSegment: Sendable, Hashable {
    case text(String)
    case field(CheckedField, width: Int?)
}

/// A rule ready for code generation.
public struct CheckedRule: Sendable {
    public var name: String
    public var priority: Priority
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
