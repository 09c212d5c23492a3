// InputByte.swift - the few ASCII bytes the input scanners look at.

/// The structural JSON bytes, named, for the envelope and value scanners.
enum InputByte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")

    /// JSON whitespace (RFC 8259): space, tab, line feed, carriage return.
    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// Bytes that end a bare scalar such as `123` or `true`.
    @inline(__always) static func endsScalar(_ c: UInt8) -> Bool {
        isWhitespace(c) || c == comma || c == closeBrace || c == closeBracket
    }

}
