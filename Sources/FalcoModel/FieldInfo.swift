// FieldInfo.swift - one entry of the field catalog.

/// One field of the catalog: what the compiler checks a rule against, what the runtime extracts,
/// and what `peregrine fields` prints.
public struct FieldInfo: Sendable, Hashable {
    public var name: String
    /// The extractor that computes it (aliases such as `jevt.value` share `json.value`'s).
    public var kind: FieldKind
    public var type: FieldType
    /// A list field (`EPF_IS_LIST`): only `in`, `intersects`, `exists` apply.
    public var isList: Bool
    public var argument: FieldArgument
    /// Hidden fields work in rules but are not listed (Falco's `hidden` property).
    public var isHidden: Bool
    /// The field class it belongs to, as `peregrine fields` groups them.
    public var fieldClass: FieldClass
    public var description: String
    /// Where in the event its value comes from and how it becomes text.
    public var extraction: FieldExtraction

    public init(name: String, kind: FieldKind, type: FieldType, isList: Bool, argument: FieldArgument, isHidden: Bool,
                fieldClass: FieldClass, description: String, extraction: FieldExtraction) {
        self.name = name
        self.kind = kind
        self.type = type
        self.isList = isList
        self.argument = argument
        self.isHidden = isHidden
        self.fieldClass = fieldClass
        self.description = description
        self.extraction = extraction
    }
}
