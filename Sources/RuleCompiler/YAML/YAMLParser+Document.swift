// YAMLParser+Document.swift - the stream level: documents, `---` / `...` markers, directives.

extension YAMLParser {
    /// Every non-empty document's root node, in file order.
    mutating func readStream() -> [YAMLNode] {
        var documents: [YAMLNode] = []
        while pos < bytes.count {
            let before = pos
            do {
                if let root = try readDocument() { documents.append(root) }
            } catch {
                skipToNextDocument(from: max(pos, before), documentStart: before)
            }
            if pos == before, pos < bytes.count {
                // Cannot happen (every path consumes a line); never loop forever on a bug.
                skipLine()
            }
        }
        return documents
    }

    /// Reads one document; nil when it is empty. Leaves `pos` at the next document's first line.
    mutating func readDocument() throws(YAMLStop) -> YAMLNode? {
        // Prologue: comments, stray `...` markers, directives, up to `---` or the first content.
        while true {
            if let indent = try nextContentLine() {
                if indent == 0, current == YAMLChar.percent {
                    report(
                        .yamlUnsupported, "directives ('%') are not supported", at: pos,
                        end: lineEnd(from: pos))
                    skipLine()
                    continue
                }
                return try readDocumentBody()
            }
            if isAtEnd { return nil }
            if at(pos) == YAMLChar.dot {
                pos += 3
                try finishLine(after: "'...'")
                continue
            }
            // `---`: an explicit document start.
            pos += 3
            skipBlanks()
            if YAMLChar.isBreakOrEnd(current) || current == YAMLChar.hash {
                try finishLine(after: "'---'")
                guard try nextContentLine() != nil else { return nil }  // `---` directly followed by a marker or the end
                return try readDocumentBody()
            }
            let root = try parseBlockNode(parentIndent: -1, position: .afterDocumentStart)
            return try finishDocument(root)
        }
    }

    /// The root node starting at `pos` (the first character of a content line), then the epilogue.
    private mutating func readDocumentBody() throws(YAMLStop) -> YAMLNode {
        let root = try parseBlockNode(parentIndent: -1, position: .ownLine)
        return try finishDocument(root)
    }

    /// After the root: only comments may follow, up to `...`, `---` or the end of input.
    private mutating func finishDocument(_ root: YAMLNode) throws(YAMLStop) -> YAMLNode {
        if try nextContentLine() != nil {
            let message =
                if case .sequence(let s) = root, !s.isFlow {
                    "unexpected content at the top level; entries of the top-level sequence start with '- '"
                } else {
                    "unexpected content after the document's root node"
                }
            try fail(.yamlSyntax, message, at: pos)
        }
        if at(pos) == YAMLChar.dot, isDocumentMarker(at: pos) {
            pos += 3
            try finishLine(after: "'...'")
        }
        return root
    }

    /// Error recovery: resumes at the next line that starts with `---` or `...`, which may be the
    /// line where the error was found (an unterminated collection running into a marker).
    private mutating func skipToNextDocument(from offset: Int, documentStart: Int) {
        pos = min(offset, bytes.count)
        if pos > documentStart, isDocumentMarker(at: pos) { return }
        skipLine()
        while pos < bytes.count, !isDocumentMarker(at: pos) { skipLine() }
    }
}
