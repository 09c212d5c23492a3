// GzipTests.swift - gzip input: single and multi-member, sniffing, corruption and truncation.
import Foundation
import Testing
@testable import Runtime

@Suite struct GzipTests {
    private let records = (0..<300).map { i in
        #"{"eventName":"Call\#(i)","requestParameters":{"bucketName":"b-\#(i % 17)","key":"k\#(i * 7919 % 1000)"},"tags":["\#(i)","}"]}"#
    }
    private var plain: [UInt8] { Array(logFile(records).utf8) }

    @Test func singleMember() throws {
        for chunk in [1, 13, 256 * 1024] {
            let (drained, reader) = try drain(gzip(plain), path: "t.json.gz", chunkSize: chunk)
            #expect(reader.compression == .gzip)
            #expect(drained.errors.isEmpty, "chunk \(chunk)")
            #expect(drained.texts == records, "chunk \(chunk)")
            // Offsets are positions in the decompressed stream.
            for record in drained.records {
                #expect(Array(plain[record.offset..<(record.offset + record.bytes.count)]) == Array(record.bytes))
            }
        }
    }

    @Test func multiMemberSplitAnywhere() throws {
        let bytes = plain
        for cuts in [[1, 2], [100, 5000], [bytes.count / 3, 2 * bytes.count / 3], [bytes.count - 1, bytes.count - 1]] {
            let pieces = [bytes[..<cuts[0]], bytes[cuts[0]..<cuts[1]], bytes[cuts[1]...]]
            let compressed = pieces.flatMap { gzip(Array($0)) }
            for chunk in [7, 4096] {
                let (drained, _) = try drain(compressed, chunkSize: chunk)
                #expect(drained.errors.isEmpty, "cuts \(cuts) chunk \(chunk)")
                #expect(drained.texts == records, "cuts \(cuts) chunk \(chunk)")
            }
        }
        // An empty member in the middle is fine too.
        let withEmpty = gzip(Array(bytes[..<10])) + gzip([]) + gzip(Array(bytes[10...]))
        #expect(try drain(withEmpty).0.texts == records)
    }

    @Test func corruptSecondMemberKeepsRecordsOfTheFirst() throws {
        let firstHalf = Array(logFile(Array(records[..<100])).utf8.dropLast(3))  // ends inside the array: "}\n]}\n" minus "]}\n"
        let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
        // Deflate block header bits 1 + 11: final block of the reserved type 3.
        let broken = gzip(firstHalf) + header + [0x07, 0xFF, 0xFF, 0xFF]
        for chunk in [5, 4096] {
            let (drained, _) = try drain(broken, path: "c.json.gz", chunkSize: chunk)
            #expect(drained.texts == Array(records[..<100]), "chunk \(chunk)")
            #expect(drained.errors == [InputError(path: "c.json.gz", offset: firstHalf.count, message: "gzip: invalid block type")], "chunk \(chunk)")
        }
    }

    @Test func corruptionInsideAMemberKeepsAPrefixOfRecords() throws {
        var compressed = gzip(plain)
        for i in stride(from: compressed.count / 2, to: compressed.count / 2 + 8, by: 1) { compressed[i] ^= 0x5A }
        let (drained, _) = try drain(compressed, path: "c.json.gz", chunkSize: 512)
        #expect(drained.errors.count == 1)
        #expect(drained.errors.first?.path == "c.json.gz")
        #expect(drained.records.count < records.count)
        #expect(drained.texts == Array(records.prefix(drained.records.count)))
    }

    @Test func truncatedGzipKeepsCompleteRecords() throws {
        let compressed = gzip(plain)
        let cut = Array(compressed[..<(compressed.count / 2)])
        let (drained, _) = try drain(cut, path: "t.json.gz", chunkSize: 1000)
        #expect(drained.records.count > 10)
        #expect(drained.texts == Array(records.prefix(drained.records.count)))
        #expect(drained.errors.map(\.message) == ["gzip: unexpected end of compressed data"])
        let offset = try #require(drained.errors.first?.offset)
        #expect(offset > drained.records.last!.offset)
        // Cut inside the 10-byte header.
        let (header, _) = try drain(Array(compressed[..<5]))
        #expect(header.errors.map(\.message) == ["gzip: unexpected end of compressed data"])
        #expect(header.errors.first?.offset == 0)
    }

    @Test func emptyGzipIsAnEmptyFile() throws {
        let (drained, reader) = try drain(gzip([]))
        #expect(reader.compression == .gzip)
        #expect(drained.errors.map(\.message) == ["empty file"])
    }

    @Test func trailingGarbageAfterTheLastMemberIsAnError() throws {
        let (drained, _) = try drain(gzip(plain) + Array("garbage".utf8))
        #expect(drained.texts == records)
        #expect(drained.errors.map(\.message) == ["gzip: incorrect header check"])
        #expect(drained.errors.first?.offset == plain.count)
    }

    @Test func compressionIsSniffedNotTakenFromTheName() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let gzipNamedJSON = try dir.write("really-gzip.json", gzip(plain))
        let plainNamedGz = try dir.write("really-plain.json.gz", plain)
        let a = try RecordReader(file: InputFile(path: gzipNamedJSON))
        #expect(a.compression == .gzip)
        #expect(drain(a).texts == records)
        let b = try RecordReader(file: InputFile(path: plainNamedGz))
        #expect(b.compression == .none)
        #expect(drain(b).texts == records)
        // One byte that starts like gzip is just a (bad) plain file.
        let (one, reader) = try drain([0x1F])
        #expect(reader.compression == .none)
        #expect(one.errors.count == 1)
    }

    @Test func gzipStreamWithOneByteInputReads() throws {
        let source = MemoryStream(gzip(plain) + gzip(plain), fallback: 1)
        let stream = try GzipStream(source: source, path: "x", inputChunkSize: 1)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 3)
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in try stream.read(into: raw) }
            if n == 0 { break }
            out += buffer[..<n]
        }
        #expect(out == plain + plain)
        #expect(stream.bytesProduced == 2 * plain.count)
    }
}
