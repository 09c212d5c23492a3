// FieldComparison.swift - comparing a field with another field: `ct.user = val(ct.request.username)`.

/// The operators allowed between two fields (spec §3.4: all but pmatch and regex).
public enum FieldOperator: Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case contains, icontains, startsWith, endsWith, glob, iglob
    case isIn, intersects
}

extension Event {
    /// `lhs op val(rhs)`: false when either side is absent (Falco: an absent field fails every
    /// comparison). Strings compare as bytes, numbers numerically; for list fields `in` means every
    /// value of lhs is among rhs's values and `intersects` that one is.
    public func compare(_ op: FieldOperator, _ lhs: Int, _ rhs: Int) -> Bool {
        let l = value(lhs), r = value(rhs)
        switch (l, r) {
        case (.number(let a), .number(let b)):
            switch op {
            case .equal, .isIn, .intersects: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            case .greaterEqual: return a >= b
            default: return false
            }
        case (.string(let a), .string(let b)):
            return Self.compareStrings(op, a, b)
        case (.list(let a), .list(let b)):
            switch op {
            case .isIn: return !a.isEmpty && a.allSatisfy { b.contains($0) }
            case .intersects: return a.contains { b.contains($0) }
            case .equal: return a == b
            case .notEqual: return a != b
            default: return false
            }
        case (.string(let a), .list(let b)):
            return (op == .isIn || op == .intersects) && b.contains(a)
        default:
            return false
        }
    }

    static func compareStrings(_ op: FieldOperator, _ a: ByteString, _ b: ByteString) -> Bool {
        let stringOp: StringOperator
        switch op {
        case .equal, .isIn, .intersects: stringOp = .equal
        case .notEqual: stringOp = .notEqual
        case .less: stringOp = .less
        case .lessEqual: stringOp = .lessEqual
        case .greater: stringOp = .greater
        case .greaterEqual: stringOp = .greaterEqual
        case .contains: stringOp = .contains
        case .icontains: stringOp = .icontains
        case .startsWith: stringOp = .startsWith
        case .endsWith: stringOp = .endsWith
        case .glob: stringOp = .glob
        case .iglob: stringOp = .iglob
        }
        // The right-hand value is the operand (the pattern for glob).
        return a.withUnsafeBytes { av in b.withUnsafeBytes { bv in stringOp.apply(av, bv) } }
    }
}
