// YAMLNode.swift - the tree the YAML reader produces; every node knows where it came from.

/// How a scalar was written; decides null-ness and lets the rule reader explain type errors.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's value after YAML processing (folding, escapes, chomping).
    public var value: String
    public var style: ScalarStyle
    /// The whole scalar in the file, including quotes or the block indicator.
    public var range: SourceRange
    /// Value offset -> source offset, for positions of tokens inside the value.
    public var sourceMap: ScalarSourceMap
    /// The tag written before the scalar (`!=`, `!!str`, `!<uri>`, `!`), or nil. Falco reads
    /// values as text, so the tag only decides null-ness.
    public var tag: String?

    public init(value: String, style: ScalarStyle, range: SourceRange, sourceMap: ScalarSourceMap, tag: String? = nil) {
        self.value = value
        self.style = style
        self.range = range
        self.sourceMap = sourceMap
        self.tag = tag
    }

    /// YAML null: an untagged empty plain value, `~`, `null`, `Null`, `NULL`. Any tag makes the
    /// scalar a string, as in yaml-cpp (which emits null only for the implicit tag `?`).
    public var isNull: Bool {
        tag == nil && style == .plain && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// The range in the file of value bytes `valueStart..<valueEnd`.
    public func range(ofValueBytes valueStart: Int, _ valueEnd: Int) -> SourceRange {
        let s = sourceMap.sourceOffset(of: valueStart)
        let e = valueEnd > valueStart ? sourceMap.sourceOffset(of: valueEnd - 1) + 1 : s
        return SourceRange(file: range.file, start: s, end: max(s, e))
    }
}

public struct YAMLMapping: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: YAMLScalar
        public var value: YAMLNode
        public init(key: YAMLScalar, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }
    public var entries: [Entry]
    public var range: SourceRange

    public init(entries: [Entry], range: SourceRange) {
        self.entries = entries
        self.range = range
    }

    /// The first entry with this key (duplicate keys are reported by the reader).
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key.value == key }?.value
    }

    public func entry(_ key: String) -> Entry? { entries.first { $0.key.value == key } }
}

public struct YAMLSequence: Sendable, Hashable {
    public var items: [YAMLNode]
    public var range: SourceRange
    /// `[a, b]` rather than `- a` lines.
    public var isFlow: Bool

    public init(items: [YAMLNode], range: SourceRange, isFlow: Bool) {
        self.items = items
        self.range = range
        self.isFlow = isFlow
    }
}

public indirect enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence(YAMLSequence)
    case mapping(YAMLMapping)

    public var range: SourceRange {
        switch self {
        case .scalar(let s): s.range
        case .sequence(let s): s.range
        case .mapping(let m): m.range
        }
    }

    public var scalar: YAMLScalar? { if case .scalar(let s) = self { s } else { nil } }
    public var sequence: YAMLSequence? { if case .sequence(let s) = self { s } else { nil } }
    public var mapping: YAMLMapping? { if case .mapping(let m) = self { m } else { nil } }

    public var isNull: Bool { scalar?.isNull ?? false }

    /// A short word for messages: "a scalar", "a sequence", "a mapping".
    public var kindDescription: String {
        switch self {
        case .scalar: "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
