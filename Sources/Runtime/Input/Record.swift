// Record.swift - one CloudTrail record as it appears in its file.

/// One record of a log file (an element of its `Records` array, a line of a JSON Lines file, the
/// `detail` of an EventBridge event, ...): its exact bytes (original whitespace kept), where it is,
/// and nothing more. The splitter only guarantees that the bytes are one structurally balanced JSON
/// object; the event parser validates them.
public struct Record: Sendable {
    /// The record's bytes. May share storage with the reader's buffer; keeping a record past the
    /// next `RecordReader.next()` is safe (copy-on-write), it only costs a buffer copy on refill.
    public var bytes: ByteString
    /// 0-based position of the record among the file's records (array elements, lines, ...),
    /// counting the unusable ones that were reported as errors.
    public var index: Int
    /// Byte offset of the record's `{` in the (decompressed) file; for a record held in the file as
    /// a JSON string (`isUnescaped`), the offset of that string's opening quote.
    public var offset: Int
    /// The bytes were unescaped from a JSON string (a lookup item's `CloudTrailEvent`, a CloudWatch
    /// log event's `message`): they are an owned copy, and a position inside them is not
    /// `offset` + that position in the file.
    public var isUnescaped: Bool

    public init(bytes: ByteString, index: Int, offset: Int, isUnescaped: Bool = false) {
        self.bytes = bytes
        self.index = index
        self.offset = offset
        self.isUnescaped = isUnescaped
    }
}
