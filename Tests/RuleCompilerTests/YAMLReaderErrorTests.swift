// YAMLReaderErrorTests.swift - input outside the YAML subset: diagnostic ids, exact positions, recovery.
// `1️⃣` marks where the (single) error must start.
import RuleCompiler
import Testing

@Suite struct YAMLReaderErrorTests {
    @Test(arguments: [
        ("a: 1️⃣&anchor b", "anchor"),
        ("a: 1️⃣*alias", "alias"),
        ("1️⃣? a\n: b", "complex key"),
        ("a: {1️⃣? x}", "complex key in flow"),
        ("1️⃣%YAML 1.2\n---\na: b", "directive"),
        ("a:\n1️⃣: b", "empty key"),
        ("1️⃣[a]: b", "flow key"),
        ("a: {1️⃣[x]: y}", "flow key in flow mapping"),
        ("a: [x,\n  y1️⃣: z]", "pair in flow sequence"),
        ("a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "nesting"),
    ])
    func unsupported(_ c: (yaml: String, what: String)) {
        let source = MarkedText(c.yaml)
        if c.what == "nesting" {
            // The 64th nested '[' is the first one past the budget (the mapping value is level 1).
            let result = YAMLTest.read(source.text)
            #expect(result.documents.isEmpty)
            #expect(result.diagnostics.map(\.id) == [.yamlUnsupported])
            return
        }
        YAMLTest.expectError(c.yaml, .yamlUnsupported)
    }

    @Test(arguments: [
        // Indentation.
        ("a:\n    b: 1\n  1️⃣c: 2", "mapping key indented differently"),
        ("a: [x]\n  1️⃣b", "more indented line after a value"),
        ("- a: b\n 1️⃣- c", "sequence entry indented differently"),
        ("a:\n  - b\n 1️⃣c: d", "key between levels"),
        ("a: |\n  x\n# c\n  1️⃣y\n", "comment ends a block scalar"),
        ("- a: b\n  1️⃣- c", "sequence entry among keys"),
        ("a: b\n1️⃣- c", "sequence entry after a mapping"),
        ("- a\n1️⃣b: c", "mapping after a top-level sequence"),
        // Tabs.
        ("1️⃣\ta: b", "tab indentation at the top"),
        ("a:\n  b: c\n 1️⃣\td: e", "tab after spaces"),
        ("key: a\n1️⃣\tb", "tab continuation"),
        ("a: >\n1️⃣\tx", "tab in block scalar indentation"),
        ("a: |\n  x\n 1️⃣\ty\n", "tab inside block scalar indentation"),
        ("-1️⃣\tk: v", "compact mapping after a tab"),
        // Mapping values where they are not allowed.
        ("a: b1️⃣: c", "nested mapping on the value line"),
        ("--- a1️⃣: b", "mapping after ---"),
        ("a: 1️⃣- b", "sequence on the key line"),
        ("--- 1️⃣- a", "sequence after ---"),
        ("a:\n  b\n  c1️⃣: d", "': ' in a multi-line plain scalar"),
        ("- a\n  b1️⃣: c", "': ' in a multi-line sequence entry"),
        ("key: value with1️⃣: colon", "': ' inside a value"),
        // Keys.
        ("a: 1\n1️⃣b", "key without ':'"),
        ("a: 1\n1️⃣b:c", "key without space after ':'"),
        ("1️⃣\"a\nb\": c", "multi-line quoted key"),
        ("a: {1️⃣x\n y: z}", "multi-line flow key"),
        // Unterminated quotes and flow collections point at the opening character.
        ("a: 1️⃣\"unterminated\nb: c", "double quote at end of input"),
        ("a: 1️⃣'unterminated", "single quote at end of input"),
        ("x: 1️⃣'a\n...\n", "quote cut by a document marker"),
        ("- rule: r\n  desc: 1️⃣\"abc\n- rule: s", "quote cut by a less indented line"),
        ("a: 1️⃣{x: y", "flow mapping at end of input"),
        ("a: 1️⃣[x, y\nb: c", "flow sequence followed by a key"),
        ("- list: x\n  items: 1️⃣[a, b\n- rule: y", "flow sequence cut by a less indented line"),
        ("- items: 1️⃣[\n    a,\nb]", "flow sequence continued too far left"),
        ("1️⃣[a, b\n---\n", "flow sequence cut by a document marker"),
        // Flow syntax.
        ("a: [a1️⃣}", "mismatched bracket"),
        ("a: [a]1️⃣]", "extra bracket"),
        ("a: [1️⃣,]", "empty entry"),
        ("a: [a,1️⃣,b]", "double comma"),
        ("a: [a, 1️⃣- b]", "block entry in flow"),
        ("a: [1️⃣|x]", "block scalar in flow"),
        ("a: {x: y1️⃣: z}", "second colon in flow mapping"),
        ("a: [\"x\" 1️⃣\"y\"]", "missing comma"),
        ("a: [a,1️⃣#c\n  b]", "comment without space"),
        // Scalars.
        ("a: 'x'1️⃣y", "text after a quoted scalar"),
        ("a: \"x\"1️⃣#c", "comment glued to a quoted scalar"),
        ("a: [a, b]1️⃣x", "text after a flow collection"),
        ("a: 1️⃣@x", "reserved @"),
        ("a: 1️⃣`x", "reserved backtick"),
        ("a: 1️⃣%x", "percent"),
        ("a: |1️⃣x", "bad block scalar header"),
        ("a: |1️⃣0\n x", "zero indentation indicator"),
        ("a: |-1️⃣-\n x", "two chomping indicators"),
        ("a: |\n1️⃣   \n  x\n", "leading empty line indented too much"),
        ("a: 1️⃣, b", "comma cannot start a plain scalar"),
        ("... 1️⃣x\n", "content after a document end marker"),
        ("a: b\n... 1️⃣x\n", "content after a document end marker after a document"),
        // Malformed tags, rejected where yaml-cpp rejects them (tags themselves are read: see
        // `YAMLReaderTests.tags`).
        ("a: !foo!1️⃣ x", "named handle without a suffix"),
        ("a: !!1️⃣ x", "secondary handle without a suffix"),
        ("a: !a=1️⃣!b x", "'!' after a non-word character"),
        ("a: 1️⃣!<tag:x x", "unterminated verbatim tag"),
        ("a: !x 1️⃣!y z", "two tags on one node"),
    ])
    func syntax(_ c: (yaml: String, what: String)) {
        YAMLTest.expectError(c.yaml, .yamlSyntax)
    }

    @Test func structuralErrorsYieldNoTreeForTheirDocument() {
        for text in ["a: b: c", "a:\n    b: 1\n  c: 2", "a: \"x", "a: [x", "a: &x y", "- a\nb: c"] {
            let result = YAMLTest.read(text)
            #expect(result.documents.isEmpty, "\(text)")
            #expect(result.diagnostics.contains { $0.severity == .error }, "\(text)")
        }
    }

    @Test func readingResumesAtTheNextDocument() throws {
        let result = YAMLTest.read("a: b: c\n---\nd: e\n---\nf: [\n---\ng: h\n")
        #expect(result.diagnostics.map(\.id) == [.yamlSyntax, .yamlSyntax])
        #expect(result.documents.map(YAMLTest.shape) == [#"{"d": "e"}"#, #"{"g": "h"}"#])
    }

    @Test func duplicateKeysAreReportedAtTheSecondKeyWithANoteAtTheFirst() throws {
        let source = MarkedText("- rule: x\n  1️⃣desc: a\n  2️⃣desc: b\n  output: o\n- rule: y\n  tags: {t: 1, 3️⃣t: 2}")
        let result = YAMLTest.read(source.text)
        #expect(result.diagnostics.map(\.id) == [.yamlSyntax, .yamlSyntax])
        let first = try #require(result.diagnostics.first)
        #expect(first.range?.start == source["2️⃣"])
        #expect(first.range?.end == source["2️⃣"] + 4)
        #expect(first.notes.first?.range?.start == source["1️⃣"])
        #expect(result.diagnostics[1].range?.start == source["3️⃣"])
        // Reading went on: the rest of the mapping and the next item are there, the first value wins.
        let items = try #require(result.root()?.sequence?.items)
        #expect(items.count == 2)
        #expect(items[0].mapping?.entries.map(\.key.value) == ["rule", "desc", "output"])
        #expect(items[0].mapping?["desc"]?.scalar?.value == "a")
        #expect(YAMLTest.read("\"a\": 1\na: 2").diagnostics.map(\.id) == [.yamlSyntax])
    }

    @Test func invalidEscapesAreReportedAndReadingGoesOn() throws {
        let source = MarkedText(#"a: "x1️⃣\qy2️⃣\x4g3️⃣\ud800z"\nb: c"#.replacingOccurrences(of: #"\n"#, with: "\n"))
        let result = YAMLTest.read(source.text)
        #expect(result.diagnostics.map(\.id) == [.yamlSyntax, .yamlSyntax, .yamlSyntax])
        #expect(result.diagnostics.compactMap(\.range?.start) == [source["1️⃣"], source["2️⃣"], source["3️⃣"]])
        #expect(result.documents.count == 1)
        #expect(result.documents.first?.mapping?["b"]?.scalar?.value == "c")
    }

    @Test func invalidCharactersRejectTheFile() {
        let cases: [([UInt8], Int, DiagnosticID)] = [
            (Array("a: b\n".utf8) + [0xFF] + Array("\n".utf8), 5, .yamlSyntax),  // invalid UTF-8
            (Array("a: ".utf8) + [0xC0, 0x80], 3, .yamlSyntax),  // overlong encoding
            (Array("a: ".utf8) + [0xED, 0xA0, 0x80], 3, .yamlSyntax),  // encoded surrogate
            (Array("a: \u{1}".utf8), 3, .yamlSyntax),  // C0 control
            (Array("a: \u{7F}".utf8), 3, .yamlSyntax),  // DEL
            (Array("a: \u{9F}".utf8), 3, .yamlSyntax),  // C1 control
            (Array("a: \u{0}".utf8), 3, .yamlSyntax),  // NUL
            (Array("a: b\rc: d".utf8), 4, .yamlUnsupported),  // bare CR
        ]
        for (bytes, offset, id) in cases {
            let result = YAMLTest.read(bytes: bytes)
            #expect(result.documents.isEmpty)
            #expect(result.diagnostics.map(\.id) == [id])
            #expect(result.diagnostics.first?.range?.start == offset)
        }
    }

    @Test func deepNestingIsRejectedWithoutExhaustingTheStack() {
        for text in [
            String(repeating: "[", count: 100_000),
            String(repeating: "{a: ", count: 10_000),
            String(repeating: "- ", count: 10_000) + "x",
            (0..<500).map { String(repeating: " ", count: $0) + "k:\n" }.joined(),
        ] {
            let result = YAMLTest.read(text)
            #expect(result.documents.isEmpty)
            #expect(result.diagnostics.map(\.id) == [.yamlUnsupported])
        }
        // 60 levels are fine.
        let ok = YAMLTest.read(String(repeating: "[", count: 60) + String(repeating: "]", count: 60))
        #expect(ok.diagnostics.isEmpty && ok.documents.count == 1)
    }

    @Test func errorsRenderInBuildLogForm() throws {
        let d = try #require(YAMLTest.expectError("a:\n  b: c\n  1️⃣&x d: e", .yamlUnsupported))
        #expect(d.description == "test.yaml:3:3: error: anchors ('&') are not supported [yaml-unsupported]")
    }
}
