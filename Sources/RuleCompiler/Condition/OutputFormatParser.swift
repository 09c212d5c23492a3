// OutputFormatParser.swift - splits a rule's `output:` into literal text and `%field` references.

/// One piece of a parsed `output:` string.
public enum OutputSegmentSyntax: Sendable, Hashable {
    /// Literal text, printed as is.
    case text(String)
    /// `%field`, `%field[arg]`, `%<width>field` or `%transformer(...)`. `width` is nil when
    /// absent or 0 (Falco ignores a zero width); `range` covers the `%` through the token's end.
    case field(FieldExpression, width: Int?, range: SourceRange)
}

/// Parses output format strings the way libsinsp's event formatter does (spec §3.7).
///
/// - `%` is followed by an optional decimal width, then a field (with an optional `[arg]`) or a
///   transformer call parsed with the condition grammar (`%tolower(ct.user)`).
/// - For a field, Falco retries shorter and shorter text until some prefix compiles, so the
///   **longest prefix that is a valid field of the catalog** wins: `%ct.user.foo` is `ct.user`
///   followed by the text `.foo`, `%ec2.imageids[x]` is `ec2.imageids` followed by `[x]`.
/// - Falco refuses to load an output where no prefix compiles (`100% done`, `%%`, `%ct.usr`),
///   or that ends with `%` or with a width. There is no escape for a literal `%`. These are
///   errors here too: `unknown-field` for a field-shaped name not in the catalog,
///   `invalid-argument` for a known field with a missing or bad argument, `invalid-output`
///   otherwise.
/// - Deliberate difference: widths above `maxWidth` are rejected (Falco would pad every alert
///   to that many bytes, or overflow `int`).
///
/// Every error of the string is reported (Falco stops at the first).
public enum OutputFormatParser {
    /// The largest `%<width>` accepted.
    public static let maxWidth = 65_535

    /// Parses `scalar.value` after Falco's trimming (spec §3.1: outputs are trimmed).
    public static func parse(_ scalar: YAMLScalar, diagnostics: inout DiagnosticEngine) -> [OutputSegmentSyntax]? {
        parse(scalar, text: trimmed(scalar.value), diagnostics: &diagnostics)
    }

    /// Parses `text`, the trimmed output of `scalar`; returns nil after reporting errors.
    ///
    /// `text` is located inside `scalar.value` (normally right after its leading blanks) so
    /// that positions map to the file. If it is not found there, positions fall back to the
    /// scalar's start.
    public static func parse(_ scalar: YAMLScalar, text: String,
                             diagnostics: inout DiagnosticEngine) -> [OutputSegmentSyntax]? {
        let bytes = Array(text.utf8)
        let range = rangeMapper(scalar: scalar, text: bytes)
        let (segments, errors) = ConditionParser.withStack(for: bytes) { () -> ([OutputSegmentSyntax], [Diagnostic]) in
            var scanner = Scanner(bytes: bytes, range: range)
            scanner.run()
            return (scanner.segments, scanner.diagnostics)
        }
        for d in errors { diagnostics.emit(d) }
        return errors.isEmpty ? segments : nil
    }

    /// Falco's `trim`: removes `isspace` bytes (space, `\t`, `\n`, `\v`, `\f`, `\r`) at both ends.
    public static func trimmed(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var start = 0
        var end = bytes.count
        while start < end, ConditionLexer.isSpace(bytes[start]) { start += 1 }
        while end > start, ConditionLexer.isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Maps offsets in `text` to file ranges through the scalar's source map.
    private static func rangeMapper(scalar: YAMLScalar, text: [UInt8]) -> @Sendable (Int, Int) -> SourceRange {
        let value = Array(scalar.value.utf8)
        var lead = 0
        while lead < value.count, ConditionLexer.isSpace(value[lead]) { lead += 1 }
        var base: Int?
        if value.count - lead >= text.count, value[lead..<lead + text.count].elementsEqual(text) {
            base = lead
        } else if !text.isEmpty, text.count <= value.count {
            base = (0...(value.count - text.count)).first { value[$0..<$0 + text.count].elementsEqual(text) }
        }
        guard let base else {
            let file = scalar.range.file
            let at = scalar.range.start
            return { _, _ in SourceRange(file: file, at: at) }
        }
        return { start, end in scalar.range(ofValueBytes: base + start, base + end) }
    }

    // MARK: - Catalog validation

    /// Why a field token would not compile in Falco, or nil if it would.
    enum FieldProblem {
        case unknown, argumentRequired, argumentNotAccepted, invalidIndex
    }

    /// Whether `name[argument]` is a field Falco would compile on the aws_cloudtrail source
    /// (catalog lookup plus the argument rules of spec §2.3/§2.5).
    static func problem(name: String, argument: String?) -> FieldProblem? {
        guard let info = FieldCatalog.lookup(name) else { return .unknown }
        switch (info.argument, argument) {
        case (.none, nil), (.requiredKey, _?), (.optionalIndex, nil): return nil
        case (.none, _?): return .argumentNotAccepted
        case (.requiredKey, nil): return .argumentRequired
        case (.optionalIndex, let index?): return isValidIndex(index) ? nil : .invalidIndex
        }
    }

    /// libs `extract_arg_index`: decimal digits, no leading zero, fits an unsigned 64-bit value.
    static func isValidIndex(_ s: String) -> Bool {
        let utf8 = Array(s.utf8)
        guard !utf8.isEmpty, utf8.allSatisfy(ConditionLexer.isDigit) else { return false }
        guard utf8.count == 1 || utf8[0] != UInt8(ascii: "0") else { return false }
        return UInt64(s) != nil
    }

    // MARK: - Scanner

    private struct Scanner {
        let bytes: [UInt8]
        let range: @Sendable (Int, Int) -> SourceRange
        var segments: [OutputSegmentSyntax] = []
        var diagnostics: [Diagnostic] = []

        init(bytes: [UInt8], range: @escaping @Sendable (Int, Int) -> SourceRange) {
            self.bytes = bytes
            self.range = range
        }

        mutating func error(_ id: DiagnosticID, _ message: String, _ start: Int, _ end: Int, notes: [Note] = []) {
            diagnostics.append(.error(id, message, at: range(start, end), notes: notes))
        }

        func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

        mutating func run() {
            var textStart = 0
            var i = 0
            while i < bytes.count {
                guard bytes[i] == UInt8(ascii: "%") else {
                    i += 1
                    continue
                }
                if textStart < i { segments.append(.text(text(textStart, i))) }
                let percent = i
                i = percent + 1
                guard i < bytes.count else {
                    error(.invalidOutput, "output cannot end with '%'", percent, percent + 1)
                    return
                }
                var width = 0
                var widthTooLarge = false
                while i < bytes.count, ConditionLexer.isDigit(bytes[i]) {
                    width = width * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    if width > maxWidth { widthTooLarge = true; width = maxWidth + 1 }
                    i += 1
                }
                if i >= bytes.count {
                    error(.invalidOutput, "output cannot end with a width; expected a field after '\(text(percent, i))'",
                          percent, i)
                    return
                }
                if widthTooLarge {
                    error(.invalidOutput, "width \(text(percent + 1, i)) is too large (at most \(maxWidth))", percent + 1, i)
                }
                if let (expression, end) = operand(at: i, percent: percent) {
                    segments.append(.field(expression, width: width == 0 ? nil : width, range: range(percent, end)))
                    i = end
                } else {
                    i = max(i, skipAfterFailure(from: i))
                }
                textStart = i
            }
            if textStart < bytes.count { segments.append(.text(text(textStart, bytes.count))) }
        }

        /// Where to resume after a failed token: past the field-shaped name, if any.
        func skipAfterFailure(from offset: Int) -> Int {
            ConditionLexer(bytes: bytes).fieldNameEnd(from: offset) ?? offset
        }

        /// The field or transformer at `offset`, with its end; nil after reporting an error.
        mutating func operand(at offset: Int, percent: Int) -> (FieldExpression, Int)? {
            let lexer = ConditionLexer(bytes: bytes, start: offset)
            if lexer.atTransformer {
                return transformer(at: offset)
            }
            if lexer.fieldNameEnd(from: offset) != nil {
                return field(at: offset)
            }
            let shown = lexer.offendingExtent(at: offset)
            let found = ConditionLexer.isSpace(bytes[offset]) ? "a blank" : "'\(text(shown.start, shown.end))'"
            error(.invalidOutput,
                  "'%' must be followed by a field or a transformer, found \(found); Falco has no escape for a literal '%'",
                  percent, percent + 1)
            return nil
        }

        /// `%tolower(...)`: parsed by the condition grammar; every field inside must compile.
        mutating func transformer(at offset: Int) -> (FieldExpression, Int)? {
            var engine = ConditionParser.Engine(lexer: ConditionLexer(bytes: bytes, start: offset), range: range)
            engine.subject = "output"
            let expression: FieldExpression
            do throws(ConditionParser.Engine.Failure) {
                guard let name = engine.lexer.lexTransformer() else { return nil }
                engine.lexer.skipBlanks()
                expression = try engine.parseTransformerRemainder(name: name)
            } catch let failure {
                diagnostics.append(contentsOf: engine.errors)
                diagnostics.append(failure.diagnostic)
                return nil
            }
            guard engine.errors.isEmpty else {
                diagnostics.append(contentsOf: engine.errors)
                return nil
            }
            let before = diagnostics.count
            validate(expression)
            return diagnostics.count == before ? (expression, engine.lexer.position) : nil
        }

        /// Reports every field inside a transformer call that would not compile.
        mutating func validate(_ expression: FieldExpression) {
            switch expression {
            case .field(let field):
                if let problem = problem(name: field.name, argument: field.argument) {
                    report(problem, name: field.name, argument: field.argument, nameRange: field.nameRange,
                           tokenRange: field.range)
                }
            case .transformer(_, let arguments, _):
                for case .field(let inner) in arguments { validate(inner) }
            }
        }

        /// `%field` or `%field[arg]`: the longest prefix that compiles.
        mutating func field(at offset: Int) -> (FieldExpression, Int)? {
            let lexer = ConditionLexer(bytes: bytes)
            guard let nameEnd = lexer.fieldNameEnd(from: offset) else { return nil }
            let name = text(offset, nameEnd)

            // The whole name with its argument, if the argument parses.
            var argument: (text: String, start: Int, end: Int)?
            if nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "[") {
                var arg = ConditionLexer(bytes: bytes, start: nameEnd + 1)
                // A bad escape makes Falco's parse fail, so the argument is unusable.
                let value: ConditionToken? = switch arg.lexQuotedString() {
                case .string(let token, let escapeErrors): escapeErrors.isEmpty ? token : nil
                case .unterminated: nil
                case .none: arg.lexFieldArgBareString()
                }
                if let value, let close = arg.lexLiteral("]") {
                    argument = (value.text, value.start, close.end)
                }
            }
            if let argument, problem(name: name, argument: argument.text) == nil {
                let field = FieldName(name: name, argument: argument.text, range: range(offset, argument.end),
                                      nameRange: range(offset, nameEnd))
                return (.field(field), argument.end)
            }

            // Shorter and shorter prefixes that are themselves complete field names.
            var end = nameEnd
            while end > offset {
                let prefix = ConditionLexer(bytes: bytes, start: offset, limit: end)
                if prefix.fieldNameEnd(from: offset) == end, problem(name: text(offset, end), argument: nil) == nil {
                    let field = FieldName(name: text(offset, end), argument: nil, range: range(offset, end),
                                          nameRange: range(offset, end))
                    return (.field(field), end)
                }
                end -= 1
            }

            let problem = problem(name: name, argument: argument?.text) ?? .argumentRequired
            report(problem, name: name, argument: argument?.text, nameRange: range(offset, nameEnd),
                   tokenRange: range(offset, argument?.end ?? nameEnd))
            return nil
        }

        mutating func report(_ problem: FieldProblem, name: String, argument: String?, nameRange: SourceRange,
                             tokenRange: SourceRange) {
            switch problem {
            case .unknown:
                let notes = FieldCatalog.suggestions(for: name).prefix(3).map { Note("did you mean '\($0)'?", at: nameRange) }
                diagnostics.append(.error(.unknownField, "unknown field '\(name)'", at: nameRange, notes: Array(notes)))
            case .argumentRequired:
                let shown = argument.map { "'\(name)' needs an argument, e.g. \(name)[/a/b]; '\($0)' was not usable" }
                    ?? "'\(name)' needs an argument, e.g. \(name)[/a/b]"
                diagnostics.append(.error(.invalidArgument, shown, at: tokenRange))
            case .argumentNotAccepted:
                diagnostics.append(.error(.invalidArgument, "field '\(name)' does not take an argument", at: tokenRange))
            case .invalidIndex:
                diagnostics.append(.error(.invalidArgument,
                                          "'\(argument ?? "")' is not a valid index for '\(name)' (decimal digits, no leading zero)",
                                          at: tokenRange))
            }
        }
    }
}
