// YAMLUpstreamTests.swift - Falco's own rule files read exactly as PyYAML reads them.
import Foundation
import RuleCompiler
import Testing
import TestSupport

/// The expected trees in `Tests/Fixtures/yaml/<name>.expected.json` were generated once with
/// PyYAML 6.0.3, using a loader that resolves only nulls (so `true` and `10` stay strings, as in
/// our tree), by:
///
///     python3 -c 'import yaml,json,sys
///     class L(yaml.SafeLoader): pass
///     L.yaml_implicit_resolvers = {k: [r for r in v if r[0] == "tag:yaml.org,2002:null"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
///     print(json.dumps(list(yaml.load_all(open(sys.argv[1], encoding="utf-8"), Loader=L)), indent=1, ensure_ascii=True))' \
///         ../shared/upstream/falco/<name>.yaml > Tests/Fixtures/yaml/<name>.expected.json
@Suite(.requiresShared) struct YAMLUpstreamTests {
    static let names = ["aws_cloudtrail_rules", "falco_rules"]

    static func upstreamFile(_ name: String) throws -> SourceFile {
        let url = try Shared.url("upstream/falco/\(name).yaml")
        return SourceFile(path: url.path, bytes: Array(try Data(contentsOf: url)))
    }

    @Test(arguments: names)
    func readsLikePyYAML(_ name: String) throws {
        let file = try Self.upstreamFile(name)
        var diagnostics = DiagnosticEngine()
        let documents = YAMLReader.read(file, diagnostics: &diagnostics)
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.render())")
        let fixture = SharedFixtures.packageRoot.appendingPathComponent("Tests/Fixtures/yaml/\(name).expected.json")
        let expected = try String(contentsOf: fixture, encoding: .utf8)
        let actual = YAMLJSONRenderer.render(documents) + "\n"
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("first difference at JSON line \(line + 1): ours \(line < a.count ? String(a[line]) : "<end>") vs PyYAML \(line < e.count ? String(e[line]) : "<end>")")
        }
    }

    /// Every copied value byte of every scalar (keys included) maps to an equal source byte, and a
    /// plain scalar on one line is exactly the source text of its range.
    @Test(arguments: names)
    func scalarValuesMapToEqualSourceBytes(_ name: String) throws {
        let file = try Self.upstreamFile(name)
        var diagnostics = DiagnosticEngine()
        let documents = YAMLReader.read(file, diagnostics: &diagnostics)
        let scalars = documents.flatMap(YAMLTest.scalars)
        #expect(scalars.count > 300)
        var singleLinePlain = 0
        for scalar in scalars {
            let value = Array(scalar.value.utf8)
            for run in scalar.sourceMap.runs {
                let copied = value[run.valueStart..<(run.valueStart + run.length)]
                #expect(copied.elementsEqual(file.bytes[run.sourceStart..<(run.sourceStart + run.length)]))
            }
            let source = file.bytes[scalar.range.start..<scalar.range.end]
            guard scalar.style == .plain, !source.contains(0x0A) else { continue }
            singleLinePlain += 1
            #expect(value.elementsEqual(source), "\(scalar.range)")
            for i in value.indices {
                #expect(file.bytes[scalar.sourceMap.sourceOffset(of: i)] == value[i])
            }
        }
        #expect(singleLinePlain > 300)
    }

    /// Multi-line (folded) scalars: every non-blank value byte maps to an equal source byte, on the
    /// line and column where it is written.
    @Test(arguments: names)
    func foldedScalarsMapEveryWordToItsLine(_ name: String) throws {
        let file = try Self.upstreamFile(name)
        var diagnostics = DiagnosticEngine()
        let documents = YAMLReader.read(file, diagnostics: &diagnostics)
        var multiLine = 0
        for scalar in documents.flatMap(YAMLTest.scalars) where file.bytes[scalar.range.start..<scalar.range.end].contains(0x0A) {
            multiLine += 1
            let value = Array(scalar.value.utf8)
            var previous = scalar.range.start
            for (i, byte) in value.enumerated() where byte != 0x20 && byte != 0x0A {
                if scalar.style == .singleQuoted && byte == UInt8(ascii: "'") { continue }
                let offset = scalar.sourceMap.sourceOffset(of: i)
                #expect(file.bytes[offset] == byte)
                #expect(offset > previous || i == 0)  // value order is source order
                previous = offset
            }
        }
        #expect(multiLine > 20)
    }
}
