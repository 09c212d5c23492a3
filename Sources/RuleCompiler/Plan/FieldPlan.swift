// FieldPlan.swift - the (field, argument) slots the compiled rules and their outputs read.

/// Assigns one runtime slot to each distinct field+argument read by the rules (conditions first,
/// in rule order, then outputs), so each is extracted at most once per event.
public struct FieldPlan: Sendable {
    public struct Slot: Sendable, Hashable {
        public var runtimeName: String
        public var argument: String?
        /// The first token that used this slot, for the generated comment.
        public var token: String
    }

    public private(set) var slots: [Slot] = []
    private var index: [String: Int] = [:]

    public init(_ rules: [CheckedRule]) {
        for r in rules { for c in r.condition.comparisons { _ = slot(for: c.field) } }
        for r in rules {
            for case .field(let f, _) in r.output { _ = slot(for: f) }
        }
    }

    /// The slot of a field (added if new).
    public mutating func slot(for f: CheckedField) -> Int {
        if let i = index[f.slotKey] { return i }
        index[f.slotKey] = slots.count
        slots.append(Slot(runtimeName: f.info.runtimeName, argument: f.argument, token: f.token))
        return slots.count - 1
    }

    /// The slot of an already planned field.
    public func existingSlot(for f: CheckedField) -> Int? { index[f.slotKey] }

    /// The slot holding `ct.name`, if any rule reads it.
    public var eventNameSlot: Int? { index["ctName"] }
}
