// CommandLine.swift - parsing peregrine's arguments into a command; usage errors exit 2.
import Runtime

/// A parsed invocation.
enum Command {
    case scan(ScanArguments)
    case rules(json: Bool)
    case fields(verbose: Bool, namesOnly: Bool)
    case help(topic: String?)
    case version
}

struct ScanArguments {
    var sources: [String] = []
    /// Where each source is in the arguments after `scan`, to take its raw bytes.
    var sourceIndices: [Int] = []
    var json = false
    var ruleMatching: RuleMatching = .all
    var iso8601 = false
    var quiet = false
    var minimumPriority: Priority = .debug
    /// nil: all available cores.
    var jobs: Int?
    var ordered = false
    var verbose = false
    /// Empty: standard output.
    var outputs: [AlertDestination] = []
    /// nil: `ScanOptions.defaultMaxRecordSize`.
    var maxRecordSize: Int?
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

enum CommandLineParser {
    static func parse(_ args: [String]) throws -> Command {
        guard let first = args.first else { return .help(topic: nil) }
        let rest = Array(args.dropFirst())
        switch first {
        case "-h", "--help", "help": return .help(topic: rest.first)
        case "-V", "--version", "version": return .version
        case "scan": return try parseScan(rest)
        case "rules":
            if rest.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help(topic: "rules") }
            try rejectUnknown(rest, allowed: ["--json"], command: "rules")
            return .rules(json: rest.contains("--json"))
        case "fields":
            if rest.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help(topic: "fields") }
            try rejectUnknown(rest, allowed: ["-v", "--verbose", "-N", "--names"], command: "fields")
            return .fields(verbose: rest.contains("-v") || rest.contains("--verbose"),
                           namesOnly: rest.contains("-N") || rest.contains("--names"))
        default:
            if first.hasPrefix("-") { throw UsageError(description: "unknown option '\(first)'; try 'peregrine --help'") }
            throw UsageError(description: "unknown command '\(first)'; the commands are scan, rules and fields (try 'peregrine --help')")
        }
    }

    static func rejectUnknown(_ args: [String], allowed: Set<String>, command: String) throws {
        for a in args where !allowed.contains(a) {
            throw UsageError(description: "'peregrine \(command)' does not take '\(a)'; try 'peregrine \(command) --help'")
        }
    }

    static func parseScan(_ args: [String]) throws -> Command {
        var s = ScanArguments()
        var i = 0
        var onlySources = false
        func value(_ name: String) throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "option '\(name)' needs a value; try 'peregrine scan --help'") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            if onlySources || a == "-" || !a.hasPrefix("-") {
                s.sources.append(a)
                s.sourceIndices.append(i)
                i += 1
                continue
            }
            var name = a
            var inline: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            switch name {
            case "--": onlySources = true
            case "-h", "--help": return .help(topic: "scan")
            case "--json": s.json = true
            case "--iso8601": s.iso8601 = true
            case "-q", "--quiet": s.quiet = true
            case "--ordered": s.ordered = true
            case "-v", "--verbose": s.verbose = true
            case "-o", "--output":
                let v = try inline ?? value(name)
                guard let d = AlertDestination(parsing: v) else {
                    throw UsageError(description: "--output must be stdout, file:PATH or program:COMMAND (Falco's stdout, file and program outputs), not '\(v)'")
                }
                s.outputs.append(d)
            case "-j", "--jobs":
                let v = try inline ?? value(name)
                guard let n = Int(v), n >= 1 else {
                    throw UsageError(description: "--jobs must be a whole number of files to scan at once, 1 or more, not '\(v)'")
                }
                let cores = ScanOptions.availableProcessors
                let limit = cores * ScanOptions.maximumJobsPerCore
                guard n <= limit else {
                    throw UsageError(description: "--jobs \(n) is more than \(ScanOptions.maximumJobsPerCore) per core (\(cores) cores here, so at most \(limit)); more jobs only use more memory. Leave it out to use every core")
                }
                s.jobs = n
            case "--max-record-size":
                let v = try inline ?? value(name)
                guard let n = parseSize(v), n >= 1024 else {
                    throw UsageError(description: "--max-record-size must be a size of at least 1024 bytes: a number of bytes, or with K, M or G (KiB, MiB, GiB), such as 8M; not '\(v)'")
                }
                s.maxRecordSize = n
            case "--rule-matching":
                let v = try inline ?? value(name)
                guard let m = RuleMatching(rawValue: v) else {
                    throw UsageError(description: "--rule-matching must be 'all' (every matching rule alerts) or 'first' (Falco's default: one alert per event), not '\(v)'")
                }
                s.ruleMatching = m
            case "--min-priority":
                let v = try inline ?? value(name)
                guard let p = Priority(falcoName: v) else {
                    throw UsageError(description: "--min-priority must be one of emergency, alert, critical, error, warning, notice, informational, debug; not '\(v)'")
                }
                s.minimumPriority = p
            default:
                throw UsageError(description: "unknown option '\(a)' for 'peregrine scan'; try 'peregrine scan --help'")
            }
            i += 1
        }
        guard !s.sources.isEmpty else {
            throw UsageError(description: "'peregrine scan' needs at least one SOURCE: a .json or .json.gz file, a directory, or - for standard input")
        }
        if s.sources.filter({ $0 == "-" }).count > 1 {
            throw UsageError(description: "standard input (-) can be read only once; name it once")
        }
        return .scan(s)
    }

    /// `1048576`, `1024K`, `1M`, `1G` (binary multiples); nil when not a size or too large.
    static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var unit = 1
        switch text.last {
        case "K", "k": unit = 1 << 10
        case "M", "m": unit = 1 << 20
        case "G", "g": unit = 1 << 30
        default: break
        }
        if unit > 1 { digits = digits.dropLast() }
        guard let n = Int(digits), n >= 0, n <= (1 << 40) / unit else { return nil }
        return n * unit
    }
}
