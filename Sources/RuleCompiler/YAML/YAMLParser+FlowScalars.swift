// YAMLParser+FlowScalars.swift - plain and quoted scalars, including multi-line folding and escapes.

/// Why a plain scalar's last line ended.
enum PlainStop {
    /// End of line (or input); the scalar did not continue on a following line.
    case lineEnd
    /// ` #`: a comment follows.
    case comment
    /// `: ` (or `:` before a flow indicator in flow context): the scalar is a mapping key.
    case valueIndicator
    /// `,`, `[`, `]`, `{` or `}` in flow context.
    case flowIndicator
}

extension YAMLParser {
    // MARK: Plain scalars

    /// Reports why the character at `pos` cannot start a plain scalar, if it cannot. Callers have
    /// dispatched every legitimate indicator (`- `, quotes, brackets, block scalars) before this.
    mutating func checkPlainStart(flow: Bool) throws(YAMLStop) {
        let c = current
        let next = at(pos + 1)
        let nextEndsIndicator = YAMLChar.isBlankOrEnd(next) || (flow && YAMLChar.isFlowIndicator(next))
        switch c {
        case UInt8(ascii: "&"):
            try fail(.yamlUnsupported, "anchors ('&') are not supported", at: pos, end: tokenEnd(from: pos))
        case UInt8(ascii: "*"):
            try fail(.yamlUnsupported, "aliases ('*') are not supported", at: pos, end: tokenEnd(from: pos))
        case UInt8(ascii: "!"):
            // Tags before a node are read by the node's parser; this one is a second tag.
            try fail(.yamlSyntax, "a node can have only one tag", at: pos, end: tokenEnd(from: pos))
        case YAMLChar.question where nextEndsIndicator:
            try fail(.yamlUnsupported, "complex mapping keys ('?') are not supported", at: pos)
        case YAMLChar.colon where nextEndsIndicator:
            try fail(.yamlUnsupported, "empty mapping keys are not supported", at: pos)
        case YAMLChar.dash where nextEndsIndicator:
            try fail(
                .yamlSyntax,
                flow ? "block sequence entries ('- ') are not allowed inside a flow collection" : "a sequence entry ('- ') is not allowed here",
                at: pos)
        case YAMLChar.percent:
            if column(of: pos) == 0 {
                try fail(.yamlUnsupported, "directives ('%') are not supported", at: pos, end: lineEnd(from: pos))
            }
            try fail(.yamlSyntax, "'%' cannot start a plain scalar; quote the value", at: pos)
        case UInt8(ascii: "@"), UInt8(ascii: "`"):
            try fail(.yamlSyntax, "\(describeCharacter(at: pos)) is reserved and cannot start a plain scalar; quote the value", at: pos)
        case YAMLChar.pipe, YAMLChar.greater:
            try fail(
                .yamlSyntax,
                flow ? "block scalars ('\(Character(Unicode.Scalar(c)))') are not allowed inside a flow collection" : "a block scalar cannot be a mapping key",
                at: pos)
        case YAMLChar.comma, YAMLChar.closeBracket, YAMLChar.closeBrace, YAMLChar.openBracket, YAMLChar.openBrace:
            try fail(.yamlSyntax, "unexpected \(describeCharacter(at: pos))\(c == YAMLChar.comma ? "; expected a value before ','" : "")", at: pos)
        case YAMLChar.hash:
            try fail(.yamlSyntax, "a comment needs whitespace before '#'", at: pos)
        case YAMLChar.singleQuote, YAMLChar.doubleQuote:
            try fail(.yamlSyntax, "unexpected quote", at: pos)
        default:
            return
        }
    }

    /// End of an anchor, alias or tag token, for error ranges.
    private func tokenEnd(from i: Int) -> Int {
        var e = i + 1
        while !YAMLChar.isBlankOrEnd(at(e)), !YAMLChar.isFlowIndicator(at(e)) { e += 1 }
        return e
    }

    /// Scans plain characters on the current line from `pos`. Returns the end of the last
    /// non-blank character; `pos` is left at the stop (line break, `#`, `:` or flow indicator).
    mutating func scanPlainSegment(flow: Bool) -> (end: Int, stop: PlainStop) {
        var end = pos
        while true {
            let c = current
            if YAMLChar.isBreakOrEnd(c) { return (end, .lineEnd) }
            if YAMLChar.isBlank(c) {
                pos += 1
                continue
            }
            if c == YAMLChar.hash, YAMLChar.isBlankOrEnd(at(pos - 1)) || isLineStart(pos) {
                return (end, .comment)
            }
            if c == YAMLChar.colon {
                let next = at(pos + 1)
                if YAMLChar.isBlankOrEnd(next) || (flow && YAMLChar.isFlowIndicator(next)) { return (end, .valueIndicator) }
            }
            if flow, YAMLChar.isFlowIndicator(c) { return (end, .flowIndicator) }
            pos += 1
            end = pos
        }
    }

    /// Reads a plain scalar starting at `pos` (already checked by `checkPlainStart`), continuing on
    /// following lines indented at least `minContinuationIndent` (spaces in block context; any
    /// leading whitespace in flow context, which has no indentation rules of its own).
    ///
    /// Leaves `pos` at the stop of the scalar's last line. Line folding (YAML 1.2 §7.3.3): each
    /// line's leading and trailing whitespace is dropped, a single line break becomes a space and
    /// `n` empty lines become `n` line feeds.
    mutating func parsePlain(flow: Bool, minContinuationIndent: Int) -> (scalar: YAMLScalar, multiLine: Bool, stop: PlainStop) {
        let start = pos
        var builder = ScalarBuilder()
        var (end, stop) = scanPlainSegment(flow: flow)
        builder.copy(bytes, start..<end)
        var multiLine = false
        while stop == .lineEnd, !isAtEnd {
            let breakOffset = pos
            guard let next = plainContinuation(after: breakOffset, flow: flow, minIndent: minContinuationIndent) else {
                pos = breakOffset
                break
            }
            builder.fold(emptyLines: next.emptyLines)
            pos = next.start
            let (segmentEnd, segmentStop) = scanPlainSegment(flow: flow)
            builder.copy(bytes, next.start..<segmentEnd)
            end = segmentEnd
            stop = segmentStop
            multiLine = true
        }
        return (builder.scalar(style: .plain, range: range(start, end), sourceEnd: end), multiLine, stop)
    }

    /// Where a plain scalar continues after the line break at `breakOffset`, and how many empty
    /// lines come first; nil when the next non-empty line does not continue it.
    private func plainContinuation(after breakOffset: Int, flow: Bool, minIndent: Int) -> (start: Int, emptyLines: Int)? {
        var p = afterBreak(breakOffset)
        var emptyLines = 0
        while true {
            let lineStart = p
            var q = p
            while at(q) == YAMLChar.space { q += 1 }
            let spaces = q - lineStart
            while YAMLChar.isBlank(at(q)) { q += 1 }
            let c = at(q)
            if YAMLChar.isBreak(c) {
                emptyLines += 1
                p = afterBreak(q)
                continue
            }
            if q >= bytes.count || isDocumentMarker(at: lineStart) || c == YAMLChar.hash { return nil }
            if (flow ? q - lineStart : spaces) < minIndent { return nil }
            let next = at(q + 1)
            if c == YAMLChar.colon, YAMLChar.isBlankOrEnd(next) || (flow && YAMLChar.isFlowIndicator(next)) { return nil }
            if flow, YAMLChar.isFlowIndicator(c) { return nil }
            return (q, emptyLines)
        }
    }

    // MARK: Quoted scalars

    /// Reads a single- or double-quoted scalar whose opening quote is at `pos`; leaves `pos` after
    /// the closing quote. Continuation lines must be indented at least `minIndent`: the enclosing
    /// block collection's column, one less than YAML 1.2 asks but what libyaml and yaml-cpp
    /// accept. A less indented line, a document marker or the end of input before the closing
    /// quote is reported as an unterminated scalar, at its opening quote.
    ///
    /// Folding (§7.3.1, §7.3.2): trailing white space before a line break and leading white space
    /// after it are dropped; the break becomes a space, or `n` line feeds for `n` empty lines; an
    /// escaped line break (`\` at the end of a line) is dropped entirely.
    mutating func parseQuoted(minIndent: Int) throws(YAMLStop) -> (scalar: YAMLScalar, multiLine: Bool) {
        let open = pos
        let quote = current
        let double = quote == YAMLChar.doubleQuote
        pos += 1
        var builder = ScalarBuilder()
        var segment = pos  // start of bytes not yet copied
        var multiLine = false
        while true {
            guard pos < bytes.count else { try failUnterminatedQuote(open: open, note: nil) }
            let c = bytes[pos]
            if c == quote {
                if !double, at(pos + 1) == quote {  // '' is one quote
                    builder.copy(bytes, segment..<(pos + 1))
                    pos += 2
                    segment = pos
                    continue
                }
                builder.copy(bytes, segment..<pos)
                pos += 1
                break
            }
            if double, c == YAMLChar.backslash {
                builder.copy(bytes, segment..<pos)
                if YAMLChar.isBreak(at(pos + 1)) {
                    pos += 1
                    try foldQuotedLineBreak(open: open, minIndent: minIndent, escaped: true, into: &builder)
                    multiLine = true
                } else {
                    readEscape(into: &builder)
                }
                segment = pos
                continue
            }
            if YAMLChar.isBlank(c) {
                var e = pos + 1
                while YAMLChar.isBlank(at(e)) { e += 1 }
                if !YAMLChar.isBreak(at(e)) {
                    pos = e
                    continue
                }
                builder.copy(bytes, segment..<pos)  // trailing white space is dropped
                pos = e
                try foldQuotedLineBreak(open: open, minIndent: minIndent, escaped: false, into: &builder)
                multiLine = true
                segment = pos
                continue
            }
            if YAMLChar.isBreak(c) {
                builder.copy(bytes, segment..<pos)
                try foldQuotedLineBreak(open: open, minIndent: minIndent, escaped: false, into: &builder)
                multiLine = true
                segment = pos
                continue
            }
            pos += 1
        }
        let style: ScalarStyle = double ? .doubleQuoted : .singleQuoted
        return (builder.scalar(style: style, range: range(open, pos), sourceEnd: pos - 1), multiLine)
    }

    /// At the line break `pos` inside a quoted scalar: skips it, the empty lines after it and the
    /// next line's leading white space, appending the folded form. Leaves `pos` at the next line's
    /// first character.
    private mutating func foldQuotedLineBreak(
        open: Int, minIndent: Int, escaped: Bool, into builder: inout ScalarBuilder
    ) throws(YAMLStop) {
        var p = afterBreak(pos)
        var emptyLines = 0
        while true {
            let lineStart = p
            var q = p
            while YAMLChar.isBlank(at(q)) { q += 1 }
            if q >= bytes.count { try failUnterminatedQuote(open: open, note: nil) }
            if YAMLChar.isBreak(at(q)) {
                emptyLines += 1
                p = afterBreak(q)
                continue
            }
            if isDocumentMarker(at: lineStart) {
                try failUnterminatedQuote(open: open, note: Note("a document marker ends the scalar here", at: range(lineStart, lineStart + 3)))
            }
            if q - lineStart < minIndent {
                try failUnterminatedQuote(
                    open: open,
                    note: Note("the scalar cannot continue on this line: it is indented too little", at: range(q, q + characterLength(at: q))))
            }
            if escaped { builder.append(YAMLChar.lf, count: emptyLines) } else { builder.fold(emptyLines: emptyLines) }
            pos = q
            return
        }
    }

    private mutating func failUnterminatedQuote(open: Int, note: Note?) throws(YAMLStop) -> Never {
        let (kind, quote) = at(open) == YAMLChar.doubleQuote ? ("double", "\"") : ("single", "'")
        try fail(
            .yamlSyntax, "unterminated \(kind)-quoted scalar; missing closing \(quote)", at: open,
            notes: note.map { [$0] } ?? [])
    }

    /// Decodes the escape sequence at `pos` (a backslash not followed by a line break) into
    /// `builder` (YAML 1.2 §5.7). An invalid escape is reported and skipped.
    private mutating func readEscape(into builder: inout ScalarBuilder) {
        let start = pos
        let e = at(pos + 1)
        let simple: UInt8? =
            switch e {
            case UInt8(ascii: "0"): 0x00
            case UInt8(ascii: "a"): 0x07
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"), YAMLChar.tab: 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "v"): 0x0B
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "e"): 0x1B
            case YAMLChar.space, YAMLChar.doubleQuote, UInt8(ascii: "/"), YAMLChar.backslash: e
            default: nil
            }
        if let simple {
            builder.append(simple)
            pos += 2
            return
        }
        let named: Unicode.Scalar? =
            switch e {
            case UInt8(ascii: "N"): "\u{85}"
            case UInt8(ascii: "_"): "\u{A0}"
            case UInt8(ascii: "L"): "\u{2028}"
            case UInt8(ascii: "P"): "\u{2029}"
            default: nil
            }
        if let named {
            builder.append(named)
            pos += 2
            return
        }
        let digits =
            switch e {
            case UInt8(ascii: "x"): 2
            case UInt8(ascii: "u"): 4
            case UInt8(ascii: "U"): 8
            default: 0
            }
        guard digits > 0 else {
            if e == YAMLChar.end {
                pos += 1  // the missing closing quote is reported next
                return
            }
            let length = 1 + characterLength(at: pos + 1)
            let escape = String(decoding: bytes[start..<min(bytes.count, start + length)], as: UTF8.self)
            report(.yamlSyntax, "invalid escape sequence '\(escape)'", at: start, end: start + length)
            pos += length
            return
        }
        var value: UInt32 = 0
        for k in 0..<digits {
            guard let d = hexValue(at(pos + 2 + k)) else {
                report(
                    .yamlSyntax, "escape '\\\(Character(Unicode.Scalar(e)))' needs \(digits) hexadecimal digits", at: start,
                    end: pos + 2 + k)
                pos += 2 + k
                return
            }
            value = value << 4 | d
        }
        guard let scalar = Unicode.Scalar(value) else {
            report(.yamlSyntax, "escape is not a valid Unicode scalar value", at: start, end: pos + 2 + digits)
            pos += 2 + digits
            return
        }
        builder.append(scalar)
        pos += 2 + digits
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
