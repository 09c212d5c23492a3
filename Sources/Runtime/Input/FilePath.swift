// FilePath.swift - a path as the system holds it: bytes, not necessarily UTF-8.

/// A file path as raw bytes. Files are opened with exactly these bytes, so a name that is not
/// valid UTF-8 is still read; `description` is the form for messages, escaped like alert text
/// (`TextSanitizer`: control characters and invalid UTF-8 as `\n`, `\xNN`, ...), so a crafted
/// name cannot forge a line on stderr.
public struct FilePath: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ string: String) {
        bytes = Array(string.utf8)
    }

    public var description: String {
        if TextSanitizer.isClean(bytes) { return String(decoding: bytes, as: UTF8.self) }
        var escaped: [UInt8] = []
        TextSanitizer.append(bytes, to: &escaped)
        return String(decoding: escaped, as: UTF8.self)
    }

    /// `self/name`, without doubling a trailing `/`.
    func appending(_ name: [UInt8]) -> FilePath {
        let slash = UInt8(ascii: "/")
        return FilePath(bytes: bytes.last == slash ? bytes + name : bytes + [slash] + name)
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            // safe: the buffer holds bytes + NUL and lives for the call; CChar and UInt8 have one layout.
            try body(UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self))
        }
    }
}
