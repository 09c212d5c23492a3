// Priority.swift - Falco's rule priorities, most severe first.

/// The compiler reads a rule's `priority:` with `init(falcoName:)`, generated code names the case,
/// and alerts print `displayName`.
public enum Priority: Int, Sendable, Comparable, CaseIterable {
    case emergency, alert, critical, error, warning, notice, informational, debug

    /// A `priority:` value as Falco reads it (case-insensitive; `info` is `informational`).
    public init?(falcoName: String) {
        switch falcoName.lowercased() {
        case "emergency": self = .emergency
        case "alert": self = .alert
        case "critical": self = .critical
        case "error": self = .error
        case "warning": self = .warning
        case "notice": self = .notice
        case "informational", "info": self = .informational
        case "debug": self = .debug
        default: return nil
        }
    }

    /// The case name, as generated code spells it.
    public var caseName: String { "\(self)" }

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
