// FieldCatalogTests.swift - the one field table (FalcoModel) is complete and self-consistent.
import Foundation
import FalcoModel
import Testing

@Suite struct FieldCatalogTests {
    @Test func everyExtractorHasACatalogEntry() {
        let used = Set(FieldCatalog.all.map(\.kind))
        let unused = FieldKind.allCases.filter { !used.contains($0) }
        #expect(unused.isEmpty, "FieldKind cases no catalog field names: \(unused.map(\.rawValue))")
    }

    @Test func catalogNamesAreUnique() {
        var seen: Set<String> = []
        let duplicates = FieldCatalog.all.map(\.name).filter { !seen.insert($0).inserted }
        #expect(duplicates.isEmpty, "fields listed twice: \(duplicates)")
    }

    /// Aliases (`jevt.*`) share an extractor; any other sharing would be a copy-paste slip.
    @Test func onlyAliasesShareAnExtractor() {
        for (kind, fields) in Dictionary(grouping: FieldCatalog.all, by: \.kind) where fields.count > 1 {
            let names = fields.map(\.name).sorted()
            let stems = Set(names.map { $0.replacingOccurrences(of: "jevt.", with: "json.") })
            #expect(stems.count == 1, "\(kind) extracts several different fields: \(names)")
        }
    }

    /// Only `json.value` reads a pointer argument; single-path fields are plain strings or the
    /// plugin's fixed shapes, never lists or numbers.
    @Test func extractionsFitTheirFields() {
        for f in FieldCatalog.all {
            switch f.extraction {
            case .jsonPointer:
                #expect(f.argument == .requiredKey, "\(f.name)")
            case .string, .shortSource, .trueOrFalse, .accountID, .compactJSON:
                #expect(f.type == .string && !f.isList && f.argument == .none, "\(f.name)")
                #expect(f.extraction.path?.isEmpty == false, "\(f.name)")
            case .derived:
                break
            }
        }
        #expect(FieldCatalog.info(.ctName).extraction == .string(["eventName"]))
        #expect(FieldCatalog.info(.ctUserAccountid).extraction == .accountID(["userIdentity", "accountId"], fallback: ["recipientAccountId"]))
    }
}
