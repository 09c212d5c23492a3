// SourceFile.swift - the bytes of one rules file, its display path and a line table.

/// One input file. A class so that every node and diagnostic can point at it cheaply.
///
/// Offsets are byte offsets into `bytes` (UTF-8). Lines and columns are 1-based, columns counted
/// in UTF-8 bytes, as swiftc and swift-syntax count them.
public final class SourceFile: Sendable {
    /// The path printed in diagnostics (absolute in the build log, so IDEs can open it).
    public let path: String
    /// The path written into generated code: relative to the package root, machine independent.
    public let displayPath: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(path: String, displayPath: String? = nil, bytes: [UInt8]) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    public convenience init(path: String, displayPath: String? = nil, text: String) {
        self.init(path: path, displayPath: displayPath, bytes: Array(text.utf8))
    }

    /// The text of the file (invalid UTF-8 repaired).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// 1-based line and column of a byte offset (offsets past the end clamp to the end).
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        // Binary search for the last line start <= offset.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// The text of line `line` (1-based), without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A half-open byte range `start..<end` in one source file.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at one offset.
    public init(file: SourceFile, at offset: Int) {
        self.init(file: file, start: offset, end: offset)
    }

    public var line: Int { file.lineAndColumn(of: start).line }
    public var column: Int { file.lineAndColumn(of: start).column }

    /// `path:line:column` with the diagnostic path.
    public var description: String {
        let (l, c) = file.lineAndColumn(of: start)
        return "\(file.path):\(l):\(c)"
    }

    /// `displayPath:line:column`, machine independent (for generated code).
    public var displayDescription: String {
        let (l, c) = file.lineAndColumn(of: start)
        return "\(file.displayPath):\(l):\(c)"
    }

    /// The smallest range covering both (same file assumed; otherwise `self`).
    public func union(_ other: SourceRange) -> SourceRange {
        guard other.file === file else { return self }
        return SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public static func == (a: SourceRange, b: SourceRange) -> Bool {
        a.file === b.file && a.start == b.start && a.end == b.end
    }

    public func hash(into h: inout Hasher) {
        h.combine(ObjectIdentifier(file))
        h.combine(start)
        h.combine(end)
    }
}
