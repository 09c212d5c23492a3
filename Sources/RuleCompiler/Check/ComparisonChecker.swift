// ComparisonChecker.swift - operator/type compatibility and literal values (spec §3.3, §3.4).

enum ComparisonChecker {
    /// Operators libsinsp accepts per field type (`flt_is_comparable_*`).
    static func isSupported(_ op: ComparisonOperator, modifier: ListModifier?, for info: FieldInfo) -> Bool {
        if info.isList {
            return modifier == nil && [.in, .intersects, .exists].contains(op)
        }
        switch info.type {
        case .string:
            if modifier != nil { return stringOps.contains(op) && !op.takesList }
            return stringOps.contains(op) || op.takesList || op == .exists
        case .uint64, .abstime, .reltime:
            return modifier == nil && [.equal, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
                                       .in, .intersects, .exists].contains(op)
        case .bool:
            return modifier == nil && [.equal, .equalEqual, .notEqual, .in, .exists].contains(op)
        }
    }

    static let stringOps: Set<ComparisonOperator> = [
        .equal, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains, .icontains,
        .startswith, .endswith, .glob, .iglob, .regex,
    ]

    /// Parses a value for a numeric field the way libsinsp does (`sscanf("%lu%c")`: the whole
    /// text must be a decimal number).
    static func parseNumber(_ text: String, type: FieldType) -> UInt64? {
        if type == .bool {
            switch text {
            case "true": return 1
            case "false": return 0
            default: break
            }
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }

    /// Validates a regex at build time so a bad pattern is a build error, not a runtime one.
    static func regexError(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
