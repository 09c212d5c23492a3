// RuleSetUnderTest.swift - a compiled rule set paired rule by rule with the checked IR of its files.
import Foundation
import RuleCompiler
import Runtime
import TestSupport
import Testing

/// A compiled rule set and the checked IR of the same files, paired by rule name.
struct RuleSetUnderTest: Sendable {
    let label: String
    let ruleSet: RuleSet
    /// `checked[i]` is the IR of `ruleSet.rules[i]`.
    let checked: [CheckedRule]

    init(label: String, ruleSet: RuleSet, files: [URL]) throws {
        let checkedSet = try DifferentialCorpus.check(files).get()
        let byName = Dictionary(checkedSet.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let checked = ruleSet.rules.compactMap { byName[$0.name] }
        #expect(checked.count == ruleSet.rules.count, "\(label): compiled rules without a checked rule of the same name")
        #expect(ruleSet.rules.count == checkedSet.rules.count, "\(label): \(ruleSet.rules.count) compiled rules, \(checkedSet.rules.count) checked")
        try #require(checked.count == ruleSet.rules.count)
        self.label = label
        self.ruleSet = ruleSet
        self.checked = checked
    }
}
