// RuleFileSnippets.swift - pulls `condition:`/`output:` values out of Falco rule files without a YAML reader.
import Foundation

/// A deliberately small extractor for the upstream rule files, so condition and output tests do
/// not depend on the YAML reader. It understands what those files use: plain one-line and
/// multi-line scalars, `>`/`|` block scalars, one-line quoted scalars. Line breaks fold to
/// spaces (`|` keeps them); comments end a plain scalar.
public enum RuleFileSnippets {
    public struct Snippet: Sendable {
        /// 1-based line of the key.
        public var line: Int
        public var value: String
    }

    /// Every value of `key:` in `text`, in file order.
    public static func values(of key: String, in text: String) -> [Snippet] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [Snippet] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let indent = line.prefix { $0 == " " }.count
            var body = line.dropFirst(indent)
            var keyIndent = indent
            if body.hasPrefix("- ") {
                body = body.dropFirst(2)
                keyIndent += 2
            }
            guard body.hasPrefix(key + ":") else {
                i += 1
                continue
            }
            let rest = body.dropFirst(key.count + 1).trimmingSpaces()
            let keyLine = i + 1
            i += 1
            var continuation: [String] = []
            while i < lines.count {
                let next = lines[i]
                let stripped = next.trimmingSpaces()
                let nextIndent = next.prefix { $0 == " " }.count
                if !stripped.isEmpty && nextIndent <= keyIndent { break }
                if !rest.hasPrefix(">") && !rest.hasPrefix("|") && stripped.hasPrefix("#") { break }
                continuation.append(stripped)
                i += 1
            }
            while continuation.last?.isEmpty == true { continuation.removeLast() }
            let value: String
            if rest.hasPrefix("|") {
                value = continuation.joined(separator: "\n")
            } else if rest.hasPrefix(">") {
                value = continuation.joined(separator: " ")
            } else if rest.hasPrefix("\"") && rest.hasSuffix("\"") && rest.count >= 2 {
                value = String(rest.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\\", with: "\u{0}").replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\u{0}", with: "\\")
            } else if rest.hasPrefix("'") && rest.hasSuffix("'") && rest.count >= 2 {
                value = String(rest.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            } else {
                value = ([rest] + continuation).filter { !$0.isEmpty }.joined(separator: " ")
            }
            result.append(Snippet(line: keyLine, value: value))
        }
        return result
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

}
