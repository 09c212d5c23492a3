// OperatorTable.swift - which operators apply to which field types, and how literals are read.

/// libsinsp's operator × type table (`flt_is_comparable_*`, spec §3.3/§3.4): the compiler refuses
/// a comparison the table does not allow, and the runtime implements exactly these.
public enum OperatorTable {
    /// Whether `op` (with an optional `anyof`/`allof`/`oneof` modifier) applies to a field of
    /// this type and list-ness.
    public static func allows(_ op: ComparisonOperator, modifier: ListModifier?, type: FieldType, isList: Bool) -> Bool {
        if isList {
            return modifier == nil && [.in, .intersects, .exists].contains(op)
        }
        switch type {
        case .string:
            // `regex anyof (...)` parses in libs but is refused here: one pattern with `|` says it.
            if modifier != nil { return stringOperators.contains(op) && !op.takesList && op != .regex }
            return stringOperators.contains(op) || op.takesList || op == .exists
        case .uint64, .abstime, .reltime:
            return modifier == nil && [.equal, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
                                       .in, .intersects, .exists].contains(op)
        case .bool:
            return modifier == nil && [.equal, .equalEqual, .notEqual, .in, .exists].contains(op)
        }
    }

    /// The operators on one string value.
    public static let stringOperators: Set<ComparisonOperator> = [
        .equal, .equalEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains, .icontains,
        .startswith, .endswith, .glob, .iglob, .regex,
    ]

    /// Operators that may compare a field with another field (`val(f)`, spec §3.4).
    public static func allowsFieldOperand(_ op: ComparisonOperator, modifier: ListModifier?) -> Bool {
        op != .pmatch && op != .regex && op != .exists && modifier == nil
    }

    /// A literal for a numeric field, read as libsinsp does (`sscanf("%lu%c")`: the whole text
    /// must be a decimal number; `true`/`false` for bool fields).
    public static func number(_ text: String, for type: FieldType) -> UInt64? {
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
}
