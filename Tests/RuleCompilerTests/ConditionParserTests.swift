// ConditionParserTests.swift - accept/reject cases of the condition grammar, with positions (spec §3.3).
import Foundation
import RuleCompiler
import Testing
import TestSupport

/// Renders a condition tree without ranges: `(and (= ct.name x) (not m))`. Quoted values print
/// with Swift escapes (`"a\n"`), bare values and list names verbatim, `val()`/transformer
/// right-hand sides with a `$`.
func conditionShape(_ e: ConditionExpr) -> String {
    switch e {
    case .and(let children, _): "(and " + children.map(conditionShape).joined(separator: " ") + ")"
    case .or(let children, _): "(or " + children.map(conditionShape).joined(separator: " ") + ")"
    case .not(let child, _): "(not \(conditionShape(child)))"
    case .macro(let name, _): name
    case .comparison(let c):
        {
            let op = c.op.rawValue + (c.modifier.map { " " + $0.rawValue } ?? "")
            let lhs = fieldShape(c.lhs)
            switch c.rhs {
            case .none: return "(\(op) \(lhs))"
            case .single(let v): return "(\(op) \(lhs) \(valueShape(v)))"
            case .list(let elements, _): return "(\(op) \(lhs) [\(elements.map(elementShape).joined(separator: ", "))])"
            case .field(let f): return "(\(op) \(lhs) $\(fieldShape(f)))"
            }
        }()
    }
}

func fieldShape(_ f: FieldExpression) -> String {
    switch f {
    case .field(let name): name.token
    case .transformer(let name, let arguments, _):
        name + "(" + arguments.map { argument in
            switch argument {
            case .field(let inner): fieldShape(inner)
            case .literal(let v): valueShape(v)
            }
        }.joined(separator: ", ") + ")"
    }
}

func valueShape(_ v: ValueLiteral) -> String { v.isQuoted ? String(reflecting: v.text) : v.text }

func elementShape(_ e: ListElement) -> String {
    switch e {
    case .value(let v): valueShape(v)
    case .maybeListName(let v): v.text
    }
}

/// Parses a condition given as plain text (no markers).
func parseCondition(_ text: String) -> (ConditionExpr?, DiagnosticEngine) {
    let source = MarkedSource(text)
    var diagnostics = DiagnosticEngine(errorLimit: 1000)
    let expr = ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics)
    return (expr, diagnostics)
}

/// The same condition with every blank run outside quoted strings replaced by another mix of
/// blanks, chosen by `variant` (libs `test_accept` does the same).
func permutingBlanks(_ text: String, variant: Int) -> String {
    let replacements = ["\n", "\t", "\n\t  ", "\r\n", "   ", " \t\n"]
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var i = 0
    var run = variant
    var quote: UInt8?
    var previous: UInt8 = 0
    while i < bytes.count {
        let b = bytes[i]
        if let q = quote {
            out.append(b)
            if b == q && previous != UInt8(ascii: "\\") { quote = nil }
            previous = b
            i += 1
            continue
        }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
            quote = b
            previous = b
            out.append(b)
            i += 1
            continue
        }
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") {
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\n") {
                i += 1
            }
            out.append(contentsOf: Array(replacements[run % replacements.count].utf8))
            run += 1
            continue
        }
        out.append(b)
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite struct ConditionParserTests {
    // MARK: - Accept

    static let accepted: [(String, String)] = [
        // Every operator.
        ("ct.name = x", "(= ct.name x)"),
        ("ct.name == x", "(== ct.name x)"),
        ("ct.name != \"x y\"", "(!= ct.name \"x y\")"),
        ("evt.num < 5", "(< evt.num 5)"),
        ("evt.num <= +5", "(<= evt.num +5)"),
        ("evt.num > -3", "(> evt.num -3)"),
        ("evt.num >= 1.5", "(>= evt.num 1.5)"),
        ("evt.num > 0x1F", "(> evt.num 0x1F)"),
        ("evt.num>1.5e+3", "(> evt.num 1.5e+3)"),
        ("evt.num < 10.", "(< evt.num 10.)"),
        ("ct.name contains Create", "(contains ct.name Create)"),
        ("ct.name icontains 'create'", "(icontains ct.name \"create\")"),
        ("ct.name bcontains 41", "(bcontains ct.name 41)"),
        ("ct.name startswith Create", "(startswith ct.name Create)"),
        ("ct.name bstartswith 41", "(bstartswith ct.name 41)"),
        ("ct.name endswith Bucket", "(endswith ct.name Bucket)"),
        ("ct.name glob 'Create*'", "(glob ct.name \"Create*\")"),
        ("ct.name iglob create*", "(iglob ct.name create*)"),
        ("ct.name regex '[A-Z].*'", "(regex ct.name \"[A-Z].*\")"),
        ("ct.region in (us-east-1, \"eu-west-1\", 'ap')", "(in ct.region [us-east-1, \"eu-west-1\", \"ap\"])"),
        ("ct.region in(a,b)", "(in ct.region [a, b])"),
        ("ec2.imageids intersects (ami-1)", "(intersects ec2.imageids [ami-1])"),
        ("ct.request.key pmatch (/a/b, /c)", "(pmatch ct.request.key [/a/b, /c])"),
        ("ct.error exists", "(exists ct.error)"),
        // Lists.
        ("ct.name in ()", "(in ct.name [])"),
        ("ct.name in (  )", "(in ct.name [])"),
        ("ct.region in (approved_regions)", "(in ct.region [approved_regions])"),
        ("ct.region in approved_regions", "(in ct.region [approved_regions])"),
        ("ct.region in (a , b ,c)", "(in ct.region [a, b, c])"),
        ("ct.name in (\"\", '')", "(in ct.name [\"\", \"\"])"),
        // Precedence and not.
        ("a and b or c", "(or (and a b) c)"),
        ("a or b and c", "(or a (and b c))"),
        ("a and b and c", "(and a b c)"),
        ("a or b or c or d", "(or a b c d)"),
        ("(a and b) and c", "(and (and a b) c)"),
        ("a and (b or c)", "(and a (or b c))"),
        ("not a and b", "(and (not a) b)"),
        ("not a or not b", "(or (not a) (not b))"),
        ("not (a or b)", "(not (or a b))"),
        ("not not a", "a"),
        ("not not not a", "(not a)"),
        ("not(a)", "(not a)"),
        ("not not(a)", "a"),
        ("not not (a or b)", "(or a b)"),
        ("a and not b", "(and a (not b))"),
        ("a and(b)", "(and a b)"),
        ("a or(b and c)", "(or a (and b c))"),
        ("((a))", "a"),
        ("( ( a ) )", "a"),
        ("not ct.error exists", "(not (exists ct.error))"),
        ("not ct.region in (approved_regions)", "(not (in ct.region [approved_regions]))"),
        // Macros.
        ("my_macro", "my_macro"),
        ("notable", "notable"),
        ("and_x", "and_x"),
        ("a1 and B_2", "(and a1 B_2)"),
        // Field arguments.
        ("json.value[/a/b] = x", "(= json.value[/a/b] x)"),
        ("json.value[\"/a b\"] = x", "(= json.value[/a b] x)"),
        ("json.value['/a\\tb'] = x", "(= json.value[/a\tb] x)"),
        ("ec2.imageids[0] in (a)", "(in ec2.imageids[0] [a])"),
        ("json.value[/a=b,c(d)] = x", "(= json.value[/a=b,c(d)] x)"),
        // Transformers and val().
        ("tolower(ct.user) = admin", "(= tolower(ct.user) admin)"),
        ("toupper(basename(ct.user)) = A", "(= toupper(basename(ct.user)) A)"),
        ("tolower( ct.user ) = a", "(= tolower(ct.user) a)"),
        ("len(ec2.imageids) > 0", "(> len(ec2.imageids) 0)"),
        ("b64(ct.name) = x", "(= b64(ct.name) x)"),
        ("join(\",\", ec2.imageids) = \"a,b\"", "(= join(\",\", ec2.imageids) \"a,b\")"),
        ("concat(ct.user, \"-\", ct.region) = x", "(= concat(ct.user, \"-\", ct.region) x)"),
        ("getopt(ct.name, 1) exists", "(exists getopt(ct.name, 1))"),
        ("ct.user = val(ct.request.username)", "(= ct.user $ct.request.username)"),
        ("ct.user = val( json.value[/a] )", "(= ct.user $json.value[/a])"),
        ("ct.user != tolower(ct.name)", "(!= ct.user $tolower(ct.name))"),
        ("evt.num > len(ct.name)", "(> evt.num $len(ct.name))"),
        ("ct.name in tolower(ct.user)", "(in ct.name $tolower(ct.user))"),
        ("ct.name = tolower", "(= ct.name tolower)"),
        // Modifiers.
        ("ct.name startswith anyof (Create, \"Delete\")", "(startswith anyof ct.name [Create, \"Delete\"])"),
        ("ct.name = oneof (a)", "(= oneof ct.name [a])"),
        ("ct.name contains allof my_list", "(contains allof ct.name [my_list])"),
        ("ct.name endswith anyof ()", "(endswith anyof ct.name [])"),
        ("ct.name = anyof", "(= ct.name anyof)"),
        // Values and escapes.
        ("ct.name = \"a\\\"b\"", "(= ct.name \"a\\\"b\")"),
        ("ct.name = 'a\\'b'", "(= ct.name \"a\\'b\")"),
        ("ct.name = \"\\b\\f\\n\\r\\t\\\\\\/\"", "(= ct.name \"\\u{08}\\u{0C}\\n\\r\\t\\\\/\")"),
        ("ct.name = \"a\\ b\"", "(= ct.name \"a\\\\b\")"),
        ("ct.name = \"\"", "(= ct.name \"\")"),
        ("ct.name = a/b*c?", "(= ct.name a/b*c?)"),
        ("ct.name=x", "(= ct.name x)"),
        ("json.value[/x]=false", "(= json.value[/x] false)"),
        ("ct.name==x", "(== ct.name x)"),
        ("ct.name = héllo", "(= ct.name héllo)"),
        ("ct.name=\"a\"and ct.src=\"b\"", "(and (= ct.name \"a\") (= ct.src \"b\"))"),
        // libs quirks kept on purpose.
        ("ct.name inside", "(in ct.name [side])"),
        ("evt.num > 5or(a)", "(or (> evt.num 5) a)"),
        ("not", "not"),
        // The upstream shapes.
        ("ct.name=\"ConsoleLogin\" and not ct.error exists\nand json.value[/responseElements/ConsoleLogin]=\"Success\"",
         "(and (= ct.name \"ConsoleLogin\") (not (exists ct.error)) (= json.value[/responseElements/ConsoleLogin] \"Success\"))"),
        ("ct.src=\"ecs.amazonaws.com\" and\n(ct.name=\"RunTask\" or ct.name=\"StartTask\") and\nnot ct.error exists",
         "(and (= ct.src \"ecs.amazonaws.com\") (or (= ct.name \"RunTask\") (= ct.name \"StartTask\")) (not (exists ct.error)))"),
    ]

    @Test(arguments: accepted)
    func accepts(condition: String, expected: String) {
        let (expr, diagnostics) = parseCondition(condition)
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.render())")
        guard let expr else {
            Issue.record("rejected: \(condition)")
            return
        }
        #expect(conditionShape(expr) == expected)
        for variant in 0..<3 {
            let permuted = permutingBlanks(condition, variant: variant)
            let (again, d) = parseCondition(permuted)
            #expect(again.map(conditionShape) == expected, "permuted \(String(reflecting: permuted)): \(d.render())")
        }
    }

    // MARK: - Reject

    struct Rejection: Sendable, CustomTestStringConvertible {
        var condition: String
        var expected: [(DiagnosticID, String)]
        var testDescription: String { condition }

        init(_ condition: String, _ expected: (DiagnosticID, String)...) {
            self.condition = condition
            self.expected = expected
        }
    }

    static let rejected: [Rejection] = [
        .init("1️⃣", (.expectedExpression, "1️⃣")),
        .init("   1️⃣", (.expectedExpression, "1️⃣")),
        .init("ct.name = 1️⃣", (.expectedValue, "1️⃣")),
        .init("ct.name = 1️⃣(a)", (.expectedValue, "1️⃣")),
        .init("ct.name 1️⃣~ x", (.expectedOperator, "1️⃣")),
        .init("ct.name 1️⃣is x", (.expectedOperator, "1️⃣")),
        .init("ct.name1️⃣", (.expectedOperator, "1️⃣")),
        .init("ct.name 1️⃣containsx", (.expectedOperator, "1️⃣")),
        .init("ct.name 1️⃣globin (a)", (.expectedOperator, "1️⃣")),
        .init("ct.name =~ 1️⃣x", (.unexpectedToken, "1️⃣")),  // '~' is a bare string
        .init("evt.num > 1️⃣abc", (.invalidNumber, "1️⃣")),
        .init("evt.num > 1️⃣\"5\"", (.invalidNumber, "1️⃣")),
        .init("evt.num > 1️⃣", (.expectedValue, "1️⃣")),
        .init("evt.num > 121️⃣abc", (.unexpectedToken, "1️⃣")),
        .init("evt.num > 11️⃣e5", (.unexpectedToken, "1️⃣")),
        .init("2️⃣(ct.name = a 1️⃣", (.unexpectedToken, "1️⃣")),
        .init("2️⃣(a and (b)1️⃣", (.unexpectedToken, "1️⃣")),
        .init("ct.name = a1️⃣)", (.unexpectedToken, "1️⃣")),
        .init("(a)1️⃣))", (.unexpectedToken, "1️⃣")),
        .init("a 1️⃣b", (.unexpectedToken, "1️⃣")),
        .init("a 1️⃣andb", (.unexpectedToken, "1️⃣")),
        .init("a 1️⃣or", (.unexpectedToken, "1️⃣")),
        .init("a and 1️⃣", (.expectedExpression, "1️⃣")),
        .init("a and 1️⃣)", (.expectedExpression, "1️⃣")),
        .init("not 1️⃣", (.expectedExpression, "1️⃣")),
        .init("1️⃣= x", (.expectedExpression, "1️⃣")),
        .init("1️⃣\"ct.name\" = x", (.expectedExpression, "1️⃣")),
        .init("ct.name in 2️⃣(a, b1️⃣", (.unexpectedToken, "1️⃣")),
        .init("ct.name in (a,1️⃣)", (.expectedValue, "1️⃣")),
        .init("ct.name in (1️⃣,a)", (.unexpectedToken, "1️⃣")),
        .init("ct.name in (a 1️⃣b)", (.unexpectedToken, "1️⃣")),
        .init("ct.name in (a1️⃣=b)", (.unexpectedToken, "1️⃣")),
        .init("ct.name in 1️⃣\"x\"", (.expectedValue, "1️⃣")),
        .init("ct.name in 1️⃣", (.expectedValue, "1️⃣")),
        .init("ct.name in 1️⃣-x", (.expectedValue, "1️⃣")),
        .init("ct.name startswith anyof 1️⃣\"a\"", (.expectedValue, "1️⃣")),
        .init("ct.name startswith anyof tolower1️⃣(ct.name)", (.unexpectedToken, "1️⃣")),
        .init("ct.error exists1️⃣x", (.unexpectedToken, "1️⃣")),
        .init("ct.name = 1️⃣\"abc", (.unterminatedString, "1️⃣")),
        .init("ct.name = 1️⃣'abc\\'", (.unterminatedString, "1️⃣")),
        .init("ct.name in (a, 1️⃣\"b)", (.unterminatedString, "1️⃣")),
        .init("json.value[1️⃣\"/a] = x", (.unterminatedString, "1️⃣")),
        .init("ct.name = \"a1️⃣\\qb\"", (.invalidEscape, "1️⃣")),
        .init("ct.name = \"a1️⃣\\'b\"", (.invalidEscape, "1️⃣")),
        .init("ct.name = 'a1️⃣\\\"b'", (.invalidEscape, "1️⃣")),
        .init("ct.name = \"1️⃣\\x41\"", (.invalidEscape, "1️⃣")),
        .init("ct.name = \"1️⃣\\q\" and ct.user = \"2️⃣\\z\"", (.invalidEscape, "1️⃣"), (.invalidEscape, "2️⃣")),
        .init("ct.name in (\"1️⃣\\q\")", (.invalidEscape, "1️⃣")),
        .init("json.value[\"1️⃣\\q\"] = x", (.invalidEscape, "1️⃣")),
        .init("ct.name = \"1️⃣\\q\" and 2️⃣)", (.invalidEscape, "1️⃣"), (.expectedExpression, "2️⃣")),
        .init("json.value[1️⃣] = x", (.invalidArgument, "1️⃣")),
        .init("json.value[/a1️⃣ = x", (.unexpectedToken, "1️⃣")),
        .init("json.value[/a1️⃣[b] = x", (.unexpectedToken, "1️⃣")),
        .init("tolower(1️⃣) = x", (.invalidArgument, "1️⃣")),
        .init("tolower(1️⃣x) = x", (.invalidArgument, "1️⃣")),
        .init("tolower(ct.name 1️⃣= x", (.unexpectedToken, "1️⃣")),
        .init("tolower(ct.name)1️⃣[0] = x", (.invalidArgument, "1️⃣")),
        .init("concat(1️⃣(ct.name), x) = x", (.invalidArgument, "1️⃣")),
        .init("tolower 1️⃣(ct.name) = x", (.unexpectedToken, "1️⃣")),
        .init("ct.name = val(1️⃣x)", (.invalidArgument, "1️⃣")),
        .init("ct.name = val(1️⃣tolower(ct.user))", (.invalidArgument, "1️⃣")),
        .init("ct.name = val(ct.user1️⃣", (.unexpectedToken, "1️⃣")),
        .init("ct.name = tolower(1️⃣x)", (.invalidArgument, "1️⃣")),
        .init("ct.name = x and val1️⃣(ct.user) = y", (.unexpectedToken, "1️⃣")),
    ]

    @Test(arguments: rejected)
    func rejects(_ rejection: Rejection) {
        let source = MarkedSource(rejection.condition)
        var diagnostics = DiagnosticEngine()
        let expr = ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics)
        #expect(expr == nil)
        let actual = diagnostics.sorted.map { "\($0.id) at \(MarkedSource.location(of: $0.range))" }
        let expected = rejection.expected.map { "\($0.0) at \(source.location(of: $0.1) ?? "?")" }
        #expect(actual == expected, "\(diagnostics.render())")
        for d in diagnostics.diagnostics {
            #expect(d.severity == .error)
            #expect(!d.message.isEmpty && d.message.first?.isUppercase != true, "swiftc style: \(d.message)")
        }
    }

    // MARK: - Positions and ranges

    @Test func unbalancedParenthesisNotesTheOpeningOne() throws {
        let source = MarkedSource("a and 1️⃣(b or (c)2️⃣")
        var diagnostics = DiagnosticEngine()
        _ = ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics)
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.id == .unexpectedToken)
        #expect(MarkedSource.location(of: d.range) == source.location(of: "2️⃣"))
        #expect(d.notes.map { MarkedSource.location(of: $0.range) } == [source.location(of: "1️⃣")])
        #expect(d.message.contains("end of condition"))
    }

    @Test func leftoverMessageNamesThePreviousToken() throws {
        let (_, diagnostics) = parseCondition("ct.name = \"x\" y")
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.message == "unexpected 'y' after '\"x\"'; expected 'and' or 'or'")
    }

    @Test func comparingAMacroExplainsFieldNames() throws {
        let (_, diagnostics) = parseCondition("user = root")
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.id == .unexpectedToken)
        #expect(d.notes.map(\.message) == ["'user' is read as a macro name; field names contain a dot, like 'ct.name'"])
        let (_, other) = parseCondition("ct.name in names = x")
        #expect(other.diagnostics.first?.notes.isEmpty == true, "a list name is not a macro")
    }

    @Test func positionsFollowTheScalarMapAcrossFoldedLines() throws {
        // `condition: ct.name = a and` / `    ct.user @ b`, folded by YAML into one line.
        let line1 = "  condition: ct.name = a and"
        let line2 = "    ct.user @ b"
        let fileText = "- rule: x\n" + line1 + "\n" + line2 + "\n"
        let file = SourceFile(path: "rules.yaml", text: fileText)
        let firstStart = "- rule: x\n  condition: ".utf8.count
        let secondStart = "- rule: x\n".utf8.count + line1.utf8.count + 1 + 4
        let value = "ct.name = a and ct.user @ b"
        var map = ScalarSourceMap(sourceEnd: secondStart + 11)
        map.append(valueStart: 0, sourceStart: firstStart, length: 15)
        map.append(valueStart: 16, sourceStart: secondStart, length: 11)
        let scalar = YAMLScalar(value: value, style: .plain, range: SourceRange(file: file, start: firstStart, end: secondStart + 11),
                                sourceMap: map)
        var diagnostics = DiagnosticEngine()
        #expect(ConditionParser.parse(ConditionSource(scalar: scalar), diagnostics: &diagnostics) == nil)
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.id == .expectedOperator)
        #expect(d.range?.line == 3)
        #expect(d.range?.column == 13)
        #expect(d.description == "rules.yaml:3:13: error: \(d.message) [expected-operator]")
    }

    @Test func multiLineLiteralConditionsReportTheirLine() throws {
        let source = MarkedSource("ct.name = a and\n  not ct.error exists and\n  ct.user 1️⃣= ")
        var diagnostics = DiagnosticEngine()
        _ = ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics)
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.id == .expectedValue)
        #expect(d.range?.line == 4)
        #expect(source.location(of: "1️⃣") == "4:11")
    }

    private func text(_ range: SourceRange, in source: MarkedSource) -> String {
        String(decoding: source.file.bytes[range.start..<range.end], as: UTF8.self)
    }

    @Test func nodeRangesCoverTheirText() throws {
        let source = MarkedSource("not (json.value[/a] = \"x y\" and ct.region in (a, 'b')) or ct.error exists")
        var diagnostics = DiagnosticEngine()
        let expr = try #require(ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics))
        #expect(text(expr.range, in: source) == source.text)
        guard case .or(let children, _) = expr, case .not(let inner, let notRange) = children[0],
              case .and(let conjuncts, let andRange) = inner,
              case .comparison(let eq) = conjuncts[0], case .comparison(let inList) = conjuncts[1],
              case .comparison(let exists) = children[1] else {
            Issue.record("unexpected shape \(conditionShape(expr))")
            return
        }
        #expect(text(notRange, in: source) == "not (json.value[/a] = \"x y\" and ct.region in (a, 'b'))")
        #expect(text(andRange, in: source) == "json.value[/a] = \"x y\" and ct.region in (a, 'b')")
        #expect(text(eq.range, in: source) == "json.value[/a] = \"x y\"")
        #expect(text(eq.opRange, in: source) == "=")
        #expect(text(eq.lhs.range, in: source) == "json.value[/a]")
        if case .field(let f) = eq.lhs { #expect(text(f.nameRange, in: source) == "json.value") }
        if case .single(let v) = eq.rhs { #expect(text(v.range, in: source) == "\"x y\"") }
        #expect(text(inList.opRange, in: source) == "in")
        if case .list(let elements, let listRange) = inList.rhs {
            #expect(text(listRange, in: source) == "(a, 'b')")
            #expect(elements.map { text($0.literal.range, in: source) } == ["a", "'b'"])
        }
        #expect(text(exists.range, in: source) == "ct.error exists")
    }

    @Test func bareListNameAndMacroRanges() throws {
        let source = MarkedSource("my_macro and ct.region in approved_regions and tolower(ct.user) = val(ct.name)")
        var diagnostics = DiagnosticEngine()
        let expr = try #require(ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics))
        guard case .and(let c, _) = expr, case .macro(let name, let macroRange) = c[0],
              case .comparison(let inList) = c[1], case .list(let elements, let listRange) = inList.rhs,
              case .comparison(let transformed) = c[2], case .field(let rhsField) = transformed.rhs else {
            Issue.record("unexpected shape \(conditionShape(expr))")
            return
        }
        #expect(name == "my_macro")
        #expect(text(macroRange, in: source) == "my_macro")
        #expect(text(listRange, in: source) == "approved_regions")
        #expect(elements == [.maybeListName(ValueLiteral(text: "approved_regions", isQuoted: false, range: listRange))])
        #expect(text(transformed.lhs.range, in: source) == "tolower(ct.user)")
        #expect(text(rhsField.range, in: source) == "ct.name")
    }

    @Test func quotedFieldArgumentsAreUnescaped() throws {
        let (expr, _) = parseCondition(#"json.value["/a\"b"] exists"#)
        guard case .comparison(let c)? = expr, case .field(let f) = c.lhs else {
            Issue.record("not a comparison")
            return
        }
        #expect(f.argument == "/a\"b")
        #expect(f.token == "json.value[/a\"b]")
    }

    // MARK: - Depth

    private func nested(_ depth: Int, open: String = "(", close: String = ")", inner: String = "a") -> String {
        String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
    }

    @Test func depthLimitMatchesLibsCounting() {
        // libs counts parse_or/and/not/check/embedded: 4 + 5 per parenthesis must stay below 1000.
        #expect(parseCondition(nested(199)).0.map(conditionShape) == "a")
        let (rejected, diagnostics) = parseCondition(nested(200))
        #expect(rejected == nil)
        #expect(diagnostics.diagnostics.map(\.id) == [.nestingTooDeep])
    }

    @Test(arguments: [1_000, 100_000])
    func deepParenthesesAreRejectedWithoutCrashing(depth: Int) {
        let (expr, diagnostics) = parseCondition(nested(depth))
        #expect(expr == nil)
        #expect(diagnostics.diagnostics.map(\.id) == [.nestingTooDeep])
    }

    @Test func otherDeepShapesAreRejected() {
        for text in [nested(1_000, open: "not(", inner: "a"), nested(1_000, open: "tolower(", inner: "ct.name") + " = x",
                     "ct.name = " + nested(1_000, open: "tolower(", inner: "ct.name"), nested(1_000, open: "a and (")] {
            let (expr, diagnostics) = parseCondition(text)
            #expect(expr == nil)
            #expect(diagnostics.diagnostics.map(\.id) == [.nestingTooDeep], "\(text.prefix(20))")
        }
    }

    @Test func longFlatChainsAreIterative() {
        let chain = Array(repeating: "ct.name = x", count: 20_000).joined(separator: " and ")
        guard case .and(let children, _)? = parseCondition(chain).0 else {
            Issue.record("not an and")
            return
        }
        #expect(children.count == 20_000)
        let nots = String(repeating: "not ", count: 10_001) + "a"
        #expect(parseCondition(nots).0.map(conditionShape) == "(not a)")
    }

    /// Parsing at the depth limit fits in a 512 KiB stack (macOS secondary threads), in debug too.
    @Test func deepestAcceptedConditionFitsASmallStack() async {
        let texts = [nested(199), nested(199, open: "not(", inner: "ct.name = tolower(toupper(ct.user))"),
                     nested(500, open: "tolower(", inner: "ct.name") + " = x", nested(2_000),
                     "json.value[" + String(repeating: ")", count: 300) + "] = x and " + nested(199)]
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let thread = Thread {
                var count = 0
                for text in texts {
                    _ = parseCondition(text)
                    count += 1
                }
                continuation.resume(returning: count)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(finished == texts.count)
    }

    // MARK: - Upstream rules

    @Test(.requiresShared, arguments: ["aws_cloudtrail_rules.yaml", "falco_rules.yaml"])
    func everyUpstreamConditionParses(file: String) throws {
        let shared = try Shared.require()
        let url = shared.appendingPathComponent("upstream/falco").appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let conditions = RuleFileSnippets.values(of: "condition", in: text)
        #expect(conditions.count >= (file.hasPrefix("aws") ? 22 : 100))
        for snippet in conditions {
            let (expr, diagnostics) = parseCondition(snippet.value)
            #expect(expr != nil, "\(file):\(snippet.line): \(diagnostics.render())")
            for variant in 0..<2 {
                let permuted = permutingBlanks(snippet.value, variant: variant)
                #expect(parseCondition(permuted).0.map(conditionShape) == expr.map(conditionShape), "\(file):\(snippet.line)")
            }
        }
    }

    // MARK: - Fuzz

    /// Deterministic mutations of real conditions: the parser never crashes and either returns a
    /// tree without errors or nil with at least one error, always at a position inside the file.
    @Test func mutatedConditionsNeverCrash() throws {
        var corpus = Self.accepted.map(\.0)
        if let shared = SharedFixtures.sharedDirectory {
            for name in ["aws_cloudtrail_rules.yaml", "falco_rules.yaml"] {
                let url = shared.appendingPathComponent("upstream/falco").appendingPathComponent(name)
                if let text = try? String(contentsOf: url, encoding: .utf8) {
                    corpus += RuleFileSnippets.values(of: "condition", in: text).map(\.value)
                }
            }
        }
        let fragments = [" ", "(", ")", "\"", "'", "\\", ",", "[", "]", "=", "not ", "not(", " and ", " or ", "in", "<",
                         "!", "0x", "1e+", "tolower(", "val(", "oneof ", "\n", "é", "\u{0}", "exists", "ct.name", "%", "\t"]
        var rng = SplitMix64(seed: 0x5EED_C0DE)
        var accepted = 0
        var rejected = 0
        for _ in 0..<6_000 {
            var bytes = Array(corpus[Int(rng.next() % UInt64(corpus.count))].utf8)
            for _ in 0...(rng.next() % 3) {
                let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
                switch rng.next() % 5 {
                case 0 where !bytes.isEmpty:
                    let n = min(bytes.count - min(at, bytes.count), Int(rng.next() % 4) + 1)
                    bytes.removeSubrange(min(at, bytes.count)..<min(at, bytes.count) + n)
                case 1, 2:
                    bytes.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8), at: at)
                case 3 where !bytes.isEmpty:
                    let from = Int(rng.next() % UInt64(bytes.count))
                    let slice = bytes[from..<min(bytes.count, from + Int(rng.next() % 12) + 1)]
                    bytes.insert(contentsOf: slice, at: at)
                default:
                    bytes = Array(bytes.prefix(at))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let source = MarkedSource(text, prefix: "x: ")
            var diagnostics = DiagnosticEngine(errorLimit: 1000)
            let expr = ConditionParser.parse(ConditionSource(scalar: source.scalar), diagnostics: &diagnostics)
            if expr == nil {
                rejected += 1
                #expect(diagnostics.hasErrors, "nil without an error for \(String(reflecting: text))")
            } else {
                accepted += 1
                #expect(diagnostics.diagnostics.isEmpty, "\(String(reflecting: text)): \(diagnostics.render())")
            }
            for d in diagnostics.diagnostics {
                let r = try #require(d.range)
                #expect(r.start >= source.textStart && r.end <= source.file.bytes.count)
            }
        }
        print("condition fuzz: \(accepted) accepted, \(rejected) rejected")
        #expect(accepted > 100 && rejected > 100)
    }
}

