// CorpusGenerator.swift - a deterministic, realistic CloudTrail corpus laid out like an S3 trail.
import Foundation

/// Writes a trail of CloudTrail log files built from real events.
///
/// - **Events** are real records from the shared datasets (the Invictus attack simulation's 2,900
///   delivered events plus every converted `cloudtrail-format/` file), re-serialised compactly in
///   their original member order with their original sizes, nesting and string escapes. Per copy
///   the generator rewrites what differs between real events of one trail: `eventTime` (ascending
///   inside the file's 5-minute window), `eventID`, `requestID`, `awsRegion`, the account ids and
///   IPv4 `sourceIPAddress`.
/// - **Mix**: templates are drawn uniformly, so the real frequency of names (Decrypt, Describe*,
///   GetUser, AssumeRole, ...) carries over, except that the security-relevant names the rules are
///   about (`rareEventNames`) are drawn 50 times less often: in a real trail alerts are rare, and
///   the benchmark measures scanning, not alert printing.
/// - **Layout**: `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
///   YYYYMMDDTHHMMZ_<16 chars>.json.gz`, 3 accounts x 4 regions, one file per account, region and
///   5 minutes, 100 to 5,000 records per file (log-uniform), written both gzip-compressed (zlib
///   level 6) under `gz/` and uncompressed under `plain/` with identical content.
///
/// Everything follows from `seed`: the same arguments give byte-identical files.
struct CorpusGenerator {
    var events: Int
    var seed: UInt64
    var datasets: URL
    var output: URL

    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]
    static let minRecords = 100
    static let maxRecords = 5000
    /// 2024-01-01T00:00:00Z.
    static let startTime: Int64 = 1_704_067_200

    /// Names bucketed by the upstream and the shipped rules: drawn `rareFactor` times as often.
    static let rareEventNames: Set<String> = [
        "AttachGroupPolicy", "AttachRolePolicy", "AttachUserPolicy", "AuthorizeSecurityGroupIngress", "ConsoleLogin",
        "CreateAccessKey", "CreateFunction20150331", "CreateGroup", "CreateLoginProfile", "CreateService", "CreateTrail",
        "CreateUser", "DeactivateMFADevice", "DeleteAccountPasswordPolicy", "DeleteAccountPublicAccessBlock",
        "DeleteBucketEncryption", "DeleteBucketPublicAccessBlock", "DeleteConfigurationRecorder",
        "DeleteDeliveryChannel", "DeleteDetector", "DeleteFlowLogs", "DeleteGroup", "DeleteLogGroup",
        "DeleteQueryLoggingConfig", "DeleteResolverQueryLogConfig", "DeleteTrail", "DescribeInstanceAttribute",
        "DisableKey", "DisassociateFromAdministratorAccount", "DisassociateFromMasterAccount",
        "DisassociateResolverQueryLogConfig", "LeaveOrganization", "ListBuckets", "ModifyImageAttribute",
        "ModifySecurityGroupRules", "ModifySnapshotAttribute", "PutAccountPublicAccessBlock", "PutBucketAcl",
        "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutEventSelectors", "PutInsightSelectors", "RunInstances",
        "RunTask", "ScheduleKeyDeletion", "StartSession", "StartTask", "StopConfigurationRecorder", "StopLogging",
        "StopMonitoringMembers", "UpdateAssumeRolePolicy", "UpdateDetector", "UpdateFunctionCode20150331v2",
        "UpdateFunctionConfiguration20150331v2", "UpdateLoginProfile", "UpdateTrail",
    ]
    static let rareFactor = 50

    struct Summary: CustomStringConvertible {
        var events = 0
        var files = 0
        var plainBytes = 0
        var gzipBytes = 0
        var templates = 0
        var description: String {
            "events \(events)\nfiles \(files)\nplain_bytes \(plainBytes)\ngzip_bytes \(gzipBytes)\ntemplates \(templates)\n"
        }
    }

    func run() throws -> Summary {
        let templates = try Self.loadTemplates(datasets)
        guard !templates.isEmpty else { throw Gzip.Failure(description: "no templates found under \(datasets.path)") }
        var pool: [Int] = []  // template indices, common ones `rareFactor` times
        for (i, t) in templates.enumerated() {
            let name = t["eventName"]?.rawString ?? ""
            let copies = Self.rareEventNames.contains(name) ? 1 : Self.rareFactor
            pool.append(contentsOf: repeatElement(i, count: copies))
        }
        var rng = SplitMix64(seed: seed)
        let accounts = (0..<3).map { _ in String(format: "%012llu", rng.next() % 1_000_000_000_000) }
        let addresses = (0..<200).map { _ -> String in
            let v = rng.next()
            return "\(v >> 56 & 0xFF | 1).\(v >> 48 & 0xFF).\(v >> 40 & 0xFF).\(v >> 32 & 0xFF | 1)"
        }

        let fm = FileManager.default
        var summary = Summary()
        summary.templates = templates.count
        var slot: Int64 = 0
        while summary.events < events {
            let windowStart = Self.startTime + slot * 300
            for account in accounts {
                for region in Self.regions where summary.events < events {
                    var count = Self.logUniform(&rng, Self.minRecords, Self.maxRecords)
                    count = min(count, events - summary.events)
                    // Times inside the window, ascending.
                    var offsets = (0..<count).map { _ in Int64(rng.next() % 300) }
                    offsets.sort()
                    var file: [UInt8] = Array(#"{"Records":["#.utf8)
                    file.reserveCapacity(count * 1400)
                    for k in 0..<count {
                        var event = templates[pool[Int(rng.next() % UInt64(pool.count))]]
                        Self.personalise(&event, time: windowStart + offsets[k], account: account, region: region,
                                         addresses: addresses, rng: &rng)
                        if k > 0 { file.append(UInt8(ascii: ",")) }
                        event.write(to: &file)
                    }
                    file.append(contentsOf: "]}".utf8)
                    let (y, m, d, hh, mm, _) = Self.civil(windowStart)
                    let day = String(format: "%04d/%02d/%02d", y, m, d)
                    let stamp = String(format: "%04d%02d%02dT%02d%02dZ", y, m, d, hh, mm)
                    let name = "\(account)_CloudTrail_\(region)_\(stamp)_\(Self.token(&rng, 16)).json"
                    let relative = "AWSLogs/\(account)/CloudTrail/\(region)/\(day)"
                    for (tree, bytes, suffix) in [("plain", file, ""), ("gz", try Gzip.compress(file), ".gz")] {
                        let dir = output.appendingPathComponent(tree).appendingPathComponent(relative)
                        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
                        try Data(bytes).write(to: dir.appendingPathComponent(name + suffix))
                        if tree == "gz" { summary.gzipBytes += bytes.count } else { summary.plainBytes += bytes.count }
                    }
                    summary.events += count
                    summary.files += 1
                }
            }
            slot += 1
        }
        try Data(summary.description.utf8).write(to: output.appendingPathComponent("corpus.txt"))
        return summary
    }

    /// Rewrites the members that differ between events of one trail.
    static func personalise(_ e: inout TemplateJSON, time: Int64, account: String, region: String,
                            addresses: [String], rng: inout SplitMix64) {
        let (y, mo, d, h, mi, s) = civil(time)
        e.replace("eventTime", with: .string(raw: String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s)))
        e.replace("eventID", with: .string(raw: uuid(&rng)))
        if case .string = e["requestID"] { e.replace("requestID", with: .string(raw: uuid(&rng))) }
        e.replace("awsRegion", with: .string(raw: region))
        e.replace("recipientAccountId", with: .string(raw: account))
        e.update("userIdentity") { identity in
            if case .string = identity["accountId"] { identity.replace("accountId", with: .string(raw: account)) }
        }
        if let ip = e["sourceIPAddress"]?.rawString, ip.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) }) {
            e.replace("sourceIPAddress", with: .string(raw: addresses[Int(rng.next() % UInt64(addresses.count))]))
        }
    }

    /// Every record of the datasets' S3-shaped files.
    static func loadTemplates(_ datasets: URL) throws -> [TemplateJSON] {
        let fm = FileManager.default
        var paths: [String] = []
        for dir in try fm.contentsOfDirectory(atPath: datasets.path).sorted() {
            for sub in ["cloudtrail-format", "CloudTrail"] {
                let d = datasets.appendingPathComponent(dir).appendingPathComponent(sub)
                guard let names = try? fm.contentsOfDirectory(atPath: d.path) else { continue }
                for n in names.sorted() where n.hasSuffix(".json") || n.hasSuffix(".json.gz") {
                    paths.append(d.appendingPathComponent(n).path)
                }
            }
        }
        var templates: [TemplateJSON] = []
        for path in paths {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            if path.hasSuffix(".gz") { bytes = try Gzip.decompress(bytes) }
            guard let doc = try? TemplateJSON.parse(bytes), case .array(let records)? = doc["Records"] else { continue }
            for r in records {
                // As delivered by CloudTrail: a string eventType (Falco drops records without one).
                if case .object = r, r["eventName"] != nil, r["eventTime"] != nil, r["eventType"]?.rawString != nil {
                    templates.append(r)
                }
            }
        }
        return templates
    }

    /// An integer in `lo...hi`, uniform in its logarithm.
    static func logUniform(_ rng: inout SplitMix64, _ lo: Int, _ hi: Int) -> Int {
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        return min(hi, Int((Double(lo) * pow(Double(hi) / Double(lo), u)).rounded()))
    }

    static func uuid(_ rng: inout SplitMix64) -> String {
        let a = rng.next(), b = rng.next()
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }

    static func token(_ rng: inout SplitMix64, _ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// UTC calendar fields of a Unix time (Howard Hinnant's civil_from_days).
    static func civil(_ t: Int64) -> (Int, Int, Int, Int, Int, Int) {
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = Int(t - days * 86400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }
}
