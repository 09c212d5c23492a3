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
    /// The byte constants are locals (not `InputByte` statics) so that debug builds, which run
    /// the tests over megabytes of logs, do not call an accessor per byte.
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

        let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C
        let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
        let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
        let trackedDepth = Self.trackedDepth
        while i < end {
            if inString {
                if escaped {
                    // The escaped byte (`"`, `\`, `u`, ...) cannot end the string.
                    escaped = false
                    i += 1
                    continue
                }
                // Fast path: skip ordinary string bytes (see `nextQuoteOrBackslash`).
                i = Self.nextQuoteOrBackslash(bytes, i)
                if i == end { break }
                if bytes[i] == backslash {
                    escaped = true
                    i += 1
                    continue
                }
                inString = false
                i += 1
                if depth == 0 { return .complete }  // a string value
                // `":"` and `","`: the next string starts right away (most of a record).
                if i + 2 <= end, bytes[i + 1] == quote, bytes[i] == 0x3A || bytes[i] == 0x2C {
                    i += 2
                    inString = true
                }
                continue
            }
            // Between strings only quotes and brackets matter (`:`, `,`, digits, literals do not).
            i = Self.nextQuoteOrBracket(bytes, i)
            if i == end { break }
            let c = bytes[i]
            if c == quote {
                inString = true
            } else if c == openBrace || c == openBracket {
                if depth < trackedDepth { openers.append(c) }
                depth += 1
            } else if c == closeBrace || c == closeBracket {
                depth -= 1
                if depth < trackedDepth {
                    let open = openers.removeLast()
                    if open != (c == closeBrace ? openBrace : openBracket) {
                        return .mismatched(close: c, open: open)
                    }
                }
                if depth == 0 {
                    i += 1
                    return .complete
                }
            }
            i += 1
        }
        return .needMore
    }

    /// The first index at or after `start` holding `"` or `\`, or `bytes.count`: 16 bytes at a
    /// time while 16 remain (the vector types are spelled out: inferred, they are not vectorised).
    @inline(__always)
    static func nextQuoteOrBackslash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        @inline(__always) func marks(_ v: SIMD16<UInt8>) -> SIMD2<UInt64> {
            unsafeBitCast((v .== SIMD16<UInt8>(repeating: 0x22)) .| (v .== SIMD16<UInt8>(repeating: 0x5C)),
                          to: SIMD2<UInt64>.self)
        }
        var i = start
        let end = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 16 <= end {
                // safe: i + 16 <= end.
                let w = marks(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
                if w[0] != 0 { return i + w[0].trailingZeroBitCount >> 3 }
                if w[1] != 0 { return i + 8 + w[1].trailingZeroBitCount >> 3 }
                i += 16
            }
        }
        while i < end {
            let c = bytes[i]
            if c == 0x22 || c == 0x5C { return i }
            i += 1
        }
        return end
    }

    /// The first index at or after `start` holding `"`, `{`, `}`, `[` or `]`, or `bytes.count`.
    /// Outside strings the next one is usually a byte or two away (`":"`, `","`), so two bytes
    /// are looked at directly before searching 16 at a time.
    @inline(__always)
    static func nextQuoteOrBracket(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        @inline(__always) func interesting(_ c: UInt8) -> Bool {
            // `[` `]` `{` `}` are 0x5B 0x5D 0x7B 0x7D: with bit 0x20 set, 0x7B or 0x7D.
            c == 0x22 || c | 0x20 == 0x7B || c | 0x20 == 0x7D
        }
        var i = start
        let end = bytes.count
        if i < end && interesting(bytes[i]) { return i }
        i += 1
        if i < end && interesting(bytes[i]) { return i }
        i += 1
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 16 <= end {
                // safe: i + 16 <= end.
                let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let folded = v | SIMD16<UInt8>(repeating: 0x20)
                let m = (v .== SIMD16<UInt8>(repeating: 0x22)) .| (folded .== SIMD16<UInt8>(repeating: 0x7B))
                    .| (folded .== SIMD16<UInt8>(repeating: 0x7D))
                let w = unsafeBitCast(m, to: SIMD2<UInt64>.self)
                if w[0] != 0 { return i + w[0].trailingZeroBitCount >> 3 }
                if w[1] != 0 { return i + 8 + w[1].trailingZeroBitCount >> 3 }
                i += 16
            }
        }
        while i < end {
            if interesting(bytes[i]) { return i }
            i += 1
        }
        return min(i, end)
    }
}
