// FileFastPath.swift - CloudTrail's own file shape read and matched in one pass per byte.

/// Reads a file of exactly the shape CloudTrail delivers, `{"Records":[{…},{…}]}`, scanning each
/// record once, in place, with the event's `JSONScanner`, which finds where the record ends while
/// it validates it and captures its fields. The general reader (`RecordReader`) first finds each
/// record's end with a structural pass of its own and the event then scans it again; for the
/// shape nearly every file has, this halves the bytes looked at.
///
/// The fast path never decides anything the general reader would decide differently: at the
/// first thing it does not expect (another shape, another top-level key, a byte order mark, a
/// record that is not a valid object, a record over `maxRecordWindow`, a read or gzip error,
/// trailing bytes) it stops and says how many records it has handed over; the worker then reads
/// the file again with `RecordReader` from the start, skips that many records and goes on, so
/// every error and every record after that point is exactly the general reader's.
///
/// Standard input and other files that are not regular files (pipes, devices) are never read this
/// way: they cannot be read twice.
final class FileFastPath {
    /// How a file went.
    enum Outcome {
        /// The whole file was read: its records were all handed over.
        case complete
        /// The fast path stopped after handing over `records` records (possibly 0).
        case stopped(records: Int)
    }

    /// A record needing more buffered bytes than this is left to the general reader.
    static let maxRecordWindow = 1 << 20
    static let chunkSize = RecordReader.defaultChunkSize

    /// File bytes `0 ..< end` of the current window, then `JSONScanner.padding` zero bytes.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var end = 0
    private var atEnd = false
    private var failed = false
    private var stream: (any ByteStream)?

    init() {
        capacity = 2 * Self.chunkSize
        buffer = .allocate(capacity: capacity + JSONScanner.padding)
    }

    deinit { buffer.deallocate() }

    /// Reads `file`, calling `record` for each record after `event` has loaded it (in place);
    /// `record` returns false to stop reading (the output has closed).
    func read(_ file: InputFile, into event: Event, record: () -> Bool) -> Outcome {
        end = 0
        atEnd = false
        failed = false
        defer { stream = nil }
        // Only regular files can be read a second time by the general reader: a pipe given as a
        // path (`<(zcat …)`) is never read here.
        var info = stat()
        guard file.rawPath.withCString({ stat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFREG else { return .stopped(records: 0) }
        do {
            let source = try FileDescriptorStream(opening: file.rawPath)
            let magic = try source.readPrefix(count: 2)
            let sniffed = PrefixedStream(prefix: magic, source: source)
            stream = magic == [0x1F, 0x8B]
                ? try GzipStream(source: sniffed, path: file.path, inputChunkSize: Self.chunkSize) : sniffed
        } catch {
            return .stopped(records: 0)
        }
        var records = 0
        var i = 0
        // `{"Records":[` and nothing else before the first record.
        guard expect(UInt8(ascii: "{"), &i), expectRecordsKey(&i), expect(UInt8(ascii: ":"), &i),
              expect(UInt8(ascii: "["), &i) else { return .stopped(records: 0) }
        if peek(&i) == UInt8(ascii: "]") {
            i += 1
            return finish(&i, records: 0)
        }
        while true {
            guard peek(&i) == UInt8(ascii: "{") else { return .stopped(records: records) }
            // The record: scanned in place; when it runs past the buffered bytes, more are read
            // and it is scanned again from its start.
            var scanned: (length: Int, result: Bool)?
            while true {
                scanned = event.withRecord(inPlace: buffer + i, available: end - i) { record() }
                if scanned != nil || atEnd || failed || end - i > Self.maxRecordWindow { break }
                i = refill(keepingFrom: i)
            }
            guard let (length, goOn) = scanned else { return .stopped(records: records) }
            records += 1
            guard goOn else { return .complete }
            i += length
            switch peek(&i) {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1
                return finish(&i, records: records)
            default: return .stopped(records: records)
            }
        }
    }

    /// After the `]`: `}` and only whitespace up to the end of the file.
    private func finish(_ i: inout Int, records: Int) -> Outcome {
        guard expect(UInt8(ascii: "}"), &i), peek(&i) == nil, !failed else { return .stopped(records: records) }
        return .complete
    }

    /// The next byte after whitespace at `i` (reading more as needed), or nil at the end of the
    /// file (or after a read error).
    private func peek(_ i: inout Int) -> UInt8? {
        while true {
            while i < end {
                let c = buffer[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return c }
                i += 1
            }
            if atEnd || failed { return nil }
            i = refill(keepingFrom: i)
        }
    }

    private func expect(_ byte: UInt8, _ i: inout Int) -> Bool {
        guard peek(&i) == byte else { return false }
        i += 1
        return true
    }

    /// `"Records"`, written without escapes.
    private func expectRecordsKey(_ i: inout Int) -> Bool {
        let key = Array(#""Records""#.utf8)
        guard peek(&i) == key[0] else { return false }
        while end - i < key.count && !atEnd && !failed { i = refill(keepingFrom: i) }
        guard end - i >= key.count else { return false }
        for k in 0..<key.count where buffer[i + k] != key[k] { return false }
        i += key.count
        return true
    }

    /// Drops the bytes before `from`, reads at least one more chunk (growing the buffer as
    /// needed), and returns the new offset of `from` (0).
    private func refill(keepingFrom from: Int) -> Int {
        let live = end - from
        // safe: from <= end <= capacity; no event refers to buffer here (withRecord has returned),
        // so moving or reallocating it leaves nothing dangling; end + chunkSize + padding fits below.
        if from > 0 && live > 0 { memmove(buffer, buffer + from, live) }
        end = live
        if capacity - end < Self.chunkSize {
            let newCapacity = max(2 * capacity, end + Self.chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + JSONScanner.padding)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        do {
            let n = try stream!.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: Self.chunkSize))
            if n == 0 { atEnd = true }
            end += n
        } catch {
            failed = true
        }
        (buffer + end).update(repeating: 0, count: JSONScanner.padding)
        return 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
