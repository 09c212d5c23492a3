// FieldCatalogConsistencyTests.swift - the compiler's field table and the runtime's extractors agree.
import RuleCompiler
import Runtime
import Testing

/// Generated code names a `FieldKind` case for every field a rule uses (`FieldInfo.runtimeName`);
/// a name without a case would only fail when a rule happens to use that field.
@Suite struct FieldCatalogConsistencyTests {
    @Test func everyCatalogFieldHasARuntimeExtractor() {
        let missing = FieldCatalog.all.filter { FieldKind(rawValue: $0.runtimeName) == nil }
        #expect(missing.isEmpty, "catalog fields without a FieldKind case: \(missing.map { "\($0.name) -> \($0.runtimeName)" })")
    }

    @Test func everyRuntimeExtractorIsInTheCatalog() {
        let used = Set(FieldCatalog.all.map(\.runtimeName))
        let unused = FieldKind.allCases.filter { !used.contains($0.rawValue) }
        #expect(unused.isEmpty, "FieldKind cases no catalog field uses: \(unused.map(\.rawValue))")
    }

    @Test func catalogNamesAreUnique() {
        var seen: Set<String> = []
        let duplicates = FieldCatalog.all.map(\.name).filter { !seen.insert($0).inserted }
        #expect(duplicates.isEmpty, "fields listed twice: \(duplicates)")
    }

    /// Aliases (`jevt.*`) share an extractor; any other sharing would be a copy-paste slip.
    @Test func onlyAliasesShareAnExtractor() {
        let byRuntime = Dictionary(grouping: FieldCatalog.all, by: \.runtimeName)
        for (runtime, fields) in byRuntime where fields.count > 1 {
            let names = fields.map(\.name).sorted()
            let stems = Set(names.map { $0.replacingOccurrences(of: "jevt.", with: "json.") })
            #expect(stems.count == 1, "\(runtime) extracts several different fields: \(names)")
        }
    }
}
