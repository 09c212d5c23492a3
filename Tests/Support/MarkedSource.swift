// MarkedSource.swift - swift-syntax-style location markers (1️⃣ 2️⃣ …) for diagnostic tests.
import RuleCompiler

/// A YAML scalar built from text with location markers, inside a small in-memory file.
///
/// `MarkedSource("ct.name = 1️⃣")` strips the markers, places the text after `prefix` in a
/// `SourceFile` (so positions are not trivially zero-based), and records where each marker was.
/// The scalar maps its value verbatim, as a plain one-line YAML scalar would.
public struct MarkedSource {
    /// The keycap markers, in the order tests use them.
    public static let markerNames = ["0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text with markers removed.
    public let text: String
    public let file: SourceFile
    public let scalar: YAMLScalar
    /// Marker name -> byte offset in `text`.
    public let markers: [String: Int]
    /// Byte offset of `text` in the file.
    public let textStart: Int

    public init(_ marked: String, prefix: String = "- rule: test\n  condition: ", path: String = "test.yaml") {
        let (text, markers) = Self.strip(marked)
        self.text = text
        self.markers = markers
        textStart = prefix.utf8.count
        file = SourceFile(path: path, text: prefix + text + "\n")
        scalar = YAMLScalar(value: text, style: .plain,
                            range: SourceRange(file: file, start: textStart, end: textStart + text.utf8.count),
                            sourceMap: .verbatim(sourceStart: textStart, length: text.utf8.count))
    }

    /// Removes the markers and returns the byte offset where each one stood.
    public static func strip(_ marked: String) -> (text: String, markers: [String: Int]) {
        var text = ""
        var markers: [String: Int] = [:]
        for ch in marked {
            let s = String(ch)
            if markerNames.contains(s) {
                markers[s] = text.utf8.count
            } else {
                text.append(ch)
            }
        }
        return (text, markers)
    }

    /// `line:column` in the file of a marker.
    public func location(of marker: String) -> String? {
        guard let offset = markers[marker] else { return nil }
        let (l, c) = file.lineAndColumn(of: textStart + offset)
        return "\(l):\(c)"
    }

    /// `line:column` of a diagnostic range.
    public static func location(of range: SourceRange?) -> String {
        guard let range else { return "<no position>" }
        return "\(range.line):\(range.column)"
    }
}
