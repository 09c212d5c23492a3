// ScalarSourceMap.swift - maps a byte offset in a scalar's value back to its offset in the file.

/// Maps offsets in a YAML scalar's *value* (after folding, unescaping, indentation removal) to
/// byte offsets in the source file, so a token deep inside a folded multi-line condition is
/// reported at its real line and column. (Falco adds offsets to the node's mark instead, which
/// is wrong for every line but the first.)
///
/// Stored as runs: value bytes `valueStart..<valueStart+length` were copied verbatim from
/// `sourceStart...`. Value bytes not covered by a run (a folded line break, an unescaped
/// `\n`) map to the source offset of the run that follows them.
public struct ScalarSourceMap: Sendable, Hashable {
    public struct Run: Sendable, Hashable {
        public var valueStart: Int
        public var sourceStart: Int
        public var length: Int
        public init(valueStart: Int, sourceStart: Int, length: Int) {
            self.valueStart = valueStart
            self.sourceStart = sourceStart
            self.length = length
        }
    }

    /// Runs sorted by `valueStart`, non-overlapping.
    public private(set) var runs: [Run] = []
    /// Source offset for value offsets past the last run (the scalar's end in the file).
    public var sourceEnd: Int

    public init(sourceEnd: Int = 0) { self.sourceEnd = sourceEnd }

    /// A map for a value copied verbatim from `sourceStart` (plain one-line scalars, keys).
    public static func verbatim(sourceStart: Int, length: Int) -> ScalarSourceMap {
        var m = ScalarSourceMap(sourceEnd: sourceStart + length)
        m.append(valueStart: 0, sourceStart: sourceStart, length: length)
        return m
    }

    /// Records that value bytes `valueStart..<valueStart+length` came from `sourceStart...`.
    /// Adjacent contiguous runs are merged.
    public mutating func append(valueStart: Int, sourceStart: Int, length: Int) {
        guard length > 0 else { return }
        if let last = runs.last, last.valueStart + last.length == valueStart,
           last.sourceStart + last.length == sourceStart {
            runs[runs.count - 1].length += length
        } else {
            runs.append(Run(valueStart: valueStart, sourceStart: sourceStart, length: length))
        }
    }

    /// The source offset of value offset `valueOffset`.
    public func sourceOffset(of valueOffset: Int) -> Int {
        // Binary search for the last run starting at or before valueOffset.
        var lo = 0
        var hi = runs.count - 1
        var found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if runs[mid].valueStart <= valueOffset { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        if found >= 0 {
            let r = runs[found]
            if valueOffset < r.valueStart + r.length { return r.sourceStart + (valueOffset - r.valueStart) }
            if found + 1 < runs.count { return runs[found + 1].sourceStart }
            return valueOffset == r.valueStart + r.length ? r.sourceStart + r.length : sourceEnd
        }
        return runs.first?.sourceStart ?? sourceEnd
    }
}
