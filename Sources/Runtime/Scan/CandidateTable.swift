// CandidateTable.swift - the rules to test for an event name, found without hashing into a Dictionary.

/// A scanner-side copy of the rule set's event-name index (`EventNameDispatch`) with the rules
/// the scan does not evaluate (disabled, below the minimum priority) already removed, laid out
/// flat so the per-event lookup is one hash of the raw name bytes and no allocation.
final class CandidateTable: @unchecked Sendable {
    private let names: StringSet
    /// Candidates of name `k`: `flat[starts[k] ..< starts[k + 1]]`; `always` at the end.
    private let flat: UnsafeMutableBufferPointer<Int32>
    private let starts: [Int]
    private let alwaysStart: Int
    /// Active rules constrained by name prefixes or suffixes (their exact names are in buckets).
    let patterns: [(rule: Int32, filter: EventNameFilter)]
    /// Active rules tested on every event.
    let always: [Int32]

    init(_ dispatch: EventNameDispatch, active: [Bool]) {
        let buckets = dispatch.namedBuckets
        names = StringSet(byteItems: buckets.map { Array($0.name) })
        var list: [Int32] = []
        var starts: [Int] = []
        // StringSet keeps the first of equal items in order; buckets have distinct names.
        for bucket in buckets {
            starts.append(list.count)
            list.append(contentsOf: bucket.rules.filter { active[$0] }.map(Int32.init))
        }
        starts.append(list.count)
        alwaysStart = list.count
        list.append(contentsOf: dispatch.always.filter { active[$0] }.map(Int32.init))
        self.starts = starts
        always = dispatch.always.filter { active[$0] }.map(Int32.init)
        patterns = dispatch.patterns.filter { active[$0.rule] }.map { (Int32($0.rule), $0.filter) }
        flat = .allocate(capacity: max(1, list.count))
        _ = flat.initialize(from: list)
    }

    deinit { flat.deallocate() }

    /// Rule indices (ascending) to test for an event named `name` (nil: no name), when no rule is
    /// constrained by a name prefix or suffix; otherwise see `PatternCandidates`.
    @inline(__always)
    func candidates(_ name: UnsafeRawBufferPointer?) -> UnsafeBufferPointer<Int32> {
        if let name, let k = names.index(of: name) {
            return UnsafeBufferPointer(rebasing: flat[starts[k]..<starts[k + 1]])
        }
        return UnsafeBufferPointer(rebasing: flat[alwaysStart...])
    }

    /// The bucket of `name`, nil when it has none.
    @inline(__always)
    func bucket(_ name: UnsafeRawBufferPointer) -> UnsafeBufferPointer<Int32>? {
        guard let k = names.index(of: name) else { return nil }
        return UnsafeBufferPointer(rebasing: flat[starts[k]..<starts[k + 1]])
    }

    /// `always` and the pattern rules admitting `name`, ascending.
    func unbucketedCandidates(_ name: UnsafeRawBufferPointer) -> [Int32] {
        (always + patterns.filter { $0.filter.admitsByPattern(name) }.map(\.rule)).sorted()
    }
}

/// One worker's memo of the candidates for event names without a bucket, when rules are
/// constrained by name prefixes or suffixes: each distinct name is matched against the patterns
/// once (CloudTrail has a few hundred event names), then found by one hash of its bytes.
final class PatternCandidates {
    private struct Entry {
        var hash: UInt64
        var name: [UInt8]
        var candidates: [Int32]
    }
    private var slots: [Int32]
    private var entries: [Entry] = []
    /// Beyond this many names, candidates are computed each time (a hostile log cannot grow it).
    static let capacity = 4096
    private var scratch: [Int32] = []

    init() { slots = Array(repeating: -1, count: 2 * Self.capacity) }

    /// Runs `body` on the candidates of `name` (not in the table's buckets).
    @inline(__always)
    func withCandidates<R>(_ name: UnsafeRawBufferPointer, _ table: CandidateTable, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        var h: UInt64 = 0xcbf29ce484222325
        for b in name { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let e = entries[Int(slots[i])]
            if e.hash == h && e.name.elementsEqual(name) { return e.candidates.withUnsafeBufferPointer(body) }
            i = (i + 1) & mask
        }
        let computed = table.unbucketedCandidates(name)
        guard entries.count < Self.capacity else {
            scratch = computed
            return scratch.withUnsafeBufferPointer(body)
        }
        slots[i] = Int32(entries.count)
        entries.append(Entry(hash: h, name: Array(name), candidates: computed))
        return computed.withUnsafeBufferPointer(body)
    }
}
