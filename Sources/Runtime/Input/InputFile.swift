// InputFile.swift - one file (or stdin) to scan.

/// One input to scan: a path, or standard input.
///
/// Compression is not part of the identity: `RecordReader` sniffs it from the content.
public struct InputFile: Sendable, Hashable {
    /// The path as given or as found by `InputDiscovery`; `<stdin>` for standard input.
    public var path: String
    /// Read file descriptor 0 instead of opening `path`.
    public var isStdin: Bool

    public init(path: String, isStdin: Bool = false) {
        self.path = path
        self.isStdin = isStdin
    }

    /// Standard input (the `-` argument).
    public static let stdin = InputFile(path: "<stdin>", isStdin: true)
}
