// YAMLTestSupport.swift - helpers for the YAML reader tests: reading text, compact tree shapes, markers.
import RuleCompiler
import Testing

/// The result of reading one in-memory YAML text.
struct YAMLReadResult {
    var file: SourceFile
    var documents: [YAMLNode]
    var diagnostics: [Diagnostic]

    /// The only document's root (records an issue when there is not exactly one).
    func root(sourceLocation: SourceLocation = #_sourceLocation) -> YAMLNode? {
        guard documents.count == 1 else {
            Issue.record("expected 1 document, got \(documents.count)", sourceLocation: sourceLocation)
            return nil
        }
        return documents[0]
    }

    /// 1-based line and column of a byte offset in the file.
    func position(_ offset: Int) -> String {
        let (l, c) = file.lineAndColumn(of: offset)
        return "\(l):\(c)"
    }
}

enum YAMLTest {
    static func read(_ text: String) -> YAMLReadResult {
        read(bytes: Array(text.utf8))
    }

    static func read(bytes: [UInt8]) -> YAMLReadResult {
        let file = SourceFile(path: "test.yaml", bytes: bytes)
        var engine = DiagnosticEngine(errorLimit: 1000)
        let documents = YAMLReader.read(file, diagnostics: &engine)
        return YAMLReadResult(file: file, documents: documents, diagnostics: engine.diagnostics)
    }

    /// The shape of the only document of `text`, expecting no diagnostics: see `shape(_:)`.
    static func shape(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let result = read(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)", sourceLocation: sourceLocation)
        return result.root(sourceLocation: sourceLocation).map(shape)
    }

    /// A compact, unambiguous rendering: `{"k": ["a", null]}`; scalars as Swift string literals.
    static func shape(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): s.isNull ? "null" : String(reflecting: s.value)
        case .sequence(let s): "[" + s.items.map(shape).joined(separator: ", ") + "]"
        case .mapping(let m):
            "{" + m.entries.map { String(reflecting: $0.key.value) + ": " + shape($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// The value of the only document, which must be a mapping, at `key`.
    static func value(_ text: String, _ key: String, sourceLocation: SourceLocation = #_sourceLocation) -> YAMLScalar? {
        let result = read(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)", sourceLocation: sourceLocation)
        guard let scalar = result.root(sourceLocation: sourceLocation)?.mapping?[key]?.scalar else {
            Issue.record("no scalar at '\(key)'", sourceLocation: sourceLocation)
            return nil
        }
        return scalar
    }

    /// Every scalar (keys included) of a tree, in document order.
    static func scalars(_ node: YAMLNode) -> [YAMLScalar] {
        switch node {
        case .scalar(let s): [s]
        case .sequence(let s): s.items.flatMap(scalars)
        case .mapping(let m): m.entries.flatMap { [$0.key] + scalars($0.value) }
        }
    }

    /// Every node of a tree, in document order.
    static func nodes(_ node: YAMLNode) -> [YAMLNode] {
        switch node {
        case .scalar: [node]
        case .sequence(let s): [node] + s.items.flatMap(nodes)
        case .mapping(let m): [node] + m.entries.flatMap { [.scalar($0.key)] + nodes($0.value) }
        }
    }
}

/// Text with position markers `1️⃣`…`9️⃣` (swift-syntax style): the markers are removed and
/// their byte offsets in the remaining text recorded.
struct MarkedText {
    var text: String
    var offsets: [String: Int] = [:]

    init(_ marked: String) {
        var out: [UInt8] = []
        var rest = Substring(marked)
        while let (marker, range) = Self.nextMarker(in: rest) {
            out += Array(rest[rest.startIndex..<range.lowerBound].utf8)
            offsets[marker] = out.count
            rest = rest[range.upperBound...]
        }
        out += Array(rest.utf8)
        text = String(decoding: out, as: UTF8.self)
    }

    private static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    private static func nextMarker(in s: Substring) -> (String, Range<Substring.Index>)? {
        markers.compactMap { m in s.range(of: m).map { (m, $0) } }.min { $0.1.lowerBound < $1.1.lowerBound }
    }

    subscript(_ marker: String) -> Int { offsets[marker]! }
}

extension YAMLTest {
    /// Reads `marked` and expects exactly one error, with `id`, starting at marker `1️⃣`.
    /// Returns the diagnostic for further checks.
    @discardableResult
    static func expectError(
        _ marked: String, _ id: DiagnosticID, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        let source = MarkedText(marked)
        let result = read(source.text)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.count == 1, let error = errors.first else {
            Issue.record("expected 1 error, got \(errors.map(\.description))", sourceLocation: sourceLocation)
            return nil
        }
        #expect(error.id == id, "\(error)", sourceLocation: sourceLocation)
        #expect(
            error.range?.start == source["1️⃣"], "\(error); expected at \(result.position(source["1️⃣"]))",
            sourceLocation: sourceLocation)
        return error
    }
}
