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
            func fail(_ message: String) -> CheckedField? {
                diagnostics.error(.invalidArgument, message, at: range, notes: notes)
                return nil
            }
            let type: FieldType
            var isList = false
            switch name {
            case "tolower", "toupper", "b64", "basename":
                guard inputs.count == 1, let f = fields.first else { return fail("'\(name)()' takes exactly one field") }
                guard f.info.type == .string else { return fail("'\(name)()' needs a string field, '\(f.token)' is \(f.info.type.rawValue)") }
                type = .string
                isList = f.info.isList
            case "len":
                guard inputs.count == 1, fields.count == 1 else { return fail("'len()' takes exactly one field") }
                type = .uint64
            case "join":
                guard inputs.count == 2, case .literal = inputs[0], case .field(let f) = inputs[1] else {
                    return fail("'join()' takes a separator string and a list field, e.g. join(\",\", ec2.imageids)")
                }
                guard f.info.isList || f.info.type == .string else { return fail("'join()' needs a string list field") }
                type = .string
            case "concat":
                guard inputs.count >= 2, !fields.isEmpty else { return fail("'concat()' takes two or more fields or strings") }
                if let l = fields.first(where: { $0.info.isList }) { return fail("'concat()' cannot take the list field '\(l.token)'") }
                type = .string
            default:
                diagnostics.error(.notSupported, "field transformer '\(name)()' is not supported (supported: tolower, toupper, b64, basename, len, join, concat)", at: range, notes: notes)
                return nil
            }
            let transform = CheckedTransform(transformer: name, inputs: inputs)
            let base = fields[0].info
            let info = FieldInfo(name: transform.key, type: type, isList: isList, argument: .none, isHidden: false,
                                 fieldClass: base.fieldClass, description: "", runtimeName: base.runtimeName)
            return CheckedField(info: info, argument: nil, token: transform.key, range: range, transform: transform)
        }
    }
}
