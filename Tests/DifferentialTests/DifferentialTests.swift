// DifferentialTests.swift - compiled matchers, the reference evaluator and Falco must agree.
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

    @Test func compiledRulesAgreeWithTheReference() throws {
        let checkedSet = try DifferentialCorpus.check(DifferentialCorpus.projectRuleFiles).get()
        let ruleSet = Detections.ruleSet
        let byName = Dictionary(checkedSet.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let checked = ruleSet.rules.compactMap { byName[$0.name] }
        #expect(checked.count == ruleSet.rules.count, "compiled rules without a checked rule of the same name")
        #expect(ruleSet.rules.count == checkedSet.rules.count, "\(ruleSet.rules.count) compiled rules, \(checkedSet.rules.count) checked")
        try #require(checked.count == ruleSet.rules.count)

        // Corpus: the rules' own test events, then (when present) every dataset record.
        var originals = DifferentialCorpus.records(under: [SharedFixtures.packageRoot.appendingPathComponent("rules/tests").path])
        let ownEvents = originals.count
        if let shared = SharedFixtures.sharedDirectory {
            originals += DifferentialCorpus.records(under: [shared.appendingPathComponent("datasets").path])
        } else {
            print("DifferentialTests: ../shared absent, checking rules/tests events only")
        }
        var seen: Set<[UInt8]> = []
        let distinct = originals.filter { seen.insert($0.bytes).inserted }
        let testsDirectory = SharedFixtures.packageRoot.appendingPathComponent("rules/tests").path
        if FileManager.default.fileExists(atPath: testsDirectory) {
            #expect(ownEvents > 0, "no events in rules/tests")
        } else {
            print("DifferentialTests: no rules/tests directory")
        }

        // Mutants of every rules/tests event and of one dataset record per kind of event (source,
        // name, identity type, error or not): mutants of near-identical records add time, not
        // coverage (the test must stay well under a minute in a debug build).
        var kinds: Set<[[UInt8]]> = []
        let mutated = distinct.enumerated().map { i, record in
            let r = ReferenceRecord(bytes: record.bytes)
            let kind = [["eventSource"], ["eventName"], ["userIdentity", "type"]].map { r.string(at: $0) ?? [] }
                + [r.rawRange(of: ["errorCode"]) == nil ? [] : [1]]
            return kinds.insert(kind).inserted || i < ownEvents
        }

        // Two workers, each with its own Event (the runtime object is reused record after record,
        // as the scanner does, so stale state between records would show).
        let workers = 2
        let summaries = Mutex<[DifferentialSummary]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var run = DifferentialRun(ruleSet: ruleSet, checked: checked)
            for (i, original) in distinct.enumerated() where i % workers == worker {
                run.check(original, everyField: true)
                guard mutated[i] else { continue }
                // rules/tests events sit on rule boundaries by design: all their mutants, checked
                // field by field too; the dataset records get the key-level mutants, rules only.
                let own = i < ownEvents
                for mutant in RecordMutator.mutants(of: original.bytes, thorough: own) {
                    run.check(CorpusRecord(source: "\(original.source), mutant: \(mutant.label)", bytes: mutant.bytes),
                              everyField: own)
                }
            }
            let summary = run.summary
            summaries.withLock { $0.append(summary) }
        }
        let run = summaries.withLock { DifferentialSummary(merging: $0) }

        print("DifferentialTests: \(ruleSet.rules.count) rules x \(run.records) records = \(run.pairs) (rule, record) pairs checked, \(run.matches) of them matches")
        print("  records: \(distinct.count) distinct originals (\(ownEvents) from rules/tests), \(run.records - distinct.count) mutants of \(mutated.filter { $0 }.count) of them")
        print("  records the runtime rejects: \(run.runtimeRejected); records Foundation rejects but the runtime reads: \(run.referenceRejected.count)")
        for line in run.referenceRejected.prefix(5) { print("    \(line)") }
        print("  disagreements: \(run.disagreements.count); unsupported verdicts: \(run.unsupported.count)")
        for d in run.disagreements.prefix(20) { print("  \(d)") }
        for d in run.unsupported.prefix(5) { print("  unsupported: \(d)") }
        let fieldMismatches = run.fieldMismatchCounts.values.reduce(0, +)
        print("  field values compared (every catalog field, runtime vs reference): \(run.fieldPairs); disagreements: \(fieldMismatches)")
        for (field, count) in run.fieldMismatchCounts.sorted(by: { $0.key < $1.key }) { print("    \(field): \(count)") }
        for d in run.fieldDisagreements.prefix(20) { print("  \(d)") }
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
    var records = 0
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
    var summary = DifferentialSummary()

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

    init(ruleSet: RuleSet, checked: [CheckedRule]) {
        self.ruleSet = ruleSet
        self.checked = checked
        self.event = Event(fields: ruleSet.fields, context: EventContext(hostname: "test"))
        var all: [(name: String, argument: String?)] = []
        for info in FieldCatalog.all where !info.name.hasPrefix("jevt.") {
            for argument in Self.fieldArguments[info.name] ?? [nil] { all.append((info.name, argument)) }
        }
        self.allFields = all
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
        let number = UInt64(summary.records)
        var runtimeReads = true
        do { try event.load(record: record.bytes[...], number: number) } catch { runtimeReads = false }
        let prepared = ReferenceRecord(bytes: record.bytes, number: number, hostname: "test")
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
        if everyField { checkFields(record, prepared, number: number) }
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
            case .unsupported(let why):
                summary.unsupported.append("\(rule.name) on \(record.source): \(why)")
                continue
            }
            if expected { summary.matches += 1 }
            if compiled != expected {
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
            summary.fieldMismatchCounts[token, default: 0] += 1
            guard summary.fieldDisagreements.count < 20 else { continue }
            summary.fieldDisagreements.append("\(token): runtime \(runtime), reference \(ours)\n    record (\(record.source)): \(DifferentialCorpus.excerpt(record.bytes))")
        }
    }

    /// Each condition field: the runtime's value and the reference's.
    func fieldReport(_ rule: CheckedRule, _ prepared: ReferenceRecord) -> [String] {
        var seen: Set<String> = []
        return rule.condition.comparisons.compactMap { c in
            guard seen.insert(c.field.token).inserted else { return nil }
            let runtime = slots[c.field.slotKey].map { "\(event.value($0).reference)" } ?? "<no slot>"
            return "\(c.field.token): runtime \(runtime), reference \(evaluator.value(c.field, in: prepared))"
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
