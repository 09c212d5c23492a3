// JSONWriter.swift - compact JSON text, byte-compatible with what Falco's alert JSON contains.

/// Appends JSON tokens to a byte buffer the way Falco's JSON alert comes out of
/// `nlohmann::json::dump(-1, ' ', false, error_handler_t::replace)` (spec §3.9).
///
/// Strings (`appendString`), nlohmann `dump_escaped` with `ensure_ascii == false`:
/// - `"` `\` and the control characters U+0008 U+0009 U+000A U+000C U+000D become `\"` `\\` `\b` `\t`
///   `\n` `\f` `\r`; every other code point below U+0020 becomes `\u00xx` with **lowercase** hex
///   (nlohmann prints them with `"\\u%04x"`);
/// - U+007F, `/` and all non-ASCII code points are copied raw (valid UTF-8 in, the same bytes out);
/// - invalid UTF-8 becomes U+FFFD (`EF BF BD`). nlohmann runs Bjoern Hoehrmann's UTF-8 DFA and, on a
///   rejected byte, replaces the *maximal subpart* read so far with one U+FFFD and reads the
///   rejected byte again as the start of a new sequence (unless it was itself the first byte of
///   the sequence, which is then replaced alone). A sequence cut off by the end of the string is
///   one U+FFFD. This is Unicode's "U+FFFD substitution of maximal subparts" (Unicode 15 §3.9,
///   Table 3-8): `E0 80 41` → `FFFD FFFD 41`, `F0 9F 98` at the end → one `FFFD`, `C0 AF` → two.
///   The DFA accepts exactly Unicode Table 3-7's well-formed sequences (no overlongs, no
///   surrogates, nothing above U+10FFFF), which is what ``utf8SequenceEnd(_:from:)`` checks.
///
/// Strings in `output_fields` take one more trip (``appendLibsinspFieldString(_:)``): see there.
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public var bytes: [UInt8]

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends bytes verbatim (punctuation, pre-rendered JSON).
    @inlinable public mutating func appendRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte verbatim.
    @inlinable public mutating func appendRaw(_ byte: UInt8) { bytes.append(byte) }

    /// `null`
    public mutating func appendNull() { appendRaw("null") }

    /// `true` / `false`
    public mutating func appendBool(_ value: Bool) { value ? appendRaw("true") : appendRaw("false") }

    /// An unsigned integer in decimal, as nlohmann prints `number_unsigned`.
    public mutating func appendNumber(_ value: UInt64) { bytes.append(contentsOf: String(value).utf8) }

    /// A signed integer in decimal, as nlohmann prints `number_integer`.
    public mutating func appendNumber(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// A string given as text (rule names, tags, hostname): it is valid UTF-8, so only escaping applies.
    public mutating func appendString(_ string: String) {
        var s = string
        s.withUTF8 { appendString($0) }
    }

    /// A string given as bytes, escaped and UTF-8-repaired exactly as nlohmann's `dump` does.
    public mutating func appendString<C: Collection>(_ string: C) where C.Element == UInt8 {
        bytes.append(UInt8(ascii: "\""))
        if let done = string.withContiguousStorageIfAvailable({ appendEscaped($0) }) {
            _ = done
        } else {
            Array(string).withUnsafeBufferPointer { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string value as it ends up in Falco's `output_fields`.
    ///
    /// libsinsp builds `output_fields` with jsoncpp (`Json::FastWriter`, so `emitUTF8 == false`) and
    /// Falco re-parses that text with nlohmann before dumping the alert ([F] `formats.cpp`,
    /// [L] `eventformatter.cpp`). For valid UTF-8 the round trip changes nothing, so this equals
    /// ``appendString(_:)-swift.method``. Invalid UTF-8 differs: jsoncpp's `utf8ToCodepoint` decodes
    /// leniently (it never checks continuation bytes, it consumes the whole length the first byte
    /// announces when enough bytes remain, and it maps overlong forms, surrogates, truncated tails and
    /// bytes `F8`…`FF` to U+FFFD), writes `\uXXXX` escapes, and nlohmann decodes those. This function
    /// performs the same decoding and then escapes the code points as nlohmann's `dump` does.
    /// (Derived by reading jsoncpp 1.9's `json_writer.cpp`, not by running Falco.)
    public mutating func appendLibsinspFieldString<C: Collection>(_ string: C) where C.Element == UInt8 {
        bytes.append(UInt8(ascii: "\""))
        let b = Array(string)
        var i = 0
        let end = b.count
        while i < end {
            let first = UInt32(b[i])
            var scalar: UInt32
            if first < 0x80 {
                scalar = first
            } else if first < 0xE0 {
                // jsoncpp: 2-byte form, second byte taken whatever it is.
                if end - i < 2 {
                    scalar = 0xFFFD
                } else {
                    scalar = ((first & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F)
                    i += 1
                    if scalar < 0x80 { scalar = 0xFFFD }
                }
            } else if first < 0xF0 {
                if end - i < 3 {
                    scalar = 0xFFFD
                } else {
                    scalar = ((first & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F)
                    i += 2
                    if (0xD800...0xDFFF).contains(scalar) || scalar < 0x800 { scalar = 0xFFFD }
                }
            } else if first < 0xF8 {
                if end - i < 4 {
                    scalar = 0xFFFD
                } else {
                    scalar = ((first & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12)
                        | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F)
                    i += 3
                    if scalar < 0x10000 {
                        scalar = 0xFFFD
                    } else {
                        // jsoncpp writes a surrogate pair from the low 20 bits, so values above
                        // U+10FFFF wrap around into plane 1 when nlohmann decodes the pair.
                        scalar = 0x10000 + ((scalar - 0x10000) & 0xFFFFF)
                    }
                }
            } else {
                scalar = 0xFFFD
            }
            i += 1
            appendEscapedScalar(scalar)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: - Escaping

    private mutating func appendEscaped(_ s: UnsafeBufferPointer<UInt8>) {
        // safe: i < end before each read; utf8SequenceEnd returns an end within `s` (or a
        // negative length), so every slice stays inside it.
        var i = 0
        let end = s.count
        while i < end {
            let c = s[i]
            if c < 0x80 {
                appendEscapedASCII(c)
                i += 1
                continue
            }
            let seqEnd = JSONWriter.utf8SequenceEnd(s, from: i)
            if seqEnd > 0 {
                bytes.append(contentsOf: s[i..<seqEnd])
                i = seqEnd
            } else {
                // Replace the maximal subpart (at least the first byte) with one U+FFFD.
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += max(1, -seqEnd)
            }
        }
    }

    @inline(__always) private mutating func appendEscapedASCII(_ c: UInt8) {
        switch c {
        case 0x22: appendRaw("\\\"")
        case 0x5C: appendRaw("\\\\")
        case 0x08: appendRaw("\\b")
        case 0x09: appendRaw("\\t")
        case 0x0A: appendRaw("\\n")
        case 0x0C: appendRaw("\\f")
        case 0x0D: appendRaw("\\r")
        case 0..<0x20:
            appendRaw("\\u00")
            bytes.append(JSONWriter.hexDigit(c >> 4))
            bytes.append(JSONWriter.hexDigit(c & 0xF))
        default: bytes.append(c)
        }
    }

    private mutating func appendEscapedScalar(_ scalar: UInt32) {
        if scalar < 0x80 {
            appendEscapedASCII(UInt8(scalar))
        } else if scalar < 0x800 {
            bytes.append(UInt8(0xC0 | (scalar >> 6)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            bytes.append(UInt8(0xE0 | (scalar >> 12)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    @inline(__always) static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? 0x30 + v : 0x61 + v - 10
    }

    /// Checks the UTF-8 sequence starting at `start` (whose first byte is >= 0x80) against
    /// Unicode Table 3-7. Returns the index after the sequence when it is well-formed; otherwise
    /// minus the length of its maximal subpart (at least 1), i.e. how many bytes one U+FFFD replaces.
    static func utf8SequenceEnd<C: RandomAccessCollection>(_ s: C, from start: C.Index) -> Int
    where C.Element == UInt8, C.Index == Int {
        let b0 = s[start]
        let count: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // allowed range of the second byte
        switch b0 {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: count = 3
        case 0xED: count = 3; hi = 0x9F
        case 0xF0: count = 4; lo = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; hi = 0x8F
        default: return -1  // 80…C1, F5…FF never start a sequence
        }
        var i = start + 1
        var k = 1
        while k < count {
            guard i < s.endIndex else { return -(i - start) }
            let c = s[i]
            let ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF)
            guard ok else { return -(i - start) }
            i += 1
            k += 1
        }
        return i
    }
}
