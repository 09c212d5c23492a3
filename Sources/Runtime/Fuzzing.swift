// Fuzzing.swift - the few internals the libFuzzer targets in Fuzz/ drive, as @_spi(Fuzzing) only.

/// A ByteStream over memory handing out at most `piece` bytes per read, so fuzzing puts read
/// boundaries everywhere.
private final class FuzzMemoryStream: ByteStream {
    private let bytes: [UInt8]
    private let piece: Int
    private var position = 0

    init(_ bytes: [UInt8], piece: Int) {
        self.bytes = bytes
        self.piece = max(1, piece)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = min(buffer.count, piece, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[position..<(position + n)]))
        }
        position += n
        return n
    }
}

extension RecordReader {
    /// A reader over in-memory bytes (plain or gzip, sniffed), read `piece` bytes at a time.
    @_spi(Fuzzing) public convenience init(
        fuzzingPath path: String, bytes: [UInt8], piece: Int, chunkSize: Int, maxRecordSize: Int
    ) throws(InputError) {
        try self.init(path: path, source: FuzzMemoryStream(bytes, piece: piece), chunkSize: chunkSize,
                      maxRecordSize: maxRecordSize)
    }
}

/// Decompresses `bytes` with `GzipStream` (input read `piece` bytes at a time, output asked for in
/// `outputChunk`-byte reads), up to `limit` output bytes: the output and the error, if any.
@_spi(Fuzzing) public func fuzzingGunzip(
    _ bytes: [UInt8], piece: Int, inputChunkSize: Int, outputChunk: Int, limit: Int
) -> (output: [UInt8], error: InputError?) {
    var output: [UInt8] = []
    do throws(InputError) {
        let stream = try GzipStream(source: FuzzMemoryStream(bytes, piece: piece), path: "fuzz.gz",
                                    inputChunkSize: max(1, inputChunkSize))
        var chunk = [UInt8](repeating: 0, count: max(1, outputChunk))
        while output.count < limit {
            let result = chunk.withUnsafeMutableBytes { raw -> Result<Int, InputError> in
                do throws(InputError) { return .success(try stream.read(into: raw)) } catch { return .failure(error) }
            }
            let n = try result.get()
            if n == 0 { break }
            output.append(contentsOf: chunk[..<n])
        }
        return (output, nil)
    } catch {
        return (output, error)
    }
}

extension Event {
    /// When true, `load` skips the in-place scanner and extracts every field from the full parse
    /// (the general path), so a fuzzer can check that both paths give the same fields.
    @_spi(Fuzzing) public var fuzzingExtractsFromTape: Bool {
        get { extractsFromTape }
        set { extractsFromTape = newValue }
    }
}
