// PrefixedStream.swift - puts sniffed bytes back in front of a stream.

/// Returns `prefix` first, then the rest of `source`: the bytes read to sniff the compression are
/// not lost, and a pipe need not be seekable.
final class PrefixedStream: ByteStream {
    private var prefix: [UInt8]
    private var prefixPosition = 0
    private let source: any ByteStream

    init(prefix: [UInt8], source: any ByteStream) {
        self.prefix = prefix
        self.source = source
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard prefixPosition < prefix.count else { return try source.read(into: buffer) }
        let n = min(buffer.count, prefix.count - prefixPosition)
        prefix.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[prefixPosition..<(prefixPosition + n)]))
        }
        prefixPosition += n
        return n
    }
}
