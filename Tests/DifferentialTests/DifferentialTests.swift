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
/// - the generated matchers (`Detections`, compiled from `rules/*.yaml` at build time) against the
///   reference evaluator interpreting the checked IR of the same files, on every record of the
///   datasets and `rules/tests`, plus mutated copies of each;
/// - the reference evaluator against Falco itself, on Falco's upstream rules (per-rule alert
///   counts of the oracle run) and on every field Falco extracted (the field dump).
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
            #expect(stale.isEmpty, "known differences that no longer occur (remove them from KnownDifferences.swift): \(stale)")
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
    @Test func referenceAgreesWithFalcoOnUpstreamRules() throws {
        guard let shared = SharedFixtures.sharedDirectory else {
            print("skipping referenceAgreesWithFalcoOnUpstreamRules: ../shared absent")
            return
        }
        let upstream = shared.appendingPathComponent("upstream/falco/aws_cloudtrail_rules.yaml")
        let rules = try DifferentialCorpus.check([upstream]).get().rules.filter(\.enabled)
        #expect(rules.count == 20)

        var expectedCounts: [String: Int] = [:]
        var expectedAlerts: [String: Int] = [:]
        let oracle = try String(contentsOf: shared.appendingPathComponent("oracle/upstream_all.jsonl"), encoding: .utf8)
        for line in oracle.split(separator: "\n") where !line.isEmpty {
            let alert = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
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
    @Test func referenceFieldsMatchFalcosFieldDump() throws {
        guard let shared = SharedFixtures.sharedDirectory else {
            print("skipping referenceFieldsMatchFalcosFieldDump: ../shared absent")
            return
        }
        let dump = try FieldDump.load(shared.appendingPathComponent("oracle/field_dump_all.jsonl.gz"))
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

/// The state of one differential run over a rule set: counters and findings.
struct DifferentialRun {
    let ruleSet: RuleSet
    let checked: [CheckedRule]
    let event: Event
    let evaluator = ReferenceEvaluator(hostname: "test")
    /// Slot of each (rule, comparison) field in the runtime's slot table, for messages.
    let slots: [String: Int]
    /// Every catalog field (and a few arguments), extracted by a second runtime event.
    let fieldEvent: Event
    let allFields: [(name: String, argument: String?)]
    /// The rule set's slots paired with the checked field each one computes (transformer
    /// expressions included), for the slot-by-slot comparison.
    let slotFields: [(slot: Int, field: CheckedField)]
    var summary = DifferentialSummary()
    var firstTimestamp: Int64?

    /// `json.value` pointers and `ec2.imageids` indices checked field by field: the mutated keys,
    /// array indexing, a pointer without its leading `/`, RFC 6901 escapes, the whole record.
    static let fieldArguments: [String: [String?]] = [
        "json.value": ["/eventName", "eventName", "/userIdentity", "/userIdentity/type", "/userIdentity/userName",
                       "/requestParameters", "/responseElements", "/responseElements/ConsoleLogin",
                       "/additionalEventData/MFAUsed", "/errorCode", "/awsRegion", "/eventSource", "/resources/0",
                       "/resources/0/ARN", "/resources/01", "/responseElements/instancesSet/items/0/instanceId",
                       "/a~1b", "/", "", "/eventName/0"],
        "ec2.imageids": [nil, "0", "1"],
    ]

    init(_ target: RuleSetUnderTest) {
        self.ruleSet = target.ruleSet
        self.checked = target.checked
        self.event = Event(fields: ruleSet.fields, context: EventContext(hostname: "test"))
        var all: [(name: String, argument: String?)] = []
        for info in FieldCatalog.all where !info.name.hasPrefix("jevt.") {
            for argument in Self.fieldArguments[info.name] ?? [nil] { all.append((info.name, argument)) }
        }
        self.allFields = all
        self.slotFields = Self.pairSlots(target)
        self.fieldEvent = Event(
            fields: all.map { FieldRequest(FieldKind(rawValue: FieldCatalog.lookup($0.name)!.runtimeName)!, argument: $0.argument) },
            context: EventContext(hostname: "test"))
        var slots: [String: Int] = [:]
        for (i, f) in ruleSet.fields.enumerated() {
            slots[f.argument.map { "\(f.kind.rawValue)[\($0)]" } ?? f.kind.rawValue] = i
        }
        self.slots = slots
    }

    /// Checks every rule on `record`, and with `everyField` every catalog field too.
    mutating func check(_ record: CorpusRecord, everyField: Bool) {
        summary.records += 1
        if record.source.hasPrefix("edge record") {
            summary.edges += 1
        } else if !record.source.contains(", mutant: ") {
            summary.originals += 1
        }
        let number = UInt64(summary.records)
        var runtimeReads = true
        do { try event.load(record: record.bytes[...], number: number) } catch { runtimeReads = false }
        // evt.reltime counts from the first record the runtime's Event loaded; the reference
        // knows that time only when the first record has a time Falco would use.
        if summary.records == 1 {
            let first = ReferenceRecord(bytes: record.bytes)
            firstTimestamp = first.falcoWouldRead ? first.timestamp : nil
        }
        let prepared = ReferenceRecord(bytes: record.bytes, number: number, firstTimestamp: firstTimestamp, hostname: "test")
        guard runtimeReads else {
            summary.runtimeRejected += 1
            if prepared.problem == nil {
                summary.disagreements.append(.init(rule: "-", what: "the runtime rejects a record Foundation reads", fields: [], source: record.source, record: record.bytes))
            }
            return
        }
        if let problem = prepared.problem {
            summary.referenceRejected.append("\(record.source): \(problem)")
            return
        }
        var knownTokens: Set<String> = []
        if everyField {
            checkFields(record, prepared, number: number)
            knownTokens = checkSlots(record, prepared)
        }
        var name: ByteString?
        if let slot = ruleSet.eventNameSlot, case .string(let b) = event.value(slot) { name = b }
        let candidates = Set(ruleSet.dispatch.candidates(forEventName: name))
        for (i, rule) in ruleSet.rules.enumerated() {
            summary.pairs += 1
            let compiled = rule.matches(event)
            let verdict = evaluator.evaluate(checked[i], in: prepared)
            let expected: Bool
            switch verdict {
            case .match: expected = true
            case .noMatch: expected = false
            case .unsupported(let why) where !prepared.falcoWouldRead && why.contains(ReferenceRecord.timedAtReading):
                // The runtime times records Falco drops at reading: nothing to compare against.
                summary.timedAtReading += 1
                continue
            case .unsupported(let why):
                summary.unsupported.append("\(rule.name) on \(record.source): \(why)")
                continue
            }
            if expected { summary.matches += 1 }
            if compiled != expected, !knownTokens.isEmpty,
               checked[i].condition.comparisons.contains(where: { knownTokens.contains($0.field.token) || $0.rhsField.map { knownTokens.contains($0.token) } == true }) {
                // Follows from a known operand difference already counted for this record.
                summary.knownRuleVerdicts += 1
            } else if compiled != expected {
                summary.disagreements.append(.init(rule: rule.name, what: "compiled \(compiled), reference \(expected)",
                                           fields: fieldReport(checked[i], prepared), source: record.source, record: record.bytes))
            } else if compiled, rule.enabled, !candidates.contains(i) {
                // Disabled rules are left out of the dispatch table on purpose: the scanner never
                // runs them.
                summary.disagreements.append(.init(rule: rule.name, what: "matches, but the ct.name dispatch would not test it",
                                           fields: fieldReport(checked[i], prepared), source: record.source, record: record.bytes))
            }
        }
    }

    /// Every catalog field: the runtime's value against the reference's. Fields that depend on the
    /// run (`evt.reltime*`, times of records without an RFC 3339 `eventTime`) are skipped.
    mutating func checkFields(_ record: CorpusRecord, _ prepared: ReferenceRecord, number: UInt64) {
        guard (try? fieldEvent.load(record: record.bytes[...], number: number)) != nil else { return }
        for (slot, field) in allFields.enumerated() where !field.name.hasPrefix("evt.reltime") {
            let ours = prepared.value(name: field.name, argument: field.argument)
            if case .unsupported = ours { continue }
            summary.fieldPairs += 1
            let runtime = fieldEvent.value(slot).reference
            guard runtime != ours else { continue }
            let token = field.argument.map { "\(field.name)[\($0)]" } ?? field.name
            if let known = KnownDifference.first(token, runtime, ours, prepared) {
                summary.knownCounts[known.id, default: 0] += 1
                continue
            }
            summary.fieldMismatchCounts[token, default: 0] += 1
            guard summary.fieldDisagreements.count < 20 else { continue }
            summary.fieldDisagreements.append("\(token): runtime \(runtime), reference \(ours)\n    record (\(record.source)): \(DifferentialCorpus.excerpt(record.bytes))")
        }
    }

    /// Every slot of the compiled rule set (fields, transformer expressions, `val()` operands)
    /// against the reference's value of the same expression: a rule's verdict can hide a wrong
    /// operand behind an `or`, a slot cannot.
    ///
    /// - Returns: the tokens whose difference is a known one (rules reading them may differ too).
    mutating func checkSlots(_ record: CorpusRecord, _ prepared: ReferenceRecord) -> Set<String> {
        var known: Set<String> = []
        for (slot, field) in slotFields where !field.token.contains("evt.reltime") {
            let ours = evaluator.value(field, in: prepared)
            if case .unsupported = ours { continue }
            summary.fieldPairs += 1
            let runtime = event.value(slot).reference
            guard runtime != ours else { continue }
            if let difference = KnownDifference.first(field.token, runtime, ours, prepared) {
                summary.knownCounts[difference.id, default: 0] += 1
                known.insert(field.token)
                continue
            }
            summary.fieldMismatchCounts["slot " + field.token, default: 0] += 1
            guard summary.fieldDisagreements.count < 20 else { continue }
            summary.fieldDisagreements.append("slot \(field.token): runtime \(runtime), reference \(ours)\n    record (\(record.source)): \(DifferentialCorpus.excerpt(record.bytes))")
        }
        return known
    }

    /// Pairs each slot of the runtime's table with the checked field it computes, by a key both
    /// sides can spell: `kind[arg]` for plain fields, `transformer(key, "literal", ...)` otherwise.
    static func pairSlots(_ target: RuleSetUnderTest) -> [(slot: Int, field: CheckedField)] {
        func checkedKey(_ f: CheckedField) -> String {
            guard let t = f.transform else { return f.argument.map { "\(f.info.runtimeName)[\($0)]" } ?? f.info.runtimeName }
            return t.transformer + "(" + t.inputs.map { input -> String in
                switch input {
                case .field(let inner): checkedKey(inner)
                case .literal(let l): "\"" + l + "\""
                }
            }.joined(separator: ", ") + ")"
        }
        let requests = target.ruleSet.fields
        func slotKey(_ i: Int) -> String {
            let r = requests[i]
            guard let t = r.transform else { return r.argument.map { "\(r.kind.rawValue)[\($0)]" } ?? r.kind.rawValue }
            return t.transformer.rawValue + "(" + t.inputs.map { input -> String in
                switch input {
                case .slot(let j): slotKey(j)
                case .literal(let l): "\"" + l + "\""
                }
            }.joined(separator: ", ") + ")"
        }
        var byKey: [String: CheckedField] = [:]
        func collect(_ f: CheckedField) {
            byKey[checkedKey(f)] = f
            for case .field(let inner) in f.transform?.inputs ?? [] { collect(inner) }
        }
        for rule in target.checked {
            for c in rule.condition.comparisons {
                collect(c.field)
                if let rhs = c.rhsField { collect(rhs) }
            }
            for case .field(let f, _) in rule.output { collect(f) }
        }
        let pairs = requests.indices.compactMap { i in byKey[slotKey(i)].map { (slot: i, field: $0) } }
        #expect(pairs.count == requests.count, "\(target.label): slots without a checked field: \(requests.indices.filter { byKey[slotKey($0)] == nil }.map(slotKey))")
        return pairs
    }

    /// Each condition field: the runtime's value and the reference's.
    func fieldReport(_ rule: CheckedRule, _ prepared: ReferenceRecord) -> [String] {
        var seen: Set<String> = []
        return rule.condition.comparisons.flatMap { c in [c.field] + (c.rhsField.map { [$0] } ?? []) }.compactMap { field in
            guard seen.insert(field.token).inserted else { return nil }
            let runtime = slots[field.slotKey].map { "\(event.value($0).reference)" } ?? "<not in the slot table>"
            return "\(field.token): runtime \(runtime), reference \(evaluator.value(field, in: prepared))"
        }
    }
}

/// Falco's field dump: per event, `output_fields` and the rendered text of each field.
struct FieldDump {
    struct Entry {
        var fields: [String: Any]
        /// `key=value` pairs of the text output that are safe to split (the `evt.*` prefix).
        var rendered: [String: String]
    }

    var entries: [Entry]
    var keys: [String]

    /// Depend on the run (order, machine): not comparable record by record.
    static let skipped: Set<String> = ["evt.num", "evt.reltime", "evt.reltime.s", "evt.reltime.ns"]
    /// Rendered in JSON output_fields as the integer event timestamp (spec §2.6).
    static let timestampFields: Set<String> = ["evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s"]
    static let deliberateFixes: Set<String> = ["ct.request.documentname", "ct.sessioncredentialfromconsole"]

    static func load(_ url: URL) throws -> FieldDump {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var entries: [Entry] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let output = object["output"] as! String
            var rendered: [String: String] = [:]
            // "<time>: Debug evt.num=1 | evt.time=... | ..." - the evt.* time fields hold no " | ".
            if let start = output.range(of: "Debug ") {
                for part in output[start.upperBound...].components(separatedBy: " | ").prefix(6) {
                    if let eq = part.firstIndex(of: "=") { rendered[String(part[..<eq])] = String(part[part.index(after: eq)...]) }
                }
            }
            entries.append(Entry(fields: object["output_fields"] as! [String: Any], rendered: rendered))
        }
        return FieldDump(entries: entries, keys: entries.first.map { $0.fields.keys.sorted() } ?? [])
    }

    /// `json.value[/a/b]` -> ("json.value", "/a/b").
    static func split(_ key: String) -> (String, String?) {
        guard let open = key.firstIndex(of: "["), key.hasSuffix("]") else { return (key, nil) }
        return (String(key[..<open]), String(key[key.index(after: open)..<key.index(before: key.endIndex)]))
    }

    static func value(_ v: Any?) -> RefValue {
        switch v {
        case nil, is NSNull: return .absent
        case let s as String: return .string(Array(s.utf8))
        case let a as [Any]: return .list(a.map { Array(($0 as? String ?? "\($0)").utf8) })
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .string(Array((n.boolValue ? "true" : "false").utf8)) }
            return .number(n.uint64Value)
        default: return .string(Array("\(v!)".utf8))
        }
    }

    /// The two fields Peregrine fixes on purpose may differ from Falco only by the fix.
    static func isExplainedByFix(_ key: String, ours: RefValue, falco: RefValue, _ record: ReferenceRecord) -> Bool {
        switch key {
        case "ct.request.documentname":
            return falco == .absent && record.rawRange(of: ["requestParameters", "documentName"]) != nil
        case "ct.sessioncredentialfromconsole":
            return falco == .string(Array("false".utf8)) && ours == .string(Array("true".utf8))
                && record.string(at: ["sessionCredentialFromConsole"]) == Array("true".utf8)
        default:
            return false
        }
    }
}

extension RefValue {
    var text: String? { if case .string(let b) = self { String(decoding: b, as: UTF8.self) } else { nil } }
}
