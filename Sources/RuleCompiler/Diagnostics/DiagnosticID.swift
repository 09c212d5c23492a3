// DiagnosticID.swift - the stable kebab-case ids of every compiler message, sorted.

/// A stable identifier printed as `[id]` after every message; tests match on it.
public struct DiagnosticID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

extension DiagnosticID {
    public static let appendWithOverride: DiagnosticID = "append-with-override"
    public static let deprecatedKey: DiagnosticID = "deprecated-key"
    public static let duplicateException: DiagnosticID = "duplicate-exception"
    public static let emptyValue: DiagnosticID = "empty-value"
    public static let engineVersion: DiagnosticID = "engine-version"
    public static let exceptionShape: DiagnosticID = "exception-shape"
    public static let expectedExpression: DiagnosticID = "expected-expression"
    public static let expectedOperator: DiagnosticID = "expected-operator"
    public static let expectedValue: DiagnosticID = "expected-value"
    public static let invalidArgument: DiagnosticID = "invalid-argument"
    public static let invalidEscape: DiagnosticID = "invalid-escape"
    public static let invalidName: DiagnosticID = "invalid-name"
    public static let invalidNumber: DiagnosticID = "invalid-number"
    public static let invalidOutput: DiagnosticID = "invalid-output"
    public static let invalidOverride: DiagnosticID = "invalid-override"
    public static let invalidPriority: DiagnosticID = "invalid-priority"
    public static let invalidRegex: DiagnosticID = "invalid-regex"
    public static let invalidType: DiagnosticID = "invalid-type"
    public static let invalidValue: DiagnosticID = "invalid-value"
        public static let macroCycle: DiagnosticID = "macro-cycle"
    public static let missingKey: DiagnosticID = "missing-key"
    public static let noPreviousDefinition: DiagnosticID = "no-previous-definition"
    public static let nestingTooDeep: DiagnosticID = "nesting-too-deep"
    public static let notSupported: DiagnosticID = "not-supported"
    public static let operatorNotSupported: DiagnosticID = "operator-not-supported"
    public static let pluginVersion: DiagnosticID = "plugin-version"
    public static let sourceMismatch: DiagnosticID = "source-mismatch"
    public static let tooManyErrors: DiagnosticID = "too-many-errors"
    public static let unexpectedToken: DiagnosticID = "unexpected-token"
    public static let unknownField: DiagnosticID = "unknown-field"
    public static let unknownItem: DiagnosticID = "unknown-item"
    public static let unknownKey: DiagnosticID = "unknown-key"
    public static let unknownSource: DiagnosticID = "unknown-source"
    public static let unterminatedString: DiagnosticID = "unterminated-string"
    public static let undefinedList: DiagnosticID = "undefined-list"
    public static let undefinedMacro: DiagnosticID = "undefined-macro"
    public static let unusedList: DiagnosticID = "unused-list"
    public static let unusedMacro: DiagnosticID = "unused-macro"
    public static let yamlSyntax: DiagnosticID = "yaml-syntax"
    public static let yamlUnsupported: DiagnosticID = "yaml-unsupported"
}
