// LogShape.swift - the shapes of file in which CloudTrail events reach users.

/// How a file holds its CloudTrail events, recognised from its content (never from its name) by
/// `RecordReader`: the first top-level JSON value decides, and later values may add to it.
///
/// Falco reads only `cloudTrailLogFile` (spec §1.4 step 3); every other shape yields no events
/// there, silently. The records inside an array or JSON Lines file may themselves be wrapped (an
/// EventBridge event's `detail`, a lookup item's `CloudTrailEvent` string, ...): see `RecordReader`.
public enum LogShape: Sendable, Equatable, CustomStringConvertible {
    /// `{"Records":[…]}`: CloudTrail's delivery format in S3 (also several such objects in a row).
    case cloudTrailLogFile
    /// A CloudTrail-Digest file (`digestStartTime`, `logFiles`): integrity data, no events.
    case cloudTrailDigest
    /// `[event, …]`: a JSON array, e.g. Stratus Red Team's detonation logs.
    case jsonArray
    /// A single top-level JSON object that is one event (or one EventBridge event, lookup item...).
    case singleObject
    /// Several top-level JSON objects: one per line (JSON Lines), or simply concatenated.
    case jsonLines
    /// `{"Events":[…],"NextToken":…}`: what `aws cloudtrail lookup-events` prints.
    case lookupEvents
    /// `{"messageType":…,"logEvents":[…]}`: CloudWatch Logs subscription data (Firehose writes
    /// several in a row).
    case cloudWatchLogsSubscription
    /// `{"events":[{"message":…}]}`: what `aws logs filter-log-events` prints.
    case logEvents

    public var description: String {
        switch self {
        case .cloudTrailLogFile: #"CloudTrail log file ({"Records":[…]})"#
        case .cloudTrailDigest: "CloudTrail digest file"
        case .jsonArray: "JSON array"
        case .singleObject: "single JSON object"
        case .jsonLines: "JSON Lines"
        case .lookupEvents: #"lookup-events output ({"Events":[…]})"#
        case .cloudWatchLogsSubscription: "CloudWatch Logs subscription data"
        case .logEvents: #"filter-log-events output ({"events":[…]})"#
        }
    }
}
