// TemplateJSON.swift - a small order-preserving JSON tree for the corpus generator's templates.

/// A JSON value that keeps member order and the exact text of strings (escapes included) and
/// numbers, so a template event re-serialises byte for byte as compact JSON, as CloudTrail writes
/// it, and only the members the generator replaces change.
indirect enum TemplateJSON {
    case object([(key: String, value: TemplateJSON)])
    case array([TemplateJSON])
    /// The text between the quotes, escapes kept as written.
    case string(raw: String)
    /// A number, `true`, `false` or `null`, as written.
    case literal(String)

    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    /// Parses one JSON text (trusted input: the shared datasets; validation is minimal).
    static func parse(_ bytes: [UInt8]) throws -> TemplateJSON {
        var i = 0
        let v = try bytes.withUnsafeBufferPointer { try parseValue($0, &i) }
        return v
    }

    private static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private static func parseValue(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws -> TemplateJSON {
        skipSpace(b, &i)
        guard i < b.count else { throw ParseError(offset: i) }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(key: String, value: TemplateJSON)] = []
            skipSpace(b, &i)
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace(b, &i)
                guard case .string(let key) = try parseValue(b, &i) else { throw ParseError(offset: i) }
                skipSpace(b, &i)
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw ParseError(offset: i) }
                i += 1
                members.append((key, try parseValue(b, &i)))
                skipSpace(b, &i)
                guard i < b.count else { throw ParseError(offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                guard b[i] == UInt8(ascii: "}") else { throw ParseError(offset: i) }
                i += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            i += 1
            var elements: [TemplateJSON] = []
            skipSpace(b, &i)
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            while true {
                elements.append(try parseValue(b, &i))
                skipSpace(b, &i)
                guard i < b.count else { throw ParseError(offset: i) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                guard b[i] == UInt8(ascii: "]") else { throw ParseError(offset: i) }
                i += 1
                return .array(elements)
            }
        case UInt8(ascii: "\""):
            i += 1
            let start = i
            while i < b.count, b[i] != UInt8(ascii: "\"") {
                i += b[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard i < b.count else { throw ParseError(offset: start) }
            let raw = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            i += 1
            return .string(raw: raw)
        default:
            let start = i
            while i < b.count, !(b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: "}") || b[i] == UInt8(ascii: "]")
                || b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09) { i += 1 }
            guard i > start else { throw ParseError(offset: i) }
            return .literal(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
        }
    }

    /// Appends the compact text (no whitespace outside strings).
    func write(to out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (n, m) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: m.key.utf8)
                out.append(contentsOf: "\":".utf8)
                m.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (n, e) in elements.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                e.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let raw):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: raw.utf8)
            out.append(UInt8(ascii: "\""))
        case .literal(let text):
            out.append(contentsOf: text.utf8)
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> TemplateJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Replaces the value of member `key` when the object has it; returns whether it did.
    @discardableResult
    mutating func replace(_ key: String, with value: TemplateJSON) -> Bool {
        guard case .object(var members) = self, let at = members.firstIndex(where: { $0.key == key }) else { return false }
        members[at].value = value
        self = .object(members)
        return true
    }

    /// Applies `body` to the value of member `key` when present.
    mutating func update(_ key: String, _ body: (inout TemplateJSON) -> Void) {
        guard case .object(var members) = self, let at = members.firstIndex(where: { $0.key == key }) else { return }
        body(&members[at].value)
        self = .object(members)
    }

    /// The string's raw text, when this is a string.
    var rawString: String? {
        if case .string(let raw) = self { raw } else { nil }
    }
}
