// PathPrefixSet.swift - the right-hand side of `pmatch`: libsinsp's path_prefix_search.

/// Path-prefix matching as libsinsp's `path_prefix_search` does it (spec §3.4, [L] `prefix_search.h`).
///
/// Entries and values are split on `/` with empty components dropped (so `/a//b/` is `a, b` and a
/// relative `a/b` equals `/a/b`). A value matches when some entry's components are a prefix of the
/// value's components: `/tmp/hello` matches `/tmp/hello` and `/tmp/hello/x`, not `/tmp/hello_world`
/// or `/tmp`. An entry component containing `*`, `?` or `[` is matched with `fnmatch` against the
/// value's component. Adding `/usr` after `/usr/lib` (or the reverse) keeps only `/usr`; `/` matches
/// everything.
///
/// One deliberate difference: libsinsp's glob loop advances its component iterator once per
/// matching glob entry (`++comp` inside the loop), so with two glob entries at one level the second
/// is compared against the wrong component. We compare every glob entry with the same component.
public struct PathPrefixSet: Sendable {
    struct Entry: Sendable {
        var key: [UInt8]
        /// The level below, or nil when this entry ends a path (terminal).
        var subtree: Int?
    }

    struct Level: Sendable {
        var direct: [Entry] = []
        var globs: [Entry] = []
    }

    /// `levels[0]` holds the entries' first components. Unused when `matchesEverything`.
    var levels: [Level] = [Level()]
    /// An entry `/` (no components) was added: every value matches.
    var matchesEverything = false
    /// No entries at all: nothing matches.
    var isEmpty = true

    public init(_ items: [StaticString]) {
        self.init(byteItems: items.map { ByteCompare.literalBytes($0) { Array($0) } })
    }

    public init(byteItems items: [[UInt8]]) {
        for var item in items {
            if let z = item.firstIndex(of: 0) { item.removeSubrange(z...) }
            add(PathPrefixSet.components(item[...]).map(Array.init))
        }
    }

    mutating func add(_ components: [[UInt8]]) {
        isEmpty = false
        if matchesEverything { return }
        if components.isEmpty {
            matchesEverything = true
            levels = [Level()]
            return
        }
        insert(components, at: 0, level: 0)
    }

    mutating func insert(_ components: [[UInt8]], at i: Int, level: Int) {
        let key = components[i]
        let isGlob = key.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
        let isLast = i == components.count - 1
        let list = isGlob ? levels[level].globs : levels[level].direct
        if let k = list.firstIndex(where: { $0.key == key }) {
            if isLast {
                // This path is a prefix of the existing ones: they are no longer needed.
                setSubtree(nil, level: level, glob: isGlob, index: k)
            } else if let below = list[k].subtree {
                insert(components, at: i + 1, level: below)
            }
            // else: a shorter path already covers this one.
            return
        }
        var subtree: Int?
        if !isLast {
            levels.append(Level())
            subtree = levels.count - 1
            insert(components, at: i + 1, level: subtree!)
        }
        let entry = Entry(key: key, subtree: subtree)
        if isGlob { levels[level].globs.append(entry) } else { levels[level].direct.append(entry) }
    }

    mutating func setSubtree(_ s: Int?, level: Int, glob: Bool, index: Int) {
        if glob { levels[level].globs[index].subtree = s } else { levels[level].direct[index].subtree = s }
    }

    /// Whether some entry is a path prefix of `value`.
    @inlinable public func matches(_ value: ByteString) -> Bool {
        value.withUnsafeBytes { matches($0) }
    }

    public func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        if isEmpty { return false }
        if matchesEverything { return true }
        guard let first = PathPrefixSet.nextComponent(value, from: 0) else { return false }
        return match(value, first, level: 0)
    }

    /// Matches the component `comp` (and those after it) against `level`.
    func match(_ value: UnsafeRawBufferPointer, _ comp: Range<Int>, level: Int) -> Bool {
        let c = UnsafeRawBufferPointer(rebasing: value[comp])  // safe: comp comes from nextComponent over value
        for e in levels[level].direct where e.key.withUnsafeBytes({ ByteCompare.equal($0, c) }) {
            if check(e, value, after: comp) { return true }
            break
        }
        for e in levels[level].globs {
            let hit = e.key.withUnsafeBytes { Glob.match($0, c, caseFold: false) }
            if hit, check(e, value, after: comp) { return true }
        }
        return false
    }

    /// libsinsp `check_match_value`: the value must not end before the entry does.
    func check(_ e: Entry, _ value: UnsafeRawBufferPointer, after comp: Range<Int>) -> Bool {
        guard let next = PathPrefixSet.nextComponent(value, from: comp.upperBound) else { return e.subtree == nil }
        guard let below = e.subtree else { return true }
        return match(value, next, level: below)
    }

    /// The next non-empty `/`-separated component at or after `from`.
    static func nextComponent(_ v: UnsafeRawBufferPointer, from: Int) -> Range<Int>? {
        var i = from
        while i < v.count, v[i] == UInt8(ascii: "/") { i += 1 }
        guard i < v.count else { return nil }
        var j = i
        while j < v.count, v[j] != UInt8(ascii: "/") { j += 1 }
        return i..<j
    }

    static func components(_ b: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        b.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
    }
}
