// DiagnosticFormatter.swift - renders diagnostics the way swiftc does, so they land in build logs.

public enum DiagnosticFormatter {
    /// `path:line:column: error: message [id]` followed by `path:line:column: note: ...` lines.
    /// Nothing precedes the path: Xcode and log parsers recognise the line by its start.
    public static func buildLog(_ d: Diagnostic) -> String {
        buildLog(d, path: { $0.path })
    }

    /// Like `buildLog`, with the path chosen per file (golden tests print case-relative paths).
    public static func buildLog(_ d: Diagnostic, path: (SourceFile) -> String) -> String {
        var lines = [line(range: d.range, severity: d.severity.rawValue, message: "\(d.message) [\(d.id)]", path: path)]
        for note in d.notes {
            lines.append(line(range: note.range, severity: "note", message: note.message, path: path))
        }
        return lines.joined(separator: "\n")
    }

    private static func line(range: SourceRange?, severity: String, message: String, path: (SourceFile) -> String) -> String {
        guard let range else { return "\(severity): \(message)" }
        let (l, c) = range.file.lineAndColumn(of: range.start)
        return "\(path(range.file)):\(l):\(c): \(severity): \(message)"
    }
}
