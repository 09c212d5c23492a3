// YAMLReaderTests.swift - the YAML subset: structure, scalar styles and values, null-ness, ranges.
// Expected values follow YAML 1.2 and were cross-checked against PyYAML (libyaml semantics).
import RuleCompiler
import Testing

@Suite struct YAMLReaderTests {
    // MARK: - Block structure

    @Test(arguments: [
        ("a: b", #"{"a": "b"}"#),
        ("a: b\nc: d\n", #"{"a": "b", "c": "d"}"#),
        ("z: 1\na: 2\nm: 3", #"{"z": "1", "a": "2", "m": "3"}"#),  // order kept
        ("a:\n  b: c\n  d: e\nf: g", #"{"a": {"b": "c", "d": "e"}, "f": "g"}"#),
        ("a:\n  b:\n    c: d\n  e: f\ng: h", #"{"a": {"b": {"c": "d"}, "e": "f"}, "g": "h"}"#),
        ("a:\n    b: 1\n    c: 2", #"{"a": {"b": "1", "c": "2"}}"#),
        ("  a: 1\n  b: 2\n", #"{"a": "1", "b": "2"}"#),
        ("- a\n- b", #"["a", "b"]"#),
        ("tags:\n- a\n- b\nnext: x", #"{"tags": ["a", "b"], "next": "x"}"#),
        ("tags:\n  - a\n  - b\nnext: x", #"{"tags": ["a", "b"], "next": "x"}"#),
        ("a:\n  b:\n  - c\n  - d\n  e: f", #"{"a": {"b": ["c", "d"], "e": "f"}}"#),
        ("- rule: x\n  desc: y\n- macro: m", #"[{"rule": "x", "desc": "y"}, {"macro": "m"}]"#),
        ("-   a: b\n    c: d", #"[{"a": "b", "c": "d"}]"#),
        ("-\n  a: b\n  c: d", #"[{"a": "b", "c": "d"}]"#),
        ("- a:\n  - b\n  c: d", #"[{"a": ["b"], "c": "d"}]"#),
        ("- - a\n  - b\n- - c", #"[["a", "b"], ["c"]]"#),
        ("- - - a", #"[[["a"]]]"#),
        ("- rule: r\n  tags:\n  - a\n  - b\n  source: s", #"[{"rule": "r", "tags": ["a", "b"], "source": "s"}]"#),
        ("a:\n  # comment\n  b: c\n  # another\n\n  d: e\n", #"{"a": {"b": "c", "d": "e"}}"#),
        ("a: x # trailing\n# full line\nb: y  #c", #"{"a": "x", "b": "y"}"#),
        ("- # comment\n  a", #"["a"]"#),
        ("a: # comment\n  b", #"{"a": "b"}"#),
    ])
    func blockStructure(_ c: (yaml: String, shape: String)) {
        #expect(YAMLTest.shape(c.yaml) == c.shape)
    }

    @Test func falcoRuleShape() throws {
        let yaml = """
            # SPDX header
            - required_engine_version: 10

            - rule: Console Login Without MFA
              desc: Detect a console login without MFA.
              condition:
                ct.name="ConsoleLogin" and not ct.error exists
                and json.value[/additionalEventData/MFAUsed]="No"
              output:
                Detected a console login without MFA
                (requesting user=%ct.user,
                 requesting IP=%ct.srcip)
              priority: CRITICAL
              tags:
                - cloud
                - aws
              source: aws_cloudtrail
              enabled: false
            """
        let root = try #require(YAMLTest.read(yaml).root())
        let items = try #require(root.sequence?.items)
        #expect(items.count == 2)
        let rule = try #require(items[1].mapping)
        #expect(rule.entries.map(\.key.value) == ["rule", "desc", "condition", "output", "priority", "tags", "source", "enabled"])
        #expect(rule["condition"]?.scalar?.value == #"ct.name="ConsoleLogin" and not ct.error exists and json.value[/additionalEventData/MFAUsed]="No""#)
        #expect(rule["output"]?.scalar?.value == "Detected a console login without MFA (requesting user=%ct.user, requesting IP=%ct.srcip)")
        #expect(rule["tags"]?.sequence?.items.compactMap(\.scalar?.value) == ["cloud", "aws"])
        #expect(rule["enabled"]?.scalar?.value == "false")
        #expect(rule["enabled"]?.scalar?.style == .plain)
    }

    // MARK: - Empty values and null

    @Test(arguments: [
        ("a:\nb:\n", #"{"a": null, "b": null}"#),
        ("a:", #"{"a": null}"#),
        ("a:   # only a comment\nb: 1", #"{"a": null, "b": "1"}"#),
        ("a:\n- x", #"{"a": ["x"]}"#),
        ("- a\n-\n- c", #"["a", null, "c"]"#),
        ("a:\n  - b\n  -\n  - c", #"{"a": ["b", null, "c"]}"#),
        ("- ", "[null]"),
        ("a: ~\nb: null\nc: Null\nd: NULL", #"{"a": null, "b": null, "c": null, "d": null}"#),
        ("a: ''\nb: \"\"\nc: 'null'\nd: \"~\"", #"{"a": "", "b": "", "c": "null", "d": "~"}"#),
        ("a: nil\nb: nulls\nc: none", #"{"a": "nil", "b": "nulls", "c": "none"}"#),
    ])
    func nullValues(_ c: (yaml: String, shape: String)) {
        #expect(YAMLTest.shape(c.yaml) == c.shape)
    }

    // MARK: - Tags

    /// yaml-cpp reads a tag (`!x`, `!!str`, `!h!x`, `!<uri>`, the non-specific `!`) before a node
    /// and the node's value is what follows it; Falco reads values as text, so the tag is dropped.
    /// `!=` is a tag (`=` is a tag character), so `desc: != is false` has the value `is false`.
    /// A tagged empty node is an empty string, not null (yaml-cpp emits null only for `?`).
    @Test(arguments: [
        ("desc: != is false when absent", #"{"desc": "is false when absent"}"#),
        ("a: !!str 12", #"{"a": "12"}"#),
        ("a: !foo bar baz", #"{"a": "bar baz"}"#),
        ("a: ! x", #"{"a": "x"}"#),
        ("a: !e!foo x", #"{"a": "x"}"#),
        ("a: !<tag:yaml.org,2002:str> x", #"{"a": "x"}"#),
        ("a: !%41b x", #"{"a": "x"}"#),
        ("a: !!str 'q'\nb: !t \"d\"", #"{"a": "q", "b": "d"}"#),
        ("a: !t\"x\"\nb: !<u>y\nc: !t[z]", #"{"a": "x", "b": "y", "c": ["z"]}"#),  // yaml-cpp needs no space after a tag
        ("a: !t\n  continued\n  value", #"{"a": "continued value"}"#),
        ("a: !t |\n  lit\n", #"{"a": "lit\n"}"#),
        ("a: !!str null\nb: ! ~\nc: !t\nd: !t # comment\ne: null", #"{"a": "null", "b": "~", "c": "", "d": "", "e": null}"#),
        ("a: !!seq\n- x\n- y\nb: 1", #"{"a": ["x", "y"], "b": "1"}"#),
        ("a: !!map\n  b: c\nd: e", #"{"a": {"b": "c"}, "d": "e"}"#),
        ("- !rule\n  rule: r\n  desc: !x y\n- !x z", #"[{"rule": "r", "desc": "y"}, "z"]"#),
        ("- !t a: b\n  c: d", #"[{"a": "b", "c": "d"}]"#),
        ("a: 1\n!t b: 2", #"{"a": "1", "b": "2"}"#),
        ("a: [!t x, !!str y, ! , !t [z]]", #"{"a": ["x", "y", "", ["z"]]}"#),
        ("a: {!t k: !t v, n: !t}", #"{"a": {"k": "v", "n": ""}}"#),
        ("--- !t\na: b", #"{"a": "b"}"#),
        ("a: b!c", #"{"a": "b!c"}"#),
    ])
    func tags(_ c: (yaml: String, shape: String)) {
        #expect(YAMLTest.shape(c.yaml) == c.shape)
    }

    @Test func taggedScalarRangeIsItsValue() throws {
        let source = MarkedText("desc: != 1️⃣is false2️⃣\n")
        let desc = try #require(YAMLTest.read(source.text).root()?.mapping?["desc"]?.scalar)
        #expect(desc.value == "is false")
        #expect(desc.tag == "!=")
        #expect(desc.range.start == source["1️⃣"] && desc.range.end == source["2️⃣"])
        #expect(desc.range(ofValueBytes: 3, 8).start == source["1️⃣"] + 3)
    }

    @Test func emptyValueIsAnEmptyPlainScalarAfterTheColon() throws {
        let source = MarkedText("a:1️⃣\nb: 2")
        let root = try #require(YAMLTest.read(source.text).root()?.mapping)
        let a = try #require(root["a"]?.scalar)
        #expect(a.isNull && a.value == "" && a.style == .plain)
        #expect(a.range.start == source["1️⃣"] && a.range.end == source["1️⃣"])
        let item = try #require(YAMLTest.read("- x\n-\n").root()?.sequence?.items[1].scalar)
        #expect(item.isNull && item.range.start == 5 && item.range.end == 5)
    }

    // MARK: - Plain scalars

    @Test(arguments: [
        ("a: one\n  two\n\n  three\n\n\n  four", "one two\nthree\n\nfour"),
        ("a:\n  one\n  two", "one two"),
        ("a:\n    first\n  second", "first second"),
        ("a:    spaced   inside   \nb: x", "spaced   inside"),
        ("a: x:y", "x:y"),
        ("a: http://host/p#frag", "http://host/p#frag"),
        ("a: b#c", "b#c"),
        ("a: -1", "-1"),
        ("a: -x", "-x"),
        ("a: ?x", "?x"),
        ("a: :x", ":x"),
        ("a: value\n  - item", "value - item"),
        ("a: x [y] {z}, w", "x [y] {z}, w"),
        ("a: it's \"fine\"", "it's \"fine\""),
        ("a: ---x", "---x"),
        ("a: café über 中文", "café über 中文"),
        ("a: one\ttab", "one\ttab"),
        ("a: x \t\n  y", "x y"),
    ])
    func plainScalars(_ c: (yaml: String, value: String)) {
        let s = YAMLTest.value(c.yaml, "a")
        #expect(s?.value == c.value)
        #expect(s?.style == .plain)
    }

    @Test func multiLinePlainScalarsAtTheTopLevelAndInSequences() {
        #expect(YAMLTest.shape("plain\nmulti\n\nline") == #""plain multi\nline""#)
        #expect(YAMLTest.shape("- a\n\n  b\n\n\n  c") == #"["a\nb\n\nc"]"#)
        #expect(YAMLTest.shape("- a\n  - b") == #"["a - b"]"#)
    }

    // MARK: - Quoted scalars

    @Test(arguments: [
        ("a: 'it''s'", "it's"),
        ("a: ''''", "'"),
        ("a: 'a \"b\" \\n'", "a \"b\" \\n"),
        ("a: 'x # not a comment'", "x # not a comment"),
        ("a: 'multi\n  line\n\n  single'", "multi line\nsingle"),
        ("a: 'trailing   \n  leading'", "trailing leading"),
        ("a: 'x\n\n\n  y'", "x\n\ny"),
        ("a: 'a\tb'", "a\tb"),
    ])
    func singleQuoted(_ c: (yaml: String, value: String)) {
        let s = YAMLTest.value(c.yaml, "a")
        #expect(s?.value == c.value)
        #expect(s?.style == .singleQuoted)
    }

    @Test(arguments: [
        (#"a: "plain text""#, "plain text"),
        (#"a: "\0\a\b\t\n\v\f\r\e""#, "\u{0}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{1B}"),
        ("a: \"\\\t|\"", "\t|"),  // backslash + literal tab
        (#"a: "\ \"\/\\""#, " \"/\\"),
        (#"a: "\N\_\L\P""#, "\u{85}\u{A0}\u{2028}\u{2029}"),
        (#"a: "\x41\x7e\xe9""#, "A~é"),
        (#"a: "\u00e9\u4E2D""#, "é中"),
        (#"a: "\U0001F600!""#, "😀!"),
        ("a: \"multi\n  line\n\n  double\"", "multi line\ndouble"),
        ("a: \"trailing \t\n  dropped\"", "trailing dropped"),
        ("a: \"escaped\\ \n  space\"", "escaped  space"),
        ("a: \"joined\\\n  here\"", "joinedhere"),
        ("a: \"a\\\n\n  b\"", "a\nb"),
        ("a: \"kept \t\\\n  x\"", "kept \tx"),
        ("a: \"\\t\n  b\"", "\t b"),
        ("a: \"x\"  # comment", "x"),
        ("a: \"x\n y\"", "x y"),
    ])
    func doubleQuoted(_ c: (yaml: String, value: String)) {
        let s = YAMLTest.value(c.yaml, "a")
        #expect(s?.value == c.value)
        #expect(s?.style == .doubleQuoted)
    }

    @Test func quotedScalarMayStartOnTheNextLineAndContinueAtTheParentColumn() {
        #expect(YAMLTest.shape("a:\n  \"x\"\n") == #"{"a": "x"}"#)
        // Falco-compatible leniency (libyaml, yaml-cpp): continuation at the enclosing key's column.
        #expect(YAMLTest.shape("- a: \"x\n  y\"") == #"[{"a": "x y"}]"#)
    }

    @Test func keysWithQuotedNames() throws {
        let root = try #require(YAMLTest.read("\"a b\": 1\n'c''d': 2\ne f: 3\n\"\\t\": 4").root()?.mapping)
        #expect(root.entries.map(\.key.value) == ["a b", "c'd", "e f", "\t"])
        #expect(root.entries.map(\.key.style) == [.doubleQuoted, .singleQuoted, .plain, .doubleQuoted])
        #expect(YAMLTest.shape("- \"k\": v\n  'k2': v2") == #"[{"k": "v", "k2": "v2"}]"#)
        #expect(YAMLTest.shape("- 'a':\n    b") == #"[{"a": "b"}]"#)
    }

    // MARK: - Block scalars

    @Test(arguments: [
        ("a: |\n  x\n  y\n", "x\ny\n"),
        ("a: |\n  x\n  y", "x\ny"),  // no final line break at the end of input
        ("a: |-\n  x\n\n", "x"),
        ("a: |+\n  x\n\n\nb: c", "x\n\n\n"),
        ("a: |\n  x\n\n\nb: c", "x\n"),
        ("a: |\n  line1\n\n  line3\n", "line1\n\nline3\n"),
        ("a: |\n  # not a comment\n  x\n", "# not a comment\nx\n"),
        ("a: |\n  x\n   indented\n  y\n", "x\n indented\ny\n"),
        ("a: |\n\n  after empty\n", "\nafter empty\n"),
        ("a: |\n  x\n   \n", "x\n \n"),
        ("a: |\n  \ttab\n", "\ttab\n"),
        ("a: |2\n    x\n   y\n", "  x\n y\n"),
        ("a: |1\n  x\n", " x\n"),
        ("a: |-2\n   x\n", " x"),
        ("a: |2-\n   x\n", " x"),
        ("a: |+\n\nb: c", "\n"),
        ("a: |\nb: c", ""),
        ("a: | # comment\n  x\n", "x\n"),
        ("a: |\r\n  x\r\n  y\r\n", "x\ny\n"),
    ])
    func literal(_ c: (yaml: String, value: String)) {
        let s = YAMLTest.value(c.yaml, "a")
        #expect(s?.value == c.value)
        #expect(s?.style == .literal)
    }

    @Test(arguments: [
        ("a: >\n  one\n  two\n", "one two\n"),
        ("a: >-\n  one\n  two\n\n\n  three\n", "one two\n\nthree"),
        ("a: >+\n  one\n\n", "one\n\n"),
        ("a: >\n  a\n  b\n\n  c\n   d\n  e\n", "a b\nc\n d\ne\n"),
        ("a: >\n  a\n\n   b\n\n  c\n", "a\n\n b\n\nc\n"),
        ("a: >\n  a\n  \tb\n  c\n", "a\n\tb\nc\n"),
        ("a: >\n\n  a\n  b\n", "\na b\n"),
        ("a: >\n  x\n  # not a comment\n", "x # not a comment\n"),
        ("a: >\n", ""),
        ("a: >2\n   x\n  y\n", " x\ny\n"),
    ])
    func folded(_ c: (yaml: String, value: String)) {
        let s = YAMLTest.value(c.yaml, "a")
        #expect(s?.value == c.value)
        #expect(s?.style == .folded)
    }

    @Test func blockScalarsInSequencesAndAtTheTopLevel() {
        #expect(YAMLTest.shape("- |\n  a\n   b\n  c\n- >\n  a\n   b\n  c\n") == #"["a\n b\nc\n", "a\n b\nc\n"]"#)
        #expect(YAMLTest.shape("- >-\n  a\n  b\n- c") == #"["a b", "c"]"#)
        #expect(YAMLTest.shape("--- |\n  x\n") == #""x\n""#)
        #expect(YAMLTest.shape("a:\n  b: |\n    x\n  c: d") == #"{"a": {"b": "x\n", "c": "d"}}"#)
        #expect(YAMLTest.shape("x: |\n  a\n...\n") == #"{"x": "a\n"}"#)
    }

    // MARK: - Flow collections

    @Test(arguments: [
        ("a: [x, y]", #"{"a": ["x", "y"]}"#),
        ("a: []", #"{"a": []}"#),
        ("a: [ ]", #"{"a": []}"#),
        ("a: {}", #"{"a": {}}"#),
        ("a: [[a, b], [c], []]", #"{"a": [["a", "b"], ["c"], []]}"#),
        ("a: [a, [b, [c, [d]]]]", #"{"a": ["a", ["b", ["c", ["d"]]]]}"#),
        ("a: ['x, y', \"z]\", 'it''s']", #"{"a": ["x, y", "z]", "it\'s"]}"#),
        ("a: [a, b,]", #"{"a": ["a", "b"]}"#),
        ("a: [a b, c]", #"{"a": ["a b", "c"]}"#),
        ("a: [a:b, http://x]", #"{"a": ["a:b", "http://x"]}"#),
        ("a: [\n  x,\n  y\n]", #"{"a": ["x", "y"]}"#),
        ("- list: l\n  items: [\n    a, b,\n    c\n  ]", #"[{"list": "l", "items": ["a", "b", "c"]}]"#),
        ("a: [a\n  b, c]", #"{"a": ["a b", "c"]}"#),
        ("a: [\n  \"x\n  y\"]", #"{"a": ["x y"]}"#),
        ("a: [a #c\n , b] # d", #"{"a": ["a", "b"]}"#),
        ("a: {x: 1, y: [2, 3], z: {w: v}}", #"{"a": {"x": "1", "y": ["2", "3"], "z": {"w": "v"}}}"#),
        ("a: {x, y: , z: ~}", #"{"a": {"x": null, "y": null, "z": null}}"#),
        ("a: {\"x\":y, 'q': r}", #"{"a": {"x": "y", "q": "r"}}"#),
        ("a: {x:y}", #"{"a": {"x:y": null}}"#),
        ("a: {x:\n  y}", #"{"a": {"x": "y"}}"#),
        ("[a, b]", #"["a", "b"]"#),
        ("{a: b}", #"{"a": "b"}"#),
        ("- [a, b]\n- {c: d}", #"[["a", "b"], {"c": "d"}]"#),
    ])
    func flowCollections(_ c: (yaml: String, shape: String)) {
        #expect(YAMLTest.shape(c.yaml) == c.shape)
    }

    @Test func flowAndBlockSequencesAreDistinguished() throws {
        let root = try #require(YAMLTest.read("a: [x]\nb:\n- x").root()?.mapping)
        #expect(root["a"]?.sequence?.isFlow == true)
        #expect(root["b"]?.sequence?.isFlow == false)
    }

    // MARK: - Documents

    @Test func documents() {
        #expect(YAMLTest.read("").documents.isEmpty)
        #expect(YAMLTest.read("# only a comment\n\n").documents.isEmpty)
        #expect(YAMLTest.read("---\n---\n...\n").documents.isEmpty)
        let multi = YAMLTest.read("---\na: 1\n---\n\n---\nb: 2\n...\n---\n# empty\n")
        #expect(multi.diagnostics.isEmpty)
        #expect(multi.documents.map(YAMLTest.shape) == [#"{"a": "1"}"#, #"{"b": "2"}"#])
        #expect(YAMLTest.read("- a\n---\n- b\n").documents.map(YAMLTest.shape) == [#"["a"]"#, #"["b"]"#])
        #expect(YAMLTest.read("a: b\n... # end\n").documents.count == 1)
        #expect(YAMLTest.read("--- # c\na: b\n").documents.map(YAMLTest.shape) == [#"{"a": "b"}"#])
        #expect(YAMLTest.read("--- \"q\"").documents.map(YAMLTest.shape) == [#""q""#])
        #expect(YAMLTest.read("--- [a]").documents.map(YAMLTest.shape) == [#"["a"]"#])
        #expect(YAMLTest.read("--- >-\n  x\n  y\n").documents.map(YAMLTest.shape) == [#""x y""#])
        #expect(YAMLTest.read("a: ---x\nb: ...y").documents.map(YAMLTest.shape) == [#"{"a": "---x", "b": "...y"}"#])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let bom = YAMLTest.read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nb:\n  - x\n".utf8))
        #expect(bom.diagnostics.isEmpty)
        #expect(bom.documents.map(YAMLTest.shape) == [#"{"a": "1", "b": ["x"]}"#])
        let crlf = YAMLTest.read("a:\r\n  - x\r\n  - \"y\r\n   z\"\r\nb: |\r\n  l1\r\n  l2\r\n")
        #expect(crlf.diagnostics.isEmpty)
        #expect(crlf.documents.map(YAMLTest.shape) == [#"{"a": ["x", "y z"], "b": "l1\nl2\n"}"#])
    }

    // MARK: - Ranges

    @Test func scalarRanges() throws {
        let source = MarkedText("""
            1️⃣plain2️⃣: 3️⃣some value4️⃣   # c
            q: 5️⃣"quoted\\n"6️⃣
            s: 7️⃣'single'8️⃣
            m: 9️⃣first
              second
            """)
        let result = YAMLTest.read(source.text)
        let root = try #require(result.root()?.mapping)
        let key = root.entries[0].key
        #expect((key.range.start, key.range.end) == (source["1️⃣"], source["2️⃣"]))
        let plain = try #require(root["plain"]?.scalar)
        #expect((plain.range.start, plain.range.end) == (source["3️⃣"], source["4️⃣"]))
        let quoted = try #require(root["q"]?.scalar)
        #expect((quoted.range.start, quoted.range.end) == (source["5️⃣"], source["6️⃣"]))
        let single = try #require(root["s"]?.scalar)
        #expect((single.range.start, single.range.end) == (source["7️⃣"], source["8️⃣"]))
        let multi = try #require(root["m"]?.scalar)
        #expect(multi.range.start == source["9️⃣"])
        #expect(multi.range.end == source.text.utf8.count)
        #expect(result.position(multi.range.end) == "5:9")
    }

    @Test func blockScalarRangeCoversIndicatorToLastContentLine() throws {
        let source = MarkedText("a: 1️⃣>-\n  one\n  two2️⃣\n\nb: c")
        let s = try #require(YAMLTest.value(source.text, "a"))
        #expect((s.range.start, s.range.end) == (source["1️⃣"], source["2️⃣"]))
    }

    @Test func collectionRanges() throws {
        let source = MarkedText("""
            1️⃣- 2️⃣rule: x
              tags: 3️⃣[a, [b]]4️⃣
              list:
              5️⃣- y
              - z6️⃣
              m: 7️⃣{k: v}8️⃣9️⃣
            """)
        let result = YAMLTest.read(source.text)
        let seq = try #require(result.root()?.sequence)
        #expect((seq.range.start, seq.range.end) == (source["1️⃣"], source["9️⃣"]))
        let rule = try #require(seq.items.first?.mapping)
        #expect((rule.range.start, rule.range.end) == (source["2️⃣"], source["9️⃣"]))
        let tags = try #require(rule["tags"]?.sequence)
        #expect((tags.range.start, tags.range.end) == (source["3️⃣"], source["4️⃣"]))
        let list = try #require(rule["list"]?.sequence)
        #expect((list.range.start, list.range.end) == (source["5️⃣"], source["6️⃣"]))
        let m = try #require(rule["m"]?.mapping)
        #expect((m.range.start, m.range.end) == (source["7️⃣"], source["8️⃣"]))
    }

    @Test func everyNodeRangeLiesInTheFileAndEnclosesItsChildren() throws {
        let text = "- rule: x\n  desc: >\n    a\n    b\n  tags: [a, {b: c}]\n  e:\n- - 'q'\n  - \"r\n    s\"\n"
        let result = YAMLTest.read(text)
        let root = try #require(result.root())
        for node in YAMLTest.nodes(root) {
            #expect(node.range.start >= 0 && node.range.end <= text.utf8.count)
            let children: [YAMLNode] =
                switch node {
                case .scalar: []
                case .sequence(let s): s.items
                case .mapping(let m): m.entries.flatMap { [.scalar($0.key), $0.value] }
                }
            for child in children {
                #expect(child.range.start >= node.range.start && child.range.end <= node.range.end, "\(child.range) in \(node.range)")
            }
        }
    }
}
