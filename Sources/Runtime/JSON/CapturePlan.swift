// CapturePlan.swift - the JSON paths a rule set reads, as a trie the scanner follows while it reads.

/// The member paths (`eventName`, `userIdentity.type`, `responseElements.instancesSet.items.0`)
/// whose values a rule set needs, merged into a trie. `JSONScanner` walks a record once and, for
/// every path of the trie, records where its value is (a `Capture`); everything else is validated
/// and skipped.
///
/// Each path step follows fastjson's `Get` (spec §2.2), which both Falco plugins use: in an object
/// the *first* member whose unescaped key equals the step; in an array, when the step is a decimal
/// index as `strconv.Atoi` reads it, that element. The plan is derived once from the rule set's
/// slot table (`RuleSet.fields`, generated with the rules), so a record costs only the fields the
/// enabled rules and their outputs read.
public struct CapturePlan: Sendable {
    /// A trie node: one path prefix.
    struct Node: Sendable {
        /// Index of the capture that records this node's value, or -1.
        var capture: Int32 = -1
        /// Key children: the chain heads of a 16-bucket hash of (key length, first byte), as
        /// indices into `children` (-1: empty); nil for a node without key children.
        var buckets: [Int32]?
        /// Children selected by array index: (index, node).
        var indexChildren: [(index: Int, node: Int32)] = []
    }

    /// A child reached by an object key.
    struct Child: Sendable {
        var key: [UInt8]
        var node: Int32
        /// Next child in the same hash bucket, or -1.
        var next: Int32
    }

    private(set) var nodes: [Node] = [Node()]
    private(set) var children: [Child] = []
    /// The number of captures (their indices are 0 ..< captureCount).
    public private(set) var captureCount = 0

    /// The root node (the record object).
    static let root: Int32 = 0

    public init() {}

    /// Adds a path (member keys, each possibly also an array index) and returns its capture index;
    /// the same path always gets the same index. Returns nil, adding nothing, for a path that
    /// would select an array element another path already selects under a different key (`/a/0`
    /// and `/a/00`): the scanner follows one node per element, so such a field is extracted the
    /// slow way.
    public mutating func capture(_ path: [JSONPointer.Token]) -> Int? {
        var node = Self.root
        for step in path {
            if let existing = keyChild(of: Int(node), step.key) {
                node = existing
                continue
            }
            if let index = step.index, nodes[Int(node)].indexChildren.contains(where: { $0.index == index }) {
                return nil
            }
            node = child(of: node, step)
        }
        if nodes[Int(node)].capture < 0 {
            nodes[Int(node)].capture = Int32(captureCount)
            captureCount += 1
        }
        return Int(nodes[Int(node)].capture)
    }

    /// `capture(_:)` for plain member keys.
    public mutating func capture(keys: [String]) -> Int {
        capture(keys.map { JSONPointer.Token(key: Array($0.utf8), index: nil) })!
    }

    private mutating func child(of parent: Int32, _ step: JSONPointer.Token) -> Int32 {
        let node = Int32(nodes.count)
        nodes.append(Node())
        let bucket = Self.bucket(count: step.key.count, first: step.key.first ?? 0)
        if nodes[Int(parent)].buckets == nil { nodes[Int(parent)].buckets = Array(repeating: -1, count: 16) }
        children.append(Child(key: step.key, node: node, next: nodes[Int(parent)].buckets![bucket]))
        nodes[Int(parent)].buckets![bucket] = Int32(children.count - 1)
        if let index = step.index { nodes[Int(parent)].indexChildren.append((index, node)) }
        return node
    }

    private func keyChild(of parent: Int, _ key: [UInt8]) -> Int32? {
        guard let buckets = nodes[parent].buckets else { return nil }
        var c = buckets[Self.bucket(count: key.count, first: key.first ?? 0)]
        while c >= 0 {
            if children[Int(c)].key == key { return children[Int(c)].node }
            c = children[Int(c)].next
        }
        return nil
    }

    @inline(__always) static func bucket(count: Int, first: UInt8) -> Int {
        (count &* 7 &+ Int(first)) & 15
    }

    // MARK: - Flat tables for the scanner

    /// The plan laid out in flat, never-moving memory: what `JSONScanner` reads per key.
    ///
    /// Each node with key children has an open-addressing hash table of its keys (at most half
    /// full), hashed on the key's length and first 8 bytes; an entry holds those 8 bytes, so most
    /// lookups are one hash, one load and one compare, whether the key is planned or not.
    final class Tables: @unchecked Sendable {
        struct Entry {
            /// The key's first 8 bytes (zero-padded), its length (-1: empty slot), the child node,
            /// and where the key's bytes after the 8th are in `keyBytes`.
            var prefix: UInt64
            var length: Int32
            var node: Int32
            var rest: Int32
        }

        /// Per node: capture index (or -1).
        let nodeCapture: UnsafeMutableBufferPointer<Int32>
        /// Per node: first entry of its key table in `entries` (-1: no key children) and the table
        /// size minus one (a power of two minus one).
        let nodeTable: UnsafeMutableBufferPointer<Int32>
        let nodeMask: UnsafeMutableBufferPointer<Int32>
        /// Per node: range of its index children in `indexChildren`.
        let nodeIndexStart: UnsafeMutableBufferPointer<Int32>
        let nodeIndexCount: UnsafeMutableBufferPointer<Int32>
        let entries: UnsafeMutableBufferPointer<Entry>
        let keyBytes: UnsafeMutableBufferPointer<UInt8>
        /// (index, node) pairs.
        let indexChildren: UnsafeMutableBufferPointer<Int>
        let nodeCount: Int
        let captureCount: Int

        init(_ plan: CapturePlan) {
            nodeCount = plan.nodes.count
            captureCount = plan.captureCount
            nodeCapture = .allocate(capacity: nodeCount)
            nodeTable = .allocate(capacity: nodeCount)
            nodeMask = .allocate(capacity: nodeCount)
            nodeIndexStart = .allocate(capacity: nodeCount)
            nodeIndexCount = .allocate(capacity: nodeCount)
            // Children per parent node.
            var keyChildren = Array(repeating: [Child](), count: nodeCount)
            for (n, node) in plan.nodes.enumerated() {
                guard let buckets = node.buckets else { continue }
                for head in buckets {
                    var c = head
                    while c >= 0 {
                        keyChildren[n].append(plan.children[Int(c)])
                        c = plan.children[Int(c)].next
                    }
                }
            }
            var entryList: [Entry] = []
            var bytes: [UInt8] = []
            var indexList: [Int] = []
            for (n, node) in plan.nodes.enumerated() {
                nodeCapture[n] = node.capture
                nodeIndexStart[n] = Int32(indexList.count / 2)
                nodeIndexCount[n] = Int32(node.indexChildren.count)
                for (index, child) in node.indexChildren { indexList.append(contentsOf: [index, Int(child)]) }
                let children = keyChildren[n]
                guard !children.isEmpty else {
                    nodeTable[n] = -1
                    nodeMask[n] = 0
                    continue
                }
                var size = 8
                while size < 2 * children.count { size *= 2 }
                let start = entryList.count
                entryList.append(contentsOf: repeatElement(Entry(prefix: 0, length: -1, node: -1, rest: 0), count: size))
                for child in children {
                    let prefix = child.key.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
                    var slot = Tables.hash(prefix, child.key.count) & (size - 1)
                    while entryList[start + slot].length >= 0 { slot = (slot + 1) & (size - 1) }
                    entryList[start + slot] = Entry(prefix: prefix, length: Int32(child.key.count), node: child.node,
                                                    rest: Int32(bytes.count))
                    bytes.append(contentsOf: child.key.dropFirst(8))
                }
                nodeTable[n] = Int32(start)
                nodeMask[n] = Int32(size - 1)
            }
            entries = .allocate(capacity: max(1, entryList.count))
            _ = entries.initialize(from: entryList)
            indexChildren = .allocate(capacity: max(1, indexList.count))
            _ = indexChildren.initialize(from: indexList)
            // Padded: keys are compared a word at a time and may be read 7 bytes past their end.
            bytes.append(contentsOf: repeatElement(0, count: 16))
            keyBytes = .allocate(capacity: bytes.count)
            _ = keyBytes.initialize(from: bytes)
        }

        deinit {
            for p in [nodeCapture, nodeTable, nodeMask, nodeIndexStart, nodeIndexCount] { p.deallocate() }
            entries.deallocate()
            keyBytes.deallocate()
            indexChildren.deallocate()
        }

        @inline(__always) static func hash(_ prefix: UInt64, _ length: Int) -> Int {
            Int(truncatingIfNeeded: ((prefix ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> 40)
        }

        /// The key child of `node` whose key is `key`, or -1. `key` must be followed by at least
        /// 8 readable bytes (the scanner's record padding).
        @inline(__always) func child(_ node: Int32, _ key: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
            let start = nodeTable[Int(node)]
            if start < 0 { return -1 }
            let mask = Int(nodeMask[Int(node)])
            // safe: the caller guarantees 8 readable bytes at key (record padding or padded copy);
            // keyBytes has 16 zero bytes after the last key's rest, so `equal` stays in bounds too.
            let word = UnsafeRawPointer(key).loadUnaligned(as: UInt64.self)
            let prefix = count >= 8 ? word : word & ((1 &<< UInt64(truncatingIfNeeded: 8 &* count)) &- 1)
            var slot = Tables.hash(prefix, count) & mask
            while true {
                let e = entries[Int(start) &+ slot]
                if e.length < 0 { return -1 }
                if Int(e.length) == count && e.prefix == prefix
                    && (count <= 8 || Tables.equal(key + 8, keyBytes.baseAddress! + Int(e.rest), count &- 8)) {
                    return e.node
                }
                slot = (slot &+ 1) & mask
            }
        }

        /// `n` bytes equal, compared 8 at a time (both sides readable 7 bytes past `n`).
        @inline(__always) static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
            let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
            var k = 0
            while k &+ 8 <= n {
                if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                    return false
                }
                k &+= 8
            }
            guard k < n else { return true }
            let mask = UInt64.max >> UInt64(64 &- 8 &* (n &- k))
            let x = ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ rb.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            return x & mask == 0
        }

        /// The child of `node` for array element `index`, or -1 (at most one: see `capture`).
        @inline(__always) func elementChild(_ node: Int32, _ index: Int) -> Int32 {
            let count = Int(nodeIndexCount[Int(node)])
            if count == 0 { return -1 }
            let start = Int(nodeIndexStart[Int(node)])
            for k in 0..<count where indexChildren[2 * (start + k)] == index {
                return Int32(indexChildren[2 * (start + k) + 1])
            }
            return -1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
