// JSONScanner.swift - forward-only, validating scan of one record that records only planned values.

/// Where one planned value is in the record: valid for the record scanned with `generation`.
@usableFromInline struct Capture: Sendable {
    /// Byte offsets of the value's text: `start` at its first byte (the quote, brace, bracket),
    /// `end` just past its last.
    @usableFromInline var start: Int32
    @usableFromInline var end: Int32
    /// `JSONTape.Kind` raw value.
    @usableFromInline var kind: UInt8
    /// A string with backslash escapes (its bytes need unescaping before use).
    @usableFromInline var escaped: Bool
    @usableFromInline var generation: UInt32

    static let empty = Capture(start: 0, end: 0, kind: 0, escaped: false, generation: 0)
}

/// The hot loop of a scan: one pass over a record that validates it as strictly as `JSONTape`'s
/// parser (RFC 8259; same depth limit) and fills in a `Capture` for every value of the
/// `CapturePlan`, without building anything for the rest.
///
/// - The record lies in memory the caller owns, followed by at least `JSONScanner.padding` zero
///   bytes. The zeros are the sentinel that ends every inner loop: a zero is a control character
///   (ends a string scan), not whitespace, not a digit, not a structural byte, so reaching the end
///   of the record inside any token is a mismatch, and the loops need no bounds checks. Strings
///   are searched 16 bytes at a time for `"`, `\` and control characters.
/// - Keys are compared as raw bytes against the plan; a key with escapes is unescaped first, so
///   `"event\u004eame"` is `eventName` (fastjson compares unescaped keys). Only the first member
///   with a given key counts (fastjson's `Get`).
/// - It only answers valid / invalid: for an invalid record the caller runs `JSONTape.parse` to
///   get the exact message and offset. A record whose top-level value is not an object is
///   "invalid" here for the same reason.
///
/// All state is behind pointers, so the hot loop has no exclusivity checks.
struct JSONScanner: ~Copyable {
    /// Zero bytes the caller guarantees after the record.
    static let padding = 64

    private struct Frame {
        var node: Int32
        var capture: Int32
        var start: Int32
        var index: Int32
        var isArray: Bool
    }

    /// Per-scan results and scratch memory.
    private struct Work {
        /// The last scan met the escape `\u0000`: only then can a value contain a NUL byte.
        var sawNUL = false
        /// Unescaped key bytes (keys with backslashes only), kept for their capacity.
        var key: [UInt8] = []
    }

    let maxDepth: Int
    private let frames: UnsafeMutablePointer<Frame>
    private let work: UnsafeMutablePointer<Work>

    init(maxDepth: Int = JSONTape.defaultMaxDepth) {
        self.maxDepth = maxDepth
        frames = .allocate(capacity: maxDepth + 1)
        work = .allocate(capacity: 1)
        work.initialize(to: Work())
    }

    deinit {
        frames.deallocate()
        work.deinitialize(count: 1)
        work.deallocate()
    }

    /// Whether the last scanned record contains the escape `\u0000`.
    var sawNUL: Bool { work.pointee.sawNUL }

    /// Scans `count` bytes at `p` (followed by `padding` zero bytes). Returns true for a valid
    /// JSON object, with `captures[i]` set (stamped `generation`) for each planned value present;
    /// `visited` (one per plan node) is scratch space stamped with `generation` too.
    func scan(_ p: UnsafePointer<UInt8>, count: Int, plan: CapturePlan.Tables,
              captures: UnsafeMutablePointer<Capture>, visited: UnsafeMutablePointer<UInt32>,
              generation: UInt32) -> Bool {
        scan(p, count: count, wholeText: true, plan: plan, captures: captures, visited: visited,
             generation: generation) >= 0
    }

    /// `scan(_:count:plan:captures:visited:generation:)` that, without `wholeText`, accepts any
    /// bytes after the object (a record followed by the rest of its file): returns the offset just
    /// past the object, or -1 when the bytes are not a valid object up to `count` (which may just
    /// mean that the object goes on past `count`).
    func scan(_ p: UnsafePointer<UInt8>, count: Int, wholeText: Bool, plan: CapturePlan.Tables,
              captures: UnsafeMutablePointer<Capture>, visited: UnsafeMutablePointer<UInt32>,
              generation: UInt32) -> Int {
        let invalid = -1
        var i = 0
        var depth = 0
        // The plan node and capture of the value about to be read (-1: not planned).
        var node: Int32 = CapturePlan.root
        var capture: Int32 = -1
        var sawNUL = false
        defer { work.pointee.sawNUL = sawNUL }

        i = Self.skipWhitespace(p, i)
        // safe: i <= count and p[count] is readable (padding).
        guard p[i] == UInt8(ascii: "{") else { return invalid }

        while true {
            // MARK: A value at i (after optional whitespace)
            var c = p[i]  // safe: i <= count (every token scan stops at the zero sentinel)
            if c <= 0x20 {
                i = Self.skipWhitespace(p, i)
                c = p[i]
            }
            var closed = false
            switch c {
            case UInt8(ascii: "\""):
                let start = i
                var escaped = false
                guard let end = Self.endOfString(p, i + 1, &escaped, &sawNUL) else { return invalid }
                i = end
                if capture >= 0 {
                    captures[Int(capture)] = Capture(start: Int32(start), end: Int32(end), kind: JSONTape.Kind.string.rawValue,
                                                     escaped: escaped, generation: generation)
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxDepth else { return invalid }
                let isArray = c == UInt8(ascii: "[")
                frames[depth] = Frame(node: node, capture: capture, start: Int32(i), index: 0, isArray: isArray)
                depth += 1
                i += 1
                if p[i] <= 0x20 { i = Self.skipWhitespace(p, i) }
                if p[i] == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    i += 1
                    closed = true
                } else if isArray {
                    node = node >= 0 ? plan.elementChild(node, 0) : -1
                    capture = node >= 0 ? plan.nodeCapture[Int(node)] : -1
                    continue
                } else {
                    guard Self.readKey(p, &i, parent: node, plan: plan, visited: visited, generation: generation,
                                       sawNUL: &sawNUL, work: work, node: &node, capture: &capture) else { return invalid }
                    continue
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                guard let end = Self.endOfNumber(p, i) else { return invalid }
                i = end
                if capture >= 0 {
                    captures[Int(capture)] = Capture(start: Int32(start), end: Int32(end), kind: JSONTape.Kind.number.rawValue,
                                                     escaped: false, generation: generation)
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let kind: JSONTape.Kind
                let length: Int
                // safe: the padding makes 8 bytes readable from any i <= count; the zero sentinel
                // mismatches every literal.
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0xFFFF_FFFF == 0x6575_7274 {  // "true"
                    kind = .true
                    length = 4
                } else if word & 0xFF_FFFF_FFFF == 0x65_736C_6166 {  // "false"
                    kind = .false
                    length = 5
                } else if word & 0xFFFF_FFFF == 0x6C6C_756E {  // "null"
                    kind = .null
                    length = 4
                } else {
                    return invalid
                }
                if capture >= 0 {
                    captures[Int(capture)] = Capture(start: Int32(i), end: Int32(i + length), kind: kind.rawValue,
                                                     escaped: false, generation: generation)
                }
                i += length
            default:
                return invalid
            }

            // MARK: After a value: `,` `}` `]`, or the end
            while true {
                if closed {
                    depth -= 1
                    let f = frames[depth]
                    if f.capture >= 0 {
                        captures[Int(f.capture)] = Capture(
                            start: f.start, end: Int32(i),
                            kind: f.isArray ? JSONTape.Kind.array.rawValue : JSONTape.Kind.object.rawValue,
                            escaped: false, generation: generation)
                    }
                    closed = false
                    if depth == 0 && !wholeText { return i }
                }
                if p[i] <= 0x20 { i = Self.skipWhitespace(p, i) }
                if depth == 0 { return i == count ? i : invalid }
                let top = depth - 1
                let c = p[i]
                if c == UInt8(ascii: ",") {
                    i += 1
                    if frames[top].isArray {
                        frames[top].index += 1
                        let parent = frames[top].node
                        node = parent >= 0 ? plan.elementChild(parent, Int(frames[top].index)) : -1
                        capture = node >= 0 ? plan.nodeCapture[Int(node)] : -1
                    } else {
                        guard Self.readKey(p, &i, parent: frames[top].node, plan: plan, visited: visited,
                                           generation: generation, sawNUL: &sawNUL, work: work, node: &node,
                                           capture: &capture)
                        else { return invalid }
                    }
                    break
                }
                guard c == (frames[top].isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) else { return invalid }
                i += 1
                closed = true
            }
        }
    }

    /// Reads `"key"` and `:` at `i` (after optional whitespace); sets the plan node and capture of
    /// the member's value. False on a syntax error.
    @inline(__always)
    private static func readKey(_ p: UnsafePointer<UInt8>, _ i: inout Int, parent: Int32, plan: CapturePlan.Tables,
                                visited: UnsafeMutablePointer<UInt32>, generation: UInt32, sawNUL: inout Bool,
                                work: UnsafeMutablePointer<Work>, node: inout Int32, capture: inout Int32) -> Bool {
        var j = i
        if p[j] <= 0x20 { j = Self.skipWhitespace(p, j) }
        guard p[j] == UInt8(ascii: "\"") else { return false }
        let keyStart = j + 1
        var escaped = false
        guard let end = Self.endOfString(p, keyStart, &escaped, &sawNUL) else { return false }
        j = end
        if p[j] <= 0x20 { j = Self.skipWhitespace(p, j) }
        guard p[j] == UInt8(ascii: ":") else { return false }
        i = j + 1
        guard parent >= 0 else {
            node = -1
            capture = -1
            return true
        }
        var child: Int32
        if !escaped {
            child = plan.child(parent, p + keyStart, end - 1 - keyStart)
        } else {
            child = unescapedKeyChild(parent, p + keyStart, end - 1 - keyStart, plan, work)
        }
        // fastjson's Get takes the first member with the key: later duplicates are skipped.
        if child >= 0 {
            if visited[Int(child)] == generation {
                child = -1
            } else {
                visited[Int(child)] = generation
            }
        }
        node = child
        capture = child >= 0 ? plan.nodeCapture[Int(child)] : -1
        return true
    }

    /// The plan child for a key written with escapes (rare): unescaped, then looked up.
    @inline(never)
    private static func unescapedKeyChild(_ parent: Int32, _ key: UnsafePointer<UInt8>, _ count: Int,
                                          _ plan: CapturePlan.Tables, _ work: UnsafeMutablePointer<Work>) -> Int32 {
        // safe: key..<key + count is inside the record; the padded copy outlives the lookup.
        work.pointee.key = JSONString.unescape(UnsafeBufferPointer(start: key, count: count))
        // Padded so the lookup's word compares may read past the key.
        let n = work.pointee.key.count
        work.pointee.key.append(contentsOf: repeatElement(0, count: 16))
        return work.pointee.key.withUnsafeBufferPointer { plan.child(parent, $0.baseAddress!, n) }
    }

    @inline(__always)
    private static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while true {
            let c = p[i]  // safe: the zero sentinel is not whitespace
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return i }
            i += 1
        }
    }

    /// The offset just past the closing quote of the string whose content starts at `start`, or
    /// nil if the string is invalid (raw control character, bad escape, no closing quote).
    ///
    /// Sixteen bytes at a time: the loads may read up to 15 bytes past the sentinel, which the
    /// padding covers (a search never starts past the sentinel, and stops at it). Quotes and the
    /// other special bytes (`\`, control characters) are told apart by their masks, so the common
    /// case, the closing quote, is found without reading the byte again (that load would sit on
    /// the critical path from one token to the next). The vector types are spelled out: with
    /// inferred types the comparisons are not vectorised.
    @inline(__always)
    static func endOfString(_ p: UnsafePointer<UInt8>, _ start: Int, _ escaped: inout Bool, _ nul: inout Bool) -> Int? {
        var i = start
        let raw = UnsafeRawPointer(p)
        while true {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let q = unsafeBitCast(v .== SIMD16<UInt8>(repeating: 0x22), to: SIMD2<UInt64>.self)
            let o = unsafeBitCast((v .== SIMD16<UInt8>(repeating: 0x5C)) .| (v .< SIMD16<UInt8>(repeating: 0x20)),
                                  to: SIMD2<UInt64>.self)
            var w = q[0] | o[0]
            var isQuote: Bool
            var k: Int
            if w != 0 {
                k = w.trailingZeroBitCount
                isQuote = q[0].trailingZeroBitCount == k
            } else {
                w = q[1] | o[1]
                guard w != 0 else {
                    i &+= 16
                    continue
                }
                k = 64 &+ w.trailingZeroBitCount
                isQuote = q[1].trailingZeroBitCount &+ 64 == k
            }
            i &+= k &>> 3
            if isQuote { return i &+ 1 }
            // A backslash, a control character or the sentinel.
            guard p[i] == UInt8(ascii: "\\") else { return nil }
            escaped = true
            switch p[i &+ 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i &+= 2
            case UInt8(ascii: "u"):
                // safe: hex digits are never zero, so the sentinel stops the checks.
                guard isHex(p[i &+ 2]), isHex(p[i &+ 3]), isHex(p[i &+ 4]), isHex(p[i &+ 5]) else { return nil }
                if p[i &+ 2] == 0x30 && p[i &+ 3] == 0x30 && p[i &+ 4] == 0x30 && p[i &+ 5] == 0x30 { nul = true }
                i &+= 6
            default:
                return nil
            }
        }
    }

    @inline(__always) private static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
    }

    /// The offset just past an RFC 8259 number starting at `start`, or nil.
    @inline(__always)
    static func endOfNumber(_ p: UnsafePointer<UInt8>, _ start: Int) -> Int? {
        @inline(__always) func digit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        var i = start
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(p[i]) else { return nil }
        if p[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while digit(p[i]) { i += 1 }
        }
        if p[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(p[i]) else { return nil }
            while digit(p[i]) { i += 1 }
        }
        if p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(p[i]) else { return nil }
            while digit(p[i]) { i += 1 }
        }
        return i
    }
}
