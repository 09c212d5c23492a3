// StringOperator.swift - Falco's string operators as one value, for the places that choose the
// operator at run time: list modifiers (`contains anyof (...)`) and field-vs-field comparisons.

/// A string operator (spec §3.4) and its one implementation on byte buffers (`ByteCompare`'s
/// libc semantics). The per-literal entry points in `Event+Operators` call the same `ByteCompare`
/// functions, specialised for a literal known at build time.
public enum StringOperator: Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case contains, icontains, startsWith, endsWith, glob, iglob

    /// `value op operand` (for `glob`/`iglob` the operand is the pattern).
    @inlinable public func apply(_ value: UnsafeRawBufferPointer, _ operand: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .equal: ByteCompare.equal(value, operand)
        case .notEqual: !ByteCompare.equal(value, operand)
        case .less: ByteCompare.compare(value, operand) < 0
        case .lessEqual: ByteCompare.compare(value, operand) <= 0
        case .greater: ByteCompare.compare(value, operand) > 0
        case .greaterEqual: ByteCompare.compare(value, operand) >= 0
        case .contains: ByteCompare.contains(value, operand)
        case .icontains: ByteCompare.containsIgnoringCase(value, operand)
        case .startsWith: ByteCompare.hasPrefix(value, operand)
        case .endsWith: ByteCompare.hasSuffix(value, operand)
        case .glob: Glob.match(operand, value, caseFold: false)
        case .iglob: Glob.match(operand, value, caseFold: true)
        }
    }
}

/// The literal values of a list modifier (`icontains anyof ("a", "b")`), cut at NUL as libsinsp
/// compares C strings. Built once, as a global `let` in generated code.
public struct LiteralList: Sendable {
    @usableFromInline let values: [[UInt8]]

    public init(_ values: [String]) {
        self.values = values.map { Array($0.utf8.prefix { $0 != 0 }) }
    }
}

extension Event {
    /// `field op anyof (...)`: some value satisfies `op` (false when the field is absent or the
    /// list is empty).
    @inlinable public func anyOf(_ op: StringOperator, _ slot: Int, _ list: LiteralList) -> Bool {
        withStringBytes(slot) { v in list.values.contains { l in l.withUnsafeBytes { op.apply(v, $0) } } } ?? false
    }

    /// `field op allof (...)`: every value satisfies `op` (an empty list: true when present).
    @inlinable public func allOf(_ op: StringOperator, _ slot: Int, _ list: LiteralList) -> Bool {
        withStringBytes(slot) { v in list.values.allSatisfy { l in l.withUnsafeBytes { op.apply(v, $0) } } } ?? false
    }

    /// `field op oneof (...)`: exactly one value satisfies `op`.
    @inlinable public func oneOf(_ op: StringOperator, _ slot: Int, _ list: LiteralList) -> Bool {
        withStringBytes(slot) { v in
            var hits = 0
            for l in list.values where l.withUnsafeBytes({ op.apply(v, $0) }) {
                hits += 1
                if hits > 1 { return false }
            }
            return hits == 1
        } ?? false
    }
}
