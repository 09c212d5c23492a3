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
        switch op {
        case .equal, .isIn, .intersects: return a.elementsEqual(b)
        case .notEqual: return !a.elementsEqual(b)
        case .less: return a.lexicographicallyPrecedes(b)
        case .lessEqual: return !b.lexicographicallyPrecedes(a)
        case .greater: return b.lexicographicallyPrecedes(a)
        case .greaterEqual: return !a.lexicographicallyPrecedes(b)
        case .contains: return b.isEmpty || Self.find(b, in: a, fold: false)
        case .icontains: return b.isEmpty || Self.find(b, in: a, fold: true)
        case .startsWith: return a.starts(with: b)
        case .endsWith: return a.count >= b.count && a.suffix(b.count).elementsEqual(b)
        case .glob, .iglob:
            // The right-hand value is the pattern.
            let pattern = Array(b), value = Array(a)
            return pattern.withUnsafeBytes { p in value.withUnsafeBytes { v in Glob.match(p, v, caseFold: op == .iglob) } }
        }
    }

    static func find(_ needle: ByteString, in hay: ByteString, fold: Bool) -> Bool {
        func asciiLower(_ b: UInt8) -> UInt8 { Event.asciiLower(b) }
        guard needle.count <= hay.count else { return false }
        let h = Array(hay), n = Array(needle)
        outer: for i in 0...(h.count - n.count) {
            for j in 0..<n.count {
                let x = fold ? asciiLower(h[i + j]) : h[i + j]
                let y = fold ? asciiLower(n[j]) : n[j]
                if x != y { continue outer }
            }
            return true
        }
        return false
    }
}
