// ConditionParser.swift - recursive-descent parser of Falco conditions into ConditionExpr.
import Foundation

/// Parses a Falco condition into a `ConditionExpr`, reporting errors at their file positions.
///
/// The grammar is libs' (`filter/parser.h`, libs 0.25.4 as used by Falco 0.44.1; spec §3.3):
///
///     Expr             ::= OrExpr
///     OrExpr           ::= AndExpr ('or' (BLANK AndExpr | '(' Expr ')'))*
///     AndExpr          ::= NotExpr ('and' (BLANK NotExpr | '(' Expr ')'))*
///     NotExpr          ::= ('not' SPACE+)* ('not(' Expr ')' | Check)      -- each 'not' toggles
///     Check            ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
///     Condition        ::= 'exists'
///                        | NumOp (TransformerOrVal | NumValue)
///                        | StrOp Modifier ListValue
///                        | StrOp (TransformerOrVal | StrValue)
///                        | ListOp (ListValue | TransformerOrVal)
///     ListValue        ::= '(' [StrValue (',' StrValue)*] ')' | Identifier
///     Field            ::= FieldName ['[' (QuotedStr | FieldArgBareStr) ']']
///     TransformerOrVal ::= 'val(' Field ')' | Transformer
///     Transformer      ::= TransformerName '(' Arg (',' Arg)* ')'
///     Arg              ::= NumValue | QuotedStr | Transformer | Field
///     TransformerName  ::= 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt'
///     NumOp            ::= '<=' | '<' | '>=' | '>'
///     StrOp            ::= '==' | '=' | '!=' | ('glob' | 'iglob' | 'contains' | 'icontains' | 'bcontains'
///                          | 'startswith' | 'bstartswith' | 'endswith' | 'regex') BLANK
///     Modifier         ::= ('oneof' | 'anyof' | 'allof') BLANK
///     ListOp           ::= 'intersects' | 'in' | 'pmatch'
///     StrValue         ::= QuotedStr | BareStr
///
/// Tokens are described on `ConditionLexer`. Blanks may separate any two symbols above except
/// inside `not(`, `val(`, `name(` and between a field name and its `[`. Keywords are prefix
/// matches as in libs: `a andb` fails with "expected a blank or '(' after 'and'", `x inside`
/// reads as `x in ide`.
///
/// Behaviour kept from libs: `not` binds tighter than `and`, which binds tighter than `or`;
/// `a and b and c` is one n-ary `.and` (parenthesised groups are not flattened into it); an
/// even number of `not`s cancels out; the whole text must be consumed; recursion is capped at
/// a depth of 1000 counted the way libs counts it (199 nested parentheses). Deeply nested
/// texts are parsed on a thread with a large stack (see `withStack`), so the limit is Falco's
/// whatever the caller's stack, in debug builds too.
///
/// Differences from libs, all stricter: a bad escape in a list element is an error (libs
/// silently reads the list as empty); a word operator glued to a list operator (`globin`) is an
/// error; transformer argument lists `f((a, b))` and an argument after a transformer call
/// (`len(x)[0]`) are reported as unsupported.
public enum ConditionParser {
    /// libs' recursion cap as Falco configures it.
    static let maxDepth = 1000

    /// Parses `source.text`. Returns nil after reporting at least one error.
    ///
    /// A syntax error stops the parse of this condition (later text cannot be trusted); bad
    /// escapes in quoted strings are all reported since they do not disturb the structure.
    public static func parse(_ source: ConditionSource, diagnostics: inout DiagnosticEngine) -> ConditionExpr? {
        let bytes = Array(source.text.utf8)
        guard !bytes.isEmpty else {
            diagnostics.error(.expectedExpression, "condition is empty", at: source.range(0, 0))
            return nil
        }
        let (result, errors) = withStack(for: bytes) { () -> (ConditionExpr?, [Diagnostic]) in
            var engine = Engine(lexer: ConditionLexer(bytes: bytes), range: { source.range($0, $1) })
            do throws(Engine.Failure) {
                let node = try engine.parseOr()
                if !engine.lexer.isAtEnd { throw engine.unexpectedLeftover() }
                return (node.expr, engine.errors)
            } catch let failure {
                return (nil, engine.errors + [failure.diagnostic])
            }
        }
        for d in errors { diagnostics.emit(d) }
        return errors.isEmpty ? result : nil
    }

    // MARK: - Stack

    /// Parentheses up to which parsing runs on the caller's stack. Each level costs the
    /// five parse functions of one `( … )` (under 8 KiB in a debug build), so this stays far
    /// below the 512 KiB of a secondary thread on macOS.
    static let inlineNestingLimit = 16

    /// Stack size of the thread used for deeper texts: the depth cap bounds recursion to 1000
    /// frames of at most ~5 KiB each in a debug build.
    static let deepStackSize = 16 << 20

    /// Runs `body` on the current thread when `bytes` nest shallowly, otherwise on a thread with
    /// a stack large enough for Falco's full depth limit, so a hostile or generated condition
    /// can neither crash the compiler nor be rejected earlier than Falco would reject it.
    static func withStack<T: Sendable>(for bytes: [UInt8], _ body: @escaping @Sendable () -> T) -> T {
        guard maxNesting(bytes) > inlineNestingLimit else { return body() }
        let box = ResultBox<T>()
        runJoined(stackSize: deepStackSize) { box.value = body() }
        guard let value = box.value else { preconditionFailure("the parse thread finished without a result") }
        return value
    }

    /// Runs `work` on a new thread with `stackSize` bytes of stack and returns once that thread
    /// has ended (joined), so nothing the work allocated is still held by a thread being torn
    /// down when the caller goes on (a semaphore signalled from inside the thread showed up as a
    /// leak under the fuzzer's leak checker).
    private static func runJoined(stackSize: Int, _ work: @escaping () -> Void) {
        final class Job { let work: () -> Void; init(_ work: @escaping () -> Void) { self.work = work } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let context = Unmanaged.passRetained(Job(work)).toOpaque()
        #if os(Linux)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            // safe: `raw` is the retained Job passed below, taken back exactly once here.
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().work()
            return nil
        }, context)
        guard status == 0 else {
            // No thread: run here (the recursion depth cap still bounds the stack in use).
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().work()
            return
        }
        #if os(Linux)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
    }

    /// An upper bound of the parser's recursion, in parenthesis levels: the number of `(` bytes.
    /// Every recursive production consumes its own `(` (`( … )`, `not(`, `name(`), so this
    /// cannot underestimate, whatever the text (a tighter count that pairs parentheses could be
    /// fooled by `)` inside field arguments or strings).
    static func maxNesting(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $1 == UInt8(ascii: "(") ? $0 + 1 : $0 }
    }

    /// Hands a result from the parse thread back; the semaphore orders the accesses.
    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }
}

extension ConditionParser {
    /// The parser state for one text. Internal so the output parser can parse `%transformer(...)`.
    struct Engine {
        struct Failure: Error {
            var diagnostic: Diagnostic
        }

        /// A parsed expression and its extent in the text, parentheses included (the
        /// expression's own range excludes the parentheses around it).
        struct Node {
            var expr: ConditionExpr
            var start: Int
            var end: Int
        }

        var lexer: ConditionLexer
        /// Maps text offsets `start..<end` to a file range.
        let range: (Int, Int) -> SourceRange
        var depth = 0
        /// The last macro reference read, to explain `name = value` where `name` has no dot.
        var lastMacro: ConditionToken?
        /// What the text is, for "found end of …" messages.
        var subject = "condition"
        /// Errors collected while parsing: bad escapes (non-fatal), then the fatal one if any.
        var errors: [Diagnostic] = []

        init(lexer: ConditionLexer, range: @escaping (Int, Int) -> SourceRange) {
            self.lexer = lexer
            self.range = range
        }

        // MARK: Errors

        func failure(_ id: DiagnosticID, _ message: String, _ start: Int, _ end: Int, notes: [Note] = []) -> Failure {
            Failure(diagnostic: .error(id, message, at: range(start, end), notes: notes))
        }

        /// `'text'`, `a blank`, or `end of condition` at the end.
        func describe(_ extent: (start: Int, end: Int)) -> String {
            guard let b = lexer.byte(at: extent.start) else { return "end of \(subject)" }
            return ConditionLexer.isSpace(b) ? "a blank" : "'\(lexer.text(extent.start, extent.end))'"
        }

        /// An error about what is at the current position.
        func failureHere(_ id: DiagnosticID, _ expected: String, notes: [Note] = []) -> Failure {
            let extent = lexer.offendingExtent(at: lexer.position)
            return failure(id, "\(expected), found \(describe(extent))", extent.start, extent.end, notes: notes)
        }

        func unexpectedLeftover() -> Failure {
            let extent = lexer.offendingExtent(at: lexer.position)
            let after = lexer.lastToken.map { " after '\(lexer.text($0.start, $0.end))'" } ?? ""
            var notes: [Note] = []
            var probe = lexer
            if let macro = lastMacro, macro.end == lexer.lastToken?.end, case .op = probe.lexOperator() {
                notes.append(Note("'\(macro.text)' is read as a macro name; field names contain a dot, like 'ct.name'",
                                  at: range(macro.start, macro.end)))
            }
            return failure(.unexpectedToken, "unexpected \(describe(extent))\(after); expected 'and' or 'or'",
                           extent.start, extent.end, notes: notes)
        }

        func note(matching open: ConditionToken) -> Note {
            Note("to match this opening '\(lexer.text(open.start, open.start + 1))'", at: range(open.start, open.start + 1))
        }

        /// Counts one level of recursion the way libs' `depth_guard` does.
        mutating func enter() throws(Failure) {
            depth += 1
            if depth >= ConditionParser.maxDepth {
                let p = lexer.position
                throw failure(.nestingTooDeep,
                              "condition is nested too deeply (Falco's limit is a parser depth of \(ConditionParser.maxDepth))",
                              p, p + 1)
            }
        }

        mutating func leave() { depth -= 1 }

        mutating func quoted(_ token: ConditionToken, _ escapeErrors: [EscapeError]) -> ValueLiteral {
            for e in escapeErrors {
                errors.append(.error(.invalidEscape, e.message, at: range(e.offset, e.offset + e.length)))
            }
            return ValueLiteral(text: token.text, isQuoted: true, range: range(token.start, token.end))
        }

        func literal(_ token: ConditionToken) -> ValueLiteral {
            ValueLiteral(text: token.text, isQuoted: false, range: range(token.start, token.end))
        }

        func unterminated(_ quote: Int) -> Failure {
            failure(.unterminatedString, "unterminated string; add the closing quote", quote, quote + 1)
        }

        // MARK: Boolean structure

        mutating func parseOr() throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            var children = [try parseAnd()]
            lexer.skipBlanks()
            while let keyword = lexer.lexLiteral("or", kind: .keyword) {
                children.append(try parseOperand(after: keyword, isOr: true))
                lexer.skipBlanks()
            }
            return combine(children, or: true)
        }

        mutating func parseAnd() throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            var children = [try parseNot()]
            lexer.skipBlanks()
            while let keyword = lexer.lexLiteral("and", kind: .keyword) {
                children.append(try parseOperand(after: keyword, isOr: false))
                lexer.skipBlanks()
            }
            return combine(children, or: false)
        }

        /// The operand after `and`/`or`: a blank then the next operand, or a parenthesised expression.
        private mutating func parseOperand(after keyword: ConditionToken, isOr: Bool) throws(Failure) -> Node {
            if lexer.skipBlanks() { return isOr ? try parseAnd() : try parseNot() }
            if let open = lexer.lexLiteral("(") { return try parseEmbeddedRemainder(open: open) }
            throw failure(.unexpectedToken, "expected a blank or '(' after '\(keyword.text)'", keyword.start, keyword.end)
        }

        private func combine(_ children: [Node], or: Bool) -> Node {
            guard children.count > 1, let first = children.first, let last = children.last else { return children[0] }
            let r = range(first.start, last.end)
            let exprs = children.map(\.expr)
            return Node(expr: or ? .or(exprs, range: r) : .and(exprs, range: r), start: first.start, end: last.end)
        }

        mutating func parseNot() throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            var negate = false
            var notStart: Int?
            while let keyword = lexer.lexNotKeyword() {
                negate.toggle()
                notStart = notStart ?? keyword.start
            }
            let child: Node
            if let keyword = lexer.lexLiteral("not(", kind: .keyword) {
                negate.toggle()
                notStart = notStart ?? keyword.start
                let open = ConditionToken(kind: .punctuation, start: keyword.end - 1, end: keyword.end, text: "(")
                child = try parseEmbeddedRemainder(open: open)
            } else {
                child = try parseCheck()
            }
            let start = notStart ?? child.start
            guard negate else { return Node(expr: child.expr, start: start, end: child.end) }
            return Node(expr: .not(child.expr, range: range(start, child.end)), start: start, end: child.end)
        }

        /// The rest of `( Expr )` after its `(`.
        mutating func parseEmbeddedRemainder(open: ConditionToken) throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            var child = try parseOr()
            lexer.skipBlanks()
            guard let close = lexer.lexLiteral(")") else {
                throw failureHere(.unexpectedToken, "expected ')'", notes: [note(matching: open)])
            }
            child.start = open.start
            child.end = close.end
            return child
        }

        mutating func parseCheck() throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let open = lexer.lexLiteral("(") { return try parseEmbeddedRemainder(open: open) }
            if let name = lexer.lexFieldName() {
                let field = try parseFieldRemainder(name: name)
                return try parseCondition(lhs: .field(field), start: name.start)
            }
            if let transformer = lexer.lexTransformer() {
                lexer.skipBlanks()
                let lhs = try parseTransformerRemainder(name: transformer)
                return try parseCondition(lhs: lhs, start: transformer.start)
            }
            if let identifier = lexer.lexIdentifier() {
                lastMacro = identifier
                return Node(expr: .macro(name: identifier.text, range: range(identifier.start, identifier.end)),
                            start: identifier.start, end: identifier.end)
            }
            throw failureHere(.expectedExpression, "expected a field comparison, a macro name or '('")
        }

        // MARK: Fields and transformers

        /// `[arg]` after a field name, if present.
        mutating func parseFieldRemainder(name: ConditionToken) throws(Failure) -> FieldName {
            try enter()
            defer { leave() }
            var argument: String?
            var end = name.end
            if let open = lexer.lexLiteral("[") {
                switch lexer.lexQuotedString() {
                case .string(let token, let errors):
                    argument = quoted(token, errors).text
                case .unterminated(let quote):
                    throw unterminated(quote)
                case .none:
                    guard let bare = lexer.lexFieldArgBareString() else {
                        throw failureHere(.invalidArgument, "expected a field argument after '[' (a quoted or bare string)")
                    }
                    argument = bare.text
                }
                guard let close = lexer.lexLiteral("]") else {
                    throw failureHere(.unexpectedToken, "expected ']' after the field argument", notes: [note(matching: open)])
                }
                end = close.end
            }
            return FieldName(name: name.text, argument: argument, range: range(name.start, end),
                             nameRange: range(name.start, name.end))
        }

        /// The arguments and `)` of a transformer call whose `name(` was just consumed.
        mutating func parseTransformerRemainder(name: ConditionToken) throws(Failure) -> FieldExpression {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            var arguments: [TransformerArgument] = []
            repeat {
                arguments.append(try parseTransformerArgument(of: name))
                lexer.skipBlanks()
            } while lexer.lexLiteral(",") != nil
            lexer.skipBlanks()
            let open = ConditionToken(kind: .punctuation, start: name.end - 1, end: name.end, text: "(")
            guard let close = lexer.lexLiteral(")") else {
                throw failureHere(.unexpectedToken, "expected ',' or ')' in the arguments of '\(name.text)'",
                                  notes: [note(matching: open)])
            }
            if lexer.current == UInt8(ascii: "[") {
                let p = lexer.position
                throw failure(.invalidArgument, "an argument after a transformer call is not supported", p, p + 1)
            }
            return .transformer(name: name.text, arguments: arguments, range: range(name.start, close.end))
        }

        private mutating func parseTransformerArgument(of name: ConditionToken) throws(Failure) -> TransformerArgument {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let number = lexer.lexNumber() { return .literal(literal(number)) }
            switch lexer.lexQuotedString() {
            case .string(let token, let errors): return .literal(quoted(token, errors))
            case .unterminated(let quote): throw unterminated(quote)
            case .none: break
            }
            if lexer.current == UInt8(ascii: "(") {
                let p = lexer.position
                throw failure(.invalidArgument, "a list as a transformer argument is not supported", p, p + 1)
            }
            if let inner = lexer.lexTransformer() { return .field(try parseTransformerRemainder(name: inner)) }
            if let field = lexer.lexFieldName() { return .field(.field(try parseFieldRemainder(name: field))) }
            throw failureHere(.invalidArgument,
                              "expected a field, a transformer, a quoted string or a number as argument of '\(name.text)'")
        }

        /// `val(field)` or a transformer call on the right-hand side; nil if neither starts here.
        private mutating func parseTransformerOrVal() throws(Failure) -> FieldExpression? {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let val = lexer.lexVal() {
                lexer.skipBlanks()
                guard let name = lexer.lexFieldName() else {
                    throw failureHere(.invalidArgument, "expected a field inside 'val('")
                }
                let field = try parseFieldRemainder(name: name)
                lexer.skipBlanks()
                guard lexer.lexLiteral(")") != nil else {
                    let open = ConditionToken(kind: .punctuation, start: val.end - 1, end: val.end, text: "(")
                    throw failureHere(.unexpectedToken, "expected ')' after the field of 'val('", notes: [note(matching: open)])
                }
                return .field(field)
            }
            if let transformer = lexer.lexTransformer() {
                lexer.skipBlanks()
                return try parseTransformerRemainder(name: transformer)
            }
            return nil
        }

        // MARK: Comparisons

        private mutating func parseCondition(lhs: FieldExpression, start: Int) throws(Failure) -> Node {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            let (opToken, op): (ConditionToken, ComparisonOperator)
            switch lexer.lexOperator() {
            case .op(let token, let o): (opToken, op) = (token, o)
            case .missingBlank(let token):
                throw failure(.expectedOperator, "expected a blank after '\(token.text)'", token.start, token.end)
            case .none:
                let what = lexer.text(start, lexer.lastToken?.end ?? start)
                throw failureHere(.expectedOperator, "expected an operator after '\(what)'")
            }
            var modifier: ListModifier?
            let rhs: ComparisonValue
            let rhsEnd: Int
            if op == .exists {
                rhs = .none
                rhsEnd = opToken.end
            } else if op.isNumericOnly {
                (rhs, rhsEnd) = try parseNumberValue(after: opToken)
            } else if op.takesList {
                (rhs, rhsEnd) = try parseListValue(after: opToken, allowTransformer: true)
            } else {
                lexer.skipBlanks()
                if let m = lexer.lexModifier(), case .modifier(let value) = m.kind {
                    modifier = value
                    (rhs, rhsEnd) = try parseListValue(after: m, allowTransformer: false)
                } else {
                    (rhs, rhsEnd) = try parseStringValue(after: opToken)
                }
            }
            let comparison = Comparison(lhs: lhs, op: op, modifier: modifier, opRange: range(opToken.start, opToken.end),
                                        rhs: rhs, range: range(start, rhsEnd))
            return Node(expr: .comparison(comparison), start: start, end: rhsEnd)
        }

        private mutating func parseNumberValue(after op: ConditionToken) throws(Failure) -> (ComparisonValue, Int) {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let field = try parseTransformerOrVal() { return (.field(field), lexer.position) }
            if let number = lexer.lexNumber() { return (.single(literal(number)), number.end) }
            let p = lexer.position
            let bareEnd = lexer.bareStringEnd(from: p)
            if bareEnd > p || lexer.current == UInt8(ascii: "\"") || lexer.current == UInt8(ascii: "'") {
                let extent = bareEnd > p ? (p, bareEnd) : lexer.offendingExtent(at: p)
                throw failure(.invalidNumber, "'\(op.text)' needs a number, found \(describe(extent))", extent.0, extent.1)
            }
            throw failureHere(.expectedValue, "expected a number after '\(op.text)'")
        }

        private mutating func parseStringValue(after op: ConditionToken) throws(Failure) -> (ComparisonValue, Int) {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let field = try parseTransformerOrVal() { return (.field(field), lexer.position) }
            if let value = try lexStringValue() { return (.single(value.literal), value.end) }
            throw failureHere(.expectedValue, "expected a value after '\(op.text)'")
        }

        /// A QuotedStr or BareStr, or nil.
        private mutating func lexStringValue() throws(Failure) -> (literal: ValueLiteral, end: Int)? {
            switch lexer.lexQuotedString() {
            case .string(let token, let errors): return (quoted(token, errors), token.end)
            case .unterminated(let quote): throw unterminated(quote)
            case .none: break
            }
            guard let bare = lexer.lexBareString() else { return nil }
            return (literal(bare), bare.end)
        }

        /// A list element: libs parses it with `parse_str_value_or_transformer(true)`.
        private mutating func parseListElement() throws(Failure) -> ListElement? {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            guard let value = try lexStringValue() else { return nil }
            return value.literal.isQuoted ? .value(value.literal) : .maybeListName(value.literal)
        }

        private mutating func parseListValue(after op: ConditionToken, allowTransformer: Bool) throws(Failure) -> (ComparisonValue, Int) {
            try enter()
            defer { leave() }
            lexer.skipBlanks()
            if let open = lexer.lexLiteral("(") {
                lexer.skipBlanks()
                var elements: [ListElement] = []
                if let first = try parseListElement() {
                    elements.append(first)
                    lexer.skipBlanks()
                    while lexer.lexLiteral(",") != nil {
                        guard let element = try parseListElement() else {
                            throw failureHere(.expectedValue, "expected a list element after ','")
                        }
                        elements.append(element)
                        lexer.skipBlanks()
                    }
                }
                guard let close = lexer.lexLiteral(")") else {
                    let expected = elements.isEmpty ? "expected a list element or ')'" : "expected ',' or ')' in the list"
                    throw failureHere(.unexpectedToken, expected, notes: [note(matching: open)])
                }
                return (.list(elements, range: range(open.start, close.end)), close.end)
            }
            if allowTransformer, let field = try parseTransformerOrVal() { return (.field(field), lexer.position) }
            if let name = lexer.lexIdentifier() {
                let r = range(name.start, name.end)
                return (.list([.maybeListName(literal(name))], range: r), name.end)
            }
            throw failureHere(.expectedValue, "expected a list '(...)' or a list name after '\(op.text)'")
        }
    }
}
