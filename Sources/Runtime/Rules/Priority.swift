// Priority.swift - Falco's rule priorities, most severe first.

public enum Priority: Int, Sendable, Comparable, CaseIterable {
    case emergency, alert, critical, error, warning, notice, informational, debug

    /// As Falco prints it in alerts: `Critical`, `Informational`.
    public var displayName: String {
        switch self {
        case .emergency: "Emergency"
        case .alert: "Alert"
        case .critical: "Critical"
        case .error: "Error"
        case .warning: "Warning"
        case .notice: "Notice"
        case .informational: "Informational"
        case .debug: "Debug"
        }
    }

    /// Falco's statistics name: `CRITICAL`, `INFO`.
    public var shortName: String { self == .informational ? "INFO" : displayName.uppercased() }

    /// More severe sorts first.
    public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
}
