// FileSequencer.swift - the run's files in input order: who scans what, what each counted, who prints.

/// Shared by the scan workers: hands out the files in input order, learns each file's event
/// count when it is done, and routes each file's alerts to the writer.
///
/// - **Numbering.** `evt.num` and `evt.reltime` are defined over the whole run in input order
///   (Falco numbers events as it reads them). A worker asks `origin(ofFile:)` only when a rule
///   reads one of those fields; that waits until every earlier file is done, so the numbers are
///   exactly those of a sequential scan whatever `--jobs` is, and the wait costs nothing when no
///   rule reads them.
/// - **Output.** Alert lines are always delivered whole, in blocks, through one `AlertWriter`, so
///   they never interleave. Unordered, a block is written when delivered. Ordered, the file at the
///   head (the first file not completely printed) writes through; other files keep their output
///   until they reach the head, so the bytes are exactly a sequential scan's.
/// - **Memory bound (ordered).** A worker whose unprinted output for its current file passes
///   `maxHeldBytes` waits for its turn, and a worker does not start a new file while finished but
///   unprinted files hold more than `maxPendingBytes`. Neither wait can deadlock: files are handed
///   out in order, so the head file is always being scanned by a worker that never waits.
final class FileSequencer: @unchecked Sendable {
    let fileCount: Int
    let ordered: Bool
    let writer: AlertWriter
    let report: @Sendable (String) -> Void
    let maxHeldBytes: Int
    let maxPendingBytes: Int

    // Guarded by `lock`.
    private let lock = ConditionLock()
    private var nextFile = 0
    private var stopped = false
    private var writeError: AlertWriterError?
    /// Per file: done, with its event count and first event time.
    private var done: [Bool]
    private var eventCounts: [UInt64]
    private var firstTimestamps: [Int64?]
    /// Files `0 ..< prefix` are done (and printed, when ordered).
    private var prefix = 0
    /// `eventsBefore[k]`: events in files `0 ..< k`; valid for `k <= prefix`.
    private var eventsBefore: [UInt64]
    /// `firstTimestampBefore[k]`: the first event time of files `0 ..< k`; valid for `k <= prefix`.
    private var firstTimestampBefore: [Int64?]
    /// Ordered: finished files waiting for their turn.
    private var pending: [Int: FileOutput] = [:]
    private var pendingBytes = 0

    /// What a file printed or is still to print.
    struct FileOutput {
        var alerts: [UInt8] = []
        var notes: [String] = []
        var byteCount: Int { alerts.count + notes.reduce(0) { $0 + $1.utf8.count } }
    }

    init(fileCount: Int, ordered: Bool, writer: AlertWriter, report: @escaping @Sendable (String) -> Void,
         maxHeldBytes: Int = 1 << 20, maxPendingBytes: Int = 16 << 20) {
        self.fileCount = fileCount
        self.ordered = ordered
        self.writer = writer
        self.report = report
        self.maxHeldBytes = maxHeldBytes
        self.maxPendingBytes = maxPendingBytes
        done = Array(repeating: false, count: fileCount)
        eventCounts = Array(repeating: 0, count: fileCount)
        firstTimestamps = Array(repeating: nil, count: fileCount)
        eventsBefore = Array(repeating: 0, count: fileCount + 1)
        firstTimestampBefore = Array(repeating: nil, count: fileCount + 1)
    }

    /// The next file to scan, or nil when there is none left or output has stopped.
    func next() -> Int? {
        lock.withLock {
            guard !stopped, nextFile < fileCount else { return nil }
            let k = nextFile
            nextFile += 1
            while ordered && !stopped && k != prefix && pendingBytes > maxPendingBytes { lock.wait() }
            return stopped ? nil : k
        }
    }

    /// True once output has failed or been closed: workers stop.
    var isStopped: Bool { lock.withLock { stopped } }

    /// The write error that stopped the scan, if any.
    var stopReason: AlertWriterError? { lock.withLock { writeError } }

    /// Events in the files before `file` and the run's first event time among them (nil if they
    /// hold no event). Waits until those files are done.
    func origin(ofFile file: Int) -> (eventsBefore: UInt64, firstTimestamp: Int64?) {
        lock.withLock {
            while prefix < file && !stopped { lock.wait() }
            guard prefix >= file else { return (0, nil) }
            return (eventsBefore[file], firstTimestampBefore[file])
        }
    }

    /// Hands over output of `file`. Written (and `output` emptied) unless ordered and not yet this
    /// file's turn, in which case the caller keeps it and delivers again later, or, when
    /// `output` is large, waits for the turn. `finished` marks the file's last delivery, with its
    /// event count and first event time.
    func deliver(_ file: Int, _ output: inout FileOutput, finished: Bool, events: UInt64 = 0,
                 firstTimestamp: Int64? = nil) {
        lock.withLock {
            if !ordered || file == prefix {
                emit(&output)
            } else if finished {
                pendingBytes += output.byteCount
                pending[file] = output
                output = FileOutput()
            } else if output.byteCount > maxHeldBytes {
                while file != prefix && !stopped { lock.wait() }
                emit(&output)
            }
            guard finished else { return }
            done[file] = true
            eventCounts[file] = events
            firstTimestamps[file] = firstTimestamp
            advance()
        }
    }

    /// Stops the scan (output closed or failed).
    func stop(_ error: AlertWriterError?) {
        lock.withLock {
            if writeError == nil { writeError = error }
            stopped = true
            lock.broadcast()
        }
    }

    // MARK: - With the lock held

    private func emit(_ output: inout FileOutput) {
        for note in output.notes { report(note) }
        if !output.alerts.isEmpty && !stopped {
            do {
                try writer.write(output.alerts)
            } catch {
                if writeError == nil { writeError = error }
                stopped = true
                lock.broadcast()
            }
        }
        output.alerts.removeAll(keepingCapacity: true)
        output.notes.removeAll()
    }

    /// Moves `prefix` past every done file, printing pending output on the way (ordered).
    private func advance() {
        var moved = false
        while prefix < fileCount && done[prefix] {
            if ordered, var output = pending.removeValue(forKey: prefix) {
                pendingBytes -= output.byteCount
                emit(&output)
            }
            eventsBefore[prefix + 1] = eventsBefore[prefix] + eventCounts[prefix]
            firstTimestampBefore[prefix + 1] = firstTimestampBefore[prefix] ?? firstTimestamps[prefix]
            prefix += 1
            moved = true
        }
        if moved { lock.broadcast() }
    }
}
