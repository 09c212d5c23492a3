// RuleTestEventsTests.swift - every shipped rule fires on its test event and not on its near misses.
import Foundation
import TestSupport
import Testing

/// `rules/tests/<slug>.match.json` must raise an alert of the rule whose slug it is;
/// `<slug>.nomatch.json` must not; every enabled rule must have a match file.
@Suite struct RuleTestEventsTests {
    static let testsDirectory = SharedFixtures.packageRoot.appendingPathComponent("rules/tests")

    /// `Console Login Without MFA` -> `console-login-without-mfa`.
    static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        for ch in name.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                if dash && !out.isEmpty { out.append("-") }
                out.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    struct RuleInfo { var name: String; var enabled: Bool }

    static func compiledRules(_ binary: URL) throws -> [RuleInfo] {
        let run = try PeregrineProcess.run(binary, ["rules", "--json"])
        return run.stdoutLines.compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let name = o["name"] as? String else { return nil }
            return RuleInfo(name: name, enabled: o["enabled"] as? Bool ?? true)
        }
    }

    func alertRules(_ binary: URL, _ file: URL) throws -> [String] {
        let run = try PeregrineProcess.run(binary, ["scan", "--json", "--rule-matching", "all", file.path])
        #expect(run.exitedNormally && run.status == 0, "\(file.lastPathComponent): \(run.summary)")
        return run.stdoutLines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        }
    }

    @Test func everyRuleFiresOnItsTestEventAndNotOnItsNearMisses() throws {
        let binary = try PeregrineProcess.binary()
        let rules = try Self.compiledRules(binary)
        #expect(rules.count >= 20, "the shipped rules should cover upstream and more")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.testsDirectory.path))
        for rule in rules {
            let slug = Self.slug(rule.name)
            let match = "\(slug).match.json"
            if files.contains(match) {
                let fired = try alertRules(binary, Self.testsDirectory.appendingPathComponent(match))
                if rule.enabled {
                    #expect(fired.contains(rule.name), "\(match) does not raise '\(rule.name)'; got \(fired)")
                }
            } else {
                #expect(!rule.enabled, "enabled rule '\(rule.name)' has no test event rules/tests/\(match)")
            }
            let nomatch = "\(slug).nomatch.json"
            if files.contains(nomatch) {
                let fired = try alertRules(binary, Self.testsDirectory.appendingPathComponent(nomatch))
                #expect(!fired.contains(rule.name), "\(nomatch) raises '\(rule.name)' but should not")
            }
        }
        // No orphans: every test file belongs to a rule.
        let slugs = Set(rules.map { Self.slug($0.name) })
        for f in files where f.hasSuffix(".json") {
            let slug = f.replacingOccurrences(of: ".nomatch.json", with: "").replacingOccurrences(of: ".match.json", with: "")
            #expect(slugs.contains(slug), "rules/tests/\(f) names no compiled rule")
        }
    }
}
