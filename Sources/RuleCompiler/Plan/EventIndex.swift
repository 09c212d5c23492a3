// EventIndex.swift - which event names a rule can match: Falco's event-type index, for ct.name,
// extended at build time to name prefixes and suffixes.

/// The `ct.name` values a condition can match: one of `names`, or a name with one of `prefixes`
/// or `suffixes`.
public struct EventNameConstraint: Sendable, Hashable {
    public var names: Set<String> = []
    public var prefixes: Set<String> = []
    public var suffixes: Set<String> = []

    public init(names: Set<String> = [], prefixes: Set<String> = [], suffixes: Set<String> = []) {
        self.names = names
        self.prefixes = prefixes
        self.suffixes = suffixes
    }

    public var isExact: Bool { prefixes.isEmpty && suffixes.isEmpty }

    func union(_ o: EventNameConstraint) -> EventNameConstraint {
        EventNameConstraint(names: names.union(o.names), prefixes: prefixes.union(o.prefixes), suffixes: suffixes.union(o.suffixes))
    }
}

/// For each rule, the `ct.name` values it can possibly match, or nil if it can match any event.
/// An absent `ct.name` makes every comparison on it false, so a rule whose top-level conjunction
/// requires `ct.name = X` (or `startswith`, `endswith`, `in`) never matches an event named
/// otherwise; the runtime tests it only on the events its constraint admits.
public enum EventIndex {
    public static func constraint(of expr: CheckedExpr) -> EventNameConstraint? {
        var memo: [String: EventNameConstraint?] = [:]
        return constraint(of: expr, &memo)
    }

    /// The exact names only (nil when unconstrained or constrained by a pattern).
    public static func eventNames(of expr: CheckedExpr) -> Set<String>? {
        guard let c = constraint(of: expr), c.isExact else { return nil }
        return c.names
    }

    /// Per rule, its constraint (nil: any event), macros analysed once for all rules.
    public static func constraints(of rules: [CheckedRule]) -> [EventNameConstraint?] {
        var memo: [String: EventNameConstraint?] = [:]
        return rules.map { constraint(of: $0.condition, &memo) }
    }

    /// A literal as libsinsp compares it (a C string): nil when it holds a NUL, to stay exact.
    static func literal(_ v: String) -> String? { v.utf8.contains(0) ? nil : v }

    /// `memo`: each macro body is analysed once (its uses share it).
    static func constraint(of expr: CheckedExpr, _ memo: inout [String: EventNameConstraint?]) -> EventNameConstraint? {
        switch expr {
        case .comparison(let c):
            guard c.field.info.name == "ct.name", c.field.transform == nil, c.rhsField == nil,
                  c.modifier == nil || c.modifier == .anyof else { return nil }
            let values = c.values.map(literal)
            guard !values.contains(nil) else { return nil }
            let v = values.compactMap { $0 }
            switch c.op {
            case .equal, .equalEqual, .in, .intersects:
                return EventNameConstraint(names: Set(v))
            case .startswith:
                // An empty prefix admits every name.
                return v.contains("") ? nil : EventNameConstraint(prefixes: Set(v))
            case .endswith:
                return v.contains("") ? nil : EventNameConstraint(suffixes: Set(v))
            default:
                return nil
            }
        case .and(let xs):
            // Any constrained conjunct constrains the whole: exact sets intersect; otherwise the
            // most selective one is kept (exact names before patterns).
            var exact: Set<String>?
            var pattern: EventNameConstraint?
            for x in xs {
                guard let c = constraint(of: x, &memo) else { continue }
                if c.isExact {
                    exact = exact.map { $0.intersection(c.names) } ?? c.names
                } else if pattern == nil || c.prefixes.count + c.suffixes.count + c.names.count
                            < pattern!.prefixes.count + pattern!.suffixes.count + pattern!.names.count {
                    pattern = c
                }
            }
            if let exact { return EventNameConstraint(names: exact) }
            return pattern
        case .or(let xs):
            // Constrained only if every alternative is.
            var result = EventNameConstraint()
            for x in xs {
                guard let c = constraint(of: x, &memo) else { return nil }
                result = result.union(c)
            }
            return result
        case .not:
            return nil
        case .macro(let m):
            if let known = memo[m.name] { return known }
            let c = constraint(of: m.body, &memo)
            memo[m.name] = .some(c)
            return c
        }
    }

    /// Buckets of enabled rule indices by exact event name, and the indices tested on every event
    /// (pattern-constrained rules count as `always` here; the runtime narrows them further).
    public static func build(_ rules: [CheckedRule]) -> (buckets: [(String, [Int])], always: [Int]) {
        var byName: [String: [Int]] = [:]
        var always: [Int] = []
        let perRule = constraints(of: rules)
        for (i, r) in rules.enumerated() where r.enabled {
            if let c = perRule[i], c.isExact {
                for n in c.names { byName[n, default: []].append(i) }
            } else {
                always.append(i)
            }
        }
        return (byName.keys.sorted().map { ($0, byName[$0]!) }, always)
    }
}
