// GzipStream.swift - inflates a gzip stream (all members) with zlib, chunk by chunk.
import CZlib

/// Decompresses `source` as gzip, including files made of several concatenated gzip members
/// (`cat a.gz b.gz`, and what many log shippers write), which Go's reader also accepts.
///
/// Unlike Falco (spec §1.4 step 2: any gzip error silently skips the whole file), a corrupt or
/// truncated stream is an error carrying zlib's message and the decompressed offset it was found
/// at, and every byte inflated before it is delivered first, so complete records before the damage
/// are kept.
final class GzipStream: ByteStream {
    private let source: any ByteStream
    let path: String
    /// zlib keeps a pointer back to its `z_stream` and checks it on every call, so the stream lives
    /// at a fixed address for the lifetime of this object (never inside a movable Swift value).
    private let zstream: UnsafeMutablePointer<z_stream>
    /// Compressed bytes read from `source`; `zstream.next_in/avail_in` point into it.
    private let input: UnsafeMutableRawBufferPointer
    private var sourceAtEnd = false
    /// The current member ended (Z_STREAM_END); another one starts if input remains.
    private var memberEnded = false
    private var finished = false
    /// An error found after some output of the same `read` call: thrown by the next call.
    private var pendingError: InputError?
    /// Decompressed bytes delivered so far.
    private(set) var bytesProduced = 0

    init(source: any ByteStream, path: String, inputChunkSize: Int = 256 * 1024) throws(InputError) {
        self.source = source
        self.path = path
        zstream = .allocate(capacity: 1)
        zstream.initialize(to: z_stream())
        input = .allocate(byteCount: max(1, inputChunkSize), alignment: 1)
        // windowBits 15 + 32: the largest window, gzip or zlib header detected automatically.
        let rc = inflateInit2_(zstream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            zstream.deinitialize(count: 1)
            zstream.deallocate()
            input.deallocate()
            throw InputError(path: path, message: "gzip: cannot initialise zlib (error \(rc))")
        }
    }

    deinit {
        inflateEnd(zstream)
        zstream.deinitialize(count: 1)
        zstream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let error = pendingError { throw error }
        guard !finished, let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
        // zlib counts in UInt32; a larger buffer is simply filled in part.
        let capacity = min(buffer.count, Int(UInt32.max))
        // safe: next_out is set on every call before inflate and only used within this call.
        zstream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        zstream.pointee.avail_out = uInt(capacity)
        var failure: InputError?
        while zstream.pointee.avail_out > 0 {
            if zstream.pointee.avail_in == 0 && !sourceAtEnd {
                do throws(InputError) {
                    let n = try source.read(into: input)
                    if n == 0 {
                        sourceAtEnd = true
                    } else {
                        // safe: `input` is owned by this stream, freed in deinit after inflateEnd.
                        zstream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                        zstream.pointee.avail_in = uInt(n)
                    }
                } catch {
                    failure = error
                    break
                }
            }
            if memberEnded {
                if zstream.pointee.avail_in == 0 {
                    if sourceAtEnd { finished = true; break }
                    continue
                }
                // Another member follows: start over on the same output.
                inflateReset(zstream)
                memberEnded = false
            }
            let rc = inflate(zstream, Z_NO_FLUSH)
            switch rc {
            case Z_OK:
                continue
            case Z_STREAM_END:
                memberEnded = true
            case Z_BUF_ERROR:
                // No progress possible: zlib needs input we do not have.
                if zstream.pointee.avail_in == 0 && sourceAtEnd {
                    failure = failureHere(capacity, "gzip: unexpected end of compressed data")
                }
            case Z_NEED_DICT:
                failure = failureHere(capacity, "gzip: stream needs a preset dictionary")
            default:
                let text = zstream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                failure = failureHere(capacity, "gzip: \(text)")
            }
            if failure != nil { break }
        }
        let produced = capacity - Int(zstream.pointee.avail_out)
        bytesProduced += produced
        if let failure {
            finished = true
            if produced == 0 { throw failure }
            pendingError = failure
        }
        return produced
    }

    /// An error at the current decompressed position (`capacity` is this call's output size).
    private func failureHere(_ capacity: Int, _ message: String) -> InputError {
        InputError(path: path, offset: bytesProduced + capacity - Int(zstream.pointee.avail_out), message: message)
    }
}
