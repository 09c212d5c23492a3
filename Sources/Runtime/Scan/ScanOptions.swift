// ScanOptions.swift - how a scan evaluates rules and prints alerts.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Falco's `rule_matching`: `first` (Falco's default) alerts once per event, for the first
/// matching rule in evaluation order; `all` alerts for every matching rule.
public enum RuleMatching: String, Sendable, CaseIterable {
    case all, first
}

public enum AlertFormat: String, Sendable {
    /// `HH:MM:SS.nnnnnnnnn: Priority message` (Falco's default text output).
    case text
    /// One JSON object per line, as Falco's `json_output: true`.
    case json
}

public struct ScanOptions: Sendable {
    public var ruleMatching: RuleMatching
    public var format: AlertFormat
    public var hostname: String
    /// Falco's `time_format_iso_8601`.
    public var iso8601Time: Bool
    /// Rules with a less severe priority are not evaluated (Falco's `priority` setting).
    public var minimumPriority: Priority
    /// Files scanned at the same time (one thread each). At least 1; never more than the files.
    public var jobs: Int
    /// Print alerts in input order, exactly as a one-job scan does, at the cost of holding back
    /// the output of files that finish before earlier ones.
    public var ordered: Bool
    /// Name every file with records Falco would drop (otherwise one line for the whole run).
    public var verbose: Bool
    /// Record errors printed per file; the rest are counted and summarised in one line, so a file
    /// of millions of bad records cannot flood stderr or memory.
    public var recordErrorsShownPerFile: Int
    /// Records larger than this many bytes are reported and skipped (`--max-record-size`). It also
    /// bounds memory: a job holds under 3 x the limit for its largest record, under 14 x when
    /// that record alerts and its large field is printed in the alert (BENCHMARKS.md).
    public var maxRecordSize: Int

    /// The default record size limit, 8 MiB. CloudTrail caps an event at 256 KB; the largest record
    /// in the public datasets we test on (../shared/datasets, 4,466 records of CloudTrail's own
    /// shape) is 7.6 KB, the 99th percentile 2.7 KB. 8 MiB leaves room for services that write
    /// larger records, and keeps four jobs under about 100 MB (under 490 MB if every one alerts on a
    /// record of the limit's size, printing its largest field, with --json).
    public static let defaultMaxRecordSize = 8 * 1024 * 1024

    /// More jobs than this per core only costs memory: `--jobs` refuses it.
    public static let maximumJobsPerCore = 4

    public init(ruleMatching: RuleMatching = .all, format: AlertFormat = .text, hostname: String,
                iso8601Time: Bool = false, minimumPriority: Priority = .debug, jobs: Int = 1, ordered: Bool = false,
                verbose: Bool = false, recordErrorsShownPerFile: Int = 10,
                maxRecordSize: Int = ScanOptions.defaultMaxRecordSize) {
        self.ruleMatching = ruleMatching
        self.format = format
        self.hostname = hostname
        self.iso8601Time = iso8601Time
        self.minimumPriority = minimumPriority
        self.jobs = max(1, jobs)
        self.ordered = ordered
        self.verbose = verbose
        self.recordErrorsShownPerFile = max(0, recordErrorsShownPerFile)
        self.maxRecordSize = max(1, maxRecordSize)
    }

    /// The processors online, the default for `jobs`.
    public static var availableProcessors: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// What a scan saw, for the summary line and the exit status.
public struct ScanSummary: Sendable {
    public var files = 0
    public var events = 0
    public var alerts = 0
    /// Inputs (paths or files) that could not be read, or not to the end.
    public var inputErrors = 0
    /// Records that could not be read (the rest of their file was).
    public var recordErrors = 0
    /// Records Falco would have dropped silently (no RFC 3339 eventTime or no string eventType),
    /// and the files that held them.
    public var falcoDroppedRecords = 0
    public var filesWithFalcoDroppedRecords = 0
    /// Alerts found but not written (the output failed or was closed), and why.
    public var alertsNotDelivered = 0
    public var outputError: AlertWriterError?
    public var digestFiles = 0
    /// Alerts per rule index.
    public var alertsByRule: [Int: Int] = [:]

    public init() {}
}
