// main.swift - peregrine: scan CloudTrail logs with the rules compiled into this binary.
// No Foundation here (nor in anything this executable links): the C library does stderr, the
// environment and the host name, which keeps the static binary small and free of glibc's NSS.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Detections
import Runtime

/// Writes to stderr unbuffered (diagnostics must not wait behind alerts).
func printError(_ s: String) {
    let bytes = Array((s + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        offset += n
    }
}

/// An environment variable, nil when unset.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Falco's alert hostname: FALCO_HOSTNAME, else gethostname().
func hostname() -> String {
    if let h = environment("FALCO_HOSTNAME"), !h.isEmpty { return h }
    var buf = [CChar](repeating: 0, count: 256)
    guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

let command: Command
do {
    command = try CommandLineParser.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("peregrine: error: \(error)")
    exit(ScanExitStatus.usage)
}

switch command {
case .help(let topic):
    guard let text = Help.text(for: topic) else {
        printError("peregrine: error: no help for '\(topic ?? "")'; the commands are scan, rules and fields")
        exit(ScanExitStatus.usage)
    }
    print(text)
case .version:
    print("peregrine \(Help.version) (Falco engine 0.62.0 semantics; cloudtrail plugin 0.17.1, json plugin 0.7.4 fields)")
case .rules(let json):
    print(RulesCommand.run(Detections.ruleSet, json: json), terminator: "")
case .fields(let verbose, let namesOnly):
    print(FieldsCommand.run(verbose: verbose, namesOnly: namesOnly), terminator: "")
case .scan(let args):
    AlertWriter.ignoreSIGPIPE()
    let options = ScanOptions(ruleMatching: args.ruleMatching, format: args.json ? .json : .text,
                              hostname: hostname(), iso8601Time: args.iso8601, minimumPriority: args.minimumPriority,
                              jobs: args.jobs ?? ScanOptions.availableProcessors, ordered: args.ordered,
                              verbose: args.verbose,
                              maxRecordSize: args.maxRecordSize ?? ScanOptions.defaultMaxRecordSize)
    let writer: AlertWriter
    do {
        writer = try AlertWriter(destinations: args.outputs.isEmpty ? [.fileDescriptor(1)] : args.outputs)
    } catch {
        printError("peregrine: error: \(error)")
        exit(ScanExitStatus.alertsNotDelivered)
    }
    let scanner = Scanner(ruleSet: Detections.ruleSet, options: options, writer: writer) { printError("peregrine: " + $0) }
    // Paths as the raw bytes of argv: `CommandLine.arguments` decodes them lossily, so a name that
    // is not valid UTF-8 could not be opened. argv[1] is "scan"; its arguments follow.
    let sources = args.sourceIndices.map { index -> FilePath in
        guard let argument = CommandLine.unsafeArgv[2 + index] else { return FilePath("") }
        return FilePath(bytes: Array(UnsafeRawBufferPointer(start: argument, count: strlen(argument))))
    }
    var summary = scanner.scan(sources)
    writer.finish()
    // Per destination, always said (even with --quiet): alerts that did not get out.
    for report in writer.reports {
        let missing = summary.alerts - report.deliveredLines
        if let error = report.error {
            let why = error == .closed ? "the output was closed by its reader" : "cannot write alerts to \(report.destination): \(error)"
            printError("peregrine: error: \(why); \(missing) of \(summary.alerts) alerts were not delivered")
        } else if missing > 0 {
            printError("peregrine: error: \(report.destination): \(missing) of \(summary.alerts) alerts were not delivered")
        }
        if let exit = report.programExit {
            printError("peregrine: error: \(report.destination) \(exit); the alerts it was given may not have been handled")
            summary.outputError = summary.outputError ?? .failed(errno: EIO)
        }
        if report.restarts > 0 {
            printError("peregrine: warning: \(report.destination) exited during the scan and was started again \(report.restarts) time(s)")
        }
    }
    if !args.quiet {
        var line = "peregrine: \(summary.events) events in \(summary.files) files, \(summary.alerts) alerts"
        if summary.alertsNotDelivered > 0 { line += " (\(summary.alertsNotDelivered) not delivered)" }
        if summary.inputErrors > 0 { line += ", \(summary.inputErrors) \(summary.inputErrors == 1 ? "input" : "inputs") not read (see above)" }
        if summary.recordErrors > 0 { line += ", \(summary.recordErrors) bad \(summary.recordErrors == 1 ? "record" : "records") skipped (see above)" }
        printError(line)
    }
    exit(ScanExitStatus.of(summary))
}
