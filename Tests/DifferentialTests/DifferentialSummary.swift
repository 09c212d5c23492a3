// DifferentialSummary.swift - the counts and findings of one differential run, mergeable across workers.

/// What one differential run found.
struct DifferentialSummary: Sendable {
    /// Occurrences of each `KnownDifference`, and rule verdicts that follow from one.
    var knownCounts: [String: Int] = [:]
    var knownRuleVerdicts = 0
    /// Pairs skipped because the rule reads the time of a record Falco drops (timed at reading).
    var timedAtReading = 0
    var records = 0
    var originals = 0
    var edges = 0
    var pairs = 0
    var matches = 0
    var runtimeRejected = 0
    var referenceRejected: [String] = []
    var disagreements: [DifferentialTests.Disagreement] = []
    var unsupported: [String] = []
    var fieldPairs = 0
    /// The first few field disagreements, and how many there are per field.
    var fieldDisagreements: [String] = []
    var fieldMismatchCounts: [String: Int] = [:]

    init() {}

    init(merging parts: [DifferentialSummary]) {
        for p in parts {
            records += p.records
            knownCounts.merge(p.knownCounts, uniquingKeysWith: +)
            knownRuleVerdicts += p.knownRuleVerdicts
            timedAtReading += p.timedAtReading
            originals += p.originals
            edges += p.edges
            pairs += p.pairs
            matches += p.matches
            runtimeRejected += p.runtimeRejected
            referenceRejected += p.referenceRejected
            disagreements += p.disagreements
            unsupported += p.unsupported
            fieldPairs += p.fieldPairs
            fieldDisagreements += p.fieldDisagreements
            fieldMismatchCounts.merge(p.fieldMismatchCounts, uniquingKeysWith: +)
        }
    }
}
