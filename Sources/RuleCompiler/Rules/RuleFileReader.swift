// RuleFileReader.swift - YAML tree -> rule file items, checking each item's shape like Falco's reader.

/// Reads the items of a Falco rules file from its YAML documents (spec §3.1). Shape problems are
/// diagnosed at the offending key or value; unknown items and keys are warnings, as in Falco.
public enum RuleFileReader {
    public static func read(_ documents: [YAMLNode], file: SourceFile, diagnostics: inout DiagnosticEngine) -> RuleFile {
        var items: [RuleFileItem] = []
        for doc in documents {
            if doc.isNull { continue }
            guard let seq = doc.sequence else {
                diagnostics.error(.invalidType, "rules content must be a sequence of items (each a mapping such as '- rule: ...'), found \(doc.kindDescription)", at: doc.range)
                continue
            }
            for node in seq.items {
                if node.isNull { continue }
                guard let map = node.mapping else {
                    diagnostics.error(.invalidType, "each item of a rules file must be a mapping (rule, macro, list, ...), found \(node.kindDescription)", at: node.range)
                    continue
                }
                if let item = readItem(map, diagnostics: &diagnostics) { items.append(item) }
            }
        }
        return RuleFile(file: file, items: items)
    }

    static func readItem(_ map: YAMLMapping, diagnostics: inout DiagnosticEngine) -> RuleFileItem? {
        // Falco decides the kind by which key is present, in this order.
        if let e = map.entry("required_engine_version") {
            checkKeys(map, allowed: ["required_engine_version"], diagnostics: &diagnostics)
            guard let s = scalar(e.value, key: "required_engine_version", diagnostics: &diagnostics) else { return nil }
            return .requiredEngineVersion(Located(s.value, s.range))
        }
        if let e = map.entry("required_plugin_versions") {
            checkKeys(map, allowed: ["required_plugin_versions"], diagnostics: &diagnostics)
            return readPluginVersions(e, diagnostics: &diagnostics)
        }
        if map.entry("list") != nil { return readList(map, diagnostics: &diagnostics).map(RuleFileItem.list) }
        if map.entry("macro") != nil { return readMacro(map, diagnostics: &diagnostics).map(RuleFileItem.macro) }
        if map.entry("rule") != nil { return readRule(map, diagnostics: &diagnostics).map(RuleFileItem.rule) }
        let keys = map.entries.map { "'\($0.key.value)'" }.joined(separator: ", ")
        diagnostics.warning(.unknownItem, "unknown top level item with keys \(keys); it is ignored (expected rule, macro, list, required_engine_version or required_plugin_versions)", at: map.range)
        return nil
    }

    // MARK: - Items

    static func readPluginVersions(_ e: YAMLMapping.Entry, diagnostics: inout DiagnosticEngine) -> RuleFileItem? {
        guard let seq = e.value.sequence else {
            diagnostics.error(.invalidType, "'required_plugin_versions' must be a sequence of {name, version} mappings", at: e.value.range)
            return nil
        }
        var reqs: [PluginRequirement] = []
        for node in seq.items {
            guard let m = node.mapping,
                  let name = requiredString(m, "name", in: node.range, diagnostics: &diagnostics),
                  let version = requiredString(m, "version", in: node.range, diagnostics: &diagnostics)
            else { continue }
            var alts: [(Located<String>, Located<String>)] = []
            if let a = m["alternatives"]?.sequence {
                for alt in a.items {
                    guard let am = alt.mapping,
                          let an = requiredString(am, "name", in: alt.range, diagnostics: &diagnostics),
                          let av = requiredString(am, "version", in: alt.range, diagnostics: &diagnostics) else { continue }
                    alts.append((an, av))
                }
            }
            reqs.append(PluginRequirement(name: name, version: version, alternatives: alts))
        }
        return .requiredPluginVersions(reqs, range: e.key.range)
    }

    static func readList(_ map: YAMLMapping, diagnostics: inout DiagnosticEngine) -> ListItem? {
        checkKeys(map, allowed: ["list", "items", "append", "override"], diagnostics: &diagnostics)
        guard let name = requiredString(map, "list", in: map.range, diagnostics: &diagnostics) else { return nil }
        // Falco: list names should match [^()"'[:space:]=,]+ (a warning, like Falco's).
        if name.value.contains(where: { "()\"'=,".contains($0) || $0.isWhitespace }) {
            diagnostics.warning(.invalidName, "list name '\(name.value)' contains characters that conditions cannot reference (parentheses, quotes, blanks, '=' or ',')", at: name.range)
        }
        let mode = readMode(map, kind: "list", appendable: ["items"], replaceable: ["items"], diagnostics: &diagnostics)
        guard let itemsEntry = map.entry("items") else {
            diagnostics.error(.missingKey, "list '\(name.value)' has no 'items'", at: map.range)
            return nil
        }
        var items: [YAMLScalar] = []
        if itemsEntry.value.isNull {
            // `items:` with nothing is an empty list in practice; Falco accepts `[]`.
        } else if let seq = itemsEntry.value.sequence {
            for node in seq.items {
                if let s = node.scalar { items.append(s) } else {
                    diagnostics.error(.invalidType, "list items must be scalars, found \(node.kindDescription)", at: node.range)
                }
            }
        } else {
            diagnostics.error(.invalidType, "'items' of list '\(name.value)' must be a sequence", at: itemsEntry.value.range)
        }
        return ListItem(name: name, items: items, itemsRange: itemsEntry.value.range, mode: mode?["items"], range: map.range)
    }

    static func readMacro(_ map: YAMLMapping, diagnostics: inout DiagnosticEngine) -> MacroItem? {
        checkKeys(map, allowed: ["macro", "condition", "append", "override"], diagnostics: &diagnostics)
        guard let name = requiredString(map, "macro", in: map.range, diagnostics: &diagnostics) else { return nil }
        // Falco: macro names should match [a-zA-Z]+[a-zA-Z0-9_]* (a warning, like Falco's).
        if !isMacroName(name.value) {
            diagnostics.warning(.invalidName, "macro name '\(name.value)' is not an identifier ([a-zA-Z]+[a-zA-Z0-9_]*); conditions cannot reference it", at: name.range)
        }
        let mode = readMode(map, kind: "macro", appendable: ["condition"], replaceable: ["condition"], diagnostics: &diagnostics)
        guard let cond = requiredScalar(map, "condition", owner: "macro '\(name.value)'", diagnostics: &diagnostics) else { return nil }
        return MacroItem(name: name, condition: cond, mode: mode?["condition"], range: map.range)
    }

    static let ruleKeys: Set<String> = [
        "rule", "condition", "output", "desc", "priority", "source", "enabled", "tags", "exceptions", "append",
        "override", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration",
    ]

    static func readRule(_ map: YAMLMapping, diagnostics: inout DiagnosticEngine) -> RuleItem? {
        checkKeys(map, allowed: ruleKeys, diagnostics: &diagnostics)
        guard let name = requiredString(map, "rule", in: map.range, diagnostics: &diagnostics) else { return nil }
        let owner = "rule '\(name.value)'"
        let modes = readMode(map, kind: "rule",
                             appendable: ["condition", "output", "desc", "tags", "exceptions"],
                             replaceable: ["condition", "output", "desc", "priority", "capture", "capture_duration", "tags",
                                           "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter"],
                             diagnostics: &diagnostics)
        var rule = RuleItem(name: name, overrides: modes ?? [:], legacyAppend: false, range: map.range)
        if let e = map.entry("append"), let b = bool(e.value, key: "append", diagnostics: &diagnostics), b.value {
            rule.legacyAppend = true
        }
        rule.condition = optionalScalar(map, "condition", owner: owner, diagnostics: &diagnostics)
        rule.output = optionalScalar(map, "output", owner: owner, diagnostics: &diagnostics)
        rule.desc = optionalScalar(map, "desc", owner: owner, diagnostics: &diagnostics)
        if let s = optionalScalar(map, "priority", owner: owner, diagnostics: &diagnostics) {
            rule.priority = Located(s.value, s.range)
        }
        if let s = optionalScalar(map, "source", owner: owner, diagnostics: &diagnostics) {
            rule.source = Located(s.value, s.range)
        }
        if let e = map.entry("enabled") { rule.enabled = bool(e.value, key: "enabled", diagnostics: &diagnostics) }
        if let e = map.entry("skip-if-unknown-filter") {
            rule.skipIfUnknownFilter = bool(e.value, key: "skip-if-unknown-filter", diagnostics: &diagnostics)
        }
        for key in ["warn_evttypes", "capture"] {
            if let e = map.entry(key) { _ = bool(e.value, key: key, diagnostics: &diagnostics) }
        }
        if let e = map.entry("tags") {
            if e.value.isNull {
                rule.tags = []
            } else if let seq = e.value.sequence {
                rule.tags = seq.items.compactMap { node in
                    guard let s = node.scalar else {
                        diagnostics.error(.invalidType, "tags must be scalars, found \(node.kindDescription)", at: node.range)
                        return nil
                    }
                    return Located(s.value, s.range)
                }
            } else {
                diagnostics.error(.invalidType, "'tags' of \(owner) must be a sequence", at: e.value.range)
            }
        }
        if let e = map.entry("exceptions") {
            rule.exceptions = readExceptions(e.value, owner: owner, diagnostics: &diagnostics)
        }
        if let p = rule.priority, Priority(falcoName: p.value) == nil {
            diagnostics.error(.invalidPriority, "invalid priority '\(p.value)'; expected one of emergency, alert, critical, error, warning, notice, informational (or info), debug", at: p.range)
        }
        // A full definition needs all four keys; appends, overrides and enable-only toggles do not.
        let isModification = rule.legacyAppend || modes != nil
        let defining = [rule.condition, rule.output, rule.desc].contains { $0 != nil } || rule.priority != nil
        if !isModification {
            if defining {
                for key in ["condition", "output", "desc", "priority"] where map.entry(key) == nil {
                    diagnostics.error(.missingKey, "\(owner) has no '\(key)'", at: name.range)
                }
            } else if rule.enabled == nil {
                diagnostics.error(.missingKey, "\(owner) has no 'condition', 'output', 'desc' or 'priority'; an item that only names a rule must set 'enabled'", at: name.range)
            } else {
                diagnostics.warning(.deprecatedKey, "enabling or disabling \(owner) without 'override' is deprecated; use 'override: {enabled: replace}'", at: name.range)
            }
        }
        if rule.legacyAppend {
            diagnostics.warning(.deprecatedKey, "'append' is deprecated; use 'override' with 'append' for each key", at: map.entry("append")!.key.range)
        }
        return rule
    }

    static func readExceptions(_ node: YAMLNode, owner: String, diagnostics: inout DiagnosticEngine) -> [ExceptionItem] {
        if node.isNull { return [] }
        guard let seq = node.sequence else {
            diagnostics.error(.invalidType, "'exceptions' of \(owner) must be a sequence", at: node.range)
            return []
        }
        var out: [ExceptionItem] = []
        var seen: Set<String> = []
        for item in seq.items {
            guard let m = item.mapping else {
                diagnostics.error(.invalidType, "an exception must be a mapping with name, fields, comps, values", at: item.range)
                continue
            }
            checkKeys(m, allowed: ["name", "fields", "comps", "values"], diagnostics: &diagnostics)
            guard let name = requiredString(m, "name", in: m.range, diagnostics: &diagnostics) else { continue }
            if !seen.insert(name.value).inserted {
                diagnostics.warning(.duplicateException, "exception '\(name.value)' is defined twice in \(owner)", at: name.range)
            }
            var ex = ExceptionItem(name: name, fields: [], fieldsIsList: true, comps: [], compsIsList: true, values: [], valuesRange: nil,
                                   hasFields: m.entry("fields") != nil, range: m.range)
            if let f = m["fields"], !f.isNull {
                if let s = f.scalar { ex.fields = [s]; ex.fieldsIsList = false } else if let s = f.sequence {
                    ex.fields = s.items.compactMap { scalarItem($0, what: "exception field", diagnostics: &diagnostics) }
                }
            }
            if let c = m["comps"], !c.isNull {
                if let s = c.scalar { ex.comps = [s]; ex.compsIsList = false } else if let s = c.sequence {
                    ex.comps = s.items.compactMap { scalarItem($0, what: "exception comp", diagnostics: &diagnostics) }
                }
            }
            if let v = m["values"], !v.isNull {
                guard let vs = v.sequence else {
                    diagnostics.error(.exceptionShape, "'values' of exception '\(name.value)' must be a sequence", at: v.range)
                    continue
                }
                ex.valuesRange = v.range
                for tuple in vs.items {
                    if let t = tuple.sequence { ex.values.append(t.items) } else { ex.values.append([tuple]) }
                }
            }
            out.append(ex)
        }
        return out
    }

    // MARK: - Keys and values

    static func isMacroName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, (f >= 65 && f <= 90) || (f >= 97 && f <= 122) else { return false }
        return u.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// Reads `override:` (and the deprecated `append: true`) into a per-key mode.
    static func readMode(_ map: YAMLMapping, kind: String, appendable: Set<String>, replaceable: Set<String>,
                         diagnostics: inout DiagnosticEngine) -> [String: OverrideMode]? {
        let appendEntry = map.entry("append")
        var appendTrue = false
        if let e = appendEntry, let s = e.value.scalar, ["true", "True", "TRUE"].contains(s.value) { appendTrue = true }
        guard let o = map.entry("override") else {
            if appendTrue {
                let keys = map.entries.map(\.key.value).filter { appendable.contains($0) }
                return Dictionary(uniqueKeysWithValues: keys.map { ($0, OverrideMode.append) })
            }
            return nil
        }
        if appendTrue {
            diagnostics.error(.appendWithOverride, "'append' and 'override' cannot be used together", at: appendEntry!.key.range)
        }
        guard let om = o.value.mapping else {
            diagnostics.error(.invalidOverride, "'override' must be a mapping of key: append|replace", at: o.value.range)
            return [:]
        }
        var modes: [String: OverrideMode] = [:]
        for e in om.entries {
            guard let s = e.value.scalar, let mode = OverrideMode(rawValue: s.value) else {
                diagnostics.error(.invalidOverride, "override of '\(e.key.value)' must be 'append' or 'replace'", at: e.value.range)
                continue
            }
            let allowed = mode == .append ? appendable : replaceable
            guard allowed.contains(e.key.value) else {
                diagnostics.error(.invalidOverride, "key '\(e.key.value)' cannot be overridden with '\(mode.rawValue)' in a \(kind)", at: e.key.range)
                continue
            }
            if map.entry(e.key.value) == nil {
                diagnostics.error(.invalidOverride, "override lists '\(e.key.value)' but the \(kind) does not set it", at: e.key.range)
            }
            modes[e.key.value] = mode
        }
        let nameKey: Set<String> = [kind, "override", "append"]
        for e in map.entries where !nameKey.contains(e.key.value) && modes[e.key.value] == nil {
            diagnostics.error(.invalidOverride, "unexpected key '\(e.key.value)': no corresponding entry under 'override' is defined", at: e.key.range)
        }
        return modes
    }

    static func checkKeys(_ map: YAMLMapping, allowed: Set<String>, diagnostics: inout DiagnosticEngine) {
        for e in map.entries where !allowed.contains(e.key.value) {
            diagnostics.warning(.unknownKey, "unknown key '\(e.key.value)'; the key will be ignored", at: e.key.range)
        }
    }

    static func scalar(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticEngine) -> YAMLScalar? {
        guard let s = node.scalar else {
            diagnostics.error(.invalidType, "'\(key)' must be a scalar, found \(node.kindDescription)", at: node.range)
            return nil
        }
        return s
    }

    static func scalarItem(_ node: YAMLNode, what: String, diagnostics: inout DiagnosticEngine) -> YAMLScalar? {
        guard let s = node.scalar else {
            diagnostics.error(.invalidType, "\(what) must be a scalar, found \(node.kindDescription)", at: node.range)
            return nil
        }
        return s
    }

    static func requiredString(_ map: YAMLMapping, _ key: String, in range: SourceRange, diagnostics: inout DiagnosticEngine) -> Located<String>? {
        guard let e = map.entry(key) else {
            diagnostics.error(.missingKey, "missing key '\(key)'", at: range)
            return nil
        }
        guard let s = scalar(e.value, key: key, diagnostics: &diagnostics) else { return nil }
        if s.isNull || s.value.isEmpty {
            diagnostics.error(.emptyValue, "'\(key)' must not be empty", at: s.range.start == s.range.end ? e.key.range : s.range)
            return nil
        }
        return Located(s.value, s.range)
    }

    static func requiredScalar(_ map: YAMLMapping, _ key: String, owner: String, diagnostics: inout DiagnosticEngine) -> YAMLScalar? {
        guard map.entry(key) != nil else {
            diagnostics.error(.missingKey, "\(owner) has no '\(key)'", at: map.range)
            return nil
        }
        return optionalScalar(map, key, owner: owner, diagnostics: &diagnostics)
    }

    static func optionalScalar(_ map: YAMLMapping, _ key: String, owner: String, diagnostics: inout DiagnosticEngine) -> YAMLScalar? {
        guard let e = map.entry(key) else { return nil }
        guard let s = scalar(e.value, key: key, diagnostics: &diagnostics) else { return nil }
        if s.isNull || s.value.isEmpty {
            diagnostics.error(.emptyValue, "'\(key)' of \(owner) must not be empty", at: e.key.range)
            return nil
        }
        return s
    }

    static func bool(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticEngine) -> Located<Bool>? {
        guard let s = scalar(node, key: key, diagnostics: &diagnostics) else { return nil }
        switch s.value {
        case "true", "True", "TRUE": return Located(true, s.range)
        case "false", "False", "FALSE": return Located(false, s.range)
        default:
            diagnostics.error(.invalidType, "'\(key)' must be true or false, found '\(s.value)'", at: s.range)
            return nil
        }
    }
}

