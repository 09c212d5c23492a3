// Pipeline.swift - the compiler's stages, end to end. Each takes the previous stage's value and
// returns a new one; none calls back into another:
//
//   SourceFile ─ YAMLReader ─▶ [YAMLNode] ─ RuleFileReader ─▶ RuleFile ─ RuleCollector ─▶ CollectedRuleSet
//   ─ RuleParser ─▶ ParsedRuleSet ─ MacroResolver ─▶ ResolvedRuleSet ─ RuleChecker ─▶ CheckedRuleSet
//   ─ PlannedRuleSet.init ─▶ PlannedRuleSet ─ FileEmitter ─▶ Swift source

/// Compiles rules files into one Swift source file.
public enum Pipeline {
    public struct Result: Sendable {
        /// The generated Swift source as one file, or nil when an error was reported.
        public var swiftSource: String? { generated?.combined }
        /// The generated Swift, one file per rules file and an index; nil after an error.
        public var generated: GeneratedSources?
        public var checked: CheckedRuleSet?
        public var diagnostics: DiagnosticEngine
    }

    /// Runs every stage. Errors do not stop the stages that can still find more errors (a stage
    /// skips only what an earlier error made meaningless); nothing is generated when any error
    /// was reported.
    /// - Parameter chunks: per rules file, how many Swift files to generate for it (default 1).
    public static func compile(_ files: [SourceFile], warningsAsErrors: Bool = false, chunks: [Int]? = nil) -> Result {
        var diagnostics = DiagnosticEngine()
        let checked = check(files, diagnostics: &diagnostics)
        if warningsAsErrors { diagnostics.promoteWarnings() }
        guard !diagnostics.hasErrors else { return Result(generated: nil, checked: checked, diagnostics: diagnostics) }
        let planned = PlannedRuleSet(checked)
        return Result(generated: FileEmitter.emit(planned, chunks: chunks), checked: checked, diagnostics: diagnostics)
    }

    /// The front end, up to the checked rules (used by tests and the reference evaluator).
    public static func check(_ files: [SourceFile], diagnostics: inout DiagnosticEngine) -> CheckedRuleSet {
        let resolved = resolve(files, diagnostics: &diagnostics)
        return RuleChecker.check(resolved, diagnostics: &diagnostics)
    }

    /// Up to the resolved rules: macros inlined, lists expanded, nothing type-checked yet.
    public static func resolve(_ files: [SourceFile], diagnostics: inout DiagnosticEngine) -> ResolvedRuleSet {
        let parsed = parse(files, diagnostics: &diagnostics)
        return MacroResolver.resolve(parsed, diagnostics: &diagnostics)
    }

    /// Up to the parsed rules: conditions, exceptions and outputs parsed.
    public static func parse(_ files: [SourceFile], diagnostics: inout DiagnosticEngine) -> ParsedRuleSet {
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
        return RuleParser.parse(collected, diagnostics: &diagnostics)
    }
}
