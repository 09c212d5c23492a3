// CoverageRules.swift - a test-only rules target: coverage.yaml uses every field and operator, so
// the differential tests can compare its compiled matchers with the reference evaluator.
import Runtime

public enum CoverageRules {
    public static var ruleSet: RuleSet { generatedRuleSet }
}
