// OutputFormatParserTests.swift - `output:` strings: text, %fields, widths, longest prefix, errors (spec §3.7).
import Foundation
import RuleCompiler
import Testing
import TestSupport

/// Renders segments as `"text"` and `{field}` / `{field:width}`.
func outputShape(_ segments: [OutputSegmentSyntax]) -> String {
    segments.map { segment in
        switch segment {
        case .text(let t): String(reflecting: t)
        case .field(let f, let width, _): "{" + fieldShape(f) + (width.map { ":\($0)" } ?? "") + "}"
        }
    }.joined(separator: " ")
}

func parseOutput(_ text: String, prefix: String = "  output: ") -> ([OutputSegmentSyntax]?, DiagnosticEngine, MarkedSource) {
    let source = MarkedSource(text, prefix: prefix)
    var diagnostics = DiagnosticEngine()
    let segments = OutputFormatParser.parse(source.scalar, diagnostics: &diagnostics)
    return (segments, diagnostics, source)
}

@Suite struct OutputFormatParserTests {
    @Test(arguments: [
        ("plain text", #""plain text""#),
        ("user=%ct.user", #""user=" {ct.user}"#),
        ("%ct.name", "{ct.name}"),
        ("a %ct.name b", #""a " {ct.name} " b""#),
        ("%ct.name%ct.user", "{ct.name} {ct.user}"),
        ("(principal=%ct.user.principalid,", #""(principal=" {ct.user.principalid} ",""#),
        ("%ct.name: done", #"{ct.name} ": done""#),
        ("%ct.name.", #"{ct.name} ".""#),
        // The longest prefix that is a catalog field wins.
        ("%ct.user.foo", #"{ct.user} ".foo""#),
        ("%ct.username", #"{ct.user} "name""#),
        ("%ct.user.arn", "{ct.user.arn}"),
        ("%evt.time.s", "{evt.time.s}"),
        ("%evt.time.iso8601 x", #"{evt.time.iso8601} " x""#),
        ("%evt.time.sx", #"{evt.time.s} "x""#),
        // Arguments.
        ("%json.value[/a/b] x", #"{json.value[/a/b]} " x""#),
        ("%json.value[\"/a b\"]", "{json.value[/a b]}"),
        ("%json.value['']", "{json.value[]}"),
        ("%ec2.imageids[0]", "{ec2.imageids[0]}"),
        ("%ec2.imageids[12]", "{ec2.imageids[12]}"),
        ("%ec2.imageids", "{ec2.imageids}"),
        ("%ec2.imageids[01]", #"{ec2.imageids} "[01]""#),
        ("%ec2.imageids[x]", #"{ec2.imageids} "[x]""#),
        ("%ct.name[x]", #"{ct.name} "[x]""#),
        ("%ec2.imageids[1", #"{ec2.imageids} "[1""#),
        // Widths.
        ("%20ct.name|", #"{ct.name:20} "|""#),
        ("%0ct.name", "{ct.name}"),
        ("%05ct.name", "{ct.name:5}"),
        ("%65535ct.name", "{ct.name:65535}"),
        // Transformers.
        ("%tolower(ct.user)", "{tolower(ct.user)}"),
        ("%toupper(basename(ct.user))x", #"{toupper(basename(ct.user))} "x""#),
        ("%tolower( ct.user ) y", #"{tolower(ct.user)} " y""#),
        ("%8len(ec2.imageids)", "{len(ec2.imageids):8}"),
        ("%concat(ct.user, \"@\", ct.region)", #"{concat(ct.user, "@", ct.region)}"#),
        // Unicode text around fields.
        ("→ %ct.name ←", #""→ " {ct.name} " ←""#),
    ])
    func accepts(output: String, expected: String) {
        let (segments, diagnostics, _) = parseOutput(output)
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.render())")
        #expect(segments.map(outputShape) == expected)
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        var output: String
        var expected: [(DiagnosticID, String)]
        var testDescription: String { output }

        init(_ output: String, _ expected: (DiagnosticID, String)...) {
            self.output = output
            self.expected = expected
        }
    }

    static let rejected: [Rejection] = [
        .init("100 1️⃣%", (.invalidOutput, "1️⃣")),
        .init("1️⃣%", (.invalidOutput, "1️⃣")),
        .init("done at 1001️⃣% today", (.invalidOutput, "1️⃣")),
        .init("1️⃣% ct.name", (.invalidOutput, "1️⃣")),
        .init("1️⃣%%ct.name", (.invalidOutput, "1️⃣")),
        .init("1️⃣%user", (.invalidOutput, "1️⃣")),
        .init("1️⃣%(ct.name)", (.invalidOutput, "1️⃣")),
        .init("x 1️⃣%12", (.invalidOutput, "1️⃣")),
        .init("%1️⃣99999999ct.name", (.invalidOutput, "1️⃣")),
        .init("user=%1️⃣ct.usr", (.unknownField, "1️⃣")),
        .init("%1️⃣ct.usr.name", (.unknownField, "1️⃣")),
        .init("%1️⃣proc.name", (.unknownField, "1️⃣")),
        .init("%1️⃣json.value", (.invalidArgument, "1️⃣")),
        .init("%1️⃣json.value[/a", (.invalidArgument, "1️⃣")),
        .init("%1️⃣json.value[\"\\q\"]", (.invalidArgument, "1️⃣")),
        .init("%1️⃣json.value[\"\\q\"x]", (.invalidArgument, "1️⃣")),
        .init("%tolower(1️⃣ct.usr)", (.unknownField, "1️⃣")),
        .init("%tolower(1️⃣json.value)", (.invalidArgument, "1️⃣")),
        .init("%tolower(ct.user1️⃣", (.unexpectedToken, "1️⃣")),
        .init("%tolower(1️⃣x)", (.invalidArgument, "1️⃣")),
        .init("%tolower(\"1️⃣\\q\")", (.invalidEscape, "1️⃣")),
        .init("%1️⃣ct.usr and %2️⃣ct.nam and 3️⃣%", (.unknownField, "1️⃣"), (.unknownField, "2️⃣"), (.invalidOutput, "3️⃣")),
    ]

    @Test(arguments: rejected)
    func rejects(_ rejection: Rejection) {
        let (segments, diagnostics, source) = parseOutput(rejection.output)
        #expect(segments == nil)
        let actual = diagnostics.sorted.map { "\($0.id) at \(MarkedSource.location(of: $0.range))" }
        let expected = rejection.expected.map { "\($0.0) at \(source.location(of: $0.1) ?? "?")" }
        #expect(actual == expected, "\(diagnostics.render())")
    }

    @Test func unknownFieldsSuggestAName() throws {
        let (_, diagnostics, _) = parseOutput("%ct.usr")
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.message == "unknown field 'ct.usr'")
        #expect(d.notes.map(\.message) == ["did you mean 'ct.user'?"])
    }

    @Test func fieldRangesCoverTheToken() throws {
        let (segments, _, source) = parseOutput("a %12json.value[/x] b")
        guard case .field(let f, let width, let range)? = segments?[1] else {
            Issue.record("no field")
            return
        }
        let text = { (r: SourceRange) in String(decoding: source.file.bytes[r.start..<r.end], as: UTF8.self) }
        #expect(width == 12)
        #expect(text(range) == "%12json.value[/x]")
        #expect(text(f.range) == "json.value[/x]")
        if case .field(let name) = f { #expect(text(name.nameRange) == "json.value") }
    }

    @Test func outputIsTrimmedAndPositionsStayRight() throws {
        let (segments, _, _) = parseOutput("  \t%ct.name done \n ")
        #expect(segments.map(outputShape) == #"{ct.name} " done""#)
        let (_, diagnostics, source) = parseOutput("   %1️⃣ct.usr  ")
        let d = try #require(diagnostics.diagnostics.first)
        #expect(MarkedSource.location(of: d.range) == source.location(of: "1️⃣"))
    }

    @Test func explicitTextIsLocatedInTheScalar() throws {
        let source = MarkedSource("  x %1️⃣ct.usr  ")
        var diagnostics = DiagnosticEngine()
        #expect(OutputFormatParser.parse(source.scalar, text: "x %ct.usr", diagnostics: &diagnostics) == nil)
        #expect(diagnostics.diagnostics.map { MarkedSource.location(of: $0.range) } == [source.location(of: "1️⃣")].compactMap { $0 })
        // Text that is not in the scalar still parses; positions fall back to the scalar start.
        var other = DiagnosticEngine()
        #expect(OutputFormatParser.parse(source.scalar, text: "%ct.nam", diagnostics: &other) == nil)
        #expect(other.diagnostics.first?.range?.start == source.scalar.range.start)
        #expect(OutputFormatParser.parse(source.scalar, text: "y=%ct.name", diagnostics: &other).map(outputShape) == #""y=" {ct.name}"#)
    }

    @Test func trimmingIsFalcos() {
        #expect(OutputFormatParser.trimmed(" \t\n\u{0B}\u{0C}\r a b \r\n") == "a b")
        #expect(OutputFormatParser.trimmed("") == "")
        #expect(OutputFormatParser.trimmed("\u{08}x") == "\u{08}x")
    }

    @Test func foldedMultiLineOutputsMapToTheirLines() throws {
        // output: / "    Detected (user=%ct.user," / "    region=%ct.regin)", folded to one line.
        let header = "- rule: x\n  output:\n"
        let line1 = "    Detected (user=%ct.user,"
        let line2 = "    region=%ct.regin)"
        let file = SourceFile(path: "rules.yaml", text: header + line1 + "\n" + line2 + "\n")
        let start1 = header.utf8.count + 4
        let start2 = header.utf8.count + line1.utf8.count + 1 + 4
        var map = ScalarSourceMap(sourceEnd: start2 + 17)
        map.append(valueStart: 0, sourceStart: start1, length: 24)
        map.append(valueStart: 25, sourceStart: start2, length: 17)
        let value = "Detected (user=%ct.user, region=%ct.regin)"
        let scalar = YAMLScalar(value: value, style: .plain, range: SourceRange(file: file, start: start1, end: start2 + 17),
                                sourceMap: map)
        var diagnostics = DiagnosticEngine()
        #expect(OutputFormatParser.parse(scalar, diagnostics: &diagnostics) == nil)
        let d = try #require(diagnostics.diagnostics.first)
        #expect(d.id == .unknownField)
        #expect(d.range?.line == 4)
        #expect(d.range?.column == 13)
    }

    @Test func deeplyNestedTransformersDoNotCrash() {
        let deep = String(repeating: "tolower(", count: 2_000) + "ct.name" + String(repeating: ")", count: 2_000)
        let (segments, diagnostics, _) = parseOutput("%" + deep)
        #expect(segments == nil)
        #expect(diagnostics.diagnostics.map(\.id) == [.nestingTooDeep])
        let fine = String(repeating: "tolower(", count: 100) + "ct.name" + String(repeating: ")", count: 100)
        #expect(parseOutput("%" + fine).0 != nil)
    }

    @Test(.requiresShared) func everyUpstreamCloudTrailOutputParses() throws {
        let shared = try Shared.require()
        let url = shared.appendingPathComponent("upstream/falco/aws_cloudtrail_rules.yaml")
        let outputs = RuleFileSnippets.values(of: "output", in: try String(contentsOf: url, encoding: .utf8))
        #expect(outputs.count >= 22)
        var fields = 0
        for snippet in outputs {
            let (segments, diagnostics, _) = parseOutput(snippet.value)
            #expect(segments != nil, "line \(snippet.line): \(diagnostics.render())")
            fields += segments?.filter { if case .field = $0 { true } else { false } }.count ?? 0
        }
        #expect(fields > 50)
    }

    @Test func mutatedOutputsNeverCrash() {
        let corpus = ["Detected (user=%ct.user, ip=%ct.srcip, region=%ct.region)", "%20ct.name|%json.value[/a/b]|%tolower(ct.user)",
                      "id=%ec2.imageids[0] %evt.time.iso8601", "a %concat(ct.user, \"@\", ct.region) b"]
        let fragments = ["%", "%%", "[", "]", "(", ")", "\"", "\\", "ct.", "9", " ", "json.value", "tolower(", "é"]
        var rng = SplitMix64(seed: 42)
        var accepted = 0
        for _ in 0..<3_000 {
            var bytes = Array(corpus[Int(rng.next() % UInt64(corpus.count))].utf8)
            for _ in 0...(rng.next() % 3) {
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                if rng.next() % 2 == 0, at < bytes.count {
                    bytes.remove(at: at)
                } else {
                    bytes.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8), at: at)
                }
            }
            let (segments, diagnostics, _) = parseOutput(String(decoding: bytes, as: UTF8.self))
            #expect((segments == nil) == diagnostics.hasErrors)
            if segments != nil { accepted += 1 }
        }
        #expect(accepted > 100)
    }
}
