// RuleFile.swift - the items of one rules file, as written (before Falco's collection semantics).

/// How an item changes an earlier definition of the same name.
public enum OverrideMode: String, Sendable, Hashable {
    case append, replace
}

/// A scalar-valued key of an item with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange
    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

public struct ListItem: Sendable, Hashable {
    public var name: Located<String>
    public var items: [YAMLScalar]
    public var itemsRange: SourceRange?
    /// `append: true` (deprecated form) or `override: {items: append}`.
    public var mode: OverrideMode?
    public var range: SourceRange
}

public struct MacroItem: Sendable, Hashable {
    public var name: Located<String>
    public var condition: YAMLScalar
    public var mode: OverrideMode?
    public var range: SourceRange
}

/// One exception of a rule (spec §3.6), as written.
public struct ExceptionItem: Sendable, Hashable {
    public var name: Located<String>
    /// Field tokens; `fieldsIsList` false when `fields:` was a single scalar.
    public var fields: [YAMLScalar]
    public var fieldsIsList: Bool
    public var comps: [YAMLScalar]
    public var compsIsList: Bool
    /// For list form: tuples (each element a scalar or a flow list of scalars); for scalar form:
    /// one-element tuples.
    public var values: [[YAMLNode]]
    /// The `values:` node, for positions.
    public var valuesRange: SourceRange?
    public var hasFields: Bool
    public var range: SourceRange
}

public struct RuleItem: Sendable, Hashable {
    public var name: Located<String>
    public var condition: YAMLScalar?
    public var output: YAMLScalar?
    public var desc: YAMLScalar?
    public var priority: Located<String>?
    public var source: Located<String>?
    public var enabled: Located<Bool>?
    public var tags: [Located<String>]?
    public var exceptions: [ExceptionItem]?
    /// Per key: append or replace (`override:` map, or `append: true` for every given key).
    public var overrides: [String: OverrideMode]
    /// `skip-if-unknown-filter: true`: an unknown field skips the rule with a warning.
    public var skipIfUnknownFilter: Located<Bool>?
    /// The deprecated `append: true` form was used.
    public var legacyAppend: Bool
    public var range: SourceRange
}

public struct PluginRequirement: Sendable, Hashable {
    public var name: Located<String>
    public var version: Located<String>
    public var alternatives: [(name: Located<String>, version: Located<String>)]

    public static func == (a: PluginRequirement, b: PluginRequirement) -> Bool {
        a.name == b.name && a.version == b.version
    }
    public func hash(into h: inout Hasher) { h.combine(name); h.combine(version) }
}

public enum RuleFileItem: Sendable, Hashable {
    case requiredEngineVersion(Located<String>)
    case requiredPluginVersions([PluginRequirement], range: SourceRange)
    case list(ListItem)
    case macro(MacroItem)
    case rule(RuleItem)
}

/// One rules file after reading: its items in file order.
public struct RuleFile: Sendable {
    public var file: SourceFile
    public var items: [RuleFileItem]
}
