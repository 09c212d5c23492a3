// ConditionToken.swift - one lexeme of a Falco condition, with its byte range in the condition text.

/// One lexeme of a condition: what it is, where it is and what it says.
///
/// Offsets are UTF-8 byte offsets into the text the lexer scans (the YAML scalar's value);
/// `ConditionSource.range(_:_:)` maps them to file positions.
package struct ConditionToken: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// `ct.user`, `json.value` (at least one dot; spec §3.3 `FieldName`).
        case fieldName
        /// `my_macro`, a list name (spec §3.3 `Identifier`).
        case identifier
        /// An unquoted value (spec §3.3 `BareStr`), or a bare field argument (`FieldArgBareStr`).
        case bareString
        /// `"..."` or `'...'`; `text` holds the unescaped value.
        case quotedString
        /// A decimal or `0x` hexadecimal number (spec §3.3 `NumValue`).
        case number
        /// `and`, `or`, `not` (the `not` token includes the blanks after it), `not(`.
        case keyword
        /// `(`, `)`, `[`, `]`, `,`.
        case punctuation
        /// A comparison operator, without the blank that word operators require after them.
        case comparisonOperator(ComparisonOperator)
        /// `oneof` / `anyof` / `allof`, without the blank after it.
        case modifier(ListModifier)
        /// `tolower(`, `val(`…: `text` is the name without the parenthesis, `end` is after it.
        case transformer
    }

    package var kind: Kind
    /// First byte of the token.
    package var start: Int
    /// One past the last byte of the token.
    package var end: Int
    /// The token as written, except: quoted strings hold their unescaped value, transformers
    /// their name without `(`, and `not` keywords just `not`.
    package var text: String

    package init(kind: Kind, start: Int, end: Int, text: String) {
        self.kind = kind
        self.start = start
        self.end = end
        self.text = text
    }
}

/// An escape sequence Falco refuses inside a quoted string (spec §3.3, libs `unescape_str`).
package struct EscapeError: Sendable, Hashable {
    /// Offset of the backslash.
    package var offset: Int
    /// Length of the escape sequence (the backslash and the character after it) in bytes.
    package var length: Int
    package var message: String
}
