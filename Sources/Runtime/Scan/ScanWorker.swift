// ScanWorker.swift - one thread's share of a scan: file -> records -> events -> candidate rules -> alerts.

/// Scans whole files, one at a time, with its own reusable `Event` and output buffer. A scan runs
/// one worker per job; each file is scanned by exactly one worker, start to end, so a file's
/// records are matched in order and a gzip stream is decompressed by one thread.
final class ScanWorker {
    let ruleSet: RuleSet
    let options: ScanOptions
    let formatter: AlertFormatter
    /// The rules to test per event name (enabled rules at or above the minimum priority).
    let candidates: CandidateTable
    /// `ruleSet.rules[i].matches`, taken out once so evaluating a rule copies no rule metadata.
    /// Wrapped in a struct: a function stored directly in an array is called through a
    /// reabstraction thunk.
    let matchers: ContiguousArray<Matcher>

    struct Matcher {
        let matches: @Sendable (Event) -> Bool
    }
    let sequencer: FileSequencer
    let event: Event
    private(set) var summary = ScanSummary()
    private var output = FileSequencer.FileOutput()
    /// Candidates of event names without a bucket, when rules are keyed on name prefixes/suffixes.
    private let patternCandidates = PatternCandidates()
    /// Reads files of CloudTrail's own shape in one pass (its buffer is reused file after file).
    private let fastPath = FileFastPath()
    /// Tests turn the fast path off to compare.
    var usesFastPath = true
    /// Alert bytes gathered before a delivery to the sequencer (whole lines only).
    static let deliveryThreshold = 64 * 1024

    init(ruleSet: RuleSet, options: ScanOptions, formatter: AlertFormatter, candidates: CandidateTable,
         sequencer: FileSequencer) {
        self.ruleSet = ruleSet
        self.options = options
        self.formatter = formatter
        self.candidates = candidates
        self.matchers = ContiguousArray(ruleSet.rules.map { Matcher(matches: $0.matches) })
        self.sequencer = sequencer
        self.event = Event(fields: ruleSet.fields, context: EventContext(hostname: options.hostname))
        output.alerts.reserveCapacity(Self.deliveryThreshold + 4096)
    }

    /// Scans files handed out by the sequencer until there are none left.
    func run(_ files: [InputFile]) {
        while let index = sequencer.next() {
            summary.files += 1
            scan(files[index], index: index)
        }
    }

    private func scan(_ file: InputFile, index: Int) {
        var state = FileState()
        defer {
            sequencer.deliver(index, &output, finished: true, events: state.events, firstTimestamp: state.firstTimestamp)
            summary.events += state.scanned
        }
        event.beginFile(origin: FileOrigin(sequencer: sequencer, file: index))
        // CloudTrail's own shape in one pass; whatever it leaves, the general reader finishes.
        var skip = 0
        // The fast path hands records of up to `maxRecordWindow` bytes to the rules before it
        // knows their size: with a smaller limit, the general reader alone applies it.
        if !file.isStdin && usesFastPath && options.maxRecordSize >= FileFastPath.maxRecordWindow {
            switch fastPath.read(file, into: event, record: {
                event.setNumber(state.events + 1)
                return handleEvent(&state, index: index)
            }) {
            case .complete:
                finish(file.path, state, isDigest: false)
                return
            case .stopped(let records):
                skip = records
            }
        }
        let reader: RecordReader
        do {
            reader = try RecordReader(file: file, maxRecordSize: options.maxRecordSize)
        } catch {
            note("error: \(error)")
            summary.inputErrors += 1
            return
        }
        while true {
            let record: Record
            do {
                guard let r = try reader.next() else { break }
                record = r
            } catch {
                // A record error leaves the reader positioned after the record; after a file
                // error `next()` returns nil. Either way, reading on loses nothing.
                if error.recordIndex != nil {
                    recordError(error, &state)
                } else {
                    note("error: \(error)")
                    summary.inputErrors += 1
                }
                continue
            }
            if skip > 0 {
                // Handed over by the fast path already.
                skip -= 1
                continue
            }
            do {
                try event.load(record: record.bytes, number: state.events + 1)
            } catch {
                // For a record decoded from a JSON string, offsets inside it are not file offsets.
                let offset = record.isUnescaped ? record.offset : record.offset + error.offset
                let e = InputError(path: reader.path, recordIndex: record.index, offset: offset,
                                   message: error.message)
                recordError(e, &state)
                continue
            }
            if !handleEvent(&state, index: index) { break }
        }
        finish(reader.path, state, isDigest: reader.isDigest)
    }

    /// What one file has counted so far (locals: a class property updated per record costs a
    /// runtime exclusivity check).
    private struct FileState {
        /// Events Falco would read (what `evt.num` counts).
        var events: UInt64 = 0
        var firstTimestamp: Int64?
        var dropped = 0
        var scanned = 0
        var recordErrors = 0
    }

    /// Counts a bad record; prints only the first few of a file (the rest in `finish`).
    private func recordError(_ error: InputError, _ state: inout FileState) {
        state.recordErrors += 1
        summary.recordErrors += 1
        if state.recordErrors <= options.recordErrorsShownPerFile { note("error: \(error)") }
    }

    /// Counts and matches the loaded event; false when output has stopped.
    @inline(__always)
    private func handleEvent(_ state: inout FileState, index: Int) -> Bool {
        // evt.num counts the events Falco reads, so numbers match Falco's; a record Falco
        // drops carries the number of the event that follows it.
        if event.falcoWouldRead { state.events += 1 } else { state.dropped += 1 }
        if state.firstTimestamp == nil { state.firstTimestamp = event.timestamp }
        state.scanned += 1
        if evaluate() && output.alerts.count >= Self.deliveryThreshold {
            sequencer.deliver(index, &output, finished: false)
            if sequencer.isStopped { return false }
        }
        return true
    }

    private func finish(_ path: String, _ state: FileState, isDigest: Bool) {
        if isDigest { summary.digestFiles += 1 }
        if state.recordErrors > options.recordErrorsShownPerFile {
            note("error: \(path): \(state.recordErrors - options.recordErrorsShownPerFile) more record(s) could not be read (\(state.recordErrors) in this file; the first \(options.recordErrorsShownPerFile) are shown above)")
        }
        if state.dropped > 0 {
            summary.falcoDroppedRecords += state.dropped
            summary.filesWithFalcoDroppedRecords += 1
            if options.verbose {
                note("note: \(path): \(state.dropped) record(s) without an RFC 3339 eventTime or a string eventType were scanned (Falco drops them silently); their alert time is the time of reading")
            }
        }
    }

    private func note(_ line: String) {
        output.notes.append(line)
    }

    /// Tests the event against its candidate rules; true when it alerted.
    private func evaluate() -> Bool {
        if !candidates.patterns.isEmpty, let slot = ruleSet.eventNameSlot,
           let alerted = event.withStringBytes(slot, { name -> Bool in
               if let bucket = candidates.bucket(name) { return test(bucket) }
               return patternCandidates.withCandidates(name, candidates) { test($0) }
           }) {
            return alerted
        }
        let list = ruleSet.eventNameSlot.flatMap { slot in event.withStringBytes(slot) { candidates.candidates($0) } }
            ?? candidates.candidates(nil)
        return test(list)
    }

    /// Tests the event against `candidates` (rule indices, ascending); true when one alerted.
    @inline(__always)
    private func test(_ candidates: UnsafeBufferPointer<Int32>) -> Bool {
        var alerted = false
        for k in 0..<candidates.count {
            let i = Int(candidates[k])
            guard matchers[i].matches(event) else { continue }
            let rule = ruleSet.rules[i]
            alerted = true
            summary.alerts += 1
            summary.alertsByRule[i, default: 0] += 1
            switch options.format {
            case .text: output.alerts.append(contentsOf: formatter.textLine(rule, timestamp: event.timestamp, value: event.value))
            case .json: output.alerts.append(contentsOf: formatter.jsonLine(rule, timestamp: event.timestamp, value: event.value))
            }
            if options.ruleMatching == .first { break }
        }
        return alerted
    }
}

/// Where the current file starts in the run, asked of the sequencer only when a field needs it
/// (`evt.num`, `evt.reltime*`), then remembered for the rest of the file.
final class FileOrigin {
    let sequencer: FileSequencer
    let file: Int
    private var resolved: (eventsBefore: UInt64, firstTimestamp: Int64?)?

    init(sequencer: FileSequencer, file: Int) {
        self.sequencer = sequencer
        self.file = file
    }

    /// Events in earlier files and the run's first event time before this file (waits for them).
    var origin: (eventsBefore: UInt64, firstTimestamp: Int64?) {
        if let resolved { return resolved }
        let o = sequencer.origin(ofFile: file)
        resolved = o
        return o
    }
}
