// TestTreeTests.swift - the test tree keeps the rules that make its results trustworthy.
import Foundation
import TestSupport
import Testing

@Suite struct TestTreeTests {
    /// Every Swift file under Tests/, as (path relative to the package, lines).
    static let sources: [(path: String, lines: [Substring])] = {
        let tests = SharedFixtures.packageRoot.appendingPathComponent("Tests")
        var out: [(String, [Substring])] = []
        guard let walker = FileManager.default.enumerator(atPath: tests.path) else { return [] }
        for case let path as String in walker where path.hasSuffix(".swift") && !path.contains("/Cases/") {
            guard let text = try? String(contentsOf: tests.appendingPathComponent(path), encoding: .utf8) else { continue }
            out.append(("Tests/" + path, text.split(separator: "\n", omittingEmptySubsequences: false)))
        }
        return out.sorted { $0.0 < $1.0 }
    }()

    static func code(_ line: Substring) -> Bool { !line.drop { $0 == " " }.hasPrefix("//") }

    @Test func theTreeIsFound() {
        #expect(Self.sources.count > 20)
    }

    /// A test that cannot run says so with a trait (`.requiresShared`, `.enabled(if:)`,
    /// `.disabled(if:)`) and is reported as skipped; it never returns early and passes.
    @Test func noTestSkipsItselfByReturning() {
        let marker = "print(\"" + "skipping"
        for (path, lines) in Self.sources {
            for (i, line) in lines.enumerated() where Self.code(line) && line.contains(marker) {
                Issue.record("\(path):\(i + 1): a test skips itself and would count as passed; use a trait: \(line)")
            }
        }
    }

    /// Each file of `../shared/oracle` has one loader, `Oracle` in Tests/Support: no other code
    /// names a path in it or one of its alert files.
    @Test func oracleFilesAreReadOnlyThroughOracle() {
        let markers = ["\"" + "oracle/"] + Oracle.Alerts.allCases.map(\.rawValue) + ["field_dump_all" + ".jsonl"]
        for (path, lines) in Self.sources where path != "Tests/Support/Oracle.swift" && !path.hasSuffix("/TestTreeTests.swift") {
            for (i, line) in lines.enumerated() where Self.code(line) {
                for marker in markers where line.contains(marker) {
                    Issue.record("\(path):\(i + 1): reads an oracle file itself (\(marker)); use Oracle in Tests/Support")
                }
            }
        }
    }
}
