// ByteStream.swift - the chunked byte source under RecordReader (file descriptor, gzip, prefix).

/// A forward-only source of bytes, read in caller-sized chunks into caller-owned memory, so the
/// reader can reuse one buffer for a whole file whatever the source is.
protocol ByteStream: AnyObject {
    /// Fills the start of `buffer` with the next bytes and returns how many. Returns 0 only at the
    /// end of the stream (never for an empty `buffer` unless at the end). Errors name the file and,
    /// when meaningful, the byte offset of the stream at which they happened.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
}

extension ByteStream {
    /// Reads until `count` bytes or the end of the stream, for sniffing magic numbers on pipes
    /// (which may return fewer bytes than asked).
    func readPrefix(count: Int) throws(InputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { raw -> Result<Int, InputError> in
                do throws(InputError) {
                    return .success(try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...])))
                } catch {
                    return .failure(error)
                }
            }
            let n = try result.get()
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
