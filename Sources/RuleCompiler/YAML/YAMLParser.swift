// YAMLParser.swift - the YAML reader's state and its byte-level helpers: lines, indentation, errors.

/// Thrown once a structural error has been reported: the current document is abandoned, because
/// guessing how the rest of it was meant to nest could produce a wrong tree.
struct YAMLStop: Error {}

/// The ASCII bytes the reader dispatches on. `0` is the end-of-input sentinel (the input
/// validator rejects NUL bytes, so it cannot be content).
enum YAMLChar {
    static let end: UInt8 = 0
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space = UInt8(ascii: " ")
    static let dash = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let hash = UInt8(ascii: "#")
    static let question = UInt8(ascii: "?")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let pipe = UInt8(ascii: "|")
    static let greater = UInt8(ascii: ">")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let percent = UInt8(ascii: "%")

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }
    @inline(__always) static func isBreak(_ c: UInt8) -> Bool { c == lf || c == cr }
    @inline(__always) static func isBreakOrEnd(_ c: UInt8) -> Bool { c == lf || c == cr || c == end }
    @inline(__always) static func isBlankOrEnd(_ c: UInt8) -> Bool { isBlank(c) || isBreakOrEnd(c) }
    @inline(__always) static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == comma || c == openBracket || c == closeBracket || c == openBrace || c == closeBrace
    }
}

/// Where a block node starts, which decides what it may be: a block collection can start on its
/// own line or right after `- `, but not after `key: ` or `--- ` on the same line.
enum BlockPosition {
    case ownLine, afterKey, afterDash, afterDocumentStart
}

/// Recursive descent over one file's bytes. One instance reads the whole stream; the extensions in
/// `YAMLParser+*.swift` read documents, block structure, flow collections and scalars.
///
/// Invariant between block nodes: `pos` is at the start of a line (or at the end of input).
struct YAMLParser {
    /// Nesting budget; Falco files nest about five deep. Keeps adversarial input off the stack.
    static let maxDepth = 64

    let file: SourceFile
    let bytes: [UInt8]
    /// Where line 1 starts: 3 after a UTF-8 byte order mark, else 0.
    let contentStart: Int
    var pos: Int
    var depth = 0
    var diagnostics: DiagnosticEngine

    init(file: SourceFile, contentStart: Int, diagnostics: DiagnosticEngine) {
        self.file = file
        self.bytes = file.bytes
        self.contentStart = contentStart
        self.pos = contentStart
        self.diagnostics = diagnostics
    }
}

// MARK: - Bytes and lines

extension YAMLParser {
    /// The byte at `i`, or `YAMLChar.end` outside the input.
    @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : YAMLChar.end }
    var current: UInt8 { at(pos) }
    var isAtEnd: Bool { pos >= bytes.count }

    func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(file: file, start: start, end: end)
    }

    /// The offset at which the line holding `offset` starts.
    func lineStart(of offset: Int) -> Int {
        let column = file.lineAndColumn(of: offset).column
        return max(contentStart, offset - (column - 1))
    }

    /// 0-based column of `offset`, in bytes (indentation is counted in spaces, which are bytes).
    func column(of offset: Int) -> Int { offset - lineStart(of: offset) }

    func isLineStart(_ i: Int) -> Bool { i == contentStart || (i > contentStart && at(i - 1) == YAMLChar.lf) }

    /// The offset of the line break (or end of input) ending the line that holds `i`.
    func lineEnd(from i: Int) -> Int {
        var e = i
        while e < bytes.count, !YAMLChar.isBreak(bytes[e]) { e += 1 }
        return e
    }

    /// The offset after the line break at `i` (`\n` or `\r\n`).
    func afterBreak(_ i: Int) -> Int {
        at(i) == YAMLChar.cr && at(i + 1) == YAMLChar.lf ? i + 2 : i + 1
    }

    /// `---` or `...` at the start of a line, followed by whitespace or the line's end.
    func isDocumentMarker(at i: Int) -> Bool {
        guard isLineStart(i) else { return false }
        let c = at(i)
        guard c == YAMLChar.dash || c == YAMLChar.dot else { return false }
        return at(i + 1) == c && at(i + 2) == c && YAMLChar.isBlankOrEnd(at(i + 3))
    }

    /// Length of the UTF-8 character starting at `i` (1 at the end of input), for error ranges.
    func characterLength(at i: Int) -> Int {
        let c = at(i)
        if c >= 0xF0 { return 4 }
        if c >= 0xE0 { return 3 }
        if c >= 0xC0 { return 2 }
        return 1
    }

    /// A short, printable description of the character at `i` for messages.
    func describeCharacter(at i: Int) -> String {
        let c = at(i)
        if i >= bytes.count { return "end of file" }
        if c == YAMLChar.tab { return "tab" }
        let end = min(bytes.count, i + characterLength(at: i))
        return "'" + String(decoding: bytes[i..<end], as: UTF8.self) + "'"
    }

    mutating func skipBlanks() {
        while YAMLChar.isBlank(current) { pos += 1 }
    }

    /// Moves past the rest of the current line and its break.
    mutating func skipLine() {
        pos = lineEnd(from: pos)
        if pos < bytes.count { pos = afterBreak(pos) }
    }

    /// Moves back to the start of the current line (after peeking at a line that belongs to an
    /// enclosing collection).
    mutating func rewindToLineStart() {
        pos = lineStart(of: pos)
    }
}

// MARK: - Diagnostics

extension YAMLParser {
    /// Reports an error the reader can continue after.
    mutating func report(_ id: DiagnosticID, _ message: String, at start: Int, end: Int? = nil, notes: [Note] = []) {
        let end = end ?? min(bytes.count, start + characterLength(at: start))
        diagnostics.error(id, message, at: range(start, end), notes: notes)
    }

    /// Reports a structural error and abandons the current document.
    mutating func fail(
        _ id: DiagnosticID, _ message: String, at start: Int, end: Int? = nil, notes: [Note] = []
    ) throws(YAMLStop) -> Never {
        report(id, message, at: start, end: end, notes: notes)
        throw YAMLStop()
    }

    /// Counts one level of nesting; fails past `maxDepth`. Pair with `depth -= 1`.
    mutating func enterNode() throws(YAMLStop) {
        depth += 1
        if depth > Self.maxDepth {
            try fail(.yamlUnsupported, "nesting deeper than \(Self.maxDepth) levels is not supported", at: pos)
        }
    }
}

// MARK: - Line structure

extension YAMLParser {
    /// After a node: optional blanks, an optional comment, then a line break (consumed) or the end
    /// of input. Anything else is an error naming `what` came before it.
    mutating func finishLine(after what: String) throws(YAMLStop) {
        skipBlanks()
        let c = current
        if c == YAMLChar.hash {
            guard YAMLChar.isBlank(at(pos - 1)) else {
                try fail(.yamlSyntax, "a comment needs whitespace before '#'", at: pos)
            }
            skipLine()
            return
        }
        if YAMLChar.isBreakOrEnd(c) {
            if !isAtEnd { pos = afterBreak(pos) }
            return
        }
        try fail(.yamlSyntax, "unexpected \(describeCharacter(at: pos)) after \(what)", at: pos)
    }

    /// From a line start, skips empty and comment-only lines. Returns the indentation of the next
    /// line with content, leaving `pos` at its first character; returns nil (with `pos` at the
    /// line start) at the end of input or at a document marker.
    mutating func nextContentLine() throws(YAMLStop) -> Int? {
        while pos < bytes.count {
            let lineStart = pos
            if isDocumentMarker(at: lineStart) { return nil }
            var p = lineStart
            while at(p) == YAMLChar.space { p += 1 }
            var q = p
            while YAMLChar.isBlank(at(q)) { q += 1 }
            let c = at(q)
            if c == YAMLChar.hash || YAMLChar.isBreakOrEnd(c) {
                pos = q
                skipLine()
                continue
            }
            if q != p {
                try fail(.yamlSyntax, "tab characters must not be used for indentation", at: p)
            }
            pos = p
            return p - lineStart
        }
        return nil
    }
}
