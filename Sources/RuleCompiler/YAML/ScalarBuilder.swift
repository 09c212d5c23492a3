// ScalarBuilder.swift - accumulates a scalar's value bytes together with their source map.

/// Builds a scalar value piece by piece: bytes copied from the file get a source-map run, bytes the
/// reader makes up (a folded line break, an unescaped character) do not.
struct ScalarBuilder {
    private(set) var bytes: [UInt8] = []
    private var map = ScalarSourceMap()

    /// Appends `source[range]` verbatim and records where it came from.
    mutating func copy(_ source: [UInt8], _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        map.append(valueStart: bytes.count, sourceStart: range.lowerBound, length: range.count)
        bytes.append(contentsOf: source[range])
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ byte: UInt8, count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(byte, count: count)) }
    }

    /// Appends the UTF-8 encoding of `scalar`.
    mutating func append(_ scalar: Unicode.Scalar) {
        bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// A line break between two lines of a flow scalar: a space when no empty lines follow it,
    /// otherwise one `\n` per empty line (YAML 1.2 §6.5 line folding).
    mutating func fold(emptyLines: Int) {
        if emptyLines == 0 { append(YAMLChar.space) } else { append(YAMLChar.lf, count: emptyLines) }
    }

    /// The finished scalar; value offsets past the last copied byte map to `sourceEnd`.
    func scalar(style: ScalarStyle, range: SourceRange, sourceEnd: Int) -> YAMLScalar {
        var map = self.map
        map.sourceEnd = sourceEnd
        return YAMLScalar(value: String(decoding: bytes, as: UTF8.self), style: style, range: range, sourceMap: map)
    }
}
