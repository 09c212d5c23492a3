// JSONTape.swift - one parsed JSON text as a flat, reusable array of nodes (no tree, no Foundation).

/// One JSON text parsed into a flat array of nodes in document order.
///
/// Every value is one node; an object's members are its key node (a string) followed by the value's
/// subtree. Each node knows its byte range in the source and the index just past its subtree, so
/// siblings are reached in O(1) and nothing but the node array is allocated. The node array keeps its
/// capacity across `parse` calls, so parsing record after record does not allocate in steady state.
///
/// Lookups follow the fastjson semantics the cloudtrail and json plugins rely on (spec §2.2):
/// first matching key wins, keys are compared after unescaping, arrays are indexed by decimal keys.
public struct JSONTape: Sendable {
    /// The type of a node.
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    /// A node: kind, flags, byte range of its token(s) in the source, index past its subtree.
    @usableFromInline struct Node: Sendable {
        /// Bits 0-7: `Kind`; bit 8: the string contains escapes.
        @usableFromInline var info: UInt32
        /// Offset of the first byte (the opening quote/brace/bracket for strings/containers).
        @usableFromInline var start: UInt32
        /// Offset just past the last byte (past the closing quote/brace/bracket).
        @usableFromInline var end: UInt32
        /// Index of the first node after this node's subtree.
        @usableFromInline var next: UInt32

        @usableFromInline static let escapedFlag: UInt32 = 0x100

        @inlinable init(kind: Kind, escaped: Bool = false, start: Int, end: Int, next: Int) {
            self.info = UInt32(kind.rawValue) | (escaped ? Node.escapedFlag : 0)
            self.start = UInt32(truncatingIfNeeded: start)
            self.end = UInt32(truncatingIfNeeded: end)
            self.next = UInt32(truncatingIfNeeded: next)
        }

        @inlinable var kind: Kind { Kind(rawValue: UInt8(truncatingIfNeeded: info))! }
        @inlinable var isEscaped: Bool { info & Node.escapedFlag != 0 }
    }

    /// The parsed text (the nodes' offsets are relative to its `startIndex`).
    public internal(set) var source: ByteString = []
    @usableFromInline var nodes: [Node] = []
    /// True when some string contains the escape `\u0000`: only then can a value hold a NUL byte.
    public internal(set) var mayContainNUL = false
    /// Scratch stack of open containers, kept for its capacity.
    var openContainers: [Int] = []

    public init() {}

    /// Index of the top-level value.
    public var root: Int { 0 }

    /// Number of nodes (0 before the first successful parse).
    public var nodeCount: Int { nodes.count }

    // MARK: - Node facts

    @inlinable public func kind(_ node: Int) -> Kind { nodes[node].kind }

    /// Whether the string node `node` contains backslash escapes.
    @inlinable public func isEscaped(_ node: Int) -> Bool { nodes[node].isEscaped }

    /// The byte range (relative to `source.startIndex`) of the node's complete text.
    @inlinable public func range(_ node: Int) -> Range<Int> {
        Int(nodes[node].start)..<Int(nodes[node].end)
    }

    /// The node's complete original text: a number's digits, a string with its quotes and escapes,
    /// a container with its original whitespace.
    @inlinable public func rawText(_ node: Int) -> ByteString {
        let r = range(node)
        let base = source.startIndex
        return source[(base + r.lowerBound)..<(base + r.upperBound)]
    }

    /// Index of the first node after the subtree of `node` (its next sibling, if any).
    @inlinable public func next(_ node: Int) -> Int { Int(nodes[node].next) }

    // MARK: - Strings

    /// The unescaped bytes of a string node: a slice of the source when it has no escapes (no copy),
    /// an owned array otherwise. Unescaping follows fastjson's `unescapeStringBestEffort`.
    @inlinable public func string(_ node: Int) -> ByteString {
        let n = nodes[node]
        let base = source.startIndex
        let content = source[(base + Int(n.start) + 1)..<(base + Int(n.end) - 1)]
        if !n.isEscaped { return content }
        return ByteString(JSONString.unescape(content))
    }

    /// Whether the (unescaped) string node equals `bytes`.
    @inlinable public func stringEquals(_ node: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = nodes[node]
        let base = source.startIndex
        let content = source[(base + Int(n.start) + 1)..<(base + Int(n.end) - 1)]
        if !n.isEscaped {
            guard content.count == bytes.count else { return false }
            return content.withUnsafeBytes { JSONTape.equalBytes($0, bytes) }
        }
        let unescaped = JSONString.unescape(content)
        guard unescaped.count == bytes.count else { return false }
        return unescaped.withUnsafeBytes { JSONTape.equalBytes($0, bytes) }
    }

    /// `stringEquals(_:_:)` with a literal.
    @inlinable public func stringEquals(_ node: Int, _ literal: StaticString) -> Bool {
        // safe: a StaticString's bytes are static.
        stringEquals(node, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inlinable static func equalBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        // safe: both buffers have a.count readable bytes (checked above).
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }

    // MARK: - Navigation

    /// The value of the first member of object `object` whose (unescaped) key is `key`; nil when
    /// `object` is not an object or has no such member.
    @inlinable public func member(_ object: Int, _ key: UnsafeRawBufferPointer) -> Int? {
        let o = nodes[object]
        guard o.kind == .object else { return nil }
        var k = object + 1
        let end = Int(o.next)
        while k < end {
            if stringEquals(k, key) { return k + 1 }
            k = Int(nodes[k + 1].next)
        }
        return nil
    }

    /// `member(_:_:)` with a literal key.
    @inlinable public func member(_ object: Int, _ key: StaticString) -> Int? {
        // safe: a StaticString's bytes are static.
        member(object, UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// `member(_:_:)` with a key held in an array.
    @inlinable public func member(_ object: Int, _ key: [UInt8]) -> Int? {
        key.withUnsafeBytes { member(object, $0) }
    }

    /// Element `index` (0-based) of array `array`; nil when not an array or out of range.
    @inlinable public func element(_ array: Int, _ index: Int) -> Int? {
        let a = nodes[array]
        guard a.kind == .array, index >= 0 else { return nil }
        var e = array + 1
        let end = Int(a.next)
        var i = 0
        while e < end {
            if i == index { return e }
            i += 1
            e = Int(nodes[e].next)
        }
        return nil
    }

    /// Number of elements of an array or members of an object (0 for scalars).
    public func count(_ container: Int) -> Int {
        let c = nodes[container]
        let step = c.kind == .object ? 2 : 1
        guard c.kind == .object || c.kind == .array else { return 0 }
        var n = 0
        var e = container + 1
        let end = Int(c.next)
        while e < end {
            n += 1
            e = Int(nodes[e + step - 1].next)
        }
        return n
    }

    /// The element nodes of an array, in order (empty for non-arrays).
    public func elements(_ array: Int) -> ElementSequence { ElementSequence(tape: self, container: array) }

    /// Iterates the element nodes of an array without allocating.
    public struct ElementSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        var cursor: Int
        let end: Int

        init(tape: JSONTape, container: Int) {
            self.tape = tape
            if tape.kind(container) == .array {
                cursor = container + 1
                end = tape.next(container)
            } else {
                cursor = 0
                end = 0
            }
        }

        public mutating func next() -> Int? {
            guard cursor < end else { return nil }
            defer { cursor = tape.next(cursor) }
            return cursor
        }
    }

    /// fastjson's `Get(key)` step: an object member by key, or an array element when the key is a
    /// decimal index as Go's `strconv.Atoi` reads it (`parsedIndex`); nil otherwise.
    @inlinable public func child(_ node: Int, key: UnsafeRawBufferPointer, parsedIndex: Int?) -> Int? {
        switch nodes[node].kind {
        case .object: return member(node, key)
        case .array: return parsedIndex.flatMap { element(node, $0) }
        default: return nil
        }
    }

    // MARK: - Re-serialisation

    /// Appends the node compactly, as fastjson's `MarshalTo` does for a value no field has unescaped:
    /// whitespace outside strings dropped, key order, number text and string escapes preserved.
    ///
    /// fastjson re-escapes strings (and keys) that a field happened to read before, so Falco's text
    /// can depend on extraction order (spec §2.2); we always emit the original escapes, which is also
    /// what Falco prints for every string no field has read.
    public func appendCompact(_ node: Int, to out: inout [UInt8]) {
        let r = range(node)
        // safe: r is the node's range in source (a parsed node), and buf does not leave the closure.
        source.withUnsafeBufferPointer { buf in
            JSONTape.appendCompact(UnsafeBufferPointer(rebasing: buf[r]), to: &out)
        }
    }

    /// `appendCompact(_:to:)` on the text of one valid JSON value.
    static func appendCompact(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var inString = false
        var i = 0
        while i < text.count {
            let c = text[i]  // safe: i < text.count
            if inString {
                out.append(c)
                if c == UInt8(ascii: "\\") {
                    i += 1
                    out.append(text[i])  // safe: valid JSON never ends a string with a lone backslash
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch c {
                case 0x20, 0x09, 0x0A, 0x0D: break
                case UInt8(ascii: "\""): inString = true; out.append(c)
                default: out.append(c)
                }
            }
            i += 1
        }
    }

    /// The compact text of a node (see `appendCompact`).
    public func compact(_ node: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range(node).count)
        appendCompact(node, to: &out)
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
