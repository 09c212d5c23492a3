// StringSet.swift - the right-hand side of `in` / `intersects` for string fields.

/// A set of byte strings, built once (typically a global `let` in generated code) and probed with
/// field values without allocating: an open-addressing hash table over one flat byte buffer.
///
/// Items are cut at their first NUL, as libsinsp compares C strings (spec §3.4: trailing NULs
/// ignored).
public struct StringSet: Sendable {
    /// All items back to back.
    @usableFromInline let bytes: [UInt8]
    /// Item `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    @usableFromInline let offsets: [Int]
    /// Hash slots holding an item index, or -1 when empty; the count is a power of two.
    @usableFromInline let slots: [Int32]

    /// The number of distinct items.
    public var count: Int { offsets.count - 1 }

    public init(_ items: [StaticString]) {
        self.init(byteItems: items.map { item in
            ByteCompare.literalBytes(item) { Array($0) }
        })
    }

    /// A set of arbitrary byte strings (cut at NUL like the literal form).
    public init(byteItems items: [[UInt8]]) {
        var bytes: [UInt8] = []
        var offsets = [0]
        var seen = Set<[UInt8]>()
        for var item in items {
            if let z = item.firstIndex(of: 0) { item.removeSubrange(z...) }
            guard seen.insert(item).inserted else { continue }
            bytes.append(contentsOf: item)
            offsets.append(bytes.count)
        }
        var capacity = 8
        while capacity < (offsets.count - 1) * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for i in 0..<(offsets.count - 1) {
            let h = bytes[offsets[i]..<offsets[i + 1]].withUnsafeBytes { StringSet.hash($0) }
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(i)
        }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
    }

    /// Whether `value` is one of the items (exact bytes).
    @inlinable public func contains(_ value: ByteString) -> Bool {
        value.withUnsafeBytes { contains($0) }
    }

    @inlinable public func contains(_ value: UnsafeRawBufferPointer) -> Bool {
        index(of: value) != nil
    }

    /// The position of `value` among the distinct items, in the order they were first given.
    @inlinable public func index(of value: UnsafeRawBufferPointer) -> Int? {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: StringSet.hash(value)) & mask
        // safe: `all` is used only inside the closure; offsets are ascending within bytes.count.
        return bytes.withUnsafeBytes { all in
            while true {
                let item = Int(slots[s])
                if item < 0 { return nil }
                let start = offsets[item], end = offsets[item + 1]
                if end - start == value.count,
                   ByteCompare.equal(UnsafeRawBufferPointer(rebasing: all[start..<end]), value) {
                    return item
                }
                s = (s + 1) & mask
            }
        }
    }

    /// FNV-1a, 64 bit.
    @inlinable static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b {
            h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }
}
