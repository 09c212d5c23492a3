// Diagnostic.swift - one compiler message with a stable id, a position and context notes.

public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A context line printed after its diagnostic (`note: in rule 'X'`), at its own location.
public struct Note: Sendable, Hashable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange?) {
        self.message = message
        self.range = range
    }
}

/// A compiler message. Tests match on `id`, never on the text.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var id: DiagnosticID
    public var severity: Severity
    public var message: String
    public var range: SourceRange?
    public var notes: [Note]

    public init(_ severity: Severity, _ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
    }

    public static func error(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, id, message, at: range, notes: notes)
    }

    public static func warning(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, id, message, at: range, notes: notes)
    }

    /// The build-log form: `path:line:column: error: message [id]` then one line per note.
    public var description: String { DiagnosticFormatter.buildLog(self) }
}
