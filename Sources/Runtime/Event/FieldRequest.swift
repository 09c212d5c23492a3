// FieldRequest.swift - one (field, argument) pair a compiled rule set reads, prepared once.

/// A field with its argument, as the generated code declares it in its slot table.
/// The slot number is the request's index in `RuleSet.fields`; each slot is extracted at most
/// once per event and cached.
public struct FieldRequest: Sendable, Hashable {
    public var kind: FieldKind
    /// `json.value[/a/b]` -> "/a/b"; `ec2.imageids[1]` -> "1"; nil without an argument.
    public var argument: String?

    public init(_ kind: FieldKind, argument: String? = nil) {
        self.kind = kind
        self.argument = argument
    }

    /// The decimal index argument (`ec2.imageids[2]`), if any.
    public var index: Int? { argument.flatMap { Int($0) } }
}
