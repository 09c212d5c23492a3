// YAMLSourceMapTests.swift - scalar value offsets map back to the exact bytes they came from.
import RuleCompiler
import Testing

@Suite struct YAMLSourceMapTests {
    /// The value offset of the first occurrence of `word` in the scalar's value.
    private func valueOffset(of word: String, in scalar: YAMLScalar) throws -> Int {
        let value = Array(scalar.value.utf8)
        let w = Array(word.utf8)
        let index = try #require((0...(value.count - w.count)).first { Array(value[$0..<($0 + w.count)]) == w })
        return index
    }

    /// Checks that `word` in the value of `key` maps to marker `1️⃣` in the marked source.
    private func expectWord(_ word: String, of key: String, in marked: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let source = MarkedText(marked)
        let result = YAMLTest.read(source.text)
        #expect(result.diagnostics.isEmpty, sourceLocation: sourceLocation)
        let scalar = try #require(result.root()?.mapping?[key]?.scalar, sourceLocation: sourceLocation)
        let offset = try valueOffset(of: word, in: scalar)
        let range = scalar.range(ofValueBytes: offset, offset + word.utf8.count)
        #expect(
            result.position(range.start) == result.position(source["1️⃣"]), "\(word) in \(String(reflecting: scalar.value))",
            sourceLocation: sourceLocation)
        #expect(range.start == source["1️⃣"], sourceLocation: sourceLocation)
        #expect(range.end == source["1️⃣"] + word.utf8.count, sourceLocation: sourceLocation)
        #expect(String(decoding: result.file.bytes[range.start..<range.end], as: UTF8.self) == word, sourceLocation: sourceLocation)
    }

    @Test func wordOnTheThirdLineOfAFoldedPlainScalar() throws {
        let marked = """
            - rule: r
              condition:
                ct.name="ConsoleLogin" and not ct.error exists
                and ct.user.identitytype!="AssumedRole"
                and 1️⃣json.value[/responseElements/ConsoleLogin]="Success"
              output: x
            """
        let source = MarkedText(marked)
        let result = YAMLTest.read(source.text)
        let rule = try #require(result.root()?.sequence?.items.first?.mapping)
        let condition = try #require(rule["condition"]?.scalar)
        let offset = try valueOffset(of: "json.value", in: condition)
        let range = condition.range(ofValueBytes: offset, offset + 10)
        #expect(result.position(range.start) == "5:9")
        #expect(range.start == source["1️⃣"])
        // The folded line breaks are not copied bytes; they map to the start of the next line.
        let space = try valueOffset(of: " and ct.user", in: condition)
        #expect(condition.value.utf8[condition.value.utf8.index(condition.value.utf8.startIndex, offsetBy: space)] == UInt8(ascii: " "))
        #expect(result.position(condition.sourceMap.sourceOffset(of: space)) == "4:5")
    }

    @Test func plainScalarWithEmptyLines() throws {
        try expectWord("three", of: "a", in: "a: one\n  two\n\n\n  1️⃣three   \nb: c")
    }

    @Test func foldedBlockScalar() throws {
        try expectWord("gamma", of: "a", in: "a: >\n  alpha\n  beta\n\n  x 1️⃣gamma\nb: c")
        try expectWord("delta", of: "a", in: "a: >-\n    alpha\n     more 1️⃣delta\n    beta\n")
    }

    @Test func literalBlockScalarWithExplicitIndentation() throws {
        try expectWord("two", of: "a", in: "a: |2\n   one\n  1️⃣two\n")
    }

    @Test func doubleQuotedScalarWithEscapes() throws {
        try expectWord("after", of: "a", in: #"a: "x\t\u00e9\\ 1️⃣after""#)
        try expectWord("next", of: "a", in: "a: \"line\\\n   1️⃣next\"")
        try expectWord("third", of: "a", in: "a: \"one\n  two\n\n  1️⃣third\"")
    }

    @Test func singleQuotedScalarWithDoubledQuote() throws {
        try expectWord("s more", of: "a", in: "a: 'it''1️⃣s more'")  // value "it's more"
        try expectWord("end", of: "a", in: "a: 'x\n\n   1️⃣end'")
    }

    @Test func flowScalarsAndKeys() throws {
        let source = MarkedText("x: [one, \"two\", 1️⃣'three']\n2️⃣key: {3️⃣k: v}")
        let result = YAMLTest.read(source.text)
        let root = try #require(result.root()?.mapping)
        let three = try #require(root["x"]?.sequence?.items[2].scalar)
        #expect(three.sourceMap.sourceOffset(of: 0) == source["1️⃣"] + 1)
        let key = root.entries[1].key
        #expect(key.sourceMap.sourceOffset(of: 0) == source["2️⃣"])
        #expect(key.sourceMap.sourceOffset(of: 2) == source["2️⃣"] + 2)
        let k = try #require(root["key"]?.mapping?.entries.first?.key)
        #expect(k.sourceMap.sourceOffset(of: 0) == source["3️⃣"])
    }

    @Test func copiedRunsPointAtEqualBytesInEveryStyle() throws {
        let text = """
            plain: a  b
              c

              d
            single: 'x''y
              z'
            double: "p\\tq\\
              r \\u00e9 s
              t"
            literal: |
              l1
               l2

              l3
            folded: >+
              f1
              f2
               f3

            flow: [u, 'v w', {k: "x"}]
            """
        let result = YAMLTest.read(text)
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.root())
        var copied = 0
        for scalar in YAMLTest.scalars(root) {
            let value = Array(scalar.value.utf8)
            for run in scalar.sourceMap.runs {
                #expect(run.valueStart + run.length <= value.count)
                #expect(Array(value[run.valueStart..<(run.valueStart + run.length)]) == Array(result.file.bytes[run.sourceStart..<(run.sourceStart + run.length)]))
                #expect(run.sourceStart >= scalar.range.start && run.sourceStart + run.length <= scalar.range.end)
                copied += run.length
            }
            // Everything but white space and escapes is copied.
            for (i, byte) in value.enumerated() where byte != 0x20 && byte != 0x0A && byte != 0x09 && byte < 0x80 {
                if scalar.style == .doubleQuoted || (scalar.style == .singleQuoted && byte == UInt8(ascii: "'")) { continue }
                #expect(result.file.bytes[scalar.sourceMap.sourceOffset(of: i)] == byte, "\(scalar.value) at \(i)")
            }
        }
        #expect(copied > 40)
    }

    @Test func offsetsPastTheValueMapToTheScalarEnd() throws {
        let source = MarkedText("a: \"x1️⃣\\n\"\nb: 2️⃣\nc: |\n  t3️⃣\n")
        let root = try #require(YAMLTest.read(source.text).root()?.mapping)
        let a = try #require(root["a"]?.scalar)
        #expect(a.value == "x\n")
        #expect(a.sourceMap.sourceOffset(of: 1) == source["1️⃣"])  // the unescaped '\n': right after the last copied byte
        let b = try #require(root["b"]?.scalar)
        #expect(b.sourceMap.sourceOffset(of: 0) == source["2️⃣"] - 1)  // empty value: right after ':'
        let c = try #require(root["c"]?.scalar)
        #expect(c.value == "t\n")
        #expect(c.sourceMap.sourceOffset(of: 1) == source["3️⃣"])
        #expect(c.sourceMap.sourceOffset(of: 2) == source["3️⃣"])
    }
}
