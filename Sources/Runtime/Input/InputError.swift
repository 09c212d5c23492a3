// InputError.swift - a problem with one input file, naming the file and, when known, the record.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem reading one input: a missing path, an I/O or gzip failure, a file that is not a
/// CloudTrail log, or one bad record in an otherwise good file.
///
/// Every error names the file, so a run over weeks of logs can report and go on with the next file.
/// `offset` is a byte offset in the decompressed stream: for record errors it is where the record
/// starts (the same number as `Record.offset`), otherwise where the problem was found.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file as the user named it (or as discovery found it); `<stdin>` for standard input.
    public var path: String
    /// 0-based index of the record concerned, when the error is about one record.
    public var recordIndex: Int?
    /// Byte offset in the decompressed stream, when known.
    public var offset: Int?
    /// What went wrong, lowercase, without the path.
    public var message: String

    public init(path: String, recordIndex: Int? = nil, offset: Int? = nil, message: String) {
        self.path = path
        self.recordIndex = recordIndex
        self.offset = offset
        self.message = message
    }

    /// `<path>: record <n> (byte <offset>): <message>` with `n` 1-based for humans,
    /// `<path>: byte <offset>: <message>` when only the position is known, else `<path>: <message>`.
    public var description: String {
        switch (recordIndex, offset) {
        case let (index?, offset?): "\(path): record \(index + 1) (byte \(offset)): \(message)"
        case let (index?, nil): "\(path): record \(index + 1): \(message)"
        case let (nil, offset?): "\(path): byte \(offset): \(message)"
        case (nil, nil): "\(path): \(message)"
        }
    }

    /// An error from a failed system call, with the C library's text for `code` (an `errno`).
    static func system(path: String, offset: Int? = nil, _ what: String, errno code: Int32) -> InputError {
        InputError(path: path, offset: offset, message: "\(what): \(String(cString: strerror(code)))")
    }
}
