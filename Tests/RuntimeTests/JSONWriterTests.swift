import Runtime
import TestSupport
import Testing

private func dump(_ bytes: [UInt8]) -> [UInt8] {
    var w = JSONWriter()
    w.appendString(bytes)
    return w.bytes
}

private func dumpField(_ bytes: [UInt8]) -> [UInt8] {
    var w = JSONWriter()
    w.appendLibsinspFieldString(bytes)
    return w.bytes
}

private func quoted(_ s: String) -> [UInt8] { Array("\"\(s)\"".utf8) }

/// A JSON string of `s` escaped the way nlohmann does, written independently of JSONWriter.
private func referenceEscape(_ s: String) -> [UInt8] {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{8}": out += "\\b"
        case "\u{9}": out += "\\t"
        case "\n": out += "\\n"
        case "\u{C}": out += "\\f"
        case "\r": out += "\\r"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return Array((out + "\"").utf8)
}

@Suite struct JSONWriterTests {
    @Test func escapesLikeNlohmann() {
        #expect(dump(Array("a\"b\\c".utf8)) == quoted(#"a\"b\\c"#))
        #expect(dump([0x08, 0x0C, 0x0A, 0x0D, 0x09]) == quoted(#"\b\f\n\r\t"#))
        #expect(dump([0x00, 0x01, 0x0B, 0x1B, 0x1F]) == quoted(#"\u0000\u0001\u000b\u001b\u001f"#))
        // DEL and '/' are not escaped.
        #expect(dump([0x7F, UInt8(ascii: "/")]) == [0x22, 0x7F, 0x2F, 0x22])
    }

    @Test func nonASCIIIsKeptRaw() {
        for s in ["é", "日本語", "😀", "\u{FFFD}", "\u{10FFFF}", "\u{85}\u{2028}"] {
            #expect(dump(Array(s.utf8)) == quoted(s))
        }
    }

    @Test func invalidUTF8IsReplacedPerMaximalSubpart() {
        let r = "\u{FFFD}"
        let cases: [([UInt8], String)] = [
            ([0x80], r),
            ([0x61, 0xFF, 0x62], "a\(r)b"),
            ([0xC3, 0x28], "\(r)("),                      // bad continuation: re-read '('
            ([0xC0, 0xAF], r + r),                         // C0 never starts a sequence
            ([0xE0, 0x80, 0x41], r + r + "A"),             // overlong: E0 needs A0...BF
            ([0xE1, 0x80, 0x41], r + "A"),                 // maximal subpart E1 80
            ([0xED, 0xA0, 0x80], r + r + r),               // UTF-16 surrogate
            ([0xF0, 0x9F, 0x98], r),                       // truncated at the end: one U+FFFD
            ([0xF0, 0x9F, 0x98, 0x41], r + "A"),
            ([0xF4, 0x90, 0x80, 0x80], r + r + r + r),     // above U+10FFFF
            ([0xF5, 0x80], r + r),
            ([0x22, 0xC3], #"\"\#(r)"#),
        ]
        for (input, expected) in cases {
            #expect(dump(input) == quoted(expected), "input \(input)")
        }
    }

    /// Swift's UTF-8 decoding also substitutes maximal subparts: an independent oracle.
    @Test func agreesWithSwiftDecodingOnRandomBytes() {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet: [UInt8] = [0x00, 0x0A, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
                                 0xC3, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<5000 {
            let n = Int(rng.next() % 12)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            #expect(dump(bytes) == referenceEscape(String(decoding: bytes, as: UTF8.self)), "input \(bytes)")
        }
    }

    @Test func fieldStringsEqualPlainStringsForValidUTF8() {
        for s in ["", "plain", "a\"b\\c/d", "\u{1}\n\t", "é日本😀", "\u{10FFFF}\u{7F}"] {
            #expect(dumpField(Array(s.utf8)) == dump(Array(s.utf8)))
        }
    }

    @Test func fieldStringsDecodeInvalidUTF8LikeJsoncpp() {
        let r = "\u{FFFD}"
        let cases: [([UInt8], String)] = [
            ([0x80, 0x41], r),                     // a stray continuation byte swallows the next byte
            ([0x41, 0x80], "A" + r),               // ...unless it is the last one
            ([0xC3, 0x28], "\u{E8}"),              // continuation bytes are not checked
            ([0xC3], r),
            ([0xC0, 0x80], r),                     // overlong
            ([0xE0, 0x80, 0x80], r),               // overlong
            ([0xED, 0xA0, 0x80], r),               // surrogate
            ([0xE2, 0x82], r + r),                 // truncated: each byte on its own
            ([0xF0, 0x9F, 0x98, 0x80], "😀"),
            ([0xF4, 0x90, 0x80, 0x80], "\u{10000}"), // above U+10FFFF: jsoncpp's surrogate pair wraps
            ([0xF8, 0x41], r + "A"),
            ([0xC1, 0x81], r),                     // overlong 'A'
            ([0xC4, 0x81, 0x0A], "ā\\n"),
        ]
        for (input, expected) in cases {
            #expect(dumpField(input) == quoted(expected), "input \(input)")
        }
    }

    @Test func numbersBoolsAndNull() {
        var w = JSONWriter()
        w.appendNumber(UInt64.max)
        w.appendRaw(",")
        w.appendNumber(Int64.min)
        w.appendRaw(",")
        w.appendNumber(Int64(0))
        w.appendRaw(",")
        w.appendBool(true)
        w.appendRaw(",")
        w.appendBool(false)
        w.appendRaw(",")
        w.appendNull()
        #expect(String(decoding: w.bytes, as: UTF8.self) == "18446744073709551615,-9223372036854775808,0,true,false,null")
    }
}

