// AlertDestination.swift - where alerts go: standard output, a file, a program (Falco's names).

/// One place alerts are delivered to. Falco's `stdout_output`, `file_output` and
/// `program_output`, as `--output` values: `stdout`, `file:PATH`, `program:COMMAND`.
public enum AlertDestination: Sendable, Equatable, CustomStringConvertible {
    /// An open descriptor, normally standard output; never reopened.
    case fileDescriptor(Int32)
    /// Appended to (created if missing); reopened after `SIGHUP`, so logrotate can move it away.
    case file(path: String)
    /// A long-lived `/bin/sh -c COMMAND` reading alerts on its standard input; restarted if it exits.
    case program(command: String)

    /// `stdout`, `file:PATH` or `program:COMMAND`; nil for anything else.
    public init?(parsing text: String) {
        if text == "stdout" || text == "-" {
            self = .fileDescriptor(1)
        } else if text.hasPrefix("file:"), text.count > 5 {
            self = .file(path: String(text.dropFirst(5)))
        } else if text.hasPrefix("program:"), text.count > 8 {
            self = .program(command: String(text.dropFirst(8)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fileDescriptor(1): "stdout"
        case .fileDescriptor(let fd): "file descriptor \(fd)"
        case .file(let path): "file:\(path)"
        case .program(let command): "program:\(command)"
        }
    }
}
