// ConditionLexerTests.swift - each lexeme of the condition language, against libs' regexes (spec §3.3).
import RuleCompiler
import Testing

@Suite struct ConditionLexerTests {
    private enum Lexeme {
        case fieldName, identifier, number, bareString, fieldArgument, notKeyword, modifier, transformer, val, and
    }

    /// Runs one `lex…` call on `text`; returns the token's source text (nil = no match) and the
    /// position after it.
    private func lex(_ text: String, _ lexeme: Lexeme) -> (String?, Int) {
        var lexer = ConditionLexer(text)
        let token: ConditionToken? = switch lexeme {
        case .fieldName: lexer.lexFieldName()
        case .identifier: lexer.lexIdentifier()
        case .number: lexer.lexNumber()
        case .bareString: lexer.lexBareString()
        case .fieldArgument: lexer.lexFieldArgBareString()
        case .notKeyword: lexer.lexNotKeyword()
        case .modifier: lexer.lexModifier()
        case .transformer: lexer.lexTransformer()
        case .val: lexer.lexVal()
        case .and: lexer.lexLiteral("and", kind: .keyword)
        }
        return (token.map { lexer.text($0.start, $0.end) }, lexer.position)
    }

    @Test(arguments: [
        ("ct.name", "ct.name"),
        ("ct.user.identitytype=1", "ct.user.identitytype"),
        ("json.value[/a]", "json.value"),
        ("a.b.1", "a.b"),  // a segment must start with a letter
        ("a.b.", "a.b"),
        ("a_1.b_2.c3 x", "a_1.b_2.c3"),
        ("A.B", "A.B"),
    ])
    func fieldNames(input: String, expected: String) {
        #expect(lex(input, .fieldName).0 == expected)
    }

    @Test(arguments: ["ct", "1a.b", "_a.b", ".a.b", "a._b", "tolower(ct.name)"])
    func notFieldNames(input: String) {
        let (token, position) = lex(input, .fieldName)
        #expect(token == nil)
        #expect(position == 0, "a failed lex must not move")
    }

    @Test(arguments: [("my_macro and x", "my_macro"), ("a1_b2(", "a1_b2"), ("ct.name", "ct"), ("notable", "notable")])
    func identifiers(input: String, expected: String) {
        #expect(lex(input, .identifier).0 == expected)
    }

    @Test(arguments: [
        ("0", "0"), ("42", "42"), ("+5", "+5"), ("-3", "-3"), ("1.5", "1.5"), ("10.", "10."),
        ("1.5e+3", "1.5e+3"), ("2E-10", "2E-10"),
        ("1e5", "1"),  // the exponent needs a sign
        ("12ab", "12"), ("0x1F", "0x1F"), ("0XaB", "0XaB"),
        ("0x", "0"),  // no hex digits: the decimal 0
        ("0xZZ", "0"),
        ("5or(a)", "5"),
    ])
    func numbers(input: String, expected: String) {
        #expect(lex(input, .number).0 == expected)
    }

    @Test(arguments: ["abc", "+", ".5", "-x", ""])
    func notNumbers(input: String) {
        #expect(lex(input, .number).0 == nil)
    }

    @Test(arguments: [
        ("abc def", "abc"), ("a/b*c?[x]", "a/b*c?[x]"), ("x=1", "x"), ("a,b", "a"), ("a)b", "a"), ("a(b", "a"),
        ("a\"b", "a"), ("a'b", "a"), ("a\tb", "a"), ("a\u{0B}b", "a"),
        ("a\u{08}b", "a\u{08}b"),  // backspace is a blank but not [:space:]: part of a bare string
        ("héllo wörld", "héllo"), ("!=x", "!"),
    ])
    func bareStrings(input: String, expected: String) {
        #expect(lex(input, .bareString).0 == expected)
    }

    @Test(arguments: [("/a/b]", "/a/b"), ("/a b]", "/a"), ("x[y]", "x"), ("a=b,c(d)]", "a=b,c(d)"), ("\"x\"]", nil)])
    func fieldArgumentBareStrings(input: String, expected: String?) {
        #expect(lex(input, .fieldArgument).0 == expected)
    }

    @Test func blanksAreFalcosSet() {
        var lexer = ConditionLexer(" \t\u{08}\r\n\u{0B}x")
        let skipped = lexer.skipBlanks()
        #expect(skipped)
        #expect(lexer.position == 5, "vertical tab is not a libs blank")
        let skippedAgain = lexer.skipBlanks()
        #expect(!skippedAgain)
    }

    // MARK: Quoted strings

    private func quoted(_ input: String) -> (value: String?, errors: [EscapeError], end: Int) {
        var lexer = ConditionLexer(input)
        switch lexer.lexQuotedString() {
        case .string(let token, let errors): return (token.text, errors, lexer.position)
        case .unterminated, .none: return (nil, [], lexer.position)
        }
    }

    @Test(arguments: [
        (#""abc""#, "abc"),
        (#"'abc'"#, "abc"),
        (#""""#, ""),
        (#""a b" and x"#, "a b"),
        (#""\b\f\n\r\t\\\/""#, "\u{08}\u{0C}\n\r\t\\/"),
        (#""a\"b""#, "a\"b"),
        (#"'a\'b'"#, "a'b"),
        (#""a'b""#, "a'b"),
        (#"'a"b'"#, "a\"b"),
        (#""a\ b""#, "a\\b"),  // legacy: backslash-space is a lone backslash
        (#""a\\" b""#, "a\\\" b"),  // libs quirk: a quote right after a backslash never closes
        (#""é\tü""#, "é\tü"),
    ])
    func quotedStrings(input: String, expected: String) {
        let result = quoted(input)
        #expect(result.value == expected)
        #expect(result.errors.isEmpty)
    }

    @Test(arguments: [
        (#""a\qb""#, 2), (#""\x41""#, 1), (#""a\'b""#, 2), (#"'a\"b'"#, 2), (#""\é""#, 1), (#""\0""#, 1),
    ])
    func invalidEscapesAreReportedAtTheBackslash(input: String, backslash: Int) {
        let result = quoted(input)
        #expect(result.value != nil, "the string is still lexed")
        #expect(result.errors.map(\.offset) == [backslash])
        #expect(result.end == input.utf8.count)
    }

    @Test func everyInvalidEscapeIsReported() {
        #expect(quoted(#""\q and \z""#).errors.map(\.offset) == [1, 8])
    }

    @Test(arguments: [#""abc"#, #"'abc"#, #""abc\""#, #"""#])
    func unterminatedStrings(input: String) {
        var lexer = ConditionLexer(input)
        #expect(lexer.lexQuotedString() == .unterminated(quoteOffset: 0))
        #expect(lexer.position == 0)
    }

    @Test func quotedStringRespectsTheLimit() {
        var lexer = ConditionLexer(bytes: Array(#""ab" x"#.utf8), start: 0, limit: 3)
        #expect(lexer.lexQuotedString() == .unterminated(quoteOffset: 0))
    }

    // MARK: Keywords and operators

    @Test func notKeywordNeedsASpace() {
        #expect(lex("not x", .notKeyword).0 == "not ")
        #expect(lex("not x", .notKeyword).1 == 4)
        #expect(lex("not \n\t x", .notKeyword).1 == 7)
        #expect(lex("not\u{0B}x", .notKeyword).1 == 4, "[:space:] includes \\v")
        #expect(lex("not\u{08}x", .notKeyword).0 == nil, "[:space:] excludes \\b")
        #expect(lex("not(x)", .notKeyword).0 == nil)
        #expect(lex("notable", .notKeyword).0 == nil)
        #expect(lex("not", .notKeyword).0 == nil)
    }

    private func op(_ input: String) -> ConditionLexer.Operator { var l = ConditionLexer(input); return l.lexOperator() }

    private func opKind(_ input: String) -> ComparisonOperator? {
        if case .op(_, let o) = op(input) { return o }
        return nil
    }

    @Test(arguments: [
        ("= x", ComparisonOperator.equal), ("== x", .equalEqual), ("=x", .equal), ("!= x", .notEqual),
        ("< 1", .less), ("<= 1", .lessEqual), ("> 1", .greater), (">= 1", .greaterEqual), ("<1", .less),
        ("contains x", .contains), ("icontains x", .icontains), ("bcontains x", .bcontains),
        ("startswith x", .startswith), ("bstartswith x", .bstartswith), ("endswith x", .endswith),
        ("glob x", .glob), ("iglob x", .iglob), ("regex x", .regex), ("contains\nx", .contains),
        ("in (a)", .in), ("in(a)", .in), ("intersects (a)", .intersects), ("pmatch (a)", .pmatch),
        ("exists", .exists), ("existsx", .exists),
        ("inside", .in),  // prefix match, as in libs
    ])
    func operators(input: String, expected: ComparisonOperator) {
        #expect(opKind(input) == expected)
    }

    @Test func everyOperatorIsLexable() {
        for o in ComparisonOperator.allCases {
            #expect(opKind(o.rawValue + " x") == o, "\(o.rawValue)")
        }
    }

    @Test func wordOperatorsConsumeTheirBlank() {
        var lexer = ConditionLexer("contains  \t x")
        _ = lexer.lexOperator()
        #expect(lexer.position == 12)
    }

    @Test(arguments: ["containsx", "glob", "startswith(", "globin (a)"])
    func wordOperatorsNeedABlank(input: String) {
        var lexer = ConditionLexer(input)
        guard case .missingBlank(let token) = lexer.lexOperator() else {
            Issue.record("expected missingBlank for \(input)")
            return
        }
        #expect(token.start == 0)
        #expect(lexer.position == 0)
    }

    @Test(arguments: ["~ x", "is x", "like x", "", ")"])
    func notOperators(input: String) {
        #expect(op(input) == .none)
    }

    @Test func modifiersNeedABlank() {
        #expect(lex("anyof (a)", .modifier).0 == "anyof")
        #expect(lex("anyof (a)", .modifier).1 == 6)
        #expect(lex("oneof\t\tx", .modifier).1 == 7)
        #expect(lex("allof x", .modifier).0 == "allof")
        #expect(lex("anyof(a)", .modifier).0 == nil)
        #expect(lex("anyofx", .modifier).0 == nil)
        #expect(lex("someof x", .modifier).0 == nil)
    }

    @Test func transformers() {
        for name in ["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"] {
            var lexer = ConditionLexer(name + "(ct.name)")
            let token = lexer.lexTransformer()
            #expect(token?.text == name)
            #expect(lexer.position == name.utf8.count + 1)
        }
        #expect(lex("tolower (x)", .transformer).0 == nil, "no blank before '('")
        #expect(lex("lower(x)", .transformer).0 == nil)
        #expect(lex("val(x)", .val).1 == 4)
    }

    @Test func prefixLiteralsMatchLikeLibs() {
        #expect(lex("android", .and).0 == "and")
        #expect(lex("an", .and).0 == nil)
    }

    @Test func lastTokenIsTracked() {
        var lexer = ConditionLexer("ct.name = x")
        _ = lexer.lexFieldName()
        lexer.skipBlanks()
        #expect(lexer.lastToken?.text == "ct.name", "blanks do not replace the last token")
    }

    @Test func offendingExtent() {
        let lexer = ConditionLexer("abc def)(")
        #expect(lexer.offendingExtent(at: 0) == (0, 3))
        #expect(lexer.offendingExtent(at: 7) == (7, 8))
        #expect(lexer.offendingExtent(at: 9) == (9, 9))
    }
}
