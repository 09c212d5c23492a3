// FieldPlan.swift - the (field, argument) slots the compiled rules and their outputs read.

/// Assigns one runtime slot to each distinct field+argument read by the rules (conditions first,
/// in rule order, then outputs), so each is extracted at most once per event.
public struct FieldPlan: Sendable {
    public struct Slot: Sendable, Hashable {
        public var kind: FieldKind
        public var argument: String?
        /// For a transformer slot: the transformer and its inputs (other slots or literals).
        public var transform: (transformer: Transformer, inputs: [Input])?
        public enum Input: Sendable, Hashable { case slot(Int), literal(String) }

        public static func == (a: Slot, b: Slot) -> Bool { a.kind == b.kind && a.argument == b.argument && a.token == b.token }
        public func hash(into h: inout Hasher) { h.combine(kind); h.combine(argument); h.combine(token) }
        /// The first token that used this slot, for the generated comment.
        public var token: String
    }

    public private(set) var slots: [Slot] = []
    private var index: [String: Int] = [:]

    public init(_ rules: [CheckedRule]) {
        for r in rules {
            for c in r.condition.comparisons {
                _ = slot(for: c.field)
                if let rhs = c.rhsField { _ = slot(for: rhs) }
            }
        }
        for r in rules {
            for case .field(let f, _) in r.output { _ = slot(for: f) }
        }
        sortByToken()
        var used: Set<String> = []
        names = slots.map { s in
            let base = Self.identifier(s.token)
            var name = base
            var i = 2
            while !used.insert(name).inserted { name = "\(base)_\(i)"; i += 1 }
            return name
        }
    }

    /// The constant naming each slot in generated code (`Slots.ct_name`), in slot order.
    public private(set) var names: [String] = []

    /// `Slots.<name>` of a planned field, as generated code spells it.
    public func slotReference(for f: CheckedField) -> String {
        "Slots.\(names[existingSlot(for: f)!])"
    }

    /// `ct.name` -> `ct_name`, `json.value[/a/b]` -> `json_value_a_b`, `tolower(ct.user)` -> `tolower_ct_user`.
    static func identifier(_ token: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for u in token.unicodeScalars {
            if u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u)) {
                if pendingUnderscore && !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(u)
            } else {
                pendingUnderscore = true
            }
        }
        return out.isEmpty ? "field" : out
    }

    /// Slots in token order, so the table reads alphabetically and does not depend on which rule
    /// used a field first.
    private mutating func sortByToken() {
        let order = slots.indices.sorted { (slots[$0].token, $0) < (slots[$1].token, $1) }
        var newIndex = Array(repeating: 0, count: slots.count)
        for (new, old) in order.enumerated() { newIndex[old] = new }
        slots = order.map { old in
            var s = slots[old]
            if let t = s.transform {
                s.transform = (t.transformer, t.inputs.map { input in
                    if case .slot(let k) = input { return .slot(newIndex[k]) }
                    return input
                })
            }
            return s
        }
        index = index.mapValues { newIndex[$0] }
    }

    /// The slot of a field (added if new).
    public mutating func slot(for f: CheckedField) -> Int {
        if let i = index[f.slotKey] { return i }
        var slot = Slot(kind: f.info.kind, argument: f.argument, token: f.token)
        if let t = f.transform {
            // Inputs first: a transformer slot reads other slots.
            let inputs = t.inputs.map { input -> Slot.Input in
                switch input {
                case .field(let inner): .slot(self.slot(for: inner))
                case .literal(let l): .literal(l)
                }
            }
            slot.transform = (t.transformer, inputs)
        }
        index[f.slotKey] = slots.count
        slots.append(slot)
        return slots.count - 1
    }

    /// The slot of an already planned field.
    public func existingSlot(for f: CheckedField) -> Int? { index[f.slotKey] }

    /// The slot holding `ct.name`, if any rule reads it.
    public var eventNameSlot: Int? { index["ctName"] }
}
