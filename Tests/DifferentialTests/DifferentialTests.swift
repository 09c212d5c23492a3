// DifferentialTests.swift - compiled matchers, the reference evaluator and Falco must agree.
import CoverageRules
import Detections
import Foundation
import RuleCompiler
import Runtime
import Synchronization
import TestSupport
import Testing

/// Three-way agreement on what the rules mean:
/// - generated matchers against the reference evaluator interpreting the checked IR of the same
///   files: the project's rules (`Detections`) and the test-only `CoverageRules` (every field,
///   operator, transformer), on the datasets, `rules/tests`, mutated copies and edge records, with
///   every slot and every catalog field compared value by value too, and the runtime's operator
///   entry points probed one by one (`OperatorProbe.swift`);
/// - the reference evaluator against Falco itself: Falco's upstream rules against the oracle
///   run's alerts, and every field against Falco's field dump.
/// Runtime behaviours known to differ from Falco are listed in `KnownDifference.swift`.
@Suite struct DifferentialTests {
    /// A (rule, record) pair on which two sides disagree.
    struct Disagreement: Sendable, CustomStringConvertible {
        var rule: String
        var what: String
        var fields: [String]
        var source: String
        var record: [UInt8]

        var description: String {
            "rule '\(rule)': \(what)\n    " + fields.joined(separator: "\n    ")
                + "\n    record (\(source)): \(DifferentialCorpus.excerpt(record))"
        }
    }

    // MARK: - Compiled rules against the reference

    /// The project's rules (`Detections`) on every record of `rules/tests` and the datasets, the
    /// mutants of every `rules/tests` event and key-level mutants of one dataset record per kind.
    @Test func projectRulesAgreeWithTheReference() throws {
        let target = try RuleSetUnderTest(label: "rules/*.yaml", ruleSet: Detections.ruleSet, files: DifferentialCorpus.projectRuleFiles)
        let corpus = DifferentialCorpus.Originals.load()
        let run = Self.run(target, corpus) { i in
            i < 0 ? (true, nil, false) : (check: true, mutants: corpus.isOwn(i) ? .thorough : corpus.isFirstOfKind[i] ? .light : nil, everyField: false)
        }
        Self.report(run, target, corpus)
    }

    /// `Tests/CoverageRules/coverage.yaml` (every field, operator, transformer and field-against-
    /// field comparison) on the `rules/tests` events, one dataset record per kind and the edge
    /// records (which put every awkward value class at every key the fields read, so mutants add
    /// little here); on those records every catalog field and every slot of the compiled set is
    /// also compared value by value.
    @Test func coverageRulesAgreeWithTheReference() throws {
        let files = [SharedFixtures.packageRoot.appendingPathComponent("Tests/CoverageRules/coverage.yaml")]
        let target = try RuleSetUnderTest(label: "coverage.yaml", ruleSet: CoverageRules.ruleSet, files: files)
        let corpus = DifferentialCorpus.Originals.load()
        let run = Self.run(target, corpus) { i in
            i < 0 ? (true, nil, true) : (check: corpus.isOwn(i) || corpus.isFirstOfKind[i], mutants: nil, everyField: true)
        }
        Self.report(run, target, corpus)
    }

    /// What to do with original record `i` (-1: the edge records): check it at all, which
    /// mutants, every field too.
    typealias Plan = @Sendable (Int) -> (check: Bool, mutants: RecordMutator.Depth?, everyField: Bool)

    /// Runs the plan on two workers, each with its own `Event` (reused record after record as the
    /// scanner does, so stale state between records would show).
    static func run(_ target: RuleSetUnderTest, _ corpus: DifferentialCorpus.Originals, plan: Plan) -> DifferentialSummary {
        let workers = 2
        let summaries = Mutex<[DifferentialSummary]>([])
        let records = corpus.records
        let edges = EdgeRecords.all
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var run = DifferentialRun(target)
            for (i, original) in records.enumerated() where i % workers == worker {
                let step = plan(i)
                guard step.check else { continue }
                run.check(original, everyField: step.everyField)
                guard let depth = step.mutants else { continue }
                for mutant in RecordMutator.mutants(of: original.bytes, depth: depth) {
                    run.check(CorpusRecord(source: "\(original.source), mutant: \(mutant.label)", bytes: mutant.bytes),
                              everyField: step.everyField)
                }
            }
            for (i, record) in edges.enumerated() where i % workers == worker {
                run.check(record, everyField: plan(-1).everyField)
            }
            let summary = run.summary
            summaries.withLock { $0.append(summary) }
        }
        return summaries.withLock { DifferentialSummary(merging: $0) }
    }

    static func report(_ run: DifferentialSummary, _ target: RuleSetUnderTest, _ corpus: DifferentialCorpus.Originals) {
        let name = target.label
        print("DifferentialTests (\(name)): \(target.checked.count) rules x \(run.records) records = \(run.pairs) (rule, record) pairs checked, \(run.matches) of them matches")
        print("  \(name): \(run.originals) originals (of \(corpus.records.count) distinct, \(corpus.ownCount) from rules/tests), \(run.edges) edge records, \(run.records - run.originals - run.edges) mutants")
        print("  \(name): records the runtime rejects: \(run.runtimeRejected); records Foundation rejects but the runtime reads: \(run.referenceRejected.count)")
        for line in run.referenceRejected.prefix(5) { print("    \(line)") }
        print("  \(name): disagreements: \(run.disagreements.count); unsupported verdicts: \(run.unsupported.count); pairs skipped because the rule reads the time of a record Falco drops (the runtime times it at reading): \(run.timedAtReading)")
        for d in run.disagreements.prefix(20) { print("  \(d)") }
        for d in run.unsupported.prefix(5) { print("  unsupported: \(d)") }
        let fieldMismatches = run.fieldMismatchCounts.values.reduce(0, +)
        if run.fieldPairs > 0 {
            print("  \(name): field values compared (every catalog field, runtime vs reference): \(run.fieldPairs); disagreements: \(fieldMismatches)")
            for (field, count) in run.fieldMismatchCounts.sorted(by: { $0.key < $1.key }) { print("    \(field): \(count)") }
            for d in run.fieldDisagreements.prefix(20) { print("  \(d)") }
        }
        for known in KnownDifference.all where run.fieldPairs > 0 || run.knownCounts[known.id] != nil {
            let count = run.knownCounts[known.id] ?? 0
            print("  \(name): known runtime difference '\(known.id)': \(count) values\(count > 0 ? " - " + known.explanation : "")")
        }
        if run.knownRuleVerdicts > 0 { print("  \(name): rule verdicts that differ because of those: \(run.knownRuleVerdicts)") }
        if run.fieldPairs > 0 {
            // The edge records reach every known difference; one that no longer shows is fixed.
            let stale = KnownDifference.all.filter { run.knownCounts[$0.id] == nil }.map(\.id)
            #expect(stale.isEmpty, "known differences that no longer occur (remove them from KnownDifference.swift): \(stale)")
        }
        #expect(fieldMismatches == 0, "\(fieldMismatches) field values differ between the runtime and the reference (first 20 printed)")
        #expect(run.disagreements.isEmpty, "\(run.disagreements.count) disagreements between compiled rules and the reference (first 20 printed)")
        #expect(run.unsupported.isEmpty, "rules use values the reference evaluator does not model")
        #expect(run.pairs > 0)
    }

    // MARK: - The reference against Falco (upstream rules)

    /// For every record Falco reads, the reference's matches of the enabled upstream rules are
    /// Falco's alerts with `rule_matching: all`: the same count per rule, and the same multiset of
    /// (rule, event time, output field values).
    @Test(.requiresShared) func referenceAgreesWithFalcoOnUpstreamRules() throws {
        let shared = try Shared.require()
        let upstream = shared.appendingPathComponent("upstream/falco/aws_cloudtrail_rules.yaml")
        let rules = try DifferentialCorpus.check([upstream]).get().rules.filter(\.enabled)
        #expect(rules.count == 20)

        var expectedCounts: [String: Int] = [:]
        var expectedAlerts: [String: Int] = [:]
        for alert in try Oracle.alerts(.all) {
            let rule = alert["rule"] as! String
            var fields = alert["output_fields"] as! [String: Any]
            let time = (fields.removeValue(forKey: "evt.time") as! NSNumber).int64Value
            expectedCounts[rule, default: 0] += 1
            expectedAlerts[Self.alertKey(rule, time, fields.mapValues(FieldDump.value)), default: 0] += 1
        }

        let records = DifferentialCorpus.falcoRecords(under: [
            shared.appendingPathComponent("datasets").path, shared.appendingPathComponent("upstream/falco/testdata").path,
        ])
        let evaluator = ReferenceEvaluator(hostname: "oracle")
        var read = 0
        var counts: [String: Int] = [:]
        var alerts: [String: Int] = [:]
        var unsupported: [String] = []
        for record in records {
            let prepared = ReferenceRecord(bytes: record.bytes, number: UInt64(read + 1), hostname: "oracle")
            guard prepared.falcoWouldRead, let time = prepared.timestamp else { continue }
            read += 1
            for rule in rules {
                switch evaluator.evaluate(rule, in: prepared) {
                case .match:
                    counts[rule.name, default: 0] += 1
                    var fields: [String: RefValue] = [:]
                    for case .field(let f, _) in rule.output { fields[f.token] = evaluator.value(f, in: prepared) }
                    alerts[Self.alertKey(rule.name, time, fields), default: 0] += 1
                case .noMatch: break
                case .unsupported(let why): unsupported.append("\(rule.name) on \(record.source): \(why)")
                }
            }
        }
        print("DifferentialTests (upstream): \(read) records Falco reads x \(rules.count) enabled rules = \(read * rules.count) pairs; \(counts.values.reduce(0, +)) matches, Falco alerted \(expectedCounts.values.reduce(0, +))")
        for name in Set(counts.keys).union(expectedCounts.keys).sorted() where counts[name] != expectedCounts[name] {
            print("  \(name): reference \(counts[name] ?? 0), Falco \(expectedCounts[name] ?? 0)")
        }
        for key in Set(alerts.keys).union(expectedAlerts.keys).sorted() where alerts[key] != expectedAlerts[key] {
            print("  alert \(key): reference \(alerts[key] ?? 0), Falco \(expectedAlerts[key] ?? 0)")
        }
        #expect(read == 4004, "Falco read 4,004 records from these files")
        #expect(unsupported.isEmpty, "\(unsupported.prefix(5))")
        #expect(counts == expectedCounts)
        #expect(alerts == expectedAlerts)
    }

    /// One alert as comparable text: rule, event time (ns) and its output fields, sorted.
    static func alertKey(_ rule: String, _ time: Int64, _ fields: [String: RefValue]) -> String {
        "\(rule) @\(time): " + fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: ", ")
    }

    // MARK: - The reference against Falco (every field)

    /// Every field of every event against Falco's field dump (`oracle/field_dump_all.jsonl.gz`):
    /// the check that the reference evaluator's fields are Falco's, not just the runtime's.
    @Test(.requiresShared) func referenceFieldsMatchFalcosFieldDump() throws {
        let shared = try Shared.require()
        let dump = try FieldDump.load()
        #expect(dump.entries.count == 4004)
        var byID: [String: [Int]] = [:]
        for (i, entry) in dump.entries.enumerated() {
            byID[entry.fields["ct.id"] as? String ?? "<null>", default: []].append(i)
        }
        let records = DifferentialCorpus.falcoRecords(under: [
            shared.appendingPathComponent("datasets").path, shared.appendingPathComponent("upstream/falco/testdata").path,
        ])
        let utc = TimeZone.current.secondsFromGMT(for: Date()) == 0
        var used: Set<Int> = []
        var unpaired = 0
        var mismatches: [String: Int] = [:]
        var examples: [String: [String]] = [:]
        for record in records {
            let prepared = ReferenceRecord(bytes: record.bytes, hostname: "oracle")
            guard prepared.falcoWouldRead else { continue }
            let id = prepared.value(name: "ct.id", argument: nil).text ?? "<null>"
            let obj = prepared.value(name: "json.obj", argument: nil).text
            let candidates = (byID[id] ?? []).filter { !used.contains($0) }
            guard let match = candidates.first(where: { dump.entries[$0].fields["json.obj"] as? String == obj }) ?? candidates.first else {
                unpaired += 1
                continue
            }
            used.insert(match)
            let entry = dump.entries[match]
            for key in dump.keys where !FieldDump.skipped.contains(key) {
                let (name, argument) = FieldDump.split(key)
                var ours = prepared.value(name: name, argument: argument)
                var falco = FieldDump.value(entry.fields[key])
                if FieldDump.timestampFields.contains(key) {
                    // JSON output_fields hold the timestamp; the text output holds the rendering.
                    ours = prepared.timestamp.map { .number(UInt64(bitPattern: $0)) } ?? .absent
                    if utc, let rendered = entry.rendered[key], case .string(let text) = prepared.value(name: name, argument: nil),
                       text != Array(rendered.utf8) {
                        mismatches[key + " (text)", default: 0] += 1
                        examples[key + " (text)", default: []].append("\(String(decoding: text, as: UTF8.self)) vs \(rendered)")
                    }
                }
                if key == "evt.is_async" { falco = falco == .string(Array("false".utf8)) || falco == .number(0) ? .number(0) : falco }
                guard ours != falco else { continue }
                if FieldDump.deliberateFixes.contains(key), FieldDump.isExplainedByFix(key, ours: ours, falco: falco, prepared) { continue }
                mismatches[key, default: 0] += 1
                if examples[key, default: []].count < 3 {
                    examples[key, default: []].append("ct.id=\(id): reference \(ours), Falco \(falco)")
                }
            }
        }
        print("DifferentialTests (field dump): \(used.count) events paired, \(unpaired) unpaired, \(dump.keys.count - FieldDump.skipped.count) fields each")
        for key in mismatches.keys.sorted() {
            print("  \(key): \(mismatches[key]!) mismatches")
            for e in examples[key] ?? [] { print("    \(e)") }
        }
        #expect(unpaired == 0)
        #expect(used.count == dump.entries.count)
        #expect(mismatches.isEmpty, "reference fields differing from Falco: \(mismatches.sorted { $0.key < $1.key })")
    }
}
