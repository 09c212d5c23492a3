// ComparisonOperator.swift - the comparison operators of the condition language.

/// A comparison operator of the condition language (spec §3.3/§3.4).
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case equalEqual = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case contains, icontains, bcontains
    case startswith, bstartswith, endswith
    case glob, iglob, regex
    case `in`, intersects, pmatch
    case exists

    /// `in`, `intersects`, `pmatch`: the right-hand side is a list.
    public var takesList: Bool { self == .in || self == .intersects || self == .pmatch }
    /// `<`, `<=`, `>`, `>=`: the right-hand side must be a number literal in the grammar.
    public var isNumericOnly: Bool { self == .less || self == .lessEqual || self == .greater || self == .greaterEqual }
}

/// `oneof` / `anyof` / `allof` applied to a string operator over a list of values (libs >= 0.25).
public enum ListModifier: String, Sendable, Hashable {
    case oneof, anyof, allof
}
