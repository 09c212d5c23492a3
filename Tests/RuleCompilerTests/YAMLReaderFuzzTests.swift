// YAMLReaderFuzzTests.swift - mutated rule files never crash the reader or yield a silent empty result.
import Foundation
import RuleCompiler
import Testing
import TestSupport


@Suite struct YAMLReaderFuzzTests {
    /// Bytes that matter to YAML's structure, and a few that stress UTF-8 and line handling.
    private static let tokens: [[UInt8]] = [
        "-", "- ", ":", ": ", "[", "]", "{", "}", ",", "'", "\"", "''", "#", " #", "|", "|-", ">+", "|2", "?",
        "? ", "&a ", "*a", "!t ", "%", "@", "\\", "\\n", "\\x", "\\u12", "\t", " ", "  ", "\n", "\n- ", "\n  ",
        "\r\n", "---\n", "...\n", "é", "😀", "x", "key: value", "[a, b]", "{a: b}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0x0D], [0x7F]]

    private static func mutate(_ bytes: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var b = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0, 1:
                b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 2:
                b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...8, using: &rng)))
            case 3:  // re-indent a line
                let start = b[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                var end = start
                while end < b.count, b[end] == 0x20 { end += 1 }
                b.replaceSubrange(start..<end, with: repeatElement(0x20, count: Int.random(in: 0...6, using: &rng)))
            case 4:  // duplicate a line elsewhere
                let start = b[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let end = b[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? b.count
                let line = Array(b[start..<end])
                b.insert(contentsOf: line, at: Int.random(in: 0...b.count, using: &rng))
            case 5:
                if at < b.count { b[at] = UInt8.random(in: 0x20...0x7E, using: &rng) }
            default:
                b.removeSubrange(at...)
            }
        }
        return b
    }

    /// True when no line holds anything but white space, a comment or a document marker.
    private static func isContentFree(_ bytes: [UInt8]) -> Bool {
        let blanks = CharacterSet(charactersIn: " \t\r")
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { line in
            let t = line.trimmingCharacters(in: blanks)
            if t.isEmpty || t.hasPrefix("#") { return true }
            guard line.hasPrefix("---") || line.hasPrefix("...") else { return false }
            let rest = line.dropFirst(3)
            return rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == "\r"
                ? rest.trimmingCharacters(in: blanks).isEmpty || rest.trimmingCharacters(in: blanks).hasPrefix("#") : false
        }
    }

    private static func check(_ bytes: [UInt8], variant: Int) {
        let file = SourceFile(path: "variant-\(variant).yaml", bytes: bytes)
        var diagnostics = DiagnosticEngine(errorLimit: 10_000)
        let documents = YAMLReader.read(file, diagnostics: &diagnostics)
        if !diagnostics.hasErrors, documents.isEmpty, !isContentFree(bytes) {
            Issue.record("variant \(variant): no tree and no error for \(String(reflecting: String(decoding: bytes, as: UTF8.self)))")
        }
        for d in diagnostics.diagnostics {
            guard let range = d.range else {
                Issue.record("variant \(variant): diagnostic without a position: \(d)")
                continue
            }
            #expect(range.start >= 0 && range.end <= bytes.count && range.start <= range.end)
        }
        for scalar in documents.flatMap(YAMLTest.scalars) {
            let value = Array(scalar.value.utf8)
            #expect(scalar.range.start >= 0 && scalar.range.end <= bytes.count)
            for run in scalar.sourceMap.runs {
                guard run.valueStart + run.length <= value.count, run.sourceStart + run.length <= bytes.count,
                    value[run.valueStart..<(run.valueStart + run.length)].elementsEqual(bytes[run.sourceStart..<(run.sourceStart + run.length)])
                else {
                    Issue.record("variant \(variant): source map run \(run) does not copy equal bytes in \(String(reflecting: scalar.value))")
                    return
                }
            }
        }
    }

    @Test(.requiresShared) func mutatedUpstreamFilesNeverCrashAndNeverFailSilently() throws {
        let shared = try Shared.require()
        let sources = try ["aws_cloudtrail_rules", "falco_rules"].map {
            Array(try Data(contentsOf: shared.appendingPathComponent("upstream/falco/\($0).yaml")))
        }
        var rng = SplitMix64(seed: 0x5EED_0F_FA1C0)
        var variants = 0
        // Whole files: the aws rules, mutated.
        for _ in 0..<100 {
            Self.check(Self.mutate(sources[0], using: &rng), variant: variants)
            variants += 1
        }
        // Windows of 1 to 60 lines of either file, so each mutation is a large share of the input.
        let lines = sources.map { bytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        for _ in 0..<3_000 {
            let fileLines = lines[Int.random(in: 0..<lines.count, using: &rng)]
            let start = Int.random(in: 0..<fileLines.count, using: &rng)
            let window = fileLines[start..<min(fileLines.count, start + Int.random(in: 1...60, using: &rng))]
            let text = Array(window.joined(separator: [0x0A]))
            Self.check(Self.mutate(text, using: &rng), variant: variants)
            variants += 1
        }
        #expect(variants == 3_100)
    }
}
