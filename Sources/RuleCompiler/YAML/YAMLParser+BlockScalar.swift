// YAMLParser+BlockScalar.swift - literal `|` and folded `>` block scalars (YAML 1.2 §8.1).

extension YAMLParser {
    /// What happens to a block scalar's final line break and trailing empty lines.
    private enum Chomping {
        /// `-`: both dropped.
        case strip
        /// default: the final line break kept, trailing empty lines dropped.
        case clip
        /// `+`: both kept.
        case keep
    }

    /// Reads the block scalar whose indicator (`|` or `>`) is at `pos`; returns with `pos` at the
    /// start of the first line that is not part of it.
    ///
    /// - Parameter parentIndent: column of the enclosing block collection (-1 at the top level).
    ///   Content lines are indented more; an explicit indentation indicator counts from it, as in
    ///   libyaml (from 0 at the top level).
    mutating func parseBlockScalar(parentIndent: Int) throws(YAMLStop) -> YAMLScalar {
        let start = pos
        let folded = current == YAMLChar.greater
        pos += 1
        var chomping = Chomping.clip
        var sawChomping = false
        var explicitIndent: Int?
        while true {
            let c = current
            if !sawChomping, c == YAMLChar.dash || c == UInt8(ascii: "+") {
                chomping = c == YAMLChar.dash ? .strip : .keep
                sawChomping = true
            } else if explicitIndent == nil, c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") {
                explicitIndent = Int(c - UInt8(ascii: "0"))
            } else if explicitIndent == nil, c == UInt8(ascii: "0") {
                try fail(.yamlSyntax, "a block scalar's indentation indicator must be 1 to 9", at: pos)
            } else {
                break
            }
            pos += 1
        }
        let headerEnd = pos
        guard YAMLChar.isBlankOrEnd(current) else {
            try fail(
                .yamlSyntax,
                "invalid block scalar header; after '\(folded ? ">" : "|")' only '-' or '+', an indentation digit and a comment may follow",
                at: pos)
        }
        try finishLine(after: "the block scalar header")

        let contentIndent: Int
        if let explicitIndent {
            contentIndent = max(parentIndent, 0) + explicitIndent
        } else {
            contentIndent = try detectBlockIndent(parentIndent: parentIndent)
        }

        var builder = ScalarBuilder()
        var emptyLines = 0  // pending since the last content line
        var lastContentEnd: Int?
        var previousSpaced = false
        var finalBreak = false
        var p = pos
        while p < bytes.count {
            let lineStart = p
            if isDocumentMarker(at: lineStart) { break }
            var q = lineStart
            while q < lineStart + contentIndent, at(q) == YAMLChar.space { q += 1 }
            let c = at(q)
            if YAMLChar.isBreak(c) {
                emptyLines += 1
                p = afterBreak(q)
                continue
            }
            if c == YAMLChar.end {  // spaces up to the end of input
                p = q
                break
            }
            if q - lineStart < contentIndent {
                if c == YAMLChar.tab {
                    try fail(.yamlSyntax, "tab characters must not be used for indentation", at: q)
                }
                break  // a less indented line ends the scalar
            }

            let textEnd = lineEnd(from: q)
            let spaced = YAMLChar.isBlank(c)
            if lastContentEnd == nil {
                builder.append(YAMLChar.lf, count: emptyLines)
            } else if folded, !previousSpaced, !spaced {
                builder.fold(emptyLines: emptyLines)
            } else {
                builder.append(YAMLChar.lf, count: emptyLines + 1)
            }
            builder.copy(bytes, q..<textEnd)
            lastContentEnd = textEnd
            previousSpaced = spaced
            emptyLines = 0
            if textEnd < bytes.count {
                finalBreak = true
                p = afterBreak(textEnd)
            } else {
                finalBreak = false
                p = textEnd
            }
        }
        pos = p

        switch chomping {
        case .strip:
            break
        case .clip:
            if lastContentEnd != nil, finalBreak { builder.append(YAMLChar.lf) }
        case .keep:
            if lastContentEnd != nil, finalBreak { builder.append(YAMLChar.lf) }
            builder.append(YAMLChar.lf, count: emptyLines)
        }
        let end = lastContentEnd ?? headerEnd
        return builder.scalar(style: folded ? .folded : .literal, range: range(start, end), sourceEnd: end)
    }

    /// The content indentation of a block scalar without an indentation indicator: that of its
    /// first non-empty line. Leading empty lines must not be indented more (YAML 1.2 §8.1.1.1).
    /// `pos` is at the line after the header and is not moved.
    private mutating func detectBlockIndent(parentIndent: Int) throws(YAMLStop) -> Int {
        let minimum = max(parentIndent + 1, 1)
        var maxEmptyIndent = 0
        var maxEmptyLine = pos
        var p = pos
        while p < bytes.count, !isDocumentMarker(at: p) {
            var q = p
            while at(q) == YAMLChar.space { q += 1 }
            let c = at(q)
            if YAMLChar.isBreak(c) {
                if q - p > maxEmptyIndent {
                    maxEmptyIndent = q - p
                    maxEmptyLine = p
                }
                p = afterBreak(q)
                continue
            }
            if c == YAMLChar.end { break }
            let indent = q - p
            guard indent >= minimum else { break }  // no content lines at all
            if maxEmptyIndent > indent {
                try fail(
                    .yamlSyntax,
                    "an empty line at the start of a block scalar is indented more than its first content line",
                    at: maxEmptyLine, end: maxEmptyLine + maxEmptyIndent)
            }
            return indent
        }
        // No content: every line up to the end of the scalar is an empty line.
        return max(minimum, maxEmptyIndent)
    }
}
