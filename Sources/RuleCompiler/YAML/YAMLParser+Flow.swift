// YAMLParser+Flow.swift - flow collections: `[a, b]` sequences and `{a: b}` mappings.

extension YAMLParser {
    /// Reads the flow sequence or mapping whose opening bracket is at `pos`; leaves `pos` after its
    /// closing bracket.
    ///
    /// - Parameter minIndent: lines inside the collection must be indented at least this much.
    ///   That is the enclosing block collection's column, one less than YAML 1.2 asks: Falco's
    ///   files close `items: [` with a `]` at the key's column, which libyaml and yaml-cpp accept.
    ///   A less indented line means a bracket is missing, and is reported as such.
    mutating func parseFlowCollection(minIndent: Int) throws(YAMLStop) -> YAMLNode {
        try enterNode()
        defer { depth -= 1 }
        if current == YAMLChar.openBracket { return .sequence(try parseFlowSequence(minIndent: minIndent)) }
        return .mapping(try parseFlowMapping(minIndent: minIndent))
    }

    private mutating func parseFlowSequence(minIndent: Int) throws(YAMLStop) -> YAMLSequence {
        let open = pos
        pos += 1
        var items: [YAMLNode] = []
        while true {
            try skipFlowSpace(open: open, minIndent: minIndent)
            if current == YAMLChar.closeBracket { break }
            let itemStart = pos
            let item = try parseFlowNode(minIndent: minIndent)
            try skipFlowSpace(open: open, minIndent: minIndent)
            if current == YAMLChar.colon {
                try failIfBlockKey(lineOf: pos, notBefore: itemStart, open: open, minIndent: minIndent)
                try fail(
                    .yamlUnsupported,
                    "'key: value' pairs inside a flow sequence are not supported; write a flow mapping '{key: value}'",
                    at: pos)
            }
            items.append(item)
            if current == YAMLChar.comma {
                pos += 1
                continue
            }
            if current == YAMLChar.closeBracket { break }
            try failIfBlockKey(lineOf: pos, notBefore: pos, open: open, minIndent: minIndent)
            try fail(
                .yamlSyntax, "expected ',' or ']' in flow sequence, found \(describeCharacter(at: pos))", at: pos,
                notes: [Note("flow sequence starts here", at: range(open, open + 1))])
        }
        pos += 1
        return YAMLSequence(items: items, range: range(open, pos), isFlow: true)
    }

    private mutating func parseFlowMapping(minIndent: Int) throws(YAMLStop) -> YAMLMapping {
        let open = pos
        pos += 1
        var entries: [YAMLMapping.Entry] = []
        var firstDefinition: [String: SourceRange] = [:]
        while true {
            try skipFlowSpace(open: open, minIndent: minIndent)
            if current == YAMLChar.closeBrace { break }
            _ = try readOptionalTag()
            let keyStart = pos
            let key: YAMLScalar
            let multiLine: Bool
            switch current {
            case YAMLChar.openBracket, YAMLChar.openBrace:
                try fail(.yamlUnsupported, "flow collections as mapping keys are not supported", at: pos)
            case YAMLChar.singleQuote, YAMLChar.doubleQuote:
                (key, multiLine) = try parseQuoted(minIndent: minIndent)
            default:
                try checkPlainStart(flow: true)
                let plain = parsePlain(flow: true, minContinuationIndent: minIndent)
                (key, multiLine) = (plain.scalar, plain.multiLine)
            }
            if multiLine {
                try fail(.yamlSyntax, "a mapping key must be on a single line", at: keyStart, end: key.range.end)
            }
            skipBlanks()
            let value: YAMLNode
            if current == YAMLChar.colon {
                pos += 1
                let colonEnd = pos
                try skipFlowSpace(open: open, minIndent: minIndent)
                if current == YAMLChar.comma || current == YAMLChar.closeBrace {
                    value = nullScalar(at: colonEnd)
                } else {
                    value = try parseFlowNode(minIndent: minIndent)
                }
            } else {
                value = nullScalar(at: key.range.end)  // `{a, b: c}`: a key without ':' has a null value
            }
            if let first = firstDefinition[key.value] {
                diagnostics.error(
                    .yamlSyntax, "duplicate key '\(key.value)' in mapping", at: key.range,
                    notes: [Note("first defined here", at: first)])
            } else {
                firstDefinition[key.value] = key.range
                entries.append(YAMLMapping.Entry(key: key, value: value))
            }
            try skipFlowSpace(open: open, minIndent: minIndent)
            if current == YAMLChar.comma {
                pos += 1
                continue
            }
            if current == YAMLChar.closeBrace { break }
            try failIfBlockKey(lineOf: pos, notBefore: pos, open: open, minIndent: minIndent)
            try fail(
                .yamlSyntax, "expected ',' or '}' in flow mapping, found \(describeCharacter(at: pos))", at: pos,
                notes: [Note("flow mapping starts here", at: range(open, open + 1))])
        }
        pos += 1
        return YAMLMapping(entries: entries, range: range(open, pos))
    }

    /// One entry value inside a flow collection.
    private mutating func parseFlowNode(minIndent: Int) throws(YAMLStop) -> YAMLNode {
        if current == UInt8(ascii: "!") {
            let tag = try readTag()
            let tagEnd = pos
            skipBlanks()
            // The tagged node is on the tag's line (a value on a later line is not supported).
            if YAMLChar.isBreakOrEnd(current) || current == YAMLChar.hash || current == YAMLChar.comma
                || current == YAMLChar.closeBracket || current == YAMLChar.closeBrace {
                return emptyTaggedScalar(tag, at: tagEnd)
            }
            return try parseFlowNode(minIndent: minIndent).tagged(tag)
        }
        switch current {
        case YAMLChar.openBracket, YAMLChar.openBrace:
            return try parseFlowCollection(minIndent: minIndent)
        case YAMLChar.singleQuote, YAMLChar.doubleQuote:
            return .scalar(try parseQuoted(minIndent: minIndent).scalar)
        default:
            try checkPlainStart(flow: true)
            return .scalar(parsePlain(flow: true, minContinuationIndent: minIndent).scalar)
        }
    }

    /// Skips white space, line breaks and comments inside the flow collection opened at `open`.
    /// The end of input, a document marker or a line indented less than `minIndent` means its
    /// closing bracket is missing.
    private mutating func skipFlowSpace(open: Int, minIndent: Int) throws(YAMLStop) {
        while true {
            let c = current
            if YAMLChar.isBlank(c) {
                pos += 1
            } else if YAMLChar.isBreak(c) {
                pos = afterBreak(pos)
                let lineStart = pos
                if isDocumentMarker(at: lineStart) {
                    try failUnterminatedFlow(
                        open: open, note: Note("a document marker ends the collection here", at: range(lineStart, lineStart + 3)))
                }
                var q = lineStart
                while YAMLChar.isBlank(at(q)) { q += 1 }
                let d = at(q)
                if !YAMLChar.isBreakOrEnd(d), d != YAMLChar.hash, q - lineStart < minIndent {
                    try failUnterminatedFlow(
                        open: open,
                        note: Note("the collection cannot continue on this line: it is indented too little", at: range(q, q + characterLength(at: q))))
                }
                pos = q
            } else if c == YAMLChar.hash, YAMLChar.isBlankOrEnd(at(pos - 1)) || isLineStart(pos) {
                pos = lineEnd(from: pos)
            } else if isAtEnd {
                try failUnterminatedFlow(open: open, note: nil)
            } else {
                return
            }
        }
    }

    /// A stray token (at `offset`) on a line whose content starts at the enclosing block's
    /// indentation is most likely the next block key or entry, after a collection whose closing
    /// bracket was forgotten. `notBefore`: where the entry holding the token starts.
    private mutating func failIfBlockKey(lineOf offset: Int, notBefore: Int, open: Int, minIndent: Int) throws(YAMLStop) {
        let lineStart = lineStart(of: offset)
        var first = lineStart
        while YAMLChar.isBlank(at(first)) { first += 1 }
        guard first >= notBefore, first - lineStart <= minIndent else { return }
        try failUnterminatedFlow(
            open: open,
            note: Note(
                "this line looks like it continues the enclosing block, not the collection",
                at: range(first, first + characterLength(at: first))))
    }

    private mutating func failUnterminatedFlow(open: Int, note: Note?) throws(YAMLStop) -> Never {
        let (kind, bracket) = at(open) == YAMLChar.openBracket ? ("sequence", "]") : ("mapping", "}")
        try fail(
            .yamlSyntax, "unterminated flow \(kind); missing '\(bracket)'", at: open, notes: note.map { [$0] } ?? [])
    }
}
