// DiagnosticEngine.swift - collects every diagnostic of a compilation; keeps going after errors.

/// Collects diagnostics from all stages. Stages report and continue, so one build shows every
/// independent error (Falco stops at the first; we do not).
public struct DiagnosticEngine: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// Errors past this many are dropped, with one `too-many-errors` note at the end.
    public var errorLimit: Int

    public init(errorLimit: Int = 50) { self.errorLimit = errorLimit }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func emit(_ d: Diagnostic) {
        if d.severity == .error, errorCount >= errorLimit { return }
        // The same problem reached through several rules (a macro used twice) is reported once,
        // with the context of its first use.
        if !diagnostics.contains(where: { $0.id == d.id && $0.range == d.range && $0.message == d.message }) {
            diagnostics.append(d)
        }
    }

    public mutating func error(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        emit(.error(id, message, at: range, notes: notes))
    }

    public mutating func warning(_ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [Note] = []) {
        emit(.warning(id, message, at: range, notes: notes))
    }

    /// `--warnings-as-errors`: every warning becomes an error.
    public mutating func promoteWarnings() {
        for i in diagnostics.indices where diagnostics[i].severity == .warning { diagnostics[i].severity = .error }
    }

    /// Sorted by file, then position; diagnostics without a position last.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            switch (a.element.range, b.element.range) {
            case let (ra?, rb?):
                if ra.file.path != rb.file.path { return ra.file.path < rb.file.path }
                if ra.start != rb.start { return ra.start < rb.start }
                return a.offset < b.offset
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Every diagnostic in build-log form, sorted, with the error cap note when it was hit.
    public func render() -> String {
        var out = sorted.map(DiagnosticFormatter.buildLog).joined(separator: "\n")
        if errorCount >= errorLimit {
            out += "\nnote: too many errors, stopping [\(DiagnosticID.tooManyErrors)]"
        }
        return out
    }
}
