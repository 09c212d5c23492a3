// Scanner.swift - files -> records -> events -> candidate rules -> alerts.

/// Runs a compiled rule set over inputs. Sequential in this version: one Event object is reused
/// for every record. Problems with an input are reported (naming the file and record) and the
/// scan goes on; alerts already found are never lost.
public final class Scanner {
    public let ruleSet: RuleSet
    public let options: ScanOptions
    private let writer: AlertWriter
    private let formatter: AlertFormatter
    private let report: (String) -> Void
    /// Enabled rules at or above the minimum priority, by index.
    private let active: [Bool]
    /// Set when stdout went away (e.g. `| head`): the scan stops quietly.
    private var outputClosed = false

    /// - Parameters:
    ///   - report: receives one diagnostic line (without newline) per problem, for stderr.
    public init(ruleSet: RuleSet, options: ScanOptions, writer: AlertWriter, report: @escaping (String) -> Void) {
        self.ruleSet = ruleSet
        self.options = options
        self.writer = writer
        self.report = report
        self.formatter = AlertFormatter(hostname: options.hostname, ruleSet: ruleSet, timeFormat: options.iso8601Time ? .iso8601 : .localTimeOfDay)
        self.active = ruleSet.rules.map { $0.enabled && $0.priority <= options.minimumPriority }
    }

    /// Scans every input named by `arguments` (files, directories, `-`).
    public func scan(_ arguments: [String]) -> ScanSummary {
        var summary = ScanSummary()
        let (files, errors) = InputDiscovery.expand(arguments)
        for e in errors {
            report("error: \(e)")
            summary.inputErrors += 1
        }
        let event = Event(fields: ruleSet.fields, context: EventContext(hostname: options.hostname))
        var number: UInt64 = 0
        for file in files where !outputClosed {
            summary.files += 1
            scan(file, event: event, number: &number, summary: &summary)
        }
        do { try writer.flush() } catch { noteWriteError(error) }
        return summary
    }

    private func scan(_ file: InputFile, event: Event, number: inout UInt64, summary: inout ScanSummary) {
        let reader: RecordReader
        do {
            reader = try RecordReader(file: file)
        } catch {
            report("error: \(error)")
            summary.inputErrors += 1
            return
        }
        var dropped = 0
        while !outputClosed {
            let record: Record
            do {
                guard let r = try reader.next() else { break }
                record = r
            } catch {
                // A record error leaves the reader positioned after the record; after a file
                // error `next()` returns nil. Either way, reading on loses nothing.
                report("error: \(error)")
                summary.inputErrors += 1
                continue
            }
            do {
                try event.load(record: record.bytes, number: number + 1)
            } catch {
                // For a record decoded from a JSON string, offsets inside it are not file offsets.
                let offset = record.isUnescaped ? record.offset : record.offset + error.offset
                let e = InputError(path: reader.path, recordIndex: record.index, offset: offset,
                                   message: error.message)
                report("error: \(e)")
                summary.inputErrors += 1
                continue
            }
            // evt.num counts the events Falco reads, so numbers match Falco's; a record Falco
            // drops carries the number of the event that follows it.
            if event.falcoWouldRead { number += 1 } else { dropped += 1 }
            summary.events += 1
            evaluate(event, summary: &summary)
        }
        if reader.isDigest { summary.digestFiles += 1 }
        if dropped > 0 {
            summary.falcoDroppedRecords += dropped
            report("note: \(reader.path): \(dropped) record(s) without an RFC 3339 eventTime or a string eventType were scanned (Falco drops them silently); their alert time is the time of reading")
        }
    }

    private func noteWriteError(_ error: AlertWriterError) {
        if !outputClosed, case .failed = error { report("error: cannot write alerts: \(error)") }
        outputClosed = true
    }

    private func evaluate(_ event: Event, summary: inout ScanSummary) {
        var name: ByteString?
        if let slot = ruleSet.eventNameSlot, case .string(let b) = event.value(slot) {
            // Falco compares C strings: a name is cut at its first NUL byte.
            name = b.firstIndex(of: 0).map { b[b.startIndex..<$0] } ?? b
        }
        for i in ruleSet.dispatch.candidates(forEventName: name) where active[i] {
            let rule = ruleSet.rules[i]
            guard rule.matches(event) else { continue }
            summary.alerts += 1
            summary.alertsByRule[i, default: 0] += 1
            let line: [UInt8]
            switch options.format {
            case .text: line = formatter.textLine(rule, timestamp: event.timestamp, value: event.value)
            case .json: line = formatter.jsonLine(rule, timestamp: event.timestamp, value: event.value)
            }
            do { try writer.write(line) } catch { noteWriteError(error); return }
            if options.ruleMatching == .first { break }
        }
    }
}
