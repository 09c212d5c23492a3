// Baselines.swift - the physical limits a scan is measured against: reading, and inflating.
import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the scanner cannot beat: reading the files (plain JSON) and decompressing them (gzip),
/// with the same system calls, chunk sizes and zlib settings as `peregrine`'s `RecordReader`
/// (`read(2)` in 256 KiB chunks, `inflateInit2` with windowBits 15 + 32, a 256 KiB output buffer,
/// every gzip member), and nothing else: the output is dropped.
enum Baselines {
    static let chunkSize = 256 * 1024

    /// Every `.json` / `.json.gz` file below `roots`, sorted.
    static func files(_ roots: [String], suffix: String) -> [String] {
        var out: [String] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let rel as String in walker where rel.hasSuffix(suffix) { out.append(root + "/" + rel) }
        }
        return out.sorted()
    }

    /// Reads every file; returns the bytes read.
    static func read(_ paths: [String]) -> Int {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var total = 0
        for path in paths {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { fatalError("cannot open \(path)") }
            while true {
                let n = systemRead(fd, buffer, chunkSize)
                if n <= 0 { break }
                total += n
            }
            close(fd)
        }
        return total
    }

    /// Decompresses every file; returns (compressed bytes, decompressed bytes).
    static func inflateAll(_ paths: [String]) -> (Int, Int) {
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { input.deallocate(); output.deallocate() }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        var compressed = 0, produced = 0
        for path in paths {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { fatalError("cannot open \(path)") }
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                fatalError("inflateInit2")
            }
            var atEnd = false
            outer: while true {
                if stream.pointee.avail_in == 0 && !atEnd {
                    let n = systemRead(fd, input, chunkSize)
                    if n <= 0 { atEnd = true } else {
                        compressed += n
                        stream.pointee.next_in = input
                        stream.pointee.avail_in = uInt(n)
                    }
                }
                stream.pointee.next_out = output
                stream.pointee.avail_out = uInt(chunkSize)
                let rc = inflate(stream, Z_NO_FLUSH)
                produced += chunkSize - Int(stream.pointee.avail_out)
                switch rc {
                case Z_OK: continue
                case Z_STREAM_END:
                    if stream.pointee.avail_in == 0 && atEnd { break outer }
                    if stream.pointee.avail_in == 0 {
                        let n = systemRead(fd, input, chunkSize)
                        if n <= 0 { break outer }
                        compressed += n
                        stream.pointee.next_in = input
                        stream.pointee.avail_in = uInt(n)
                    }
                    inflateReset(stream)
                case Z_BUF_ERROR where atEnd: fatalError("truncated gzip: \(path)")
                case Z_BUF_ERROR: continue
                default: fatalError("inflate error \(rc) in \(path)")
                }
            }
            inflateEnd(stream)
            close(fd)
        }
        return (compressed, produced)
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif
