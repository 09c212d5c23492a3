// RuleCollector.swift - Falco's file-order semantics: define, append, override, enable, visibility.

/// A list after collection: all appends applied.
public struct CollectedList: Sendable {
    public var name: String
    public var items: [YAMLScalar]
    /// Order of first definition (across all files).
    public var order: Int
    /// Order of the latest (re)definition or append: lists named in items must come before it.
    public var visibility: Int
    public var range: SourceRange
}

public struct CollectedMacro: Sendable {
    public var name: String
    /// The condition text pieces: appends are joined with one space, like Falco.
    public var condition: [YAMLScalar]
    public var order: Int
    /// Macros this one uses must be first defined before this (latest definition/append).
    public var visibility: Int
    public var range: SourceRange
}

/// An exception after collection (values of appended exceptions merged).
public struct CollectedException: Sendable {
    public var item: ExceptionItem
}

public struct CollectedRule: Sendable {
    public var name: String
    public var condition: [YAMLScalar]
    public var output: [YAMLScalar]
    public var desc: [YAMLScalar]
    public var priority: Located<String>
    public var source: String
    public var sourceRange: SourceRange?
    public var enabled: Bool
    public var tags: [String]
    public var exceptions: [ExceptionItem]
    public var skipIfUnknownFilter: Bool
    /// Falco evaluation order: the slot of the first definition.
    public var order: Int
    public var range: SourceRange
}

/// Everything the rules files define, after Falco's collection rules (spec §3.1).
public struct CollectedRuleSet: Sendable {
    public var lists: [String: CollectedList] = [:]
    public var macros: [String: CollectedMacro] = [:]
    /// In evaluation order.
    public var rules: [CollectedRule] = []
    public var files: [SourceFile] = []
}

/// The source this compiler builds matchers for.
public let cloudTrailSource = "aws_cloudtrail"

/// Emulated Falco engine version (Falco 0.44.1), for `required_engine_version`.
public let emulatedEngineVersion = (major: 0, minor: 62, patch: 0)

/// Plugin versions we are compatible with (cloudtrail 0.17.1 and json 0.7.4 semantics).
public let emulatedPlugins: [String: (Int, Int, Int)] = ["cloudtrail": (0, 17, 1), "json": (0, 7, 4)]

public enum RuleCollector {
    public static func collect(_ files: [RuleFile], diagnostics: inout DiagnosticEngine) -> CollectedRuleSet {
        var set = CollectedRuleSet()
        var counter = 0
        var ruleIndex: [String: Int] = [:]
        for file in files {
            set.files.append(file.file)
            for item in file.items {
                counter += 1
                switch item {
                case .requiredEngineVersion(let v):
                    checkEngineVersion(v, diagnostics: &diagnostics)
                case .requiredPluginVersions(let reqs, _):
                    checkPluginVersions(reqs, diagnostics: &diagnostics)
                case .list(let l):
                    collectList(l, counter: counter, into: &set, diagnostics: &diagnostics)
                case .macro(let m):
                    collectMacro(m, counter: counter, into: &set, diagnostics: &diagnostics)
                case .rule(let r):
                    collectRule(r, counter: counter, into: &set, index: &ruleIndex, diagnostics: &diagnostics)
                }
            }
        }
        return set
    }

    static func collectList(_ l: ListItem, counter: Int, into set: inout CollectedRuleSet, diagnostics: inout DiagnosticEngine) {
        if let mode = l.mode, mode == .append {
            guard var prev = set.lists[l.name.value] else {
                diagnostics.error(.noPreviousDefinition, "list '\(l.name.value)' is appended to but was not defined before", at: l.name.range)
                return
            }
            prev.items += l.items
            prev.visibility = counter
            set.lists[l.name.value] = prev
            return
        }
        if l.mode == .replace, set.lists[l.name.value] == nil {
            diagnostics.error(.noPreviousDefinition, "list '\(l.name.value)' is overridden but was not defined before", at: l.name.range)
            return
        }
        let order = set.lists[l.name.value]?.order ?? counter
        set.lists[l.name.value] = CollectedList(name: l.name.value, items: l.items, order: order, visibility: counter, range: l.name.range)
    }

    static func collectMacro(_ m: MacroItem, counter: Int, into set: inout CollectedRuleSet, diagnostics: inout DiagnosticEngine) {
        if m.mode == .append {
            guard var prev = set.macros[m.name.value] else {
                diagnostics.error(.noPreviousDefinition, "macro '\(m.name.value)' is appended to but was not defined before", at: m.name.range)
                return
            }
            prev.condition.append(m.condition)
            prev.visibility = counter
            set.macros[m.name.value] = prev
            return
        }
        if m.mode == .replace, set.macros[m.name.value] == nil {
            diagnostics.error(.noPreviousDefinition, "macro '\(m.name.value)' is overridden but was not defined before", at: m.name.range)
            return
        }
        let order = set.macros[m.name.value]?.order ?? counter
        set.macros[m.name.value] = CollectedMacro(name: m.name.value, condition: [m.condition], order: order, visibility: counter, range: m.name.range)
    }

    static func collectRule(_ r: RuleItem, counter: Int, into set: inout CollectedRuleSet, index: inout [String: Int],
                            diagnostics: inout DiagnosticEngine) {
        let name = r.name.value
        let isModification = r.legacyAppend || !r.overrides.isEmpty
        let isToggle = !isModification && r.condition == nil && r.output == nil && r.desc == nil && r.priority == nil
        if isModification || isToggle {
            guard let i = index[name] else {
                diagnostics.error(.noPreviousDefinition, "rule '\(name)' is modified but was not defined before", at: r.name.range)
                return
            }
            var prev = set.rules[i]
            if let s = r.source, s.value != prev.source {
                diagnostics.error(.sourceMismatch, "rule '\(name)' was defined with source '\(prev.source)', not '\(s.value)'", at: s.range)
                return
            }
            if isToggle, let e = r.enabled { prev.enabled = e.value }
            for (key, mode) in r.overrides.sorted(by: { $0.key < $1.key }) {
                apply(key: key, mode: mode, from: r, to: &prev, diagnostics: &diagnostics)
            }
            set.rules[i] = prev
            return
        }
        // A full definition (all four keys were checked by the reader).
        guard let condition = r.condition, let output = r.output, let desc = r.desc, let priority = r.priority else { return }
        let source = r.source?.value ?? "syscall"
        var rule = CollectedRule(
            name: name, condition: [condition], output: [output], desc: [desc], priority: priority, source: source,
            sourceRange: r.source?.range, enabled: r.enabled?.value ?? true,
            tags: Array(Set((r.tags ?? []).map(\.value))).sorted(), exceptions: r.exceptions ?? [],
            skipIfUnknownFilter: r.skipIfUnknownFilter?.value ?? false, order: counter, range: r.name.range)
        if let i = index[name] {
            // Redefinition replaces the rule but keeps its evaluation slot.
            if set.rules[i].source != source {
                diagnostics.error(.sourceMismatch, "rule '\(name)' was defined with source '\(set.rules[i].source)', not '\(source)'", at: r.source?.range ?? r.name.range)
                return
            }
            rule.order = set.rules[i].order
            set.rules[i] = rule
        } else {
            index[name] = set.rules.count
            set.rules.append(rule)
        }
    }

    static func apply(key: String, mode: OverrideMode, from r: RuleItem, to rule: inout CollectedRule, diagnostics: inout DiagnosticEngine) {
        switch (key, mode) {
        case ("condition", .append): if let c = r.condition { rule.condition.append(c) }
        case ("condition", .replace): if let c = r.condition { rule.condition = [c] }
        case ("output", .append): if let o = r.output { rule.output.append(o) }
        case ("output", .replace): if let o = r.output { rule.output = [o] }
        case ("desc", .append): if let d = r.desc { rule.desc.append(d) }
        case ("desc", .replace): if let d = r.desc { rule.desc = [d] }
        case ("priority", _): if let p = r.priority { rule.priority = p }
        case ("enabled", _): if let e = r.enabled { rule.enabled = e.value }
        case ("skip-if-unknown-filter", _): if let s = r.skipIfUnknownFilter { rule.skipIfUnknownFilter = s.value }
        case ("tags", .append): rule.tags = Array(Set(rule.tags + (r.tags ?? []).map(\.value))).sorted()
        case ("tags", .replace): rule.tags = Array(Set((r.tags ?? []).map(\.value))).sorted()
        case ("exceptions", .replace): rule.exceptions = r.exceptions ?? []
        case ("exceptions", .append):
            for ex in r.exceptions ?? [] {
                if let i = rule.exceptions.firstIndex(where: { $0.name.value == ex.name.value }) {
                    if ex.hasFields || !ex.comps.isEmpty {
                        diagnostics.error(.exceptionShape, "exception '\(ex.name.value)' already exists in rule '\(rule.name)'; an append may only add values", at: ex.name.range)
                    }
                    rule.exceptions[i].values += ex.values
                } else {
                    if !ex.hasFields {
                        diagnostics.error(.exceptionShape, "new exception '\(ex.name.value)' appended to rule '\(rule.name)' needs 'fields'", at: ex.name.range)
                    }
                    rule.exceptions.append(ex)
                }
            }
        default: break  // capture, capture_duration, warn_evttypes: accepted, no effect on CloudTrail.
        }
    }

    // MARK: - Version requirements

    static func parseVersion(_ s: String) -> (Int, Int, Int)? {
        if let n = Int(s), n >= 0 { return (0, n, 0) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        return (a, b, c)
    }

    static func compatible(_ have: (Int, Int, Int), _ need: (Int, Int, Int)) -> Bool {
        have.0 == need.0 && (have.1, have.2) >= (need.1, need.2)
    }

    static func checkEngineVersion(_ v: Located<String>, diagnostics: inout DiagnosticEngine) {
        guard let need = parseVersion(v.value) else {
            diagnostics.error(.engineVersion, "invalid required_engine_version '\(v.value)'; expected a number or major.minor.patch", at: v.range)
            return
        }
        let e = emulatedEngineVersion
        if !compatible((e.major, e.minor, e.patch), need) {
            // Falco refuses the file ("Rules require engine version ..."), and so do we.
            diagnostics.error(.engineVersion, "rules require engine version \(need.0).\(need.1).\(need.2), but Peregrine emulates Falco engine \(e.major).\(e.minor).\(e.patch)", at: v.range)
        }
    }

    static func checkPluginVersions(_ reqs: [PluginRequirement], diagnostics: inout DiagnosticEngine) {
        for r in reqs {
            let options = [(r.name, r.version)] + r.alternatives
            let satisfied = options.contains { name, version in
                guard let have = emulatedPlugins[name.value], let need = parseVersion(version.value) else { return false }
                return compatible(have, need)
            }
            if !satisfied {
                let names = options.map { "\($0.0.value) (>= \($0.1.value))" }.joined(separator: ", ")
                diagnostics.error(.pluginVersion, "plugin requirement not satisfied, must load one of: \(names); Peregrine provides cloudtrail 0.17.1 and json 0.7.4", at: r.version.range)
            }
        }
    }
}
