// ConditionSyntax.swift - the syntax tree of a Falco condition; every node carries its source range.

import FalcoModel

/// A value literal as written: quoted strings are already unescaped (Falco escapes), bare
/// strings are kept verbatim.
public struct ValueLiteral: Sendable, Hashable {
    public var text: String
    public var isQuoted: Bool
    public var range: SourceRange

    public init(text: String, isQuoted: Bool, range: SourceRange) {
        self.text = text
        self.isQuoted = isQuoted
        self.range = range
    }
}

/// One element inside `( ... )` on the right of `in`/`intersects`/`pmatch`/modifiers.
public enum ListElement: Sendable, Hashable {
    case value(ValueLiteral)
    /// A bare word that may name a list; the resolver decides (a non-list bare word is a value).
    case maybeListName(ValueLiteral)

    public var literal: ValueLiteral {
        switch self {
        case .value(let v), .maybeListName(let v): v
        }
    }
}

/// A field reference: `ct.name`, `json.value[/a/b]`, `ec2.imageids[0]`.
public struct FieldName: Sendable, Hashable {
    public var name: String
    /// The argument inside `[...]`, unquoted, or nil.
    public var argument: String?
    /// The whole token including the argument.
    public var range: SourceRange
    /// The field name part only.
    public var nameRange: SourceRange

    public init(name: String, argument: String?, range: SourceRange, nameRange: SourceRange) {
        self.name = name
        self.argument = argument
        self.range = range
        self.nameRange = nameRange
    }

    /// `name` or `name[arg]`, the token as Falco prints it in output_fields keys.
    public var token: String { argument.map { "\(name)[\($0)]" } ?? name }
}

/// A field, possibly wrapped in transformers: `tolower(basename(ct.user))`.
public indirect enum FieldExpression: Sendable, Hashable {
    case field(FieldName)
    /// `tolower(x)`, `toupper(x)`, `b64(x)`, `basename(x)`, `len(x)`, `join(sep, x)`, `concat(a, b…)`…
    case transformer(name: String, arguments: [TransformerArgument], range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .field(let f): f.range
        case .transformer(_, _, let r): r
        }
    }
}

public enum TransformerArgument: Sendable, Hashable {
    case field(FieldExpression)
    case literal(ValueLiteral)
}

/// The right-hand side of a comparison.
public enum ComparisonValue: Sendable, Hashable {
    /// `exists` has none.
    case none
    case single(ValueLiteral)
    /// `( a, b, list_name )`, or a bare list name that the parser saw without parentheses.
    case list([ListElement], range: SourceRange)
    /// `val(field)` or a transformer expression: compare field against field.
    case field(FieldExpression)
}

/// `field op value`.
public struct Comparison: Sendable, Hashable {
    public var lhs: FieldExpression
    public var op: ComparisonOperator
    public var modifier: ListModifier?
    public var opRange: SourceRange
    public var rhs: ComparisonValue
    /// The whole comparison.
    public var range: SourceRange

    public init(lhs: FieldExpression, op: ComparisonOperator, modifier: ListModifier? = nil, opRange: SourceRange,
                rhs: ComparisonValue, range: SourceRange) {
        self.lhs = lhs
        self.op = op
        self.modifier = modifier
        self.opRange = opRange
        self.rhs = rhs
        self.range = range
    }
}

/// A condition expression. `and`/`or` are n-ary and evaluated left to right with short-circuit.
public indirect enum ConditionExpr: Sendable, Hashable {
    case and([ConditionExpr], range: SourceRange)
    case or([ConditionExpr], range: SourceRange)
    case not(ConditionExpr, range: SourceRange)
    case comparison(Comparison)
    /// An identifier that is not a field: a macro reference, resolved later.
    case macro(name: String, range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .and(_, let r), .or(_, let r), .not(_, let r), .macro(_, let r): r
        case .comparison(let c): c.range
        }
    }
}

/// A condition's text and where it came from: the parser maps token offsets through the scalars.
///
/// Usually one YAML scalar. Falco appends macro and rule conditions as text (`prev + " " + new`),
/// so an appended condition is several scalars joined by one space; each byte still maps back to
/// its own file, line and column.
public struct ConditionSource: Sendable {
    public private(set) var text: String
    /// The first scalar (where the condition starts).
    public var scalar: YAMLScalar { pieces[0].scalar }
    private var pieces: [(start: Int, scalar: YAMLScalar)]

    public init(scalar: YAMLScalar) {
        self.text = scalar.value
        self.pieces = [(0, scalar)]
    }

    /// Several scalars joined with one space, as Falco's append does.
    public init(pieces scalars: [YAMLScalar]) {
        precondition(!scalars.isEmpty, "a condition needs at least one scalar")
        var text = ""
        var pieces: [(Int, YAMLScalar)] = []
        for (i, s) in scalars.enumerated() {
            if i > 0 { text += " " }
            pieces.append((text.utf8.count, s))
            text += s.value
        }
        self.text = text
        self.pieces = pieces
    }

    /// The file range of condition bytes `start..<end` (clipped to the piece holding `start`).
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        var i = pieces.count - 1
        while i > 0 && pieces[i].start > start { i -= 1 }
        let p = pieces[i]
        let pieceEnd = p.start + p.scalar.value.utf8.count
        let s = max(0, start - p.start)
        let e = max(s, min(end, pieceEnd) - p.start)
        return p.scalar.range(ofValueBytes: s, e)
    }
}
