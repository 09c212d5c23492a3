// OutputFormat.swift - a rule's output string, split at compile time into text and field slots.

/// A rule's `output:`, parsed by the compiler: literal text and `%field` references.
public struct OutputFormat: Sendable {
    public enum Segment: Sendable, Equatable {
        case text(String)
        /// `%field`: the slot to read, the token as written (the JSON output_fields key), and the
        /// `%<digits>field` width, if any.
        case field(slot: Int, token: String, width: Int?)
    }

    public var segments: [Segment]

    public init(_ segments: [Segment]) { self.segments = segments }

    /// The distinct field tokens, in first-use order (output_fields keys before sorting).
    public var fieldTokens: [(token: String, slot: Int)] {
        var seen = Set<String>()
        var out: [(String, Int)] = []
        for case .field(let slot, let token, _) in segments where seen.insert(token).inserted {
            out.append((token, slot))
        }
        return out
    }
}
