// RecordMutator.swift - systematically damaged copies of a CloudTrail record for the differential test.
import Foundation
import TestSupport

/// Mutants of one record: each top-level key removed, and each of a few keys the rules depend on
/// removed, set to null, a number, an object, `""`, or a string spelled with escapes (same text
/// with an escaped letter, `\/`, an embedded `\u0000`, escaped and raw non-ASCII).
///
/// Most mutants are byte edits of the original record, so every other byte (escapes, key order,
/// whitespace) stays as it was; a missing key is inserted right after its parent's `{` (a missing
/// or null parent becomes an object). The nested removals and one plain round trip go through
/// `JSONSerialization`, which rewrites the whole record (`/` becomes `\/` in every string, keys are
/// sorted, numbers re-rendered) - a variation of its own.
enum RecordMutator {
    struct Mutant {
        var label: String
        var bytes: [UInt8]
    }

    /// The keys whose absence, type or spelling the rules are most sensitive to, and a plausible
    /// string for each when the record has none (so that escaped spellings can still turn a record
    /// into one a rule looks at).
    static let keys: [(path: [String], fallback: String)] = [
        (["userIdentity", "type"], "Root"),
        (["userIdentity", "userName"], "root"),
        (["errorCode"], "AccessDenied"),
        (["requestParameters"], "x"),
        (["responseElements"], "x"),
        (["additionalEventData", "MFAUsed"], "No"),
        (["responseElements", "ConsoleLogin"], "Success"),
        (["awsRegion"], "us-east-1"),
        (["eventName"], "ConsoleLogin"),
        (["eventSource"], "signin.amazonaws.com"),
    ]

    enum Depth: Sendable {
        /// Every mutant.
        case thorough
        /// Only the key-level mutants that most often flip a rule (each listed key removed, null,
        /// a number, with an escaped letter, with a NUL), for records not near a rule's boundary.
        case light
    }

    static func mutants(of bytes: [UInt8], depth: Depth = .thorough) -> [Mutant] {
        let thorough = depth == .thorough
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return [] }
        let reference = ReferenceRecord(bytes: bytes)
        var out: [Mutant] = []
        var seen: Set<[UInt8]> = [bytes]
        func add(_ label: String, _ b: [UInt8]?) {
            guard let b, seen.insert(b).inserted else { return }
            out.append(Mutant(label: label, bytes: b))
        }

        if thorough {
            add("re-serialized", serialize(object))
            for key in object.keys.sorted() {
                add("without \(key)", removingMember([key], from: bytes, reference: reference))
            }
        }

        for (path, fallback) in keys {
            let name = path.joined(separator: ".")
            if reference.rawRange(of: path) != nil {
                if path.count > 1 {
                    add("without \(name) (re-serialized)", serialize(removing(path, from: object)))
                } else if !thorough {
                    add("without \(name)", removingMember(path, from: bytes, reference: reference))
                }
            }
            let base = reference.string(at: path) ?? Array(fallback.utf8)
            var raws: [(String, String)] = [
                ("null", "null"), ("a number", "42"), ("an object", #"{"x":{"y":[1,"z"]}}"#), ("\"\"", #""""#),
                ("escaped", quoted(base, escapeAt: base.count / 2)),
                ("with NUL", String(quoted(base).dropLast()) + #"\u0000-tail""#),
                ("escaped non-ASCII", String(quoted(base).dropLast()) + #"\u00e9\ud83d\ude00""#),
                ("raw non-ASCII", quoted(Array("é".utf8) + base)),
            ]
            if base.contains(UInt8(ascii: "/")) {
                raws.append(("\\/", quoted(base).replacingOccurrences(of: "/", with: #"\/"#)))
            }
            if !thorough {
                raws = raws.filter { ["null", "a number", "escaped", "with NUL"].contains($0.0) }
            }
            for (label, raw) in raws {
                add("\(name) = \(label)", replacing(path, with: Array(raw.utf8), in: bytes, reference: reference))
            }
        }
        return out
    }

    /// The record without the member at `path`, and without the comma that separated it.
    static func removingMember(_ path: [String], from bytes: [UInt8], reference: ReferenceRecord) -> [UInt8]? {
        guard var range = reference.memberRange(of: path) else { return nil }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var after = range.upperBound
        while after < bytes.count, isSpace(bytes[after]) { after += 1 }
        if after < bytes.count, bytes[after] == UInt8(ascii: ",") {
            range = range.lowerBound..<(after + 1)
        } else {
            var before = range.lowerBound - 1
            while before > 0, isSpace(bytes[before]) { before -= 1 }
            if bytes[before] == UInt8(ascii: ",") { range = before..<range.upperBound }
        }
        return Array(bytes[..<range.lowerBound]) + Array(bytes[range.upperBound...])
    }

    /// The record with the value at `path` replaced by `raw`: spliced in place when the key
    /// exists, else inserted as the first member of its parent (a missing or null parent is
    /// replaced by a new object; any other parent type leaves no mutant).
    static func replacing(_ path: [String], with raw: [UInt8], in bytes: [UInt8], reference: ReferenceRecord) -> [UInt8]? {
        if let range = reference.rawRange(of: path) {
            return Array(bytes[..<range.lowerBound]) + raw + Array(bytes[range.upperBound...])
        }
        // Find the deepest existing ancestor and build the missing part as text.
        var depth = path.count - 1
        while depth > 0, reference.rawRange(of: Array(path.prefix(depth))) == nil { depth -= 1 }
        var value = raw
        for key in path[(depth + 1)...].reversed() {
            value = Array(("{" + quoted(Array(key.utf8)) + ":").utf8) + value + [UInt8(ascii: "}")]
        }
        let member = Array((quoted(Array(path[depth].utf8)) + ":").utf8) + value
        guard let parent = reference.rawRange(of: Array(path.prefix(depth))) else { return nil }
        switch bytes[parent.lowerBound] {
        case UInt8(ascii: "{"):
            let isEmpty = reference.memberCount(at: Array(path.prefix(depth))) == 0
            let insert = member + (isEmpty ? [] : [UInt8(ascii: ",")])
            return Array(bytes[...parent.lowerBound]) + insert + Array(bytes[(parent.lowerBound + 1)...])
        case UInt8(ascii: "n"):
            return Array(bytes[..<parent.lowerBound]) + [UInt8(ascii: "{")] + member + [UInt8(ascii: "}")] + Array(bytes[parent.upperBound...])
        default:
            return nil
        }
    }

    static func removing(_ path: [String], from object: [String: Any]) -> [String: Any] {
        var copy = object
        if path.count == 1 {
            copy.removeValue(forKey: path[0])
        } else if let child = copy[path[0]] as? [String: Any] {
            copy[path[0]] = removing(Array(path.dropFirst()), from: child)
        }
        return copy
    }

    static func serialize(_ object: [String: Any]) -> [UInt8]? {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { Array($0) }
    }

    /// A JSON string literal for `bytes`: `"` and `\` escaped, control bytes as `\u00XX`, other
    /// bytes raw; with `escapeAt`, that byte is written as `\u00XX` when it is ASCII.
    static func quoted(_ bytes: [UInt8], escapeAt: Int? = nil) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for (i, c) in bytes.enumerated() {
            if c < 0x20 || (i == escapeAt && c < 0x80) {
                out += Array(String(format: "\\u%04x", c).utf8)
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                out += [UInt8(ascii: "\\"), c]
            } else {
                out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
