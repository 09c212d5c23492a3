// FieldChecker.swift - a field token against the catalog: known name, argument rules (spec §2, §3.3).

enum FieldChecker {
    /// Checks a field reference; reports `unknown-field` / `invalid-argument` at the token.
    static func check(_ name: FieldName, notes: [Note], diagnostics: inout DiagnosticEngine) -> CheckedField? {
        guard let info = FieldCatalog.lookup(name.name) else {
            var n = notes
            if let s = FieldCatalog.suggestions(for: name.name).first {
                n.insert(Note("did you mean '\(s)'?", at: name.nameRange), at: 0)
            }
            diagnostics.error(.unknownField, "unknown field '\(name.name)'", at: name.nameRange, notes: n)
            return nil
        }
        switch info.argument {
        case .none:
            if name.argument != nil {
                diagnostics.error(.invalidArgument, "field '\(info.name)' does not take an argument", at: name.range, notes: notes)
                return nil
            }
        case .requiredKey:
            if name.argument == nil {
                diagnostics.error(.invalidArgument, "field '\(info.name)' requires an argument, e.g. \(info.name)[/userIdentity/type]", at: name.range, notes: notes)
                return nil
            }
        case .optionalIndex:
            if let a = name.argument {
                let valid = !a.isEmpty && a.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && (a == "0" || !a.hasPrefix("0"))
                    && UInt64(a) != nil
                if !valid {
                    diagnostics.error(.invalidArgument, "the argument of '\(info.name)' must be an index (decimal digits, no leading zeros), found '\(a)'", at: name.range, notes: notes)
                    return nil
                }
            }
        }
        return CheckedField(info: info, argument: name.argument, token: name.token, range: name.range)
    }

    /// Transformers and `val()` parse (the grammar has them) but are not compiled yet.
    static func check(_ expr: FieldExpression, notes: [Note], diagnostics: inout DiagnosticEngine) -> CheckedField? {
        switch expr {
        case .field(let f):
            return check(f, notes: notes, diagnostics: &diagnostics)
        case .transformer(let name, _, let range):
            diagnostics.error(.notSupported, "field transformer '\(name)()' is not supported yet", at: range, notes: notes)
            return nil
        }
    }
}
