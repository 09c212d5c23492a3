// OperatorTypeTests.swift - every operator against every kind of field: what Falco accepts
// compiles, what it rejects fails at the operator token (spec §3.4 comparable sets).
import RuleCompiler
import Testing

@Suite struct OperatorTypeTests {
    /// One representative field per kind, with a value literal that parses for it.
    static let fields: [(field: String, kind: String, value: String)] = [
        ("ct.user", "string", #""x""#),
        ("s3.bytes", "uint64", "5"),
        ("evt.rawtime", "abstime", "5"),
        ("evt.reltime", "reltime", "5"),
        ("evt.is_async", "bool", "true"),
        ("ec2.imageids", "list", "ami-1"),
    ]

    /// (operator, kinds that accept it) per libsinsp's flt_is_comparable_* tables.
    static let accepted: [(op: String, kinds: Set<String>)] = [
        ("=", ["string", "uint64", "abstime", "reltime", "bool"]),
        ("==", ["string", "uint64", "abstime", "reltime", "bool"]),
        ("!=", ["string", "uint64", "abstime", "reltime", "bool"]),
        ("<", ["string", "uint64", "abstime", "reltime"]),
        ("<=", ["string", "uint64", "abstime", "reltime"]),
        (">", ["string", "uint64", "abstime", "reltime"]),
        (">=", ["string", "uint64", "abstime", "reltime"]),
        ("contains", ["string"]), ("icontains", ["string"]), ("startswith", ["string"]), ("endswith", ["string"]),
        ("glob", ["string"]), ("iglob", ["string"]), ("regex", ["string"]),
        ("bcontains", []), ("bstartswith", []),
        ("in", ["string", "uint64", "abstime", "reltime", "bool", "list"]),
        ("intersects", ["string", "uint64", "abstime", "reltime", "list"]),
        ("pmatch", ["string"]),
        ("exists", ["string", "uint64", "abstime", "reltime", "bool", "list"]),
    ]

    static func condition(_ field: String, _ op: String, _ value: String) -> String {
        switch op {
        case "exists": "\(field) exists"
        case "in", "intersects", "pmatch": "\(field) \(op) (\(value))"
        case "<", "<=", ">", ">=": "\(field) \(op) 5"
        case "regex": "\(field) regex \"x.*\""
        default: "\(field) \(op) \(value)"
        }
    }

    @Test(arguments: accepted)
    func operatorAgainstEveryFieldKind(_ entry: (op: String, kinds: Set<String>)) {
        for f in Self.fields {
            let cond = Self.condition(f.field, entry.op, f.value)
            let yaml = "- rule: R\n  desc: d\n  condition: \(cond)\n  output: \"%ct.id\"\n  priority: INFO\n  source: aws_cloudtrail\n"
            let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
            if entry.kinds.contains(f.kind) {
                #expect(result.swiftSource != nil, "\(cond) should compile: \(result.diagnostics.render())")
            } else {
                let error = result.diagnostics.sorted.first { $0.severity == .error }
                #expect(error?.id == .operatorNotSupported, "\(cond): \(result.diagnostics.render())")
                // At the operator token: column of the operator inside `  condition: <cond>`.
                let opColumn = "  condition: ".utf8.count + f.field.utf8.count + 2
                #expect(error?.range?.column == opColumn, "\(cond): \(result.diagnostics.render())")
                #expect(error?.range?.line == 3)
            }
        }
    }

    @Test func modifiersOnlyOnStringOperatorsOfStringFields() {
        func compiles(_ cond: String) -> Bool {
            let yaml = "- rule: R\n  desc: d\n  condition: \(cond)\n  output: \"%ct.id\"\n  priority: INFO\n  source: aws_cloudtrail\n"
            return Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)]).swiftSource != nil
        }
        #expect(compiles("ct.name startswith anyof (Create, Delete)"))
        #expect(compiles("ct.name contains allof (a, b)"))
        #expect(compiles("ct.name = oneof (a, b)"))
        #expect(!compiles("s3.bytes = anyof (1, 2)"))
        #expect(!compiles("ec2.imageids startswith anyof (ami)"))
    }

    @Test func numericLiteralsAreCheckedForNumericFields() {
        func firstError(_ cond: String) -> DiagnosticID? {
            let yaml = "- rule: R\n  desc: d\n  condition: \(cond)\n  output: \"%ct.id\"\n  priority: INFO\n  source: aws_cloudtrail\n"
            return Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)]).diagnostics.sorted.first { $0.severity == .error }?.id
        }
        #expect(firstError("s3.bytes = 0x10") == .invalidNumber, "sscanf %lu takes no hex")
        #expect(firstError("s3.bytes = 1.5") == .invalidNumber)
        #expect(firstError("s3.bytes in (1, two)") == .invalidNumber)
        #expect(firstError("ct.user > abc") != nil, "numeric operators need a number literal")
        #expect(firstError("s3.bytes = 18446744073709551615") == nil)
        #expect(firstError("s3.bytes = 18446744073709551616") == .invalidNumber)
    }
}
