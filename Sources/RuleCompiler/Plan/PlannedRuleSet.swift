// PlannedRuleSet.swift - the checked rules with the runtime layout they will be generated into.

/// The result of the planning stage: which field slots the rules read (each extracted at most once
/// per event) and which rules each event name can reach (Falco's event-type index, on ct.name).
public struct PlannedRuleSet: Sendable {
    public var checked: CheckedRuleSet
    public var fields: FieldPlan
    /// Per rule (in `checked.rules` order), the `ct.name` values it can match; nil: any event.
    public var eventNames: [EventNameConstraint?]

    /// Plans a checked rule set.
    public init(_ checked: CheckedRuleSet) {
        self.checked = checked
        self.fields = FieldPlan(checked.rules)
        self.eventNames = EventIndex.constraints(of: checked.rules)
    }
}
