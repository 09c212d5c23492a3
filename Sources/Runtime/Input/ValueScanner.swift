// ValueScanner.swift - finds where one JSON value ends, resumably, without parsing it.

/// Finds the end of one JSON value (object, array, string or bare scalar) by structure alone,
/// resuming across chunk boundaries. This is the loop that touches every byte of every file.
///
/// Unlike Falco's splitter (spec §1.4 step 3), which counts only `{`/`}`, it tracks strings with
/// their escapes and both bracket kinds, and reports a `]` that closes a `{` (or the reverse)
/// instead of silently desynchronising. It does not validate anything else: the event parser does.
struct ValueScanner {
    /// What a value turned out to be, from its first byte.
    enum Kind: Equatable {
        case object, array, string, scalar

        var name: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .scalar: "a number or literal"
            }
        }
    }

    enum Outcome: Equatable {
        /// Every byte given was consumed and the value continues.
        case needMore
        /// The value ends just before the returned index.
        case complete
        /// The closing byte at the returned index does not match its opening bracket.
        case mismatched(close: UInt8, open: UInt8)
    }

    /// Bracket kinds are remembered for this many levels; deeper levels are only counted, so a
    /// hostile file of a billion `[` costs no memory and balance is still tracked exactly.
    static let trackedDepth = 1024

    private(set) var kind: Kind = .scalar
    private var depth = 0
    /// The opening brackets of the first `trackedDepth` open levels (count == min(depth, trackedDepth)).
    private var openers: [UInt8] = []
    private var inString = false
    /// The previous byte was a backslash inside a string (the chunk ended between the two).
    private var escaped = false

    /// Begins a value whose first byte, `first`, has been consumed. Returns false for a byte that
    /// cannot start a JSON value (`,` `:` `]` `}` or whitespace), leaving the scanner unusable.
    mutating func start(_ first: UInt8) -> Bool {
        depth = 0
        openers.removeAll(keepingCapacity: true)
        inString = false
        escaped = false
        switch first {
        case InputByte.openBrace, InputByte.openBracket:
            kind = first == InputByte.openBrace ? .object : .array
            openers.append(first)
            depth = 1
        case InputByte.quote:
            kind = .string
            inString = true
        case InputByte.comma, InputByte.colon, InputByte.closeBrace, InputByte.closeBracket:
            return false
        case _ where InputByte.isWhitespace(first):
            return false
        default:
            kind = .scalar
        }
        return true
    }

    /// Consumes `bytes[index...]` until the value ends or the bytes run out.
    /// On return `index` is just past the last byte consumed (for `.mismatched`, at the bad byte).
    ///
    /// Invariant of the unchecked loop: `index < bytes.count` before every `bytes[index]`.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, index: inout Int) -> Outcome {
        let end = bytes.count
        var i = index
        defer { index = i }

        if kind == .scalar {
            // A bare number or literal ends at the first delimiter, which belongs to the caller.
            while i < end {
                if InputByte.endsScalar(bytes[i]) { return .complete }
                i += 1
            }
            return .needMore
        }

        while i < end {
            if inString {
                if escaped {
                    // The escaped byte (`"`, `\`, `u`, ...) cannot end the string.
                    escaped = false
                    i += 1
                    continue
                }
                // Fast path: skip ordinary string bytes.
                while i < end {
                    let c = bytes[i]
                    if c == InputByte.quote || c == InputByte.backslash { break }
                    i += 1
                }
                if i == end { break }
                if bytes[i] == InputByte.backslash {
                    escaped = true
                    i += 1
                    continue
                }
                inString = false
                i += 1
                if depth == 0 { return .complete }  // a string value
                continue
            }
            let c = bytes[i]
            switch c {
            case InputByte.quote:
                inString = true
            case InputByte.openBrace, InputByte.openBracket:
                if depth < Self.trackedDepth { openers.append(c) }
                depth += 1
            case InputByte.closeBrace, InputByte.closeBracket:
                depth -= 1
                if depth < Self.trackedDepth {
                    let open = openers.removeLast()
                    if open != InputByte.opener(closing: c) { return .mismatched(close: c, open: open) }
                }
                if depth == 0 {
                    i += 1
                    return .complete
                }
            default:
                break
            }
            i += 1
        }
        return .needMore
    }
}

/// The ASCII bytes the input scanners look at.
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

    static func opener(closing c: UInt8) -> UInt8 {
        c == closeBrace ? openBrace : openBracket
    }
}
