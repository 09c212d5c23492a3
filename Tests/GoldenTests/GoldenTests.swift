// GoldenTests.swift - generated Swift and diagnostics compared with reviewed files in Cases/.
//
// Each folder in Cases/ holds one or more YAML rules files and the expected outcome:
// `Expected.swift` (the generated code) when the rules compile, and `expected.diagnostics`
// (every diagnostic, paths relative to the case) — empty or absent when there are none.
// To accept a change: PEREGRINE_UPDATE_GOLDEN=1 swift test --filter GoldenTests, then review
// `git diff Tests/GoldenTests` by hand: that diff is the review of the generator change.
import Foundation
import RuleCompiler
import TestSupport
import Testing

struct GoldenCase: CustomStringConvertible, Sendable {
    var name: String
    var directory: URL
    var description: String { name }

    static let casesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    static var all: [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.sorted().map { GoldenCase(name: $0, directory: casesDirectory.appendingPathComponent($0)) }
    }
}

@Suite struct GoldenTests {
    static let update = ProcessInfo.processInfo.environment["PEREGRINE_UPDATE_GOLDEN"] == "1"

    @Test func thereAreCases() {
        #expect(GoldenCase.all.count >= 10)
    }

    @Test(arguments: GoldenCase.all)
    func golden(_ c: GoldenCase) throws {
        let yamls = try FileManager.default.contentsOfDirectory(atPath: c.directory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        #expect(!yamls.isEmpty, "case \(c.name) has no YAML file")
        let files = try yamls.map { name in
            SourceFile(path: name, displayPath: "rules/\(name)", bytes: [UInt8](try Data(contentsOf: c.directory.appendingPathComponent(name))))
        }
        let result = Pipeline.compile(files)
        let diagnostics = result.diagnostics.sorted.map { DiagnosticFormatter.buildLog($0, path: { $0.path }) }.joined(separator: "\n")
        try compare(diagnostics.isEmpty ? "" : diagnostics + "\n", with: c.directory.appendingPathComponent("expected.diagnostics"), case: c, optionalWhenEmpty: true)
        let swiftURL = c.directory.appendingPathComponent("Expected.swift")
        if let source = result.swiftSource {
            try compare(source, with: swiftURL, case: c, optionalWhenEmpty: false)
        } else {
            if Self.update { try? FileManager.default.removeItem(at: swiftURL) }
            #expect(!FileManager.default.fileExists(atPath: swiftURL.path), "case \(c.name): rules failed to compile but Expected.swift exists")
        }
    }

    func compare(_ actual: String, with url: URL, case c: GoldenCase, optionalWhenEmpty: Bool) throws {
        let exists = FileManager.default.fileExists(atPath: url.path)
        if Self.update {
            if actual.isEmpty && optionalWhenEmpty {
                if exists { try FileManager.default.removeItem(at: url) }
            } else {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            }
            return
        }
        let expected = exists ? try String(contentsOf: url, encoding: .utf8) : ""
        if expected != actual {
            Issue.record("""
                golden mismatch in \(c.name)/\(url.lastPathComponent) (set PEREGRINE_UPDATE_GOLDEN=1 to accept):
                \(LineDiff.diff(expected: expected, actual: actual))
                """)
        }
    }
}
