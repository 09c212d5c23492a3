// RuleEmitter.swift - one Swift function per rule: thin calls into Runtime's operators.

/// Emits the matcher of one rule. Operator semantics live only in Runtime/Match; generated code
/// is a chain of small calls, which keeps release builds fast (big inlined expressions are not).
struct RuleEmitter {
    let plan: FieldPlan
    /// Shared static tables (sets, regexes), named and emitted once by the file emitter.
    var tables: TableRegistry
    /// The function being emitted: tables it creates are named after it.
    var owner = ""

    struct Line {
        var code: String
        var comment: String?
    }

    /// Function names of the macros (`macro_<name>`), assigned by the file emitter.
    var macroFunctions: [String: String] = [:]

    /// A macro body as one function every use calls.
    mutating func emit(_ macro: CheckedMacro, into w: inout SwiftWriter) {
        owner = macroFunctions[macro.name]!
        w.comment(["Macro \(SwiftLiteral.comment("'\(macro.name)'")) (\(macro.range.displayDescription))."], prefix: "///")
        w.line("@Sendable func \(macroFunctions[macro.name]!)(_ e: Event) -> Bool {")
        w.indent { w in
            for l in render(macro.body) {
                let code = l.code
                w.line(l.comment.map { "\(code)  // \($0)" } ?? code)
            }
        }
        w.line("}")
    }

    mutating func emit(_ rule: CheckedRule, functionName: String, into w: inout SwiftWriter) {
        owner = functionName
        let loc = rule.range.displayDescription
        w.comment(["Rule \(SwiftLiteral.comment("'\(rule.name)'")), priority \(rule.priority.caseName.uppercased())\(rule.enabled ? "" : " (disabled)") (\(loc)).", ""], prefix: "///")
        var condLines = rule.conditionText.split(separator: "\n", omittingEmptySubsequences: false)
            .map { ("    " + SwiftLiteral.comment(String($0))).trimmingTrailingSpaces() }
        while condLines.last?.isEmpty == true { condLines.removeLast() }
        w.comment(condLines, prefix: "///")
        w.line("@Sendable func \(functionName)(_ e: Event) -> Bool {")
        w.indent { w in
            let lines = render(rule.condition)
            for l in lines {
                let code = l.code
                w.line(l.comment.map { "\(code)  // \($0)" } ?? code)
            }
        }
        w.line("}")
    }

    func comment(_ c: CheckedComparison) -> String {
        "\(SwiftLiteral.comment(c.text))  \(SwiftLiteral.comment(c.range.displayDescription))"
    }

    mutating func render(_ e: CheckedExpr) -> [Line] {
        switch e {
        case .comparison(let c):
            return [Line(code: call(c), comment: comment(c))]
        case .not(let x):
            if case .comparison(let c) = x {
                return [Line(code: "!" + call(c), comment: "not " + comment(c))]
            }
            return group(render(x), open: "!(")
        case .and(let xs):
            return join(xs, op: "&&")
        case .or(let xs):
            return join(xs, op: "||")
        case .macro(let m):
            return [Line(code: "\(macroFunctions[m.name]!)(e)", comment: "macro \(SwiftLiteral.comment(m.name))")]
        }
    }

    mutating func join(_ xs: [CheckedExpr], op: String) -> [Line] {
        var out: [Line] = []
        for (i, x) in xs.enumerated() {
            var ls: [Line]
            switch x {
            case .and, .or: ls = xs.count == 1 ? render(x) : group(render(x), open: "(")
            default: ls = render(x)
            }
            if i > 0 { ls[0].code = "\(op) " + ls[0].code }
            out += ls
        }
        return out
    }

    func group(_ inner: [Line], open: String) -> [Line] {
        [Line(code: open, comment: nil)] + inner.map { Line(code: "    " + $0.code, comment: $0.comment) } + [Line(code: ")", comment: nil)]
    }

    /// The Runtime call for one comparison.
    mutating func call(_ c: CheckedComparison) -> String {
        let slot = plan.slotReference(for: c.field)
        let numeric = c.field.info.type.isNumeric
        func lit(_ i: Int) -> String { numeric ? "\(c.numbers[i]) as UInt64" : SwiftLiteral.string(c.values[i]) }
        if c.op == .exists { return "e.exists(\(slot))" }
        if let rhs = c.rhsField {
            return "e.compare(.\(Self.method(c.op)), \(slot), \(plan.slotReference(for: rhs)))"
        }
        if let m = c.modifier {
            let list = tables.literalList(c.values, listName: c.listName, owner: owner)
            let function = switch m {
            case .anyof: "anyOf"
            case .allof: "allOf"
            case .oneof: "oneOf"
            }
            return "e.\(function)(.\(Self.method(c.op)), \(slot), \(list))"
        }
        switch c.op {
        case .in, .intersects:
            let name = numeric ? tables.numberSet(c.numbers, listName: c.listName, owner: owner)
                : tables.stringSet(c.values, listName: c.listName, owner: owner)
            return "e.\(c.op == .in ? "isIn" : "intersects")(\(slot), \(name))"
        case .pmatch:
            return "e.pmatch(\(slot), \(tables.pathSet(c.values, listName: c.listName, owner: owner)))"
        case .regex:
            return "e.regex(\(slot), \(tables.regex(c.values[0], owner: owner)))"
        default:
            return "e.\(Self.method(c.op))(\(slot), \(lit(0)))"
        }
    }

    static func method(_ op: ComparisonOperator) -> String {
        switch op {
        case .equal, .equalEqual: "equal"
        case .notEqual: "notEqual"
        case .less: "less"
        case .lessEqual: "lessEqual"
        case .greater: "greater"
        case .greaterEqual: "greaterEqual"
        case .contains: "contains"
        case .icontains: "icontains"
        case .bcontains: "bcontains"
        case .startswith: "startsWith"
        case .bstartswith: "bstartsWith"
        case .endswith: "endsWith"
        case .glob: "glob"
        case .iglob: "iglob"
        case .regex: "regex"
        case .in: "isIn"
        case .intersects: "intersects"
        case .pmatch: "pmatch"
        case .exists: "exists"
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// Static tables shared by rules: one `let` per distinct value set or regex, named after the list
/// it holds or the first function that uses it (never after its position, so adding a rule
/// renames nothing), emitted in the generated file of that function.
struct TableRegistry {
    struct Table {
        var name: String
        var declaration: String
        var comment: String
        /// The function that first used it.
        var owner: String
    }
    private(set) var tables: [Table] = []
    private var byKey: [String: String] = [:]
    private var names: Set<String> = []

    private mutating func intern(kind: String, key: String, preferred: String, owner: String,
                                 declaration: (String) -> String, comment: String) -> String {
        let k = kind + "\u{1}" + key
        if let n = byKey[k] { return n }
        var name = preferred
        var i = 2
        while names.contains(name) { name = "\(preferred)_\(i)"; i += 1 }
        byKey[k] = name
        names.insert(name)
        tables.append(Table(name: name, declaration: declaration(name), comment: comment, owner: owner))
        return name
    }

    private func baseName(_ suffix: String, _ listName: String?, owner: String) -> String {
        if let l = listName { return "list_" + SwiftLiteral.identifier(l).replacingUnderscores(l) }
        return "\(owner)_\(suffix)"
    }

    mutating func stringSet(_ values: [String], listName: String?, owner: String) -> String {
        intern(kind: "s", key: values.joined(separator: "\u{0}"), preferred: baseName("values", listName, owner: owner), owner: owner,
               declaration: { "let \($0) = StringSet([\(values.map(SwiftLiteral.string).joined(separator: ", "))] as [StaticString])" },
               comment: listName.map { "List '\($0)'." } ?? "Values of an 'in' comparison.")
    }

    mutating func numberSet(_ values: [UInt64], listName: String?, owner: String) -> String {
        intern(kind: "n", key: values.map(String.init).joined(separator: ","), preferred: baseName("numbers", listName, owner: owner), owner: owner,
               declaration: { "let \($0) = NumberSet([\(values.map(String.init).joined(separator: ", "))] as [UInt64])" },
               comment: listName.map { "List '\($0)'." } ?? "Values of an 'in' comparison.")
    }

    mutating func pathSet(_ values: [String], listName: String?, owner: String) -> String {
        intern(kind: "p", key: values.joined(separator: "\u{0}"), preferred: baseName("paths", listName, owner: owner), owner: owner,
               declaration: { "let \($0) = PathPrefixSet([\(values.map(SwiftLiteral.string).joined(separator: ", "))] as [StaticString])" },
               comment: listName.map { "List '\($0)' (path prefixes)." } ?? "Path prefixes of a 'pmatch' comparison.")
    }

    mutating func literalList(_ values: [String], listName: String?, owner: String) -> String {
        intern(kind: "l", key: values.joined(separator: "\u{0}"), preferred: baseName("literals", listName, owner: owner), owner: owner,
               declaration: { "let \($0) = LiteralList([\(values.map(SwiftLiteral.string).joined(separator: ", "))] as [String])" },
               comment: listName.map { "List '\($0)' (operands of a list modifier)." } ?? "Operands of a list modifier.")
    }

    mutating func regex(_ pattern: String, owner: String) -> String {
        intern(kind: "r", key: pattern, preferred: "\(owner)_regex", owner: owner,
               declaration: { "let \($0) = RegexPattern(\(SwiftLiteral.string(pattern)))" },
               comment: "Regular expression (full match).")
    }
}

extension String {
    /// Keeps snake_case list names readable: `approved_regions` stays `approved_regions`.
    func replacingUnderscores(_ original: String) -> String {
        let ok = original.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
        return ok && !original.isEmpty ? original : self
    }
}
