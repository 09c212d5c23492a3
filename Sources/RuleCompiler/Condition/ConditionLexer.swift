// ConditionLexer.swift - on-demand scanning of Falco condition lexemes over UTF-8 bytes.

/// Scans the lexemes of a Falco condition on demand, the way libs' parser does.
///
/// Falco's lexing is context dependent: the parser asks "is there a field name here?", "a bare
/// string?", and the same bytes lex differently depending on the question (`in` is an operator
/// after a field and a macro name at the start of a check; `5or(` is a number followed by `or(`).
/// So there is no token stream: each `lex…` method tries one lexeme at the current position and
/// either consumes it and returns its token, or returns nil and leaves the position unchanged.
///
/// The lexemes follow libs' regular expressions (spec §3.3), hand-written so no regex engine is
/// needed; they match POSIX leftmost-longest like RE2 in POSIX mode does:
///
///     Identifier      ::= [a-zA-Z]+[a-zA-Z0-9_]*
///     FieldName       ::= [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
///     FieldArgBareStr ::= [^][\"'[:space:]]+
///     NumValue        ::= 0[xX][0-9a-fA-F]+ | [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
///     BareStr         ::= [^()\"'[:space:]=,]+
///     NotBlank        ::= not[[:space:]]+
///     BLANK           ::= ' ' | '\t' | '\b' | '\r' | '\n'
///
/// `[:space:]` (space, `\t`, `\n`, `\v`, `\f`, `\r`) and BLANK differ on purpose, as in libs.
package struct ConditionLexer: Sendable {
    package let bytes: [UInt8]
    /// Scanning stops here (exclusive); bytes past it are invisible.
    package let limit: Int
    /// The current offset.
    package var position: Int
    /// The last token consumed, for "unexpected token after 'X'" messages (libs `m_last_token`).
    package private(set) var lastToken: ConditionToken?

    package init(bytes: [UInt8], start: Int = 0, limit: Int? = nil) {
        self.bytes = bytes
        self.limit = min(limit ?? bytes.count, bytes.count)
        self.position = min(start, self.limit)
    }

    package init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    package var isAtEnd: Bool { position >= limit }

    /// The byte at the current position, nil at the end.
    package var current: UInt8? { position < limit ? bytes[position] : nil }

    package func byte(at offset: Int) -> UInt8? { offset >= 0 && offset < limit ? bytes[offset] : nil }

    /// The source text of bytes `start..<end`.
    package func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[max(0, start)..<min(end, limit)], as: UTF8.self)
    }

    // MARK: - Character classes

    /// libs `lex_blank`: space, tab, backspace, carriage return, line feed.
    package static func isBlank(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x08 || b == 0x0D || b == 0x0A
    }

    /// POSIX `[:space:]`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    package static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    package static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    package static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func isWordTail(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") }

    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    /// A byte that may appear in a BareStr.
    package static func isBareStringByte(_ b: UInt8) -> Bool {
        !(isSpace(b) || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'") || b == UInt8(ascii: "=") || b == UInt8(ascii: ","))
    }

    /// A byte that may appear in a FieldArgBareStr.
    static func isFieldArgByte(_ b: UInt8) -> Bool {
        !(isSpace(b) || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'"))
    }

    // MARK: - Blanks and literal text

    /// Skips BLANKs; returns whether there was at least one (libs `lex_blank`).
    @discardableResult
    package mutating func skipBlanks() -> Bool {
        let start = position
        while let b = current, Self.isBlank(b) { position += 1 }
        return position > start
    }

    /// Whether the bytes at the current position are exactly `literal` (a prefix test, like
    /// libs `lex_helper_str`: `and` matches the start of `android`).
    package func hasPrefix(_ literal: String) -> Bool {
        var i = position
        for b in literal.utf8 {
            guard i < limit, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    /// Consumes `literal` if the input continues with it.
    package mutating func lexLiteral(_ literal: String, kind: ConditionToken.Kind = .punctuation) -> ConditionToken? {
        guard hasPrefix(literal) else { return nil }
        return consume(kind, to: position + literal.utf8.count, text: literal)
    }

    private mutating func consume(_ kind: ConditionToken.Kind, to end: Int, text: String? = nil) -> ConditionToken {
        let token = ConditionToken(kind: kind, start: position, end: end, text: text ?? self.text(position, end))
        position = end
        lastToken = token
        return token
    }

    // MARK: - Words

    /// End offset of `[a-zA-Z]+[a-zA-Z0-9_]*` starting at `offset`, or nil.
    private func wordEnd(from offset: Int) -> Int? {
        guard let b = byte(at: offset), Self.isLetter(b) else { return nil }
        var i = offset + 1
        while let b = byte(at: i), Self.isWordTail(b) { i += 1 }
        return i
    }

    /// `[a-zA-Z]+[a-zA-Z0-9_]*`: a macro or list name.
    package mutating func lexIdentifier() -> ConditionToken? {
        guard let end = wordEnd(from: position) else { return nil }
        return consume(.identifier, to: end)
    }

    /// End offset of the longest FieldName match at `offset`, or nil.
    package func fieldNameEnd(from offset: Int) -> Int? {
        guard var end = wordEnd(from: offset) else { return nil }
        var segments = 0
        while byte(at: end) == UInt8(ascii: "."), let next = wordEnd(from: end + 1) {
            end = next
            segments += 1
        }
        return segments > 0 ? end : nil
    }

    /// `ident(.ident)+`: a field name (the catalog decides later whether it exists).
    package mutating func lexFieldName() -> ConditionToken? {
        guard let end = fieldNameEnd(from: position) else { return nil }
        return consume(.fieldName, to: end)
    }

    /// `not` followed by at least one `[:space:]`, all of which are consumed (libs `RGX_NOTBLANK`).
    package mutating func lexNotKeyword() -> ConditionToken? {
        guard hasPrefix("not"), let b = byte(at: position + 3), Self.isSpace(b) else { return nil }
        var end = position + 4
        while let b = byte(at: end), Self.isSpace(b) { end += 1 }
        return consume(.keyword, to: end, text: "not")
    }

    // MARK: - Values

    /// BareStr: an unquoted value, kept verbatim.
    package mutating func lexBareString() -> ConditionToken? {
        let end = bareStringEnd(from: position)
        guard end > position else { return nil }
        return consume(.bareString, to: end)
    }

    /// End of the BareStr run at `offset` (equal to `offset` when there is none).
    package func bareStringEnd(from offset: Int) -> Int {
        var i = offset
        while let b = byte(at: i), Self.isBareStringByte(b) { i += 1 }
        return i
    }

    /// FieldArgBareStr: the unquoted argument inside `[...]`.
    package mutating func lexFieldArgBareString() -> ConditionToken? {
        var i = position
        while let b = byte(at: i), Self.isFieldArgByte(b) { i += 1 }
        guard i > position else { return nil }
        return consume(.bareString, to: i)
    }

    /// NumValue: `0x` hexadecimal first, then decimal with optional fraction and signed exponent.
    /// Only the matching prefix is consumed (`12ab` lexes `12`), as in libs.
    package mutating func lexNumber() -> ConditionToken? {
        if let end = hexNumberEnd(from: position) { return consume(.number, to: end) }
        if let end = decimalNumberEnd(from: position) { return consume(.number, to: end) }
        return nil
    }

    private func hexNumberEnd(from offset: Int) -> Int? {
        guard byte(at: offset) == UInt8(ascii: "0"), let x = byte(at: offset + 1),
              x == UInt8(ascii: "x") || x == UInt8(ascii: "X") else { return nil }
        var i = offset + 2
        while let b = byte(at: i), Self.isHexDigit(b) { i += 1 }
        return i > offset + 2 ? i : nil
    }

    private func decimalNumberEnd(from offset: Int) -> Int? {
        var i = offset
        if let b = byte(at: i), b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while let b = byte(at: i), Self.isDigit(b) { i += 1 }
        guard i > digitsStart else { return nil }
        if byte(at: i) == UInt8(ascii: ".") { i += 1 }
        while let b = byte(at: i), Self.isDigit(b) { i += 1 }
        // The exponent needs its sign: `1e5` is the number `1` followed by `e5`.
        if let e = byte(at: i), e == UInt8(ascii: "e") || e == UInt8(ascii: "E"),
           let s = byte(at: i + 1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-"),
           let d = byte(at: i + 2), Self.isDigit(d) {
            i += 3
            while let b = byte(at: i), Self.isDigit(b) { i += 1 }
        }
        return i
    }

    /// The result of looking for a quoted string.
    package enum QuotedString: Sendable, Hashable {
        /// No quote at the current position.
        case none
        /// The string, unescaped, and the escapes Falco would refuse (the token is still usable).
        case string(ConditionToken, escapeErrors: [EscapeError])
        /// A quote that is never closed; nothing was consumed.
        case unterminated(quoteOffset: Int)
    }

    /// `"..."` or `'...'` with Falco's escapes (spec §3.3, libs `lex_quoted_str` + `unescape_str`).
    ///
    /// The string ends at the first delimiter not immediately preceded by a backslash, so
    /// `"a\\"` does not end at its last quote (a libs quirk kept for compatibility). Escapes:
    /// `\b \f \n \r \t \\ \/`, `\"` only in `"…"`, `\'` only in `'…'`, and `\ ` which gives a
    /// lone backslash; anything else (including `\x`) is an error at the backslash.
    package mutating func lexQuotedString() -> QuotedString {
        guard let delimiter = current, delimiter == UInt8(ascii: "\"") || delimiter == UInt8(ascii: "'") else {
            return .none
        }
        let start = position
        var i = start + 1
        var previous = delimiter  // the opening quote never escapes what follows
        var close: Int?
        while i < limit {
            let b = bytes[i]
            if b == delimiter && previous != UInt8(ascii: "\\") { close = i; break }
            previous = b
            i += 1
        }
        guard let close else { return .unterminated(quoteOffset: start) }

        var value: [UInt8] = []
        value.reserveCapacity(close - start - 1)
        var errors: [EscapeError] = []
        var j = start + 1
        while j < close {
            let b = bytes[j]
            guard b == UInt8(ascii: "\\"), j + 1 < close else {
                value.append(b)
                j += 1
                continue
            }
            let e = bytes[j + 1]
            switch e {
            case UInt8(ascii: "b"): value.append(0x08)
            case UInt8(ascii: "f"): value.append(0x0C)
            case UInt8(ascii: "n"): value.append(0x0A)
            case UInt8(ascii: "r"): value.append(0x0D)
            case UInt8(ascii: "t"): value.append(0x09)
            case UInt8(ascii: " "), UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): value.append(UInt8(ascii: "/"))
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if e == delimiter {
                    value.append(e)
                } else {
                    let quoteName = delimiter == UInt8(ascii: "\"") ? "double" : "single"
                    errors.append(EscapeError(offset: j, length: 2,
                                              message: "'\\\(Character(Unicode.Scalar(e)))' is not a valid escape in a \(quoteName)-quoted string"))
                }
            default:
                let length = Self.utf8Length(lead: e)
                let seq = text(j, min(j + 1 + length, close))
                errors.append(EscapeError(offset: j, length: 1 + length,
                                          message: "unsupported escape sequence '\(seq)'"))
            }
            j += 2
        }
        // A backslash right before the closing quote cannot happen (it would escape the quote).
        let token = ConditionToken(kind: .quotedString, start: start, end: close + 1,
                                   text: String(decoding: value, as: UTF8.self))
        position = close + 1
        lastToken = token
        return .string(token, escapeErrors: errors)
    }

    private static func utf8Length(lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }

    // MARK: - Operators, modifiers, transformers

    /// The result of looking for a comparison operator.
    package enum Operator: Sendable, Hashable {
        case none
        case op(ConditionToken, ComparisonOperator)
        /// A word operator (`contains`…) not followed by a blank; libs rejects it too.
        case missingBlank(ConditionToken)
    }

    /// `exists`, then the numeric and symbolic string operators, in libs' trial order (`<=`
    /// before `<`, `==` before `=`).
    static let symbolOperators: [ComparisonOperator] = [
        .exists, .lessEqual, .less, .greaterEqual, .greater, .equalEqual, .equal, .notEqual,
    ]

    /// Word string operators: they need a blank after them.
    static let wordStringOperators: [ComparisonOperator] = [
        .glob, .iglob, .contains, .icontains, .bcontains, .startswith, .bstartswith, .endswith, .regex,
    ]

    /// List operators, `intersects` before its prefix `in`; no blank needed after them.
    static let listOperators: [ComparisonOperator] = [.intersects, .in, .pmatch]

    /// A comparison operator, tried in libs' order (spec §3.3): `exists`, numeric operators,
    /// string operators, list operators. Word string operators consume their trailing blanks.
    package mutating func lexOperator() -> Operator {
        for op in Self.symbolOperators where hasPrefix(op.rawValue) {
            return .op(consume(.comparisonOperator(op), to: position + op.rawValue.utf8.count), op)
        }
        for op in Self.wordStringOperators where hasPrefix(op.rawValue) {
            let (start, previous) = (position, lastToken)
            let token = consume(.comparisonOperator(op), to: position + op.rawValue.utf8.count)
            guard skipBlanks() else {
                (position, lastToken) = (start, previous)
                return .missingBlank(token)
            }
            return .op(token, op)
        }
        for op in Self.listOperators where hasPrefix(op.rawValue) {
            return .op(consume(.comparisonOperator(op), to: position + op.rawValue.utf8.count), op)
        }
        return .none
    }

    static let modifiers: [ListModifier] = [.oneof, .anyof, .allof]

    /// `oneof` / `anyof` / `allof` followed by a blank (the blanks are consumed too).
    package mutating func lexModifier() -> ConditionToken? {
        for modifier in Self.modifiers {
            let word = modifier.rawValue
            guard hasPrefix(word), let b = byte(at: position + word.utf8.count), Self.isBlank(b) else { continue }
            let token = consume(.modifier(modifier), to: position + word.utf8.count)
            skipBlanks()
            return token
        }
        return nil
    }

    /// Transformers callable on fields (spec §3.3/§3.4).
    package static let transformerNames = ["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"]

    /// Whether a transformer call (`name(`) starts at the current position.
    package var atTransformer: Bool { Self.transformerNames.contains { hasPrefix($0, then: UInt8(ascii: "(")) } }

    /// `tolower(` and friends, the parenthesis included (no blank is allowed before it).
    package mutating func lexTransformer() -> ConditionToken? {
        for name in Self.transformerNames where hasPrefix(name, then: UInt8(ascii: "(")) {
            return consume(.transformer, to: position + name.utf8.count + 1, text: name)
        }
        return nil
    }

    /// Whether the input continues with `literal` and then `byte`.
    private func hasPrefix(_ literal: String, then byte: UInt8) -> Bool {
        hasPrefix(literal) && self.byte(at: position + literal.utf8.count) == byte
    }

    /// `val(`: a field used as the right-hand side of a comparison.
    package mutating func lexVal() -> ConditionToken? {
        guard hasPrefix("val(") else { return nil }
        return consume(.transformer, to: position + 4, text: "val")
    }

    // MARK: - Error reporting

    /// The extent of "what is here" for an error message: one punctuation byte, or a run of
    /// bytes up to the next blank or punctuation; empty at the end.
    package func offendingExtent(at offset: Int) -> (start: Int, end: Int) {
        guard let b = byte(at: offset) else { return (offset, offset) }
        if Self.isSpace(b) || "()[],=\"'<>!".utf8.contains(b) { return (offset, offset + 1) }
        var i = offset
        while let c = byte(at: i), !Self.isSpace(c), !"()[],=\"'<>!".utf8.contains(c), i - offset < 64 { i += 1 }
        return (offset, i)
    }
}
