// ByteArena.swift - per-record scratch memory for values that are not slices of the record.

/// Bump allocation for the bytes of values the record does not hold as such (unescaped strings,
/// compact JSON, computed fields) so operators can compare them as raw bytes. Blocks never move,
/// so a buffer handed out stays valid until `reset()`, which `Event.load` calls per record; the
/// first block is kept, so steady state allocates nothing.
struct ByteArena: ~Copyable {
    private var blocks: [(start: UnsafeMutableRawPointer, capacity: Int)] = []
    private let blockSize: Int
    /// Bytes used in the last block.
    private var used = 0

    init(blockSize: Int = 16 * 1024) {
        self.blockSize = blockSize
    }

    deinit {
        for b in blocks { b.start.deallocate() }
    }

    /// Forgets every buffer handed out (they must no longer be used); keeps the first block.
    mutating func reset() {
        if blocks.count > 1 {
            for b in blocks.dropFirst() { b.start.deallocate() }
            blocks.removeSubrange(1...)
        }
        used = 0
    }

    /// A copy of `bytes` that lives until the next `reset()`.
    mutating func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let n = bytes.count
        if blocks.isEmpty || used + n > blocks[blocks.count - 1].capacity {
            let capacity = max(blockSize, n)
            blocks.append((.allocate(byteCount: capacity, alignment: 16), capacity))
            used = 0
        }
        // safe: used + n <= capacity of the last block (a new block of max(blockSize, n) otherwise),
        // and blocks never move, so the result stays valid until `reset()`/deinit.
        let destination = blocks[blocks.count - 1].start + used
        if n > 0 { destination.copyMemory(from: bytes.baseAddress!, byteCount: n) }
        used += n
        return UnsafeRawBufferPointer(start: destination, count: n)
    }
}
