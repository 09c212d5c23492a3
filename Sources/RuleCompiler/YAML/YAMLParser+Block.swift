// YAMLParser+Block.swift - block structure: nodes, mappings and sequences laid out by indentation.

extension YAMLParser {
    /// Reads the block node whose first character is at `pos`; returns with `pos` at a line start.
    ///
    /// - Parameters:
    ///   - parentIndent: column of the innermost enclosing block collection (-1 at the top level).
    ///     Continuation lines of a plain scalar must be indented more than this; those of quoted
    ///     scalars and flow collections at least this much (see `parseQuoted`).
    ///   - position: what precedes the node on its line, which decides whether it may be a block
    ///     mapping or sequence.
    ///   - tabBefore: a tab separates the node from its `-`, so a compact collection here would
    ///     have an ambiguous column.
    mutating func parseBlockNode(
        parentIndent: Int, position: BlockPosition, tabBefore: Bool = false
    ) throws(YAMLStop) -> YAMLNode {
        try enterNode()
        defer { depth -= 1 }
        let start = pos
        if current == UInt8(ascii: "!") {
            let tag = try readTag()
            let tagEnd = pos
            skipBlanks()
            if YAMLChar.isBreakOrEnd(current) || current == YAMLChar.hash {
                return try parseNodeAfterTag(tag, tagEnd: tagEnd, parentIndent: parentIndent, position: position)
            }
            if current == YAMLChar.dash, YAMLChar.isBlankOrEnd(at(pos + 1)) {
                try fail(.yamlSyntax, "a block sequence cannot start on the same line as its tag; start it on the next line", at: pos)
            }
            return try parseUntaggedBlockNode(start: start, parentIndent: parentIndent, position: position, tabBefore: tabBefore)
                .tagged(tag)
        }
        return try parseUntaggedBlockNode(start: start, parentIndent: parentIndent, position: position, tabBefore: tabBefore)
    }

    /// A tagged node whose tag ends its line (`key: !!seq`): the node is on the following, more
    /// indented lines (or, for a mapping value, a `- ` sequence at the key's column), else it is an
    /// empty string. `pos` is at the end of the tag's line.
    private mutating func parseNodeAfterTag(
        _ tag: String, tagEnd: Int, parentIndent: Int, position: BlockPosition
    ) throws(YAMLStop) -> YAMLNode {
        try finishLine(after: "the tag")
        guard let lineIndent = try nextContentLine() else { return emptyTaggedScalar(tag, at: tagEnd) }
        if lineIndent > parentIndent {
            return try parseBlockNode(parentIndent: parentIndent, position: .ownLine).tagged(tag)
        }
        if position == .afterKey, lineIndent == parentIndent, current == YAMLChar.dash, YAMLChar.isBlankOrEnd(at(pos + 1)) {
            return .sequence(try parseBlockSequence(indent: parentIndent))
        }
        rewindToLineStart()
        return emptyTaggedScalar(tag, at: tagEnd)
    }

    /// The block node at `pos`, after any tag; `start` is where the node (with its tag) starts,
    /// which gives a mapping its column.
    private mutating func parseUntaggedBlockNode(
        start: Int, parentIndent: Int, position: BlockPosition, tabBefore: Bool
    ) throws(YAMLStop) -> YAMLNode {
        let allowsCollection = position == .ownLine || position == .afterDash
        let c = current
        switch c {
        case YAMLChar.dash where YAMLChar.isBlankOrEnd(at(pos + 1)):
            guard allowsCollection else {
                try fail(
                    .yamlSyntax,
                    "a block sequence cannot start on the same line as \(position == .afterKey ? "its key" : "'---'"); start it on the next line",
                    at: pos)
            }
            if tabBefore { try failTabIndentation(before: start) }
            return .sequence(try parseBlockSequence(indent: column(of: start)))

        case YAMLChar.pipe, YAMLChar.greater:
            return .scalar(try parseBlockScalar(parentIndent: parentIndent))

        case YAMLChar.openBracket, YAMLChar.openBrace:
            let node = try parseFlowCollection(minIndent: max(parentIndent, 0))
            let end = pos
            skipBlanks()
            if current == YAMLChar.colon, YAMLChar.isBlankOrEnd(at(pos + 1)) {
                try fail(.yamlUnsupported, "flow collections as mapping keys are not supported", at: start, end: end)
            }
            pos = end
            try finishLine(after: "the flow collection")
            return node

        case YAMLChar.singleQuote, YAMLChar.doubleQuote:
            let (scalar, multiLine) = try parseQuoted(minIndent: max(parentIndent, 0))
            let end = pos
            skipBlanks()
            if current == YAMLChar.colon, YAMLChar.isBlankOrEnd(at(pos + 1)) {
                guard allowsCollection else { try failMappingNotAllowed(at: pos, position: position) }
                guard !multiLine else {
                    try fail(.yamlSyntax, "a mapping key must be on a single line", at: start, end: end)
                }
                if tabBefore { try failTabIndentation(before: start) }
                pos += 1
                return .mapping(try parseBlockMapping(indent: column(of: start), firstKey: scalar))
            }
            pos = end
            try finishLine(after: "the quoted scalar")
            return .scalar(scalar)

        default:
            try checkPlainStart(flow: false)
            let (scalar, multiLine, stop) = parsePlain(flow: false, minContinuationIndent: parentIndent + 1)
            if stop == .valueIndicator {
                guard !multiLine else {
                    try fail(
                        .yamlSyntax,
                        "unexpected ': ' in a multi-line plain scalar; quote the scalar, or fix the indentation if this line is a new key",
                        at: pos)
                }
                guard allowsCollection else { try failMappingNotAllowed(at: pos, position: position) }
                if tabBefore { try failTabIndentation(before: start) }
                pos += 1
                return .mapping(try parseBlockMapping(indent: column(of: start), firstKey: scalar))
            }
            try finishLine(after: "the scalar")
            return .scalar(scalar)
        }
    }

    /// A block mapping at column `indent` whose first key has been read; `pos` is after its `:`.
    mutating func parseBlockMapping(indent: Int, firstKey: YAMLScalar) throws(YAMLStop) -> YAMLMapping {
        var entries: [YAMLMapping.Entry] = []
        var firstDefinition: [String: SourceRange] = [:]
        var key = firstKey
        var end = firstKey.range.end
        while true {
            let value = try parseMappingValue(mappingIndent: indent)
            end = max(end, value.range.end)
            if let first = firstDefinition[key.value] {
                diagnostics.error(
                    .yamlSyntax, "duplicate key '\(key.value)' in mapping", at: key.range,
                    notes: [Note("first defined here", at: first)])
            } else {
                firstDefinition[key.value] = key.range
                entries.append(YAMLMapping.Entry(key: key, value: value))
            }
            guard let lineIndent = try nextContentLine() else { break }
            if lineIndent < indent {
                rewindToLineStart()
                break
            }
            if lineIndent > indent {
                try fail(
                    .yamlSyntax, "unexpected indentation; the keys of this mapping start at column \(indent + 1)",
                    at: pos)
            }
            if current == YAMLChar.dash, YAMLChar.isBlankOrEnd(at(pos + 1)) {
                try fail(
                    .yamlSyntax,
                    "unexpected sequence entry among mapping keys; a sequence value must follow its key directly",
                    at: pos)
            }
            key = try parseMappingKey(indent: indent)
        }
        return YAMLMapping(entries: entries, range: range(firstKey.range.start, end))
    }

    /// A key of a block mapping (not the first) at `pos`; returns with `pos` after its `:`.
    private mutating func parseMappingKey(indent: Int) throws(YAMLStop) -> YAMLScalar {
        _ = try readOptionalTag()
        let start = pos
        switch current {
        case YAMLChar.singleQuote, YAMLChar.doubleQuote:
            let (key, multiLine) = try parseQuoted(minIndent: indent)
            let end = pos
            skipBlanks()
            guard current == YAMLChar.colon, YAMLChar.isBlankOrEnd(at(pos + 1)) else {
                try fail(.yamlSyntax, "expected ':' after the mapping key", at: pos)
            }
            guard !multiLine else {
                try fail(.yamlSyntax, "a mapping key must be on a single line", at: start, end: end)
            }
            pos += 1
            return key
        case YAMLChar.openBracket, YAMLChar.openBrace:
            try fail(.yamlUnsupported, "flow collections as mapping keys are not supported", at: start)
        default:
            try checkPlainStart(flow: false)
            let (end, stop) = scanPlainSegment(flow: false)
            guard stop == .valueIndicator else {
                let missingSpace = bytes[start..<end].contains(YAMLChar.colon)
                try fail(
                    .yamlSyntax,
                    missingSpace
                        ? "expected ': ' after the mapping key; ':' must be followed by a space"
                        : "expected a mapping key followed by ':'",
                    at: start, end: end)
            }
            pos += 1
            var builder = ScalarBuilder()
            builder.copy(bytes, start..<end)
            return builder.scalar(style: .plain, range: range(start, end), sourceEnd: end)
        }
    }

    /// The value after a block mapping key's `:` (at `pos`): on the same line, on the following
    /// more indented lines, a `- ` sequence at the key's own column, or null.
    private mutating func parseMappingValue(mappingIndent: Int) throws(YAMLStop) -> YAMLNode {
        let colonEnd = pos
        skipBlanks()
        guard YAMLChar.isBreakOrEnd(current) || current == YAMLChar.hash else {
            return try parseBlockNode(parentIndent: mappingIndent, position: .afterKey)
        }
        try finishLine(after: "':'")
        guard let lineIndent = try nextContentLine() else { return nullScalar(at: colonEnd) }
        if lineIndent > mappingIndent {
            return try parseBlockNode(parentIndent: mappingIndent, position: .ownLine)
        }
        if lineIndent == mappingIndent, current == YAMLChar.dash, YAMLChar.isBlankOrEnd(at(pos + 1)) {
            try enterNode()
            defer { depth -= 1 }
            return .sequence(try parseBlockSequence(indent: mappingIndent))
        }
        rewindToLineStart()
        return nullScalar(at: colonEnd)
    }

    /// A block sequence whose first `-` is at `pos`, column `indent`.
    mutating func parseBlockSequence(indent: Int) throws(YAMLStop) -> YAMLSequence {
        let start = pos
        var items: [YAMLNode] = []
        var end = pos + 1
        while true {
            pos += 1
            let item = try parseSequenceItem(sequenceIndent: indent)
            end = max(end, item.range.end)
            items.append(item)
            guard let lineIndent = try nextContentLine() else { break }
            if lineIndent < indent {
                rewindToLineStart()
                break
            }
            if lineIndent > indent {
                try fail(
                    .yamlSyntax, "unexpected indentation; the entries of this sequence start at column \(indent + 1)",
                    at: pos)
            }
            guard current == YAMLChar.dash, YAMLChar.isBlankOrEnd(at(pos + 1)) else {
                rewindToLineStart()
                break
            }
        }
        return YAMLSequence(items: items, range: range(start, end), isFlow: false)
    }

    /// The entry after a `-` (`pos` is right after it).
    private mutating func parseSequenceItem(sequenceIndent: Int) throws(YAMLStop) -> YAMLNode {
        let dashEnd = pos
        skipBlanks()
        guard YAMLChar.isBreakOrEnd(current) || current == YAMLChar.hash else {
            let tabBefore = bytes[dashEnd..<pos].contains(YAMLChar.tab)
            return try parseBlockNode(parentIndent: sequenceIndent, position: .afterDash, tabBefore: tabBefore)
        }
        try finishLine(after: "'-'")
        guard let lineIndent = try nextContentLine() else { return nullScalar(at: dashEnd) }
        if lineIndent > sequenceIndent {
            return try parseBlockNode(parentIndent: sequenceIndent, position: .ownLine)
        }
        rewindToLineStart()
        return nullScalar(at: dashEnd)
    }

    /// An empty value: a null plain scalar with an empty range at `offset`.
    func nullScalar(at offset: Int) -> YAMLNode {
        .scalar(YAMLScalar(value: "", style: .plain, range: range(offset, offset), sourceMap: ScalarSourceMap(sourceEnd: offset)))
    }

    private mutating func failMappingNotAllowed(at offset: Int, position: BlockPosition) throws(YAMLStop) -> Never {
        let context = position == .afterKey ? "a mapping value" : "'---'"
        try fail(
            .yamlSyntax,
            "unexpected ': ' after \(context) on the same line; quote the scalar if ':' belongs to it, or start the nested mapping on the next line",
            at: offset)
    }

    private mutating func failTabIndentation(before offset: Int) throws(YAMLStop) -> Never {
        var tab = offset - 1
        while tab > 0, at(tab) != YAMLChar.tab { tab -= 1 }
        try fail(.yamlSyntax, "tab characters must not be used for indentation", at: tab)
    }
}
