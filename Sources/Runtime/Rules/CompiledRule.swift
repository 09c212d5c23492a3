// CompiledRule.swift - one rule as the generated code describes it to the runtime.

/// A compiled rule: its metadata from the YAML and the generated matcher function.
public struct CompiledRule: Sendable {
    public var name: String
    public var priority: Priority
    public var source: String
    /// Sorted and de-duplicated, as Falco stores them.
    public var tags: [String]
    public var enabled: Bool
    public var description: String
    /// `rules/file.yaml:line:column` of the rule item.
    public var location: String
    public var output: OutputFormat
    /// The `ct.name` values this rule can match (Falco's event-type index); nil: any event.
    public var eventNames: EventNameFilter?
    public var matches: @Sendable (Event) -> Bool

    public init(name: String, priority: Priority, source: String, tags: [String], enabled: Bool,
                description: String, location: String, output: OutputFormat, eventNames: EventNameFilter? = nil,
                matches: @escaping @Sendable (Event) -> Bool) {
        self.name = name
        self.priority = priority
        self.source = source
        self.tags = tags
        self.enabled = enabled
        self.description = description
        self.location = location
        self.output = output
        self.eventNames = eventNames
        self.matches = matches
    }
}
