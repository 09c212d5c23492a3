import Runtime
import TestSupport
import Testing

private func clean(_ bytes: [UInt8]) -> String { String(decoding: TextSanitizer.sanitize(bytes), as: UTF8.self) }
private func clean(_ s: String) -> String { clean(Array(s.utf8)) }

@Suite struct TextSanitizerTests {
    @Test func ordinaryValuesAreUnchanged() {
        for s in ["", "arn:aws:iam::123456789012:user/Alice", "Mozilla/5.0 (X11) \"q\" \\ {json:1}", "é 日本 😀 \u{FFFD}"] {
            #expect(clean(s) == s)
        }
        #expect(TextSanitizer.isClean(Array("plain ascii".utf8)))
        #expect(!TextSanitizer.isClean(Array("tab\t".utf8)))
    }

    @Test func controlCharactersBecomeVisible() {
        #expect(clean("a\nb\rc\td") == #"a\nb\rc\td"#)
        #expect(clean([0x00, 0x01, 0x1B, 0x1F, 0x7F]) == #"\x00\x01\x1b\x1f\x7f"#)
        #expect(clean("\u{1B}[31mred\u{1B}[0m") == #"\x1b[31mred\x1b[0m"#)
    }

    @Test func forgedAlertLineIsDefused() {
        let forged = clean("bob\n00:00:00.000000000: Critical Fake alert (requesting user=root)")
        #expect(forged == #"bob\n00:00:00.000000000: Critical Fake alert (requesting user=root)"#)
        #expect(!forged.contains("\n"))
    }

    @Test func invalidUTF8ShowsItsBytes() {
        #expect(clean([0x61, 0xFF, 0x62]) == #"a\xffb"#)
        #expect(clean([0xC3, 0x28]) == #"\xc3("#)
        #expect(clean([0xE2, 0x82]) == #"\xe2\x82"#)
        #expect(clean([0xED, 0xA0, 0x80]) == #"\xed\xa0\x80"#)
        #expect(clean([0xC0, 0xAF]) == #"\xc0\xaf"#)
        #expect(clean([0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F]) == #"😀\xf0\x9f"#)
    }

    @Test func lineBreakingAndReorderingCodePointsAreEscaped() {
        #expect(clean("a\u{85}b\u{9B}c") == #"a\u0085b\u009bc"#)
        #expect(clean("x\u{2028}y\u{2029}z") == #"x\u2028y\u2029z"#)
        #expect(clean("evil\u{202E}txt.exe\u{2066}\u{2069}\u{200F}\u{061C}") == #"evil\u202etxt.exe\u2066\u2069\u200f\u061c"#)
        // Neighbours of the escaped ranges print as they are.
        #expect(clean("\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}") == "\u{A0}\u{2027}\u{202F}\u{2065}\u{206A}")
    }

    /// Whatever the bytes, the result is valid UTF-8 without controls, and clean input is untouched.
    @Test func randomBytesNeverYieldControlsOrInvalidUTF8() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5000 {
            let n = Int(rng.next() % 16)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let out = TextSanitizer.sanitize(bytes)
            #expect(!out.contains { $0 < 0x20 || $0 == 0x7F })
            let decoded = String(decoding: out, as: UTF8.self)
            #expect(Array(decoded.utf8) == out, "not valid UTF-8 for \(bytes)")
            #expect(!decoded.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 })
            if TextSanitizer.isClean(bytes) { #expect(out == bytes) }
        }
    }
}
