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
        flat = .allocate(capacity: max(1, list.count))
        _ = flat.initialize(from: list)
    }

    // safe: `flat` is owned by this class, never reallocated, and freed only here.
    deinit { flat.deallocate() }

    /// Rule indices (ascending) to test for an event named `name` (nil: no name). The buffer
    /// points into this table's storage: valid only while the table is alive (`ScanWorker` holds
    /// it in a `let` for its lifetime and uses the buffer within one `evaluate`).
    @inline(__always)
    func candidates(_ name: UnsafeRawBufferPointer?) -> UnsafeBufferPointer<Int32> {
        // safe: starts is ascending with starts.last == alwaysStart <= flat.count, so both slices are in flat.
        if let name, let k = names.index(of: name) {
            return UnsafeBufferPointer(rebasing: flat[starts[k]..<starts[k + 1]])
        }
        return UnsafeBufferPointer(rebasing: flat[alwaysStart...])
    }
}
