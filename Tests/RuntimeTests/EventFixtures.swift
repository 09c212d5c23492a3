// EventFixtures.swift - small helpers to load hand-written records in Runtime tests.
import Runtime

/// Loads `json` into a fresh `Event` reading `fields`.
func loadEvent(_ json: String, _ fields: [FieldRequest], number: UInt64 = 1) throws -> Event {
    let event = Event(fields: fields, context: EventContext(hostname: "testhost"))
    try event.load(record: ByteString(Array(json.utf8)), number: number)
    return event
}

/// The value of one field of `json`.
func fieldValue(_ json: String, _ kind: FieldKind, _ argument: String? = nil) throws -> FieldValue {
    try loadEvent(json, [FieldRequest(kind, argument: argument)]).value(0)
}

extension FieldValue {
    /// A string value from Swift text (test expectations).
    static func str(_ s: String) -> FieldValue { .string(ByteString(Array(s.utf8))) }

    /// A list value from Swift text.
    static func strings(_ items: [String]) -> FieldValue { .list(items.map { ByteString(Array($0.utf8)) }) }

    /// The string value as text (nil unless a string).
    var text: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
}
