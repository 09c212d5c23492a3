// ObjectMembers.swift - the members of one complete JSON object held in memory, key by key.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the top level of a JSON object whose bytes are all in memory (the envelope scanner has
/// already found where it ends), yielding each member's key and value ranges. Values are skipped by
/// structure (`ValueScanner`), never parsed, so looking at an item's keys costs one light pass.
///
/// Keys are compared as raw bytes (escapes not decoded), as the envelope scanner does: CloudTrail,
/// EventBridge and the AWS CLI never escape the letters of a key. Malformed member syntax ends the
/// walk and sets `isMalformed`; the event parser reports the details for records that get there.
struct ObjectMembers: IteratorProtocol {
    struct Member {
        /// The key's bytes, between its quotes.
        var key: Range<Int>
        /// The value's bytes (with quotes for a string).
        var value: Range<Int>
        var kind: ValueScanner.Kind
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Index of the object's closing `}`.
    private let close: Int
    private var i: Int
    private var first = true
    private var done = false
    private var scanner = ValueScanner()
    private(set) var isMalformed = false

    /// - Parameter object: the range of a structurally balanced object, `{` … `}`, in `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, object: Range<Int>) {
        precondition(object.count >= 2 && bytes[object.lowerBound] == InputByte.openBrace
            && bytes[object.upperBound - 1] == InputByte.closeBrace)
        // Only the object's bytes: scalars end at its `}` and nothing beyond can be read.
        self.bytes = UnsafeBufferPointer(rebasing: bytes[..<object.upperBound])
        close = object.upperBound - 1
        i = object.lowerBound + 1
    }

    /// The bytes of `range` equal `literal`.
    func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        Self.equals(bytes, range, literal)
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        // In bounds (checked above); memcmp because this runs for every key of every item.
        return range.isEmpty || memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    mutating func next() -> Member? {
        guard !done else { return nil }
        skipWhitespace()
        if !first {
            if i < close && bytes[i] == InputByte.comma {
                i += 1
                skipWhitespace()
            } else {
                return finish(malformed: i != close)
            }
        } else if i == close {
            return finish(malformed: false)
        }
        first = false
        // "key"
        guard i < close, bytes[i] == InputByte.quote else { return finish(malformed: true) }
        let keyStart = i + 1
        i = keyStart
        var escaped = false
        while i < close {
            let c = bytes[i]
            if escaped { escaped = false } else if c == InputByte.backslash { escaped = true } else if c == InputByte.quote { break }
            i += 1
        }
        guard i < close else { return finish(malformed: true) }
        let key = keyStart..<i
        i += 1
        // :
        skipWhitespace()
        guard i < close, bytes[i] == InputByte.colon else { return finish(malformed: true) }
        i += 1
        skipWhitespace()
        // value
        guard i < close, scanner.start(bytes[i]) else { return finish(malformed: true) }
        let valueStart = i
        i += 1
        guard scanner.scan(bytes, index: &i) == .complete, i <= close else { return finish(malformed: true) }
        return Member(key: key, value: valueStart..<i, kind: scanner.kind)
    }

    private mutating func skipWhitespace() {
        while i < close && InputByte.isWhitespace(bytes[i]) { i += 1 }
    }

    private mutating func finish(malformed: Bool) -> Member? {
        done = true
        isMalformed = malformed
        return nil
    }
}
