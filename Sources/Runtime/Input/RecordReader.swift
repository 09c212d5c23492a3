// RecordReader.swift - streams the records of one input file with bounded memory.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one input file (plain or gzip, sniffed by content) and returns its records one by one,
/// whatever the file's shape (`LogShape`, recognised by content by `EnvelopeScanner`): CloudTrail's
/// `{"Records":[…]}`, a JSON array or JSON Lines of events, EventBridge events (the record is the
/// `detail`), `lookup-events` / CloudTrail Lake items and CloudWatch Logs data (the record is a JSON
/// string, unescaped), a single event. Digest files yield nothing.
///
/// Memory is one reused buffer of about the largest record (at most the record size limit) plus a
/// chunk; nothing is read whole, unlike Falco, which `ReadFile`s each file (spec §1.1). A bad record is an error for that record and reading goes on; a bad file
/// (I/O or gzip failure, truncation, not a log of events) is an error after all complete records
/// before the damage were returned, and then `next()` returns nil.
///
/// ```swift
/// let reader = try RecordReader(file: file)
/// while true {
///     do { guard let record = try reader.next() else { break }; handle(record) }
///     catch { report(error) }   // a record error: continue; a file error: next() returns nil
/// }
/// ```
public final class RecordReader {
    /// Bytes asked of the stream per read.
    static let defaultChunkSize = 256 * 1024
    /// Records above this size are reported and skipped (Falco fails on anything above 256 KiB).
    public static let defaultMaxRecordSize = ScanOptions.defaultMaxRecordSize

    /// True once `next()` has reached the end of a CloudTrail-Digest file (no records, no error).
    public private(set) var isDigest = false
    /// How the file holds its events, once its first top-level JSON value has been read far enough
    /// to tell (nil before, and for a file that is not a log).
    public var shape: LogShape? { scanner.shape }
    /// The compression found in the first bytes of the file.
    public let compression: Compression
    /// The file's path, as in errors.
    public var path: String { scanner.path }

    private let stream: any ByteStream
    private var scanner: EnvelopeScanner
    private let chunkSize: Int
    private let maxRecordSize: Int
    /// Stream bytes `bufferBase ..< bufferBase + bufferEnd` live in `buffer[0 ..< bufferEnd]`.
    private var buffer: [UInt8] = []
    private var bufferBase = 0
    private var bufferEnd = 0
    private var finished = false

    /// Opens `file` (stdin: file descriptor 0, not closed) and sniffs its compression.
    public convenience init(file: InputFile, maxRecordSize: Int = RecordReader.defaultMaxRecordSize) throws(InputError) {
        let source =
            file.isStdin
            ? FileDescriptorStream(descriptor: 0, path: file.path, ownsDescriptor: false)
            : try FileDescriptorStream(opening: file.rawPath)
        try self.init(path: file.path, source: source, maxRecordSize: maxRecordSize)
    }

    /// Reads from any byte source; tests use tiny chunks to put a chunk boundary everywhere.
    init(
        path: String, source: any ByteStream,
        chunkSize: Int = RecordReader.defaultChunkSize,
        maxRecordSize: Int = RecordReader.defaultMaxRecordSize
    ) throws(InputError) {
        precondition(chunkSize > 0 && maxRecordSize > 0)
        self.chunkSize = chunkSize
        self.maxRecordSize = maxRecordSize
        scanner = EnvelopeScanner(path: path, maxRecordSize: maxRecordSize)
        let magic = try source.readPrefix(count: 2)
        let sniffed = PrefixedStream(prefix: magic, source: source)
        if magic == [0x1F, 0x8B] {
            compression = .gzip
            stream = try GzipStream(source: sniffed, path: path, inputChunkSize: chunkSize)
        } else {
            compression = .none
            stream = sniffed
        }
    }

    /// The next record, or nil at the end of the file (and after a file-level error).
    ///
    /// Throws for one bad record (not an object, too large: call again for the next record) or
    /// for the file (I/O, gzip, truncation, not a CloudTrail log: later calls return nil).
    public func next() throws(InputError) -> Record? {
        while !finished {
            let step = buffer.withUnsafeBufferPointer { all in
                scanner.advance(UnsafeBufferPointer(rebasing: all[..<bufferEnd]), base: bufferBase)
            }
            switch step {
            case .record(let start, let end, let index):
                return Record(bytes: buffer[(start - bufferBase)..<(end - bufferBase)], index: index, offset: start)
            case .unescapedRecord(let bytes, let offset, let index):
                return Record(bytes: bytes, index: index, offset: offset, isUnescaped: true)
            case .recordError(let error):
                throw error
            case .failure(let error):
                finished = true
                throw error
            case .needInput:
                let count: Int
                do throws(InputError) {
                    count = try refill()
                } catch {
                    finished = true
                    throw error
                }
                if count == 0 {
                    finished = true
                    switch scanner.finish() {
                    case .complete: return nil
                    case .digest: isDigest = true; return nil
                    case .failure(let error): throw error
                    }
                }
            }
        }
        return nil
    }

    /// Replaces the buffer by one of at least `minimum` bytes (doubling, so a long record is copied
    /// O(1) times per byte) up to the record size limit, keeping the live bytes `0 ..< bufferEnd`. Done with memcpy/memset rather
    /// than `append(contentsOf:)`, which is a per-element loop in debug builds.
    private func grow(toAtLeast minimum: Int) {
        // Never beyond what the largest allowed record needs: a larger one is dropped, not kept.
        let count = max(minimum, min(2 * buffer.count, maxRecordSize + 2 * chunkSize))
        let live = bufferEnd
        buffer = buffer.withUnsafeBytes { old in
            [UInt8](unsafeUninitializedCapacity: count) { new, initialized in
                // live <= old.count <= count: both copies stay in bounds.
                if live > 0 { _ = memcpy(new.baseAddress!, old.baseAddress!, live) }
                _ = memset(new.baseAddress! + live, 0, count - live)
                initialized = count
            }
        }
    }

    /// Bytes the reader's buffer holds allocated (for tests of the memory bound).
    var bufferedByteCapacity: Int { buffer.capacity }

    /// Reads one chunk after the buffered bytes; returns 0 at end of stream.
    ///
    /// Bytes before `scanner.retainFrom` are dropped by moving the live tail to the front, only
    /// when the tail lacks room for a chunk; a record longer than the buffer then stays at the
    /// front while the buffer grows (geometrically, by `Array`), so each byte moves O(1) times.
    private func refill() throws(InputError) -> Int {
        if buffer.count - bufferEnd < chunkSize {
            let keep = scanner.retainFrom - bufferBase
            if keep > 0 {
                let live = bufferEnd - keep
                buffer.withUnsafeMutableBytes { raw in
                    // 0 < keep <= bufferEnd <= raw.count: source and destination are in bounds.
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + keep, live)
                }
                bufferBase += keep
                bufferEnd = live
            }
            if buffer.count - bufferEnd < chunkSize {
                grow(toAtLeast: bufferEnd + chunkSize)
            }
        }
        // `withUnsafeMutableBytes` only rethrows untyped errors: carry the typed one out in a Result.
        let result = buffer.withUnsafeMutableBytes { raw -> Result<Int, InputError> in
            let free = UnsafeMutableRawBufferPointer(rebasing: raw[bufferEnd..<(bufferEnd + chunkSize)])
            do throws(InputError) { return .success(try stream.read(into: free)) } catch { return .failure(error) }
        }
        let count = try result.get()
        bufferEnd += count
        return count
    }
}
