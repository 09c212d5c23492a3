// DifferentialRun.swift - one worker's pass over records: compiled rules, slots and fields against the reference.
import Foundation
import RuleCompiler
import Runtime
import TestSupport
import Testing

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
            fields: all.map { FieldRequest(FieldCatalog.lookup($0.name)!.kind, argument: $0.argument) },
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
            guard let t = f.transform else { return f.argument.map { "\(f.info.kind.rawValue)[\($0)]" } ?? f.info.kind.rawValue }
            return t.transformer.rawValue + "(" + t.inputs.map { input -> String in
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
