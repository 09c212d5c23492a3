// EventIndex.swift - which event names a rule can match: Falco's event-type index, for ct.name.

/// For each rule, the set of `ct.name` values it can possibly match, or nil if it can match any
/// event. An absent `ct.name` makes every comparison on it false, so a rule whose top-level
/// conjunction requires `ct.name = X` never matches an event named otherwise.
public enum EventIndex {
    public static func eventNames(of expr: CheckedExpr) -> Set<String>? {
        var memo: [String: Set<String>?] = [:]
        return eventNames(of: expr, &memo)
    }

    /// `memo`: each macro body is analysed once (its uses share it).
    static func eventNames(of expr: CheckedExpr, _ memo: inout [String: Set<String>?]) -> Set<String>? {
        switch expr {
        case .comparison(let c):
            guard c.field.info.name == "ct.name", c.modifier == nil else { return nil }
            switch c.op {
            case .equal, .equalEqual: return Set(c.values)
            case .in, .intersects: return Set(c.values)
            default: return nil
            }
        case .and(let xs):
            // Any constrained conjunct constrains the whole; several intersect.
            var result: Set<String>?
            for x in xs {
                if let s = eventNames(of: x, &memo) { result = result.map { $0.intersection(s) } ?? s }
            }
            return result
        case .or(let xs):
            // Constrained only if every alternative is.
            var result = Set<String>()
            for x in xs {
                guard let s = eventNames(of: x, &memo) else { return nil }
                result.formUnion(s)
            }
            return result
        case .not:
            return nil
        case .macro(let m):
            if let known = memo[m.name] { return known }
            let names = eventNames(of: m.body, &memo)
            memo[m.name] = .some(names)
            return names
        }
    }

    /// Per rule, the event names it can match (nil: any), macros analysed once for all rules.
    public static func eventNames(of rules: [CheckedRule]) -> [Set<String>?] {
        var memo: [String: Set<String>?] = [:]
        return rules.map { eventNames(of: $0.condition, &memo) }
    }

    /// Buckets of enabled rule indices by event name, and the indices tested on every event.
    public static func build(_ rules: [CheckedRule]) -> (buckets: [(String, [Int])], always: [Int]) {
        var byName: [String: [Int]] = [:]
        var always: [Int] = []
        let perRule = eventNames(of: rules)
        for (i, r) in rules.enumerated() where r.enabled {
            if let names = perRule[i] {
                for n in names { byName[n, default: []].append(i) }
            } else {
                always.append(i)
            }
        }
        return (byName.keys.sorted().map { ($0, byName[$0]!) }, always)
    }
}
