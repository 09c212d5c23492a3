// OutputFormat.swift - a rule's output string, split at compile time into text and field slots.

/// A rule's `output:`, parsed by the compiler: literal text and `%field` references.
public struct OutputFormat: Sendable {
    public enum Segment: Sendable, Equatable {
        case text(String)
        /// `%field`: the slot to read, the token as written (the JSON output_fields key), and the
        /// `%<digits>field` width, if any.
        case field(slot: Int, token: String, width: Int?)
        /// `%tolower(ct.user)`: printed like a field, but (as in Falco) not an output_fields key.
        case computed(slot: Int, width: Int?)
        /// A field read by a transformer in the output: an output_fields key, not printed.
        case jsonField(slot: Int, token: String)
    }

    public var segments: [Segment]

    public init(_ segments: [Segment]) { self.segments = segments }

    /// The distinct field tokens, in first-use order (output_fields keys before sorting).
    public var fieldTokens: [(token: String, slot: Int)] {
        var seen = Set<String>()
        var out: [(String, Int)] = []
        for segment in segments {
            switch segment {
            case .field(let slot, let token, _), .jsonField(let slot, let token):
                if seen.insert(token).inserted { out.append((token, slot)) }
            case .text, .computed:
                break
            }
        }
        return out
    }
}
