// InputTestSupport.swift - helpers shared by the Input tests: in-memory streams, gzip, temp dirs.
import CZlib
import Foundation
import Testing
@testable import Runtime

/// A ByteStream over memory that hands out bytes in scripted piece sizes (then `fallback`-sized),
/// so tests can put a read boundary at any position.
final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0
    private var pieces: [Int]
    private let fallback: Int

    init(_ bytes: [UInt8], pieces: [Int] = [], fallback: Int = .max) {
        self.bytes = bytes
        self.pieces = pieces
        self.fallback = fallback
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let want = pieces.isEmpty ? fallback : pieces.removeFirst()
        let n = min(buffer.count, want, bytes.count - position)
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[position..<(position + n)]))
        }
        position += n
        // A zero-sized scripted piece must not look like the end of the stream.
        if n == 0 && position < bytes.count { return try read(into: buffer) }
        return n
    }
}

/// A ByteStream that produces `{"Records":[{"big":"xxxx…"},{"after":1}]}` lazily, to test the
/// record size limit without holding the file in memory.
final class HugeRecordStream: ByteStream {
    private var parts: [(byte: UInt8?, text: [UInt8], repeatCount: Int)]
    private var emittedOfPart = 0

    init(padding: Int) {
        parts = [
            (nil, Array(#"{"Records":[{"big":""#.utf8), 1),
            (UInt8(ascii: "x"), [], padding),
            (nil, Array(#""},{"after":1}]}"#.utf8), 1),
        ]
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var written = 0
        while written < buffer.count, !parts.isEmpty {
            let part = parts[0]
            if let byte = part.byte {
                let n = min(buffer.count - written, part.repeatCount - emittedOfPart)
                buffer.baseAddress!.advanced(by: written).initializeMemory(as: UInt8.self, repeating: byte, count: n)
                written += n
                emittedOfPart += n
                if emittedOfPart == part.repeatCount { parts.removeFirst(); emittedOfPart = 0 }
            } else {
                let n = min(buffer.count - written, part.text.count - emittedOfPart)
                for k in 0..<n { buffer[written + k] = part.text[emittedOfPart + k] }
                written += n
                emittedOfPart += n
                if emittedOfPart == part.text.count { parts.removeFirst(); emittedOfPart = 0 }
            }
        }
        return written
    }
}

/// Everything a reader yields: records and errors, in order (reading goes on after record errors).
struct Drained {
    var records: [Record] = []
    var errors: [InputError] = []
    /// Records and errors interleaved, as text, for order-sensitive comparisons.
    var events: [String] = []

    var texts: [String] { records.map { String(decoding: $0.bytes, as: UTF8.self) } }
}

func drain(_ reader: RecordReader, limit: Int = 1_000_000) -> Drained {
    var result = Drained()
    for _ in 0..<limit {
        do throws(InputError) {
            guard let record = try reader.next() else { return result }
            result.records.append(record)
            result.events.append("record \(record.index) @\(record.offset)")
        } catch {
            result.errors.append(error)
            result.events.append("error \(error.description)")
        }
    }
    Issue.record("reader did not end after \(limit) calls")
    return result
}

/// Reads `text` (or bytes) through a reader with the given chunk size and stream pieces.
func drain(
    _ bytes: [UInt8], path: String = "t.json", chunkSize: Int = 256 * 1024, pieces: [Int] = [],
    fallback: Int = .max, maxRecordSize: Int = 64 * 1024 * 1024
) throws(InputError) -> (Drained, RecordReader) {
    let reader = try RecordReader(
        path: path, source: MemoryStream(bytes, pieces: pieces, fallback: fallback),
        chunkSize: chunkSize, maxRecordSize: maxRecordSize)
    return (drain(reader), reader)
}

func drain(_ text: String, chunkSize: Int = 256 * 1024, pieces: [Int] = []) throws(InputError) -> Drained {
    try drain(Array(text.utf8), chunkSize: chunkSize, pieces: pieces).0
}

/// gzip-compresses `bytes` as one member with zlib's deflate (windowBits 15 + 16 = gzip wrapper).
func gzip(_ bytes: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8] {
    // zlib checks that its z_stream never moves: keep it at an allocated address.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { deflateEnd(stream); stream.deallocate() }
    precondition(deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))) + 64)
    var input = bytes
    let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            stream.pointee.next_in = inBuf.baseAddress
            stream.pointee.avail_in = uInt(inBuf.count)
            stream.pointee.next_out = outBuf.baseAddress
            stream.pointee.avail_out = uInt(outBuf.count)
            precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
            return outBuf.count - Int(stream.pointee.avail_out)
        }
    }
    return Array(output[..<produced])
}

/// Decompresses a (possibly multi-member) gzip file in one go, independently of GzipStream,
/// to compute expected record counts for the real datasets.
func gunzipWhole(_ bytes: [UInt8]) -> [UInt8]? {
    var result: [UInt8] = []
    var remaining = bytes[...]
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    defer { stream.deallocate() }
    while !remaining.isEmpty {
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(stream) }
        var input = Array(remaining)
        var out = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        let consumed: Int = input.withUnsafeMutableBufferPointer { inBuf in
            stream.pointee.next_in = inBuf.baseAddress
            stream.pointee.avail_in = uInt(inBuf.count)
            while status == Z_OK {
                out.withUnsafeMutableBufferPointer { outBuf in
                    stream.pointee.next_out = outBuf.baseAddress
                    stream.pointee.avail_out = uInt(outBuf.count)
                    status = inflate(stream, Z_NO_FLUSH)
                    result.append(contentsOf: outBuf[..<(outBuf.count - Int(stream.pointee.avail_out))])
                }
            }
            return inBuf.count - Int(stream.pointee.avail_in)
        }
        guard status == Z_STREAM_END else { return nil }
        remaining = remaining.dropFirst(consumed)
    }
    return result
}

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "peregrine-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates `relative` (and its parent directories) holding `contents`; returns the full path.
    @discardableResult
    func write(_ relative: String, _ contents: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: destination)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// `{"Records":[...]}` from record texts, with a little varied whitespace.
func logFile(_ records: [String], extraKeys: String = "") -> String {
    #"{"Records": [\#n  "# + records.joined(separator: ",\n  ") + "\n]" + extraKeys + "}\n"
}
