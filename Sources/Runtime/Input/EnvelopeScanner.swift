// EnvelopeScanner.swift - recognises the shape of a log file and finds its records, resumably.

/// Walks the top level of a CloudTrail log file, `{"Records":[{...},{...}], ...}`, and reports
/// each element of the `Records` array as a byte range, fed one window of the stream at a time.
///
/// The top-level object is checked strictly (keys, colons, commas, closing brackets, nothing but
/// whitespace after it); record contents are only checked for structural balance (`ValueScanner`).
/// This is where other envelope shapes (JSON Lines, EventBridge, ...) are to be added.
///
/// Differences from Falco (spec §1.4 step 3), on purpose: only the top-level key `Records` is
/// taken (Falco takes any object-valued member); a non-object element is an error for that element,
/// not silently skipped; a file that is not a CloudTrail log is an error, not zero events; a digest
/// file is recognised and yields nothing, quietly.
///
/// Positions are absolute byte offsets in the (decompressed) stream, so the caller may discard or
/// move buffered bytes before `retainFrom` between calls.
struct EnvelopeScanner {
    enum Step {
        /// Every byte of the window was consumed; feed more, or call `finish()` at end of stream.
        case needInput
        /// One record, bytes `start..<end`.
        case record(start: Int, end: Int, index: Int)
        /// One element is unusable; scanning continues with the next.
        case recordError(InputError)
        /// The file cannot be read further; later calls only return `.needInput`.
        case failure(InputError)
    }

    /// What the end of the stream means.
    enum Ending: Equatable {
        case complete
        /// A CloudTrail-Digest file: no records, and that is fine.
        case digest
        case failure(InputError)
    }

    private enum Phase {
        case beforeTopLevel
        case beforeKey(first: Bool)
        case key
        case beforeColon
        case beforeValue
        case skippingValue
        case afterValue
        case beforeElement(first: Bool)
        case element
        case afterElement
        case trailing
        case failed
    }

    let path: String
    let maxRecordSize: Int

    /// The next byte to scan (absolute offset).
    private(set) var position = 0
    private var phase = Phase.beforeTopLevel
    private var byteOrderMarkMatched = 0
    private var value = ValueScanner()

    // Top-level keys: kept briefly, for recognising `Records`/digests and for error messages.
    private static let keyByteLimit = 64
    private static let listedKeyLimit = 12
    private var key: [UInt8] = []
    private var keyTooLong = false
    private var keyEscaped = false
    private var keyIsRecords = false
    private var keyNames: [String] = []
    private var keyCount = 0
    private var sawRecordsArray = false
    private var sawRecordsNotArray = false
    private var sawDigestKey = false

    // The element being scanned.
    private var nextIndex = 0
    private var elementIndex = 0
    private var elementStart = 0
    private var elementIsRecord = false
    /// Too large: reported, now skipped without keeping its bytes.
    private var elementDiscarded = false

    init(path: String, maxRecordSize: Int) {
        self.path = path
        self.maxRecordSize = maxRecordSize
    }

    /// The first byte the caller must still hold: the start of the record being scanned, else
    /// `position`. Large or unwanted values are never retained.
    var retainFrom: Int {
        if case .element = phase, elementIsRecord, !elementDiscarded { return elementStart }
        return position
    }

    /// Scans `window`, the stream bytes at offsets `base..<base + window.count` (which must
    /// include `position`), until a record or error is found or the window is used up.
    mutating func advance(_ window: UnsafeBufferPointer<UInt8>, base: Int) -> Step {
        var i = position - base
        precondition(i >= 0 && i <= window.count, "window does not cover the scan position")
        defer { position = base + i }
        let end = window.count

        while i < end {
            let c = window[i]
            switch phase {
            case .beforeTopLevel:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if base + i == byteOrderMarkMatched && byteOrderMarkMatched < 3 && c == Self.byteOrderMark[byteOrderMarkMatched] {
                    byteOrderMarkMatched += 1  // only at offsets 0, 1, 2, in order
                    i += 1
                    continue
                }
                guard c == InputByte.openBrace else {
                    return fail(message: #"not a CloudTrail log file: expected a JSON object with a "Records" array"#)
                }
                phase = .beforeKey(first: true)
                i += 1

            case .beforeKey(let first):
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.quote {
                    key.removeAll(keepingCapacity: true)
                    keyTooLong = false
                    keyEscaped = false
                    phase = .key
                    i += 1
                } else if first && c == InputByte.closeBrace {
                    i += 1
                    if let step = closeTopLevel(at: base + i - 1) { return step }
                } else {
                    return fail(at: base + i, "malformed top-level object: expected a key")
                }

            case .key:
                // Keys are short; a byte loop is fine. Escapes are kept raw (`"Record\u0073"` is
                // not `Records`: CloudTrail never writes that, and raw bytes are what we compare).
                if keyEscaped {
                    keyEscaped = false
                } else if c == InputByte.backslash {
                    keyEscaped = true
                } else if c == InputByte.quote {
                    endKey()
                    phase = .beforeColon
                    i += 1
                    continue
                }
                if key.count < Self.keyByteLimit { key.append(c) } else { keyTooLong = true }
                i += 1

            case .beforeColon:
                if InputByte.isWhitespace(c) { i += 1; continue }
                guard c == InputByte.colon else {
                    return fail(at: base + i, "malformed top-level object: expected ':' after a key")
                }
                phase = .beforeValue
                i += 1

            case .beforeValue:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if keyIsRecords && c == InputByte.openBracket {
                    sawRecordsArray = true
                    phase = .beforeElement(first: true)
                    i += 1
                    continue
                }
                if keyIsRecords { sawRecordsNotArray = true }
                guard value.start(c) else {
                    return fail(at: base + i, "malformed top-level object: expected a value")
                }
                phase = .skippingValue
                i += 1

            case .skippingValue:
                switch value.scan(window, index: &i) {
                case .needMore: return .needInput
                case .complete: phase = .afterValue
                case .mismatched(let close, let open):
                    return fail(at: base + i, "malformed JSON: '\(Character(Unicode.Scalar(close)))' closes '\(Character(Unicode.Scalar(open)))'")
                }

            case .afterValue:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.comma {
                    phase = .beforeKey(first: false)
                    i += 1
                } else if c == InputByte.closeBrace {
                    i += 1
                    if let step = closeTopLevel(at: base + i - 1) { return step }
                } else {
                    return fail(at: base + i, "malformed top-level object: expected ',' or '}'")
                }

            case .beforeElement(let first):
                if InputByte.isWhitespace(c) { i += 1; continue }
                if first && c == InputByte.closeBracket {
                    phase = .afterValue
                    i += 1
                    continue
                }
                guard value.start(c) else {
                    return fail(at: base + i, "malformed \"Records\" array: expected a record")
                }
                elementIndex = nextIndex
                nextIndex += 1
                elementStart = base + i
                elementIsRecord = value.kind == .object
                elementDiscarded = false
                phase = .element
                i += 1

            case .element:
                let outcome = value.scan(window, index: &i)
                switch outcome {
                case .needMore:
                    if elementIsRecord && !elementDiscarded && base + i - elementStart > maxRecordSize {
                        elementDiscarded = true
                        return .recordError(tooLarge())
                    }
                    return .needInput
                case .mismatched(let close, let open):
                    return fail(
                        record: elementIndex, at: elementStart,
                        "malformed record: '\(Character(Unicode.Scalar(close)))' at byte \(base + i) closes '\(Character(Unicode.Scalar(open)))'")
                case .complete:
                    phase = .afterElement
                    let recordEnd = base + i
                    guard elementIsRecord else {
                        return .recordError(InputError(
                            path: path, recordIndex: elementIndex, offset: elementStart,
                            message: "record is not a JSON object (found \(value.kind.name))"))
                    }
                    if elementDiscarded { continue }  // already reported
                    if recordEnd - elementStart > maxRecordSize { return .recordError(tooLarge()) }
                    return .record(start: elementStart, end: recordEnd, index: elementIndex)
                }

            case .afterElement:
                if InputByte.isWhitespace(c) { i += 1; continue }
                if c == InputByte.comma {
                    phase = .beforeElement(first: false)
                    i += 1
                } else if c == InputByte.closeBracket {
                    phase = .afterValue
                    i += 1
                } else {
                    return fail(at: base + i, "malformed \"Records\" array: expected ',' or ']' after record \(elementIndex + 1)")
                }

            case .trailing:
                if InputByte.isWhitespace(c) { i += 1; continue }
                return fail(at: base + i, "unexpected data after the top-level JSON object")

            case .failed:
                i = end
            }
        }
        return .needInput
    }

    /// Judges the end of the stream, after every byte has gone through `advance`.
    mutating func finish() -> Ending {
        switch phase {
        case .beforeTopLevel:
            return .failure(InputError(path: path, message: "empty file"))
        case .trailing:
            return sawRecordsArray ? .complete : .digest
        case .failed:
            return .complete
        case .element:
            return .failure(InputError(
                path: path, offset: elementStart,
                message: "truncated: record \(elementIndex + 1) is incomplete at end of file"))
        default:
            return .failure(InputError(path: path, offset: position, message: "truncated: missing closing brackets"))
        }
    }

    // MARK: - Steps

    private mutating func endKey() {
        keyCount += 1
        keyIsRecords = !keyTooLong && key.elementsEqual("Records".utf8)
        if !keyTooLong && (key.elementsEqual("logFiles".utf8) || key.elementsEqual("digestStartTime".utf8)) {
            sawDigestKey = true
        }
        if keyNames.count < Self.listedKeyLimit {
            keyNames.append(String(decoding: key, as: UTF8.self) + (keyTooLong ? "…" : ""))
        }
    }

    /// The top-level object closed at `offset`: decide whether the file was a log at all.
    private mutating func closeTopLevel(at offset: Int) -> Step? {
        phase = .trailing
        if sawRecordsArray || sawDigestKey { return nil }
        if sawRecordsNotArray {
            return fail(message: #"not a CloudTrail log file: "Records" is not an array"#)
        }
        var keys = keyNames.joined(separator: ", ")
        if keyCount > keyNames.count { keys += ", … (\(keyCount) keys)" }
        return fail(message: #"not a CloudTrail log file: no "Records" array (top-level keys: \#(keys.isEmpty ? "none" : keys))"#)
    }

    private func tooLarge() -> InputError {
        InputError(
            path: path, recordIndex: elementIndex, offset: elementStart,
            message: "record is larger than \(maxRecordSize) bytes; skipped")
    }

    private mutating func fail(record: Int? = nil, at offset: Int? = nil, _ message: String) -> Step {
        phase = .failed
        return .failure(InputError(path: path, recordIndex: record, offset: offset, message: message))
    }

    private mutating func fail(message: String) -> Step {
        fail(record: nil, at: nil, message)
    }

    /// A UTF-8 byte order mark at the very start of the file is skipped, as Python's `json.load` does.
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
