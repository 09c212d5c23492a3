// KnownDifference.swift - runtime behaviours that differ from Falco and are reported, not yet fixed.
import TestSupport

/// A difference between the runtime and the reference (Falco's semantics) that has been reported
/// and is tolerated until the runtime changes. Each entry matches narrowly (one field, one shape of
/// value), so anything else still fails; an entry that stops occurring fails too (`stale`), so the
/// list shrinks as soon as the runtime is fixed.
struct KnownDifference: Sendable {
    let id: String
    let explanation: String
    /// (field token, runtime value, reference value, record) -> whether this is the known case.
    let matches: @Sendable (String, RefValue, RefValue, ReferenceRecord) -> Bool

    static let all: [KnownDifference] = [
        KnownDifference(
            id: "pre-1970-time",
            explanation: """
                evt.time, evt.time.s, evt.time.iso8601, evt.datetime, evt.datetime.s of an eventTime \
                before 1970: libsinsp renders the unsigned ns timestamp (the plugin's uint64(UnixNano())), \
                so 1969-12-31T23:59:59.5Z prints as 2554-07-21T23:34:33.209551616; the runtime renders \
                the signed time (1969-12-31T23:59:59.5). evt.rawtime* and json.rawtime already agree.
                """,
            matches: { token, _, _, record in
                ["evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s"].contains(token)
                    && (record.timestamp ?? 0) < 0
            }),
    ]

    static func first(_ token: String, _ runtime: RefValue, _ reference: RefValue, _ record: ReferenceRecord) -> KnownDifference? {
        all.first { $0.matches(token, runtime, reference, record) }
    }
}
