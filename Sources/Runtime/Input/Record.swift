// Record.swift - one CloudTrail record as it appears in its file.

/// One element of a log file's `Records` array: its exact bytes (original whitespace kept), where
/// it is, and nothing more. The splitter only guarantees that the bytes are one structurally
/// balanced JSON object; the event parser validates them.
public struct Record: Sendable {
    /// The record's bytes. May share storage with the reader's buffer; keeping a record past the
    /// next `RecordReader.next()` is safe (copy-on-write), it only costs a buffer copy on refill.
    public var bytes: ByteString
    /// 0-based position of the record in its file's `Records` array.
    public var index: Int
    /// Byte offset of the record's `{` in the (decompressed) file.
    public var offset: Int

    public init(bytes: ByteString, index: Int, offset: Int) {
        self.bytes = bytes
        self.index = index
        self.offset = offset
    }
}
