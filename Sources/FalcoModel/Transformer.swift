// Transformer.swift - Falco's field transformers and the types they take and give.

/// A field transformer (spec §3.4): `tolower(ct.user)`, `len(ec2.imageids)`, `join(",", ec2.imageids)`.
public enum Transformer: String, Sendable, Hashable, CaseIterable {
    case tolower, toupper, b64, basename, len, join, concat

    /// One argument of a transformer, as the checker sees it: a field (its type and list-ness)
    /// or a string literal.
    public enum Argument: Sendable {
        case field(name: String, type: FieldType, isList: Bool)
        case literal
    }

    /// The result type and list-ness of `self(arguments)`, or why the arguments do not fit.
    public func result(of arguments: [Argument]) -> Result<(type: FieldType, isList: Bool), TransformerError> {
        let fields = arguments.compactMap { a -> (name: String, type: FieldType, isList: Bool)? in
            if case .field(let n, let t, let l) = a { return (n, t, l) }
            return nil
        }
        func fail(_ message: String) -> Result<(type: FieldType, isList: Bool), TransformerError> { .failure(TransformerError(message: message)) }
        switch self {
        case .tolower, .toupper, .b64, .basename:
            guard arguments.count == 1, let f = fields.first else { return fail("'\(rawValue)()' takes exactly one field") }
            guard f.type == .string else { return fail("'\(rawValue)()' needs a string field, '\(f.name)' is \(f.type.rawValue)") }
            return .success((.string, f.isList))
        case .len:
            guard arguments.count == 1, fields.count == 1 else { return fail("'len()' takes exactly one field") }
            return .success((.uint64, false))
        case .join:
            guard arguments.count == 2, case .literal = arguments[0], case .field(_, let type, let isList) = arguments[1] else {
                return fail("'join()' takes a separator string and a list field, e.g. join(\",\", ec2.imageids)")
            }
            guard isList || type == .string else { return fail("'join()' needs a string list field") }
            return .success((.string, false))
        case .concat:
            guard arguments.count >= 2, !fields.isEmpty else { return fail("'concat()' takes two or more fields or strings") }
            if let l = fields.first(where: { $0.isList }) { return fail("'concat()' cannot take the list field '\(l.name)'") }
            return .success((.string, false))
        }
    }

    /// The supported names, for "not supported" diagnostics.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Why a transformer's arguments do not fit.
public struct TransformerError: Error, Sendable {
    public var message: String
}
