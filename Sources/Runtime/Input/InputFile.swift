// InputFile.swift - one file (or stdin) to scan.

/// One input to scan: a path, or standard input.
///
/// Compression is not part of the identity: `RecordReader` sniffs it from the content.
public struct InputFile: Sendable, Hashable {
    /// The path's bytes, as given or as found by `InputDiscovery`: what is opened.
    public var rawPath: FilePath
    /// The path for messages, escaped (`FilePath.description`); `<stdin>` for standard input.
    public var path: String
    /// Read file descriptor 0 instead of opening `path`.
    public var isStdin: Bool

    public init(path: String, isStdin: Bool = false) {
        self.init(rawPath: FilePath(path), isStdin: isStdin)
    }

    public init(rawPath: FilePath, isStdin: Bool = false) {
        self.rawPath = rawPath
        self.path = rawPath.description
        self.isStdin = isStdin
    }

    /// Standard input (the `-` argument).
    public static let stdin = InputFile(path: "<stdin>", isStdin: true)
}
