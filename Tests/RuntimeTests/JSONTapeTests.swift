// JSONTapeTests.swift - the validating parser, fastjson-style lookups and re-serialisation.
import Runtime
import Testing

private func tape(_ text: String) throws(JSONError) -> JSONTape {
    var t = JSONTape()
    try t.parse(ByteString(Array(text.utf8)))
    return t
}

private func parseError(_ text: String) -> JSONError? {
    do {
        _ = try tape(text)
        return nil
    } catch {
        return error
    }
}

private func str(_ t: JSONTape, _ node: Int?) -> String? {
    guard let node, t.kind(node) == .string else { return nil }
    return String(decoding: t.string(node), as: UTF8.self)
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct JSONTapeTests {
    @Test func acceptsValidJSON() throws {
        for valid in [
            "{}", "[]", " { } ", "\n\t{\"a\" : [1, -0, 0.5, -12.5e+10, 3E-2, 10, true, false, null, \"x\", {}, []]}\r\n",
            "0", "\"s\"", "true", "[[[[]]]]", "{\"\":\"\"}", "{\"a\":{\"b\":{\"c\":[{\"d\":1}]}}}",
            "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\uD83D\\uDE00\"]", "[\"é\"]",
        ] {
            #expect(parseError(valid) == nil, "\(valid)")
        }
    }

    @Test func rejectsInvalidJSON() {
        let cases: [(String, Int)] = [
            ("", 0), ("  ", 2), ("{", 1), ("{\"a\"", 4), ("{\"a\":}", 5), ("{\"a\":1,}", 7), ("[1,]", 3),
            ("[1 2]", 3), ("{a:1}", 1), ("{'a':1}", 1), ("01", 1), ("1.", 2), (".5", 0), ("+1", 0),
            ("-", 1), ("1e", 2), ("1e+", 3), ("tru", 0), ("nul", 0), ("True", 0), ("NaN", 0),
            ("\"abc", 0), ("\"a\u{01}b\"", 2), ("\"a\\xb\"", 2), ("\"\\u12\"", 1), ("\"\\u12G4\"", 1),
            ("{} x", 3), ("{}{}", 2), ("[", 1), ("]", 0), ("{\"a\" 1}", 5), ("[\"a\":1]", 4),
        ]
        for (text, offset) in cases {
            let e = parseError(text)
            #expect(e != nil, "accepted invalid \(text.debugDescription)")
            #expect(e?.offset == offset, "\(text.debugDescription): \(e.map(String.init(describing:)) ?? "")")
        }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: JSONTape.defaultMaxDepth) + String(repeating: "]", count: JSONTape.defaultMaxDepth)
        #expect(parseError(ok) == nil)
        let deep = "[" + ok + "]"
        let e = parseError(deep)
        #expect(e?.message.contains("nesting") == true)
        var t = JSONTape()
        #expect(throws: JSONError.self) { try t.parse(ByteString(Array("[[[1]]]".utf8)), maxDepth: 2) }
        // A failed parse leaves a usable empty object.
        #expect(t.kind(t.root) == .object && t.member(t.root, "a") == nil)
    }

    @Test func membersAndElements() throws {
        let t = try tape(#"{"a":1,"b":{"c":[10,"x",{"d":true}]},"e":null}"#)
        #expect(t.kind(t.root) == .object)
        #expect(t.count(t.root) == 3)
        let b = try #require(t.member(t.root, "b"))
        let c = try #require(t.member(b, "c"))
        #expect(t.kind(c) == .array && t.count(c) == 3)
        #expect(text(Array(t.rawText(try #require(t.element(c, 0))))) == "10")
        #expect(str(t, t.element(c, 1)) == "x")
        #expect(t.element(c, 3) == nil && t.element(c, -1) == nil)
        #expect(t.member(try #require(t.element(c, 2)), "d").map(t.kind) == .true)
        #expect(t.member(t.root, "e").map(t.kind) == .null)
        #expect(t.member(t.root, "z") == nil)
        #expect(t.member(c, "0") == nil, "member on an array")
        #expect(Array(t.elements(c)).count == 3)
        #expect(Array(t.elements(t.root)).isEmpty)
    }

    @Test func firstDuplicateKeyWins() throws {
        let t = try tape(#"{"k":"first","k":"second"}"#)
        #expect(str(t, t.member(t.root, "k")) == "first")
    }

    @Test func escapedKeysAreFoundAfterUnescaping() throws {
        let t = try tape(#"{"event\u004eame":"ConsoleLogin","a\/b":1}"#)
        #expect(str(t, t.member(t.root, "eventName")) == "ConsoleLogin")
        #expect(t.member(t.root, "a/b") != nil)
        #expect(t.member(t.root, "event\\u004eame") == nil, "raw escaped text is not the key")
    }

    @Test func stringsAreUnescapedLikeFastjson() throws {
        let t = try tape(#"["plain","q\"b\\s\/n\n\t","\u00e9\u4e2d","\ud83d\ude00","\ud800","\ud800\u0041","\udc00x","\ud800\ud800","\u0000z"]"#)
        func s(_ i: Int) -> [UInt8] { Array(t.string(t.element(t.root, i)!)) }
        #expect(s(0) == Array("plain".utf8))
        #expect(s(1) == Array("q\"b\\s/n\n\t".utf8))
        #expect(s(2) == Array("é中".utf8))
        #expect(s(3) == [0xF0, 0x9F, 0x98, 0x80], "a surrogate pair is one code point")
        #expect(s(4) == Array("\\ud800".utf8), "a lone surrogate is kept as written")
        #expect(s(5) == [0xEF, 0xBF, 0xBD], "a surrogate followed by a non-low \\u gives U+FFFD for both")
        #expect(s(6) == Array("\\udc00x".utf8))
        #expect(s(7) == [0xEF, 0xBF, 0xBD])
        #expect(s(8) == [0, UInt8(ascii: "z")])
        #expect(t.mayContainNUL)
        #expect(!t.isEscaped(t.element(t.root, 0)!) && t.isEscaped(t.element(t.root, 1)!))
    }

    @Test func unescapedStringsAreSlicesOfTheSource() throws {
        let source = ByteString(Array(#"{"k":"value"}"#.utf8))
        var t = JSONTape()
        try t.parse(source)
        let v = t.string(try #require(t.member(t.root, "k")))
        let sameBuffer = source.withUnsafeBufferPointer { s in
            v.withUnsafeBufferPointer { $0.baseAddress! >= s.baseAddress! && $0.baseAddress! < s.baseAddress! + s.count }
        }
        #expect(sameBuffer)
        #expect(!t.mayContainNUL)
    }

    @Test func parsesInsideASliceAndReusesTheTape() throws {
        let buffer = Array(#"xx{"a":"1"}yy"#.utf8)
        var t = JSONTape()
        try t.parse(buffer[2..<11])
        #expect(str(t, t.member(t.root, "a")) == "1")
        try t.parse(ByteString(Array(#"{"b":[2]}"#.utf8)))
        #expect(t.member(t.root, "a") == nil)
        #expect(t.count(try #require(t.member(t.root, "b"))) == 1)
    }

    @Test func numbersKeepTheirText() throws {
        let t = try tape("[0, -0, 791.0, 1e3, -12.50E-1, 18446744073709551616]")
        let texts = t.elements(t.root).map { text(Array(t.rawText($0))) }
        #expect(texts == ["0", "-0", "791.0", "1e3", "-12.50E-1", "18446744073709551616"])
    }

    @Test func compactReserialisationKeepsOrderAndEscapes() throws {
        let t = try tape("{ \"b\" : [ 1 , 2.50 , true ] ,\n \"a\":\t{ \"x y\" : \"s \\u00e9 \\\" \\/\" }, \"n\" : null }")
        #expect(text(t.compact(t.root)) == #"{"b":[1,2.50,true],"a":{"x y":"s \u00e9 \" \/"},"n":null}"#)
        #expect(text(t.compact(try #require(t.member(t.root, "b")))) == "[1,2.50,true]")
        #expect(text(t.compact(try #require(t.member(t.root, "n")))) == "null")
    }

    @Test func indentMatchesGoJSONIndent() throws {
        let t = try tape("{\"a\":1,\"b\":[],\"c\":{},\"d\":[1,{\"e\":\"x, y: {z}\"}],\"f\":{\"g\":null}}  ")
        var out: [UInt8] = []
        t.appendIndented(to: &out)
        let expected = """
        {
          "a": 1,
          "b": [],
          "c": {},
          "d": [
            1,
            {
              "e": "x, y: {z}"
            }
          ],
          "f": {
            "g": null
          }
        }
        """ + "  "
        #expect(text(out) == expected)
    }

    @Test func jsonPointers() throws {
        let t = try tape(#"{"a/b":1,"a~b":2,"~1":3,"/0":4,"":{"":5},"arr":[10,11,12],"o":{"0":"zero"}}"#)
        func resolve(_ p: String) -> String? { JSONPointer(p).resolve(in: t).map { text(t.compact($0)) } }
        #expect(resolve("/a~1b") == "1")
        #expect(resolve("/a~0b") == "2")
        #expect(resolve("/~01") == "3", "~01 is ~1, not /")
        #expect(resolve("/~10") == "4")
        #expect(resolve("/") == #"{"":5}"#, "a single slash names the empty key")
        #expect(resolve("//") == "5")
        #expect(resolve("/arr/1") == "11")
        #expect(resolve("/arr/01") == "11", "Go's Atoi accepts leading zeros")
        #expect(resolve("/arr/+2") == "12")
        #expect(resolve("/arr/-0") == "10")
        #expect(resolve("/arr/-1") == nil)
        #expect(resolve("/arr/3") == nil)
        #expect(resolve("/arr/x") == nil)
        #expect(resolve("/o/0") == "\"zero\"", "a numeric token names a member of an object")
        #expect(resolve("arr/0") == "10", "the leading slash is optional")
        #expect(resolve("/arr/0/x") == nil)
        #expect(JSONPointer("").isWholeDocument)
    }
}
