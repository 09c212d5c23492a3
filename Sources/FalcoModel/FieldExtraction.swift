// FieldExtraction.swift - how a field's value is read from a CloudTrail record.

/// Where a field's value comes from, following the cloudtrail plugin's patterns (spec §2.3, §2.5).
/// The runtime reads the single-path kinds straight from the record's bytes (a capture), and
/// computes `derived` fields (several values combined: `ct.user`, `ct.info`, `s3.uri`, `ec2.*`,
/// and every `evt.*`) with code of its own.
public enum FieldExtraction: Sendable, Hashable {
    /// Missing → absent; a string → its unescaped text; any other value → `""` (the plugin's
    /// `GetStringBytes` pattern).
    case string([String])
    /// `ct.shortsrc`: as `string`, less a trailing `.amazonaws.com`.
    case shortSource([String])
    /// Missing → absent; JSON `true` → "true"; anything else → "false".
    case trueOrFalse([String])
    /// `ct.user.accountid`: the first path when present, else the fallback.
    case accountID([String], fallback: [String])
    /// `ct.request`, `ct.response`, `ct.additionaleventdata`: the value as compact JSON text.
    case compactJSON([String])
    /// `json.value[/pointer]`: the argument is the path; a string → unescaped, else compact JSON.
    case jsonPointer
    /// Computed from several values by the runtime's extractors.
    case derived

    /// The member path of the single-path kinds.
    public var path: [String]? {
        switch self {
        case .string(let p), .shortSource(let p), .trueOrFalse(let p), .compactJSON(let p), .accountID(let p, _): p
        case .jsonPointer, .derived: nil
        }
    }
}
