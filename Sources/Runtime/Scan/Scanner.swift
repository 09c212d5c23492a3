// Scanner.swift - runs a compiled rule set over inputs, on as many threads as asked.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a compiled rule set over inputs. Files are independent, so they are scanned in parallel
/// (`ScanOptions.jobs` workers, each reading, decompressing and matching whole files with its own
/// `Event`); standard input and a single large file stream through one worker with bounded memory.
///
/// Problems with an input are reported (naming the file and record) and the scan goes on; alerts
/// already found are never lost. Alerts are written whole and never interleave; with
/// `ScanOptions.ordered` (or one job) the output is byte for byte that of a sequential scan, in
/// input order. `evt.num` and `evt.reltime` are always those of the sequential scan (see
/// `FileSequencer`).
public final class Scanner {
    public let ruleSet: RuleSet
    public let options: ScanOptions
    private let writer: AlertWriter
    private let formatter: AlertFormatter
    private let report: @Sendable (String) -> Void
    /// The rules to test per event name: enabled, at or above the minimum priority.
    private let candidates: CandidateTable
    /// Tests: read every file with the general reader only.
    var usesFastPath = true

    /// - Parameters:
    ///   - report: receives one diagnostic line (without newline) per problem, for stderr. With
    ///     several jobs it is called from worker threads, one whole line at a time.
    public init(ruleSet: RuleSet, options: ScanOptions, writer: AlertWriter,
                report: @escaping @Sendable (String) -> Void) {
        self.ruleSet = ruleSet
        self.options = options
        self.writer = writer
        self.report = report
        self.formatter = AlertFormatter(hostname: options.hostname, ruleSet: ruleSet,
                                        timeFormat: options.iso8601Time ? .iso8601 : .localTimeOfDay)
        self.candidates = CandidateTable(ruleSet.dispatch,
                                         active: ruleSet.rules.map { $0.enabled && $0.priority <= options.minimumPriority })
    }

    /// Scans every input named by `arguments` (files, directories, `-`).
    public func scan(_ arguments: [String]) -> ScanSummary {
        scan(arguments.map(FilePath.init))
    }

    /// Scans every input named by `arguments`, as raw bytes (any name the system allows).
    public func scan(_ arguments: [FilePath]) -> ScanSummary {
        let (files, errors) = InputDiscovery.expand(arguments)
        var summary = ScanSummary()
        for e in errors {
            report("error: \(e)")
            summary.inputErrors += 1
        }
        let sequencer = FileSequencer(fileCount: files.count, ordered: options.ordered, writer: writer, report: report)
        let workerCount = max(1, min(options.jobs, files.count))
        let workers = (0..<workerCount).map { _ in
            ScanWorker(ruleSet: ruleSet, options: options, formatter: formatter, candidates: candidates,
                       sequencer: sequencer)
        }
        for worker in workers { worker.usesFastPath = usesFastPath }
        let shared = UncheckedSendable(workers)
        WorkerThreads.run(count: workerCount) { index in
            shared.value[index].run(files)
        }
        for worker in workers { summary.merge(worker.summary) }
        if let reason = sequencer.stopReason {
            summary.outputError = reason
        } else {
            do { try writer.flush() } catch { summary.outputError = error }
        }
        // Every alert is one line: what the writer did not get out was not delivered.
        summary.alertsNotDelivered = max(0, summary.alerts - writer.deliveredLines)
        if summary.alertsNotDelivered > 0 && summary.outputError == nil { summary.outputError = .failed(errno: EIO) }
        if !options.verbose && summary.falcoDroppedRecords > 0 {
            report("note: \(summary.falcoDroppedRecords) record(s) in \(summary.filesWithFalcoDroppedRecords) file(s) have no RFC 3339 eventTime or no string eventType; they were scanned (Falco drops them silently) and alert with the time of reading (--verbose names the files)")
        }
        return summary
    }
}

/// Hands non-Sendable values to threads that use them one at a time (worker `i` only ever touches
/// element `i`; the main thread reads them again only after every thread has been joined).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension ScanSummary {
    /// Adds another worker's counts.
    mutating func merge(_ other: ScanSummary) {
        files += other.files
        events += other.events
        alerts += other.alerts
        inputErrors += other.inputErrors
        recordErrors += other.recordErrors
        falcoDroppedRecords += other.falcoDroppedRecords
        filesWithFalcoDroppedRecords += other.filesWithFalcoDroppedRecords
        digestFiles += other.digestFiles
        for (rule, n) in other.alertsByRule { alertsByRule[rule, default: 0] += n }
    }
}
