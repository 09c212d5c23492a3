// Pipeline.swift - the compiler's stages in order:
// read YAML -> read rule files -> collect -> parse conditions, resolve macros and lists, check -> generate.

/// Compiles rules files into one Swift source file.
public enum Pipeline {
    public struct Result: Sendable {
        /// The generated Swift source, or nil when an error was reported.
        public var swiftSource: String?
        public var checked: CheckedRuleSet?
        public var diagnostics: DiagnosticEngine
    }

    /// Runs every stage. Errors do not stop the stages that can still find more errors; nothing is
    /// generated when any error was reported.
    public static func compile(_ files: [SourceFile], warningsAsErrors: Bool = false) -> Result {
        var diagnostics = DiagnosticEngine()
        let checked = check(files, diagnostics: &diagnostics)
        if warningsAsErrors { diagnostics.promoteWarnings() }
        guard !diagnostics.hasErrors else { return Result(swiftSource: nil, checked: checked, diagnostics: diagnostics) }
        return Result(swiftSource: FileEmitter.emit(checked), checked: checked, diagnostics: diagnostics)
    }

    /// The front end: everything up to the checked IR (used by tests and the reference evaluator).
    public static func check(_ files: [SourceFile], diagnostics: inout DiagnosticEngine) -> CheckedRuleSet {
        var yamlHasErrors = false
        let ruleFiles = files.map { file in
            let errorsBefore = diagnostics.errorCount
            let documents = YAMLReader.read(file, diagnostics: &diagnostics)
            if diagnostics.errorCount > errorsBefore { yamlHasErrors = true }
            return RuleFileReader.read(documents, file: file, diagnostics: &diagnostics)
        }
        // YAML errors leave items unread (a structural error drops the rest of its document), so
        // the stages that relate items to one another would report consequences of those errors
        // (an `undefined macro` that is defined in the unread part) as errors of their own. Every
        // file's YAML and item errors are reported; relating items waits for readable YAML.
        let collected = RuleCollector.collect(yamlHasErrors ? [] : ruleFiles, diagnostics: &diagnostics)
        return RuleChecker.check(collected, diagnostics: &diagnostics)
    }
}
