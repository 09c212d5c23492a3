// JSONPointer.swift - a json.value[...] argument, split once, walked per event like the json plugin.

/// A JSON pointer as the json plugin interprets it (spec §2.5): one leading `/` is stripped, the
/// rest is split on `/`, and in each token `~1` becomes `/` and then `~0` becomes `~`. Each token
/// selects an object member by key, or an array element when the token is an integer as Go's
/// `strconv.Atoi` reads it (so `01` and `+1` select element 1, `-1` selects nothing).
///
/// Parsed once per field slot; walking it allocates nothing.
public struct JSONPointer: Sendable, Hashable {
    /// One reference token.
    public struct Token: Sendable, Hashable {
        /// The member key the token names (after `~1`/`~0` decoding).
        public var key: [UInt8]
        /// The array index the token names, if it is one.
        public var index: Int?
    }

    public let tokens: [Token]
    /// An empty argument: the whole record.
    public let isWholeDocument: Bool

    public init(_ argument: String) {
        var text = Array(argument.utf8)
        guard !text.isEmpty else {
            tokens = []
            isWholeDocument = true
            return
        }
        isWholeDocument = false
        if text.first == UInt8(ascii: "/") { text.removeFirst() }
        tokens = text.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { raw in
            let key = JSONPointer.replace(JSONPointer.replace(Array(raw), "~1", "/"), "~0", "~")
            return Token(key: key, index: JSONPointer.goAtoi(key))
        }
    }

    /// The node the pointer selects in `tape`, or nil.
    public func resolve(in tape: JSONTape) -> Int? {
        var node = tape.root
        for token in tokens {
            guard let next = token.key.withUnsafeBytes({ tape.child(node, key: $0, parsedIndex: token.index) })
            else { return nil }
            node = next
        }
        return node
    }

    /// Go's `strings.Replace(s, old, new, -1)` on bytes (left to right, non-overlapping).
    static func replace(_ s: [UInt8], _ old: StaticString, _ new: StaticString) -> [UInt8] {
        // safe: a StaticString's bytes are static.
        let o = UnsafeBufferPointer(start: old.utf8Start, count: old.utf8CodeUnitCount)
        let r = UnsafeBufferPointer(start: new.utf8Start, count: new.utf8CodeUnitCount)
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if i + o.count <= s.count, s[i..<(i + o.count)].elementsEqual(o) {
                out.append(contentsOf: r)
                i += o.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// Go's `strconv.Atoi`: optional sign, one or more decimal digits, within the 64-bit range.
    /// Negative results are returned as nil (fastjson rejects them as indices anyway).
    static func goAtoi(_ s: [UInt8]) -> Int? {
        var digits = s[...]
        var negative = false
        if let f = digits.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var v: UInt64 = 0
        for c in digits {
            guard c >= 0x30, c <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 0x30))
            guard !o1, !o2 else { return nil }
            v = a
        }
        if negative { return v == 0 ? 0 : nil }
        return v <= UInt64(Int.max) ? Int(v) : nil
    }
}
