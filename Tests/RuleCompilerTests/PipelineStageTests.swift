// PipelineStageTests.swift - the rule-file, collection, dispatch and generation stages on small inputs.
import Foundation
import RuleCompiler
import Testing

/// Compiles in-memory YAML through the front end.
func checkRules(_ yaml: String, _ more: String...) -> (CheckedRuleSet, DiagnosticEngine) {
    var d = DiagnosticEngine()
    let files = ([yaml] + more).enumerated().map { SourceFile(path: "r\($0.offset).yaml", text: $0.element) }
    let set = Pipeline.check(files, diagnostics: &d)
    return (set, d)
}

func rule(_ name: String, _ condition: String, extra: String = "") -> String {
    """
    - rule: \(name)
      desc: d
      condition: \(condition)
      output: "%ct.user"
      priority: WARNING
      source: aws_cloudtrail
    \(extra)

    """
}

@Suite struct RuleCollectorTests {
    @Test func redefinitionKeepsTheOriginalEvaluationSlot() {
        let (set, d) = checkRules(rule("A", #"ct.name = "a""#) + rule("B", #"ct.name = "b""#), rule("A", #"ct.name = "z""#))
        #expect(!d.hasErrors)
        #expect(set.rules.map(\.name) == ["A", "B"])
        #expect(set.rules[0].condition.comparisons.first?.values == ["z"])
    }

    @Test func appendedConditionIsJoinedWithASpace() {
        let (set, d) = checkRules(rule("A", #"ct.name = "a""#) + """
            - rule: A
              condition: or ct.name = "b"
              override:
                condition: append
            """)
        #expect(!d.hasErrors, "\(d.render())")
        #expect(set.rules[0].conditionText == #"ct.name = "a" or ct.name = "b""#)
        #expect(EventIndex.eventNames(of: set.rules[0].condition) == ["a", "b"])
    }

    @Test func appendingToAnUndefinedItemIsAnError() {
        let (_, d) = checkRules("""
            - list: nope
              items: [a]
              override:
                items: append
            """)
        #expect(d.diagnostics.map(\.id) == [.noPreviousDefinition])
    }

    @Test func prioritySpellingsAreCaseInsensitiveAndInfoIsInformational() {
        for p in ["info", "INFO", "Informational", "notice", "EMERGENCY"] {
            let (set, d) = checkRules(rule("A", #"ct.name = "a""#).replacingOccurrences(of: "WARNING", with: p))
            #expect(!d.hasErrors, "\(p)")
            #expect(set.rules.count == 1)
        }
        #expect(Priority(falcoName: "info") == .informational)
        #expect(Priority(falcoName: "warn") == nil)
    }

    @Test func tagsAreASortedSet() {
        let (set, _) = checkRules(rule("A", #"ct.name = "a""#, extra: "  tags: [b, a, b]"))
        #expect(set.rules[0].tags == ["a", "b"])
    }

    @Test func listsInListsExpandOneLevel() {
        let (set, d) = checkRules("""
            - list: inner
              items: [x, y]
            - list: outer
              items: [inner, z]
            """ + "\n" + rule("A", "ct.name in (outer)"))
        #expect(!d.hasErrors, "\(d.render())")
        #expect(set.rules[0].condition.comparisons[0].values == ["x", "y", "z"])
    }

    @Test func quotedListNameStaysAString() {
        let (set, _) = checkRules("- list: regions\n  items: [a]\n" + rule("A", #"ct.region in ("regions", regions)"#))
        #expect(set.rules[0].condition.comparisons[0].values == ["regions", "a"])
    }
}

@Suite struct RuleFileCompatibilityTests {
    /// Falco loads `desc: != is false when absent` (yaml-cpp: tag `!=` on `is false when absent`).
    @Test func taggedScalarsLoadLikeYamlCpp() throws {
        let (set, d) = checkRules("""
            - macro: m
              condition: ct.name = "a"
            - rule: R
              desc: != is false when absent
              condition: m and not ct.error exists
              output: !!str "%ct.user"
              priority: !p WARNING
              source: aws_cloudtrail
              tags: !!seq [!t x]
            """)
        #expect(d.diagnostics.isEmpty, "\(d.render())")
        let r = try #require(set.rules.first)
        #expect(r.description == "is false when absent")
        #expect(r.tags == ["x"])
    }

    /// A file whose YAML could not be read holds items nobody saw; what later stages would say
    /// about them (here: the macro defined after the error, used by another file) are
    /// consequences, not errors of their own, so only the YAML error is reported.
    @Test func yamlErrorsAreNotFollowedByTheirConsequences() {
        let (_, d) = checkRules("""
            - rule: Broken
              desc: &anchor d
              condition: ct.name = "a"
            - macro: m
              condition: ct.name = "b"
            """, rule("Uses M", "m"))
        #expect(d.diagnostics.map(\.id) == [.yamlUnsupported])
        #expect(d.diagnostics.first?.range?.file.path == "r0.yaml")
    }

    /// The same rule stops nothing when the YAML is fine: independent errors in the later stages
    /// of every file are all still reported.
    @Test func laterStagesStillRunWhenTheYAMLIsFine() {
        let (_, d) = checkRules(rule("A", "undefined_a"), rule("B", "undefined_b"))
        #expect(d.diagnostics.map(\.id) == [.undefinedMacro, .undefinedMacro])
    }

    /// Falco refuses a file requiring a newer engine ("Rules require engine version ..."): an
    /// error at the version, and nothing is generated.
    @Test(arguments: ["0.99.0", "63", "1.0.0", "0.62.1"])
    func requiredEngineVersionAboveTheEmulatedOneIsAnError(_ version: String) throws {
        let yaml = "- required_engine_version: \(version)\n" + rule("A", #"ct.name = "a""#)
        let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
        let e = try #require(result.diagnostics.diagnostics.first)
        #expect(result.diagnostics.diagnostics.count == 1)
        #expect(e.severity == .error && e.id == .engineVersion)
        #expect(e.range?.line == 1 && e.range?.column == 28)
        #expect(result.swiftSource == nil)
    }

    @Test(arguments: ["0.62.0", "62", "10", "0.57.0", "0"])
    func requiredEngineVersionAtOrBelowTheEmulatedOneIsAccepted(_ version: String) {
        let yaml = "- required_engine_version: \(version)\n" + rule("A", #"ct.name = "a""#)
        let result = Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)])
        #expect(result.diagnostics.diagnostics.isEmpty)
        #expect(result.swiftSource != nil)
    }
}

@Suite struct EventIndexTests {
    func names(_ condition: String) -> Set<String>? {
        let (set, d) = checkRules(rule("A", condition))
        precondition(!d.hasErrors, d.render())
        return EventIndex.eventNames(of: set.rules[0].condition)
    }

    @Test func conjunctionsConstrainDisjunctionsUnite() {
        #expect(names(#"ct.name = "a" and ct.user = "u""#) == ["a"])
        #expect(names(#"ct.name in (a, b) and ct.name = "b""#) == ["b"])
        #expect(names(#"ct.name = "a" or ct.name = "b""#) == ["a", "b"])
        #expect(names(#"ct.src = "s" and (ct.name = "a" or ct.name in (b, c))"#) == ["a", "b", "c"])
    }

    @Test func anythingElseRunsOnEveryEvent() {
        #expect(names(#"ct.name = "a" or ct.user = "u""#) == nil)
        #expect(names(#"not ct.name = "a""#) == nil)
        #expect(names(#"ct.name != "a""#) == nil)
        #expect(names(#"ct.name startswith "Delete""#) == nil)
        #expect(names("evt.num > 0") == nil)
    }

    func constraint(_ condition: String) -> EventNameConstraint? {
        let (set, d) = checkRules(rule("A", condition))
        precondition(!d.hasErrors, d.render())
        return EventIndex.constraint(of: set.rules[0].condition)
    }

    @Test func prefixesAndSuffixesConstrainToo() {
        #expect(constraint(#"ct.name startswith "Delete""#) == EventNameConstraint(prefixes: ["Delete"]))
        #expect(constraint(#"ct.name endswith "Bucket" and ct.user = u"#) == EventNameConstraint(suffixes: ["Bucket"]))
        #expect(constraint(#"ct.name startswith anyof (Create, Delete)"#) == EventNameConstraint(prefixes: ["Create", "Delete"]))
        #expect(constraint(#"ct.name = "Get" or ct.name startswith "Put""#) == EventNameConstraint(names: ["Get"], prefixes: ["Put"]))
        #expect(constraint(#"ct.name startswith "Delete" and ct.name in (DeleteBucket, X)"#) == EventNameConstraint(names: ["DeleteBucket", "X"]),
                "exact names are more selective than a prefix")
    }

    @Test func patternsThatAdmitEverythingDoNotConstrain() {
        #expect(constraint(#"ct.name startswith """#) == nil, "every name starts with the empty string")
        #expect(constraint(#"ct.name startswith "Delete" or ct.user = u"#) == nil)
        #expect(constraint(#"ct.name contains "Delete""#) == nil)
        #expect(constraint(#"ct.name startswith allof (A, B)"#) == nil)
    }

    @Test func disabledRulesAreNotDispatched() {
        let (set, _) = checkRules(rule("A", #"ct.name = "a""#, extra: "  enabled: false") + rule("B", "evt.num > 0"))
        let index = EventIndex.build(set.rules)
        #expect(index.buckets.isEmpty)
        #expect(index.always == [1])
    }
}

@Suite struct GeneratorTests {
    @Test func outputIsDeterministicAndMachineIndependent() {
        let yaml = rule("Console Login", #"ct.name = "ConsoleLogin" and not ct.error exists"#)
        let a = Pipeline.compile([SourceFile(path: "/abs/one/rules/x.yaml", displayPath: "rules/x.yaml", text: yaml)])
        let b = Pipeline.compile([SourceFile(path: "/elsewhere/rules/x.yaml", displayPath: "rules/x.yaml", text: yaml)])
        #expect(a.swiftSource != nil)
        #expect(a.swiftSource == b.swiftSource)
        #expect(!(a.swiftSource ?? "").contains("/abs/"))
    }

    @Test func functionNamesComeFromRuleNamesNotPositions() {
        let one = Pipeline.compile([SourceFile(path: "x.yaml", text: rule("Console Login Without MFA", #"ct.name = "a""#))])
        let two = Pipeline.compile([SourceFile(path: "x.yaml", text: rule("New Rule", #"ct.name = "b""#) + rule("Console Login Without MFA", #"ct.name = "a""#))])
        #expect(one.swiftSource?.contains("func rule_consoleLoginWithoutMFA(") == true)
        #expect(two.swiftSource?.contains("func rule_consoleLoginWithoutMFA(") == true)
        #expect(two.swiftSource?.contains("func rule_newRule(") == true)
    }

    @Test func nothingIsGeneratedWhenThereIsAnError() {
        let r = Pipeline.compile([SourceFile(path: "x.yaml", text: rule("A", #"ct.nam = "a""#))])
        #expect(r.swiftSource == nil)
        #expect(r.diagnostics.diagnostics.first?.id == .unknownField)
    }

    @Test func warningsAsErrors() {
        let yaml = "- macro: unused\n  condition: ct.name = \"a\"\n" + rule("A", #"ct.name = "a""#)
        #expect(Pipeline.compile([SourceFile(path: "x.yaml", text: yaml)]).swiftSource != nil)
        #expect(Pipeline.compile([SourceFile(path: "x.yaml", text: yaml)], warningsAsErrors: true).swiftSource == nil)
    }
}

/// Each stage's output, on its own: parsing leaves macro references, resolution removes them and
/// records how each comparison was reached, checking types what resolution produced.
@Suite struct PipelineStageBoundaryTests {
    let yaml = """
        - list: regions
          items: [us-east-1, eu-west-1]
        - macro: in_regions
          condition: ct.region in (regions)
        - rule: R
          desc: d
          condition: ct.name = CreateUser and in_regions
          output: "%ct.user"
          priority: WARNING
          source: aws_cloudtrail

        """

    @Test func parsedRulesStillReferToMacros() {
        var d = DiagnosticEngine()
        let parsed = Pipeline.parse([SourceFile(path: "r.yaml", text: yaml)], diagnostics: &d)
        guard case .and(let parts, _)? = parsed.rules.first?.condition, case .macro(let name, _) = parts[1] else {
            Issue.record("expected `ct.name = CreateUser and in_regions`, got \(String(describing: parsed.rules.first?.condition))")
            return
        }
        #expect(name == "in_regions")
        #expect(parsed.macros["in_regions"]?.condition != nil)
    }

    @Test func resolvedMacrosAreResolvedOnceAndKnowTheirPath() {
        var d = DiagnosticEngine()
        let resolved = Pipeline.resolve([SourceFile(path: "r.yaml", text: yaml)], diagnostics: &d)
        #expect(!d.hasErrors)
        guard case .and(let parts)? = resolved.rules.first?.condition, case .macro(let m) = parts[1],
              case .comparison(let c) = m.body else {
            Issue.record("expected the macro resolved to its body, got \(String(describing: resolved.rules.first?.condition))")
            return
        }
        #expect(m.name == "in_regions")
        #expect(c.values.map(\.text) == ["us-east-1", "eu-west-1"])
        #expect(c.listName == "regions")
        #expect(c.notes.map(\.message) == ["in macro 'in_regions', used here", "in rule 'R'"])
    }

    /// An error in one stage is not reported again as its consequences in a later one.
    @Test func anUnknownFieldDoesNotAlsoMakeItsListUnused() {
        var d = DiagnosticEngine()
        _ = Pipeline.check([SourceFile(path: "r.yaml", text: yaml.replacingOccurrences(of: "ct.region in", with: "ct.regoin in"))], diagnostics: &d)
        #expect(d.diagnostics.filter { $0.severity == .error }.map(\.id) == [.unknownField])
        #expect(!d.diagnostics.contains { $0.id == .unusedList || $0.id == .unusedMacro })
    }
}

/// The generated files as a rule author's diff sees them.
@Suite struct GeneratedFileShapeTests {
    func rules(_ names: [String]) -> String {
        names.map { rule($0, #"ct.name = "\#($0)" and ct.user = u"#) }.joined()
    }

    /// (Appended: a rule inserted above others moves their YAML lines, which their comments cite.)
    @Test func addingARuleChangesOneChunkAndTheIndex() throws {
        let names = (1...12).map { "Rule \($0)" }
        let before = try #require(Pipeline.compile([SourceFile(path: "r.yaml", text: rules(names))], chunks: [4]).generated)
        let after = try #require(Pipeline.compile([SourceFile(path: "r.yaml", text: rules(names + ["Added"]))], chunks: [4]).generated)
        #expect(before.perFile[0].count == 4)
        // Every rule function is in exactly one chunk.
        for n in names {
            let id = "func rule_" + n.replacingOccurrences(of: " ", with: "").prefix(1).lowercased() + n.replacingOccurrences(of: " ", with: "").dropFirst() + "("
            #expect(before.perFile[0].filter { $0.contains(id) }.count == 1, "\(id)")
        }
        let changed = zip(before.perFile[0], after.perFile[0]).filter { $0 != $1 }.count
        #expect(changed == 1, "inserting a rule changed \(changed) chunks")
        #expect(before.index != after.index)
    }

    @Test func eachFileDeclaresOnlyTheSlotsItUses() throws {
        let yaml = rule("A", #"ct.name = "a""#) + rule("B", #"ct.src = "s""#)
        let g = try #require(Pipeline.compile([SourceFile(path: "r.yaml", text: yaml)], chunks: [2]).generated)
        for chunk in g.perFile[0] {
            #expect(chunk.contains("fileprivate enum Slots {"))
            if chunk.contains("func rule_a(") { #expect(chunk.contains("static let ct_name =") && !chunk.contains("static let ct_src =")) }
            if chunk.contains("func rule_b(") { #expect(chunk.contains("static let ct_src =") && !chunk.contains("static let ct_name =")) }
        }
    }
}
