// RuleSet.swift - everything the generated code hands the runtime: slots, rules, dispatch.

/// The compiled rules of one build. Generated code builds exactly one of these.
public struct RuleSet: Sendable {
    /// Slot table: `fields[i]` is what `Event.value(i)` extracts.
    public var fields: [FieldRequest]
    /// In Falco's evaluation order (first definition order).
    public var rules: [CompiledRule]
    /// Which rules to test for an event, by `ct.name`.
    public var dispatch: EventNameDispatch
    /// The slot holding `ct.name` (for dispatch), or nil when no rule is bucketed.
    public var eventNameSlot: Int?
    /// The rule files this set was compiled from (package-relative).
    public var sources: [String]

    /// The dispatch is built from each rule's `eventNames` (enabled rules only).
    public init(fields: [FieldRequest], rules: [CompiledRule], eventNameSlot: Int?, sources: [String]) {
        var buckets: [(String, [Int])] = []
        var always: [Int] = []
        var patterns: [(Int, EventNameFilter)] = []
        for (i, r) in rules.enumerated() where r.enabled {
            if let filter = r.eventNames {
                buckets += filter.names.map { ($0, [i]) }
                if !filter.isExact { patterns.append((i, filter)) }
            } else {
                always.append(i)
            }
        }
        self.init(fields: fields, rules: rules, dispatch: EventNameDispatch(buckets: buckets, always: always, patterns: patterns),
                  eventNameSlot: eventNameSlot, sources: sources)
    }

    public init(fields: [FieldRequest], rules: [CompiledRule], dispatch: EventNameDispatch,
                eventNameSlot: Int?, sources: [String]) {
        self.fields = fields
        self.rules = rules
        self.dispatch = dispatch
        self.eventNameSlot = eventNameSlot
        self.sources = sources
    }
}

/// Falco's event-type index, for CloudTrail: rules whose condition requires `ct.name` to be one of
/// a few names are tested only on events with those names; all other rules on every event.
public struct EventNameDispatch: Sendable {
    /// Rule indices (ascending) to test for an event with this name: the bucket merged with `always`.
    private let byName: [ByteString: [Int]]
    /// Rule indices (ascending) of rules without an event-name constraint.
    public let always: [Int]
    /// Rules constrained by name prefixes or suffixes: tested on the events their filter admits.
    public let patterns: [(rule: Int, filter: EventNameFilter)]

    /// - Parameters:
    ///   - buckets: event name -> indices of rules constrained to it.
    ///   - always: indices of rules tested on every event.
    ///   - patterns: rules constrained by name prefixes or suffixes (their exact names, if any,
    ///     are in `buckets` too).
    public init(buckets: [(String, [Int])], always: [Int], patterns: [(Int, EventNameFilter)] = []) {
        var map: [ByteString: [Int]] = [:]
        for (name, rules) in buckets {
            let key = ByteString(Array(name.utf8))
            map[key, default: []].append(contentsOf: rules)
        }
        for key in Array(map.keys) {
            let admitted = patterns.filter { p in key.withUnsafeBytes { p.1.admitsByPattern($0) } }.map(\.0)
            map[key] = Array(Set(map[key]! + always + admitted)).sorted()
        }
        self.byName = map
        self.always = always.sorted()
        self.patterns = patterns.map { (rule: $0.0, filter: $0.1) }
    }

    /// The rules to test for a name that has no bucket: `always` and the pattern rules that
    /// admit it, ascending.
    public func unbucketedCandidates(_ name: UnsafeRawBufferPointer) -> [Int] {
        (always + patterns.filter { $0.filter.admitsByPattern(name) }.map(\.rule)).sorted()
    }

    /// The rules to test, ascending, for an event whose `ct.name` is `name` (nil: absent).
    @inlinable public func candidates(forEventName name: ByteString?) -> [Int] {
        guard let name else { return always }
        return lookup(name) ?? name.withUnsafeBytes { unbucketedCandidates($0) }
    }

    @usableFromInline func lookup(_ name: ByteString) -> [Int]? { byName[name] }

    /// Every event name with its rules to test (ascending, `always` merged in), for scanners that
    /// build a faster lookup of their own.
    public var namedBuckets: [(name: ByteString, rules: [Int])] {
        byName.map { ($0.key, $0.value) }.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }
}
