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

    /// A field or a transformer expression (`tolower(ct.user)`, `len(ec2.imageids)`,
    /// `join(",", ec2.imageids)`, `concat(ct.user, "@", ct.region)`), with its result type.
    static func check(_ expr: FieldExpression, notes: [Note], diagnostics: inout DiagnosticEngine) -> CheckedField? {
        switch expr {
        case .field(let f):
            return check(f, notes: notes, diagnostics: &diagnostics)
        case .transformer(let name, let arguments, let range):
            var inputs: [CheckedTransformInput] = []
            var fields: [CheckedField] = []
            for a in arguments {
                switch a {
                case .field(let e):
                    guard let f = check(e, notes: notes, diagnostics: &diagnostics) else { return nil }
                    inputs.append(.field(f))
                    fields.append(f)
                case .literal(let v):
                    inputs.append(.literal(v.text))
                }
            }
            guard let transformer = Transformer(rawValue: name) else {
                diagnostics.error(.notSupported, "field transformer '\(name)()' is not supported (supported: \(Transformer.names))", at: range, notes: notes)
                return nil
            }
            let typed = inputs.map { i -> Transformer.Argument in
                if case .field(let f) = i { return .field(name: f.token, type: f.info.type, isList: f.info.isList) }
                return .literal
            }
            let type: FieldType, isList: Bool
            switch transformer.result(of: typed) {
            case .success(let r): (type, isList) = r
            case .failure(let e):
                diagnostics.error(.invalidArgument, e.message, at: range, notes: notes)
                return nil
            }
            let transform = CheckedTransform(transformer: transformer, inputs: inputs)
            let base = fields[0].info
            let info = FieldInfo(name: transform.key, kind: base.kind, type: type, isList: isList, argument: .none, isHidden: false,
                                 fieldClass: base.fieldClass, description: "", extraction: .derived)
            return CheckedField(info: info, argument: nil, token: transform.key, range: range, transform: transform)
        }
    }
}
