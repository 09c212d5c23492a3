// JSONParser.swift - validating RFC 8259 parser that fills a JSONTape (iterative, depth-limited).

/// Why a text is not valid JSON, and where (byte offset from the start of the text).
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) at byte \(offset)" }
}

extension JSONTape {
    /// The nesting limit used when none is given. fastjson (Falco) stops at 300; CloudTrail records
    /// nest far less, so the exact limit only matters for hostile input, which fails either way.
    public static let defaultMaxDepth = 512

    /// Parses `text` (exactly one JSON value, optionally surrounded by whitespace) into this tape,
    /// replacing its previous contents and keeping its capacity.
    ///
    /// Validation follows RFC 8259's grammar strictly (literals, number syntax, escapes, no raw
    /// control characters in strings, nothing after the value). Bytes >= 0x80 inside strings are
    /// not checked for UTF-8 validity: Falco (fastjson) accepts them, and rejecting them would let a
    /// single malformed byte hide a record from every rule.
    ///
    /// On error the tape holds an empty object, so lookups on it stay safe.
    public mutating func parse(_ text: ByteString, maxDepth: Int = JSONTape.defaultMaxDepth) throws(JSONError) {
        source = text
        nodes.removeAll(keepingCapacity: true)
        openContainers.removeAll(keepingCapacity: true)
        mayContainNUL = false
        guard text.count < Int(UInt32.max) else {
            setEmptyObject()
            throw JSONError(message: "text too large", offset: 0)
        }
        var parser = Parser(nodes: nodes, stack: openContainers, maxDepth: maxDepth)
        nodes = []
        openContainers = []
        let result: JSONError? = text.withUnsafeBufferPointer { parser.run($0) }
        nodes = parser.nodes
        openContainers = parser.stack
        mayContainNUL = parser.sawNUL
        if let result {
            setEmptyObject()
            throw result
        }
    }

    /// Resets the tape to the text `{}`.
    mutating func setEmptyObject() {
        source = ByteString(JSONTape.emptyObjectText)
        nodes.removeAll(keepingCapacity: true)
        nodes.append(Node(kind: .object, start: 0, end: 2, next: 1))
        mayContainNUL = false
    }

    static let emptyObjectText: [UInt8] = Array("{}".utf8)

    /// The parsing state machine. Kept apart from the tape so the node array is uniquely referenced
    /// while it grows.
    struct Parser {
        var nodes: [Node]
        var stack: [Int]
        let maxDepth: Int
        var sawNUL = false

        init(nodes: [Node], stack: [Int], maxDepth: Int) {
            self.nodes = nodes
            self.stack = stack
            self.maxDepth = maxDepth
        }

        /// Parses the whole buffer; nil on success.
        mutating func run(_ b: UnsafeBufferPointer<UInt8>) -> JSONError? {
            var i = 0
            let n = b.count
            @inline(__always) func skipWhitespace() {
                while i < n {
                    let c = b[i]  // safe: i < n
                    guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                    i += 1
                }
            }
            @inline(__always) func error(_ message: String) -> JSONError {
                JSONError(message: message, offset: i)
            }

            /// Parses a key string at `i` and the following colon; the value comes next.
            func key() -> JSONError? {
                skipWhitespace()
                guard i < n, b[i] == UInt8(ascii: "\"") else {
                    return error(i < n ? "expected a string key" : "unexpected end of text, expected a key")
                }
                if let e = string() { return e }
                skipWhitespace()
                guard i < n, b[i] == UInt8(ascii: ":") else {
                    return error(i < n ? "expected ':' after an object key" : "unexpected end of text, expected ':'")
                }
                i += 1
                return nil
            }

            /// Parses the string starting at the quote at `i`.
            func string() -> JSONError? {
                let start = i
                i += 1
                var escaped = false
                while true {
                    guard i < n else { return JSONError(message: "unterminated string", offset: start) }
                    let c = b[i]  // safe: i < n
                    if c == UInt8(ascii: "\"") { break }
                    if c < 0x20 { return error("control character in string") }
                    if c == UInt8(ascii: "\\") {
                        escaped = true
                        guard i + 1 < n else { return JSONError(message: "unterminated string", offset: start) }
                        switch b[i + 1] {
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                            i += 2
                        case UInt8(ascii: "u"):
                            guard i + 6 <= n else { return error("invalid \\u escape") }
                            var v: UInt32 = 0
                            for k in (i + 2)..<(i + 6) {
                                guard let d = JSONString.hexValue(b[k]) else { return error("invalid \\u escape") }
                                v = v << 4 | UInt32(d)
                            }
                            if v == 0 { sawNUL = true }
                            i += 6
                        default:
                            return error("invalid escape sequence")
                        }
                        continue
                    }
                    i += 1
                }
                i += 1
                nodes.append(Node(kind: .string, escaped: escaped, start: start, end: i, next: nodes.count + 1))
                return nil
            }

            /// Parses a number at `i` (RFC 8259 grammar).
            func number() -> JSONError? {
                let start = i
                @inline(__always) func digit(_ at: Int) -> Bool { at < n && b[at] >= 0x30 && b[at] <= 0x39 }
                if b[i] == UInt8(ascii: "-") { i += 1 }
                guard digit(i) else { return error("invalid number") }
                if b[i] == UInt8(ascii: "0") {
                    i += 1
                } else {
                    while digit(i) { i += 1 }
                }
                if i < n, b[i] == UInt8(ascii: ".") {
                    i += 1
                    guard digit(i) else { return error("invalid number: digit expected after '.'") }
                    while digit(i) { i += 1 }
                }
                if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                    i += 1
                    if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                    guard digit(i) else { return error("invalid number: digit expected in exponent") }
                    while digit(i) { i += 1 }
                }
                nodes.append(Node(kind: .number, start: start, end: i, next: nodes.count + 1))
                return nil
            }

            func literal(_ text: StaticString, _ kind: Kind) -> JSONError? {
                let len = text.utf8CodeUnitCount
                guard i + len <= n else { return error("invalid literal") }
                for k in 0..<len where b[i + k] != text.utf8Start[k] {
                    return error("invalid literal")
                }
                nodes.append(Node(kind: kind, start: i, end: i + len, next: nodes.count + 1))
                i += len
                return nil
            }

            func open(_ kind: Kind) -> JSONError? {
                guard stack.count < maxDepth else { return error("nesting deeper than \(maxDepth) levels") }
                stack.append(nodes.count)
                nodes.append(Node(kind: kind, start: i, end: i, next: 0))
                i += 1
                return nil
            }

            func close() {
                let c = stack.removeLast()
                i += 1
                nodes[c].end = UInt32(truncatingIfNeeded: i)
                nodes[c].next = UInt32(truncatingIfNeeded: nodes.count)
            }

            var expectValue = true
            while true {
                if expectValue {
                    skipWhitespace()
                    guard i < n else { return error("unexpected end of text, expected a value") }
                    let c = b[i]
                    var e: JSONError?
                    switch c {
                    case UInt8(ascii: "{"):
                        if let oe = open(.object) { return oe }
                        skipWhitespace()
                        if i < n, b[i] == UInt8(ascii: "}") {
                            close()
                            expectValue = false
                        } else {
                            e = key()
                        }
                    case UInt8(ascii: "["):
                        if let oe = open(.array) { return oe }
                        skipWhitespace()
                        if i < n, b[i] == UInt8(ascii: "]") {
                            close()
                            expectValue = false
                        }
                    case UInt8(ascii: "\""):
                        e = string()
                        expectValue = false
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        e = number()
                        expectValue = false
                    case UInt8(ascii: "t"):
                        e = literal("true", .true)
                        expectValue = false
                    case UInt8(ascii: "f"):
                        e = literal("false", .false)
                        expectValue = false
                    case UInt8(ascii: "n"):
                        e = literal("null", .null)
                        expectValue = false
                    default:
                        return error("unexpected character, expected a value")
                    }
                    if let e { return e }
                } else {
                    guard let top = stack.last else {
                        skipWhitespace()
                        return i == n ? nil : error("unexpected text after the JSON value")
                    }
                    skipWhitespace()
                    guard i < n else { return error("unexpected end of text") }
                    let c = b[i]
                    if nodes[top].kind == .object {
                        if c == UInt8(ascii: ",") {
                            i += 1
                            if let e = key() { return e }
                            expectValue = true
                        } else if c == UInt8(ascii: "}") {
                            close()
                        } else {
                            return error("expected ',' or '}' in object")
                        }
                    } else {
                        if c == UInt8(ascii: ",") {
                            i += 1
                            expectValue = true
                        } else if c == UInt8(ascii: "]") {
                            close()
                        } else {
                            return error("expected ',' or ']' in array")
                        }
                    }
                }
            }
        }
    }
}
