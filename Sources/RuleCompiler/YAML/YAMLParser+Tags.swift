// YAMLParser+Tags.swift - node tags (`!x`, `!!str`, `!h!x`, `!<uri>`, `!`), read the way yaml-cpp reads them.

extension YAMLParser {
    /// Reads the tag whose `!` is at `pos` and returns its text; leaves `pos` after it.
    ///
    /// yaml-cpp (Falco's reader, `ScanTag`): `!<...>` is verbatim; otherwise a run of word
    /// characters (`[A-Za-z0-9-]`) followed by `!` is a handle and a suffix of tag characters must
    /// follow it (`!!str`, `!e!x`); any other run of tag characters is a tag on its own (`!=`,
    /// `!foo`), and a bare `!` is the non-specific tag. The tag ends at the first character that
    /// cannot be in it, and what follows is the node, as for yaml-cpp (`!t"x"` is the string `x`).
    /// Falco reads every value as text, so the tag's meaning is not interpreted.
    mutating func readTag() throws(YAMLStop) -> String {
        let start = pos
        pos += 1
        if current == UInt8(ascii: "<") {
            pos += 1
            let uriStart = pos
            while let n = tagCharacterLength(at: pos, verbatim: true) { pos += n }
            guard current == YAMLChar.greater, pos > uriStart else {
                try fail(.yamlSyntax, "unterminated verbatim tag; expected a URI and '>'", at: start, end: pos)
            }
            pos += 1
        } else {
            var canBeHandle = true
            while true {
                let c = current
                if c == UInt8(ascii: "!") {
                    guard canBeHandle else {
                        try fail(.yamlSyntax, "'!' is not allowed here in a tag", at: pos)
                    }
                    pos += 1
                    let suffixStart = pos
                    while let n = tagCharacterLength(at: pos, verbatim: false) { pos += n }
                    guard pos > suffixStart else {
                        try fail(.yamlSyntax, "a tag handle must be followed by a suffix, as in '!!str'", at: pos)
                    }
                    break
                }
                if canBeHandle, Self.isWordCharacter(c) {
                    pos += 1
                    continue
                }
                canBeHandle = false
                guard let n = tagCharacterLength(at: pos, verbatim: false) else { break }
                pos += n
            }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    /// yaml-cpp `Exp::Word`: `[A-Za-z0-9-]`.
    static func isWordCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == YAMLChar.dash
    }

    /// Length of the tag character at `i` (yaml-cpp `Exp::Tag`, or `Exp::URI` inside `!<...>`),
    /// or nil: a word character, one of `#;/?:@&=+$_.~*'()` (`URI` adds `,!` and brackets), or a
    /// `%` escape with two hexadecimal digits.
    func tagCharacterLength(at i: Int, verbatim: Bool) -> Int? {
        let c = at(i)
        if Self.isWordCharacter(c) || "#;/?:@&=+$_.~*'()".utf8.contains(c) { return 1 }
        if verbatim, ",![]".utf8.contains(c) { return 1 }
        if c == YAMLChar.percent, Self.isHexDigit(at(i + 1)), Self.isHexDigit(at(i + 2)) { return 3 }
        return nil
    }

    static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }

    /// The tag at `pos`, if there is one, and the blanks after it.
    mutating func readOptionalTag() throws(YAMLStop) -> String? {
        guard current == UInt8(ascii: "!") else { return nil }
        let tag = try readTag()
        skipBlanks()
        return tag
    }

    /// A tagged node with nothing after its tag: an empty string, not null (yaml-cpp emits null
    /// only for the implicit tag `?`).
    func emptyTaggedScalar(_ tag: String, at offset: Int) -> YAMLNode {
        .scalar(YAMLScalar(value: "", style: .plain, range: range(offset, offset), sourceMap: ScalarSourceMap(sourceEnd: offset), tag: tag))
    }
}

extension YAMLNode {
    /// The node with `tag` recorded on it when it is a scalar (collections do not keep theirs).
    func tagged(_ tag: String?) -> YAMLNode {
        guard let tag, case .scalar(var s) = self else { return self }
        s.tag = tag
        return .scalar(s)
    }
}
