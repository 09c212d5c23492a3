// FieldRequest.swift - one (field, argument) pair a compiled rule set reads, prepared once.

/// A field with its argument, as the generated code declares it in its slot table.
/// The slot number is the request's index in `RuleSet.fields`; each slot is extracted at most
/// once per event and cached.
public struct FieldRequest: Sendable, Hashable {
    public var kind: FieldKind
    /// `json.value[/a/b]` -> "/a/b"; `ec2.imageids[1]` -> "1"; nil without an argument.
    public var argument: String?

    /// For a transformer expression (`tolower(ct.user)`): how to compute the value from other
    /// slots. `kind` is then the kind of its first field input (informational only).
    public var transform: FieldTransform?

    public init(_ kind: FieldKind, argument: String? = nil) {
        self.kind = kind
        self.argument = argument
    }

    public init(_ kind: FieldKind, transform: FieldTransform) {
        self.kind = kind
        self.transform = transform
    }

    /// The decimal index argument (`ec2.imageids[2]`), if any.
    public var index: Int? { argument.flatMap { Int($0) } }
}

/// One input of a transformer: another slot's value or a literal string.
public enum TransformInput: Sendable, Hashable {
    case slot(Int)
    case literal(String)
}

/// `transformer(inputs...)`, e.g. `tolower(ct.user)` = `.init(.tolower, [.slot(3)])`.
public struct FieldTransform: Sendable, Hashable {
    public var transformer: Transformer
    public var inputs: [TransformInput]

    public init(_ transformer: Transformer, _ inputs: [TransformInput]) {
        self.transformer = transformer
        self.inputs = inputs
    }
}
