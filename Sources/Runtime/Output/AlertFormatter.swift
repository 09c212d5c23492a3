// AlertFormatter.swift - Falco's text alert line and JSON alert object, byte for byte.

/// How the alert prefix shows the event time (Falco's `time_format_iso_8601`).
public enum AlertTimeFormat: Sendable, Equatable {
    /// `HH:MM:SS.nnnnnnnnn` in the local time zone (`%evt.time`, Falco's default).
    case localTimeOfDay
    /// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` (`%evt.time.iso8601`).
    case iso8601
}

/// Renders alerts exactly as Falco 0.44.1 prints them (spec §3.7, §3.9), except that the text line
/// escapes control characters in field values (``TextSanitizer``).
///
/// Falco builds every alert from two formats ([F] `formats.cpp format_event`): the prefix
/// `*%evt.time: <Priority>` (or `%evt.time.iso8601`) and the rule output with a `*` in front, so
/// absent fields print `<NA>` rather than suppressing the alert. The text line is
/// `prefix + " " + message`; the JSON object holds the same text as `output`.
///
/// The formatter only needs field values by slot, so it works with any event representation:
/// pass `event.value` (or any `(Int) -> FieldValue`). Value rendering depends on the field's
/// libsinsp type, which it takes from the rule set's slot table (`RuleSet.fields`).
public struct AlertFormatter: Sendable {
    /// The JSON alert's `hostname` (Falco: `FALCO_HOSTNAME` or `gethostname()`).
    public let hostname: String
    /// The slot table the rules' `OutputFormat` slots index into.
    public let fields: [FieldRequest]
    public let timeFormat: AlertTimeFormat

    /// Falco copies list renderings through a 1024-byte buffer with `strlcpy`
    /// ([L] `sinsp_filtercheck.cpp tostring`, `STRPROPERTY_STORAGE_SIZE`).
    static let listTextLimit = 1023

    public init(hostname: String, fields: [FieldRequest], timeFormat: AlertTimeFormat = .localTimeOfDay) {
        self.hostname = hostname
        self.fields = fields
        self.timeFormat = timeFormat
    }

    public init(hostname: String, ruleSet: RuleSet, timeFormat: AlertTimeFormat = .localTimeOfDay) {
        self.init(hostname: hostname, fields: ruleSet.fields, timeFormat: timeFormat)
    }

    // MARK: - Text

    /// The rule's output with its `%field` tokens substituted (Falco's "message").
    ///
    /// Absent values print `<NA>`; strings print raw up to a NUL byte (libsinsp treats plugin
    /// strings as C strings); numbers in decimal (`evt.rawtime.ns`/`evt.reltime.ns` zero-padded to 9
    /// digits, `evt.is_async` as `true`/`false`); lists as `(a,b)`. `%<n>field` resizes the rendered
    /// value, `<NA>` included, to exactly `n` bytes like `std::string::resize(n, ' ')` (it can cut a
    /// UTF-8 sequence). With `sanitize`, each rendered value then goes through ``TextSanitizer``;
    /// the rule's own text never does.
    public func message(_ rule: CompiledRule, value: (Int) -> FieldValue, sanitize: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendMessage(rule, value: value, sanitize: sanitize, to: &out)
        return out
    }

    /// The text alert line, `<time>: <Priority> <message>\n`, with field values sanitised.
    public func textLine(_ rule: CompiledRule, timestamp: Int64, value: (Int) -> FieldValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendPrefix(rule.priority, timestamp: timestamp, to: &out)
        out.append(UInt8(ascii: " "))
        appendMessage(rule, value: value, sanitize: true, to: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    // MARK: - JSON

    /// The JSON alert line: Falco's `json_output` with the output, tags and output_fields
    /// properties on (their defaults), followed by `\n`.
    ///
    /// Keys come in nlohmann's (bytewise sorted) order: `hostname`, `output`, `output_fields`,
    /// `priority`, `rule`, `source`, `tags`, `time`. `output` is Falco's exact text line without
    /// sanitising (JSON escaping already keeps it on one line, and consumers compare it with
    /// Falco's). `output_fields` has one key per `%field` token as written plus the prefix's
    /// `evt.time` (or `evt.time.iso8601`), sorted bytewise; the `evt.time*`/`evt.datetime*` tokens
    /// hold the event time as integer ns (spec §2.6).
    public func jsonLine(_ rule: CompiledRule, timestamp: Int64, value: (Int) -> FieldValue) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(256)
        appendPrefix(rule.priority, timestamp: timestamp, to: &text)
        text.append(UInt8(ascii: " "))
        appendMessage(rule, value: value, sanitize: false, to: &text)

        var json = JSONWriter(capacity: 512 + text.count)
        json.appendRaw("{\"hostname\":")
        json.appendString(hostname)
        json.appendRaw(",\"output\":")
        json.appendString(text)
        json.appendRaw(",\"output_fields\":{")
        appendOutputFields(rule, timestamp: timestamp, value: value, to: &json)
        json.appendRaw("},\"priority\":")
        json.appendString(rule.priority.displayName)
        json.appendRaw(",\"rule\":")
        json.appendString(rule.name)
        json.appendRaw(",\"source\":")
        json.appendString(rule.source)
        json.appendRaw(",\"tags\":[")
        for (i, tag) in Self.sortedUnique(rule.tags).enumerated() {
            if i > 0 { json.appendRaw(",") }
            json.appendString(tag)
        }
        json.appendRaw("],\"time\":")
        json.appendString(EventTime.iso8601Z(timestamp))
        json.appendRaw("}\n")
        return json.bytes
    }

    // MARK: - Pieces

    /// `HH:MM:SS.nnnnnnnnn: Critical`, the prefix format's rendering.
    private func appendPrefix(_ priority: Priority, timestamp: Int64, to out: inout [UInt8]) {
        switch timeFormat {
        case .localTimeOfDay: out.append(contentsOf: EventTime.localTimeOfDay(timestamp).utf8)
        case .iso8601: out.append(contentsOf: EventTime.iso8601WithOffset(timestamp).utf8)
        }
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: priority.displayName.utf8)
    }

    private func appendMessage(_ rule: CompiledRule, value: (Int) -> FieldValue, sanitize: Bool,
                               to out: inout [UInt8]) {
        for segment in rule.output.segments {
            switch segment {
            case .text(let text):
                out.append(contentsOf: text.utf8)
            case .jsonField:
                break
            case .field(let slot, _, let width), .computed(let slot, let width):
                var rendered = textValue(value(slot), kind: kind(of: slot)) ?? Array("<NA>".utf8)
                if let width, width > 0 {
                    // std::string::resize(n, ' '): truncate or pad on bytes.
                    if rendered.count > width {
                        rendered.removeLast(rendered.count - width)
                    } else if rendered.count < width {
                        rendered.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - rendered.count))
                    }
                }
                if sanitize {
                    TextSanitizer.append(rendered, to: &out)
                } else {
                    out.append(contentsOf: rendered)
                }
            }
        }
    }

    /// libsinsp's `tostring` for one extracted value; nil when absent.
    func textValue(_ value: FieldValue, kind: FieldKind?) -> [UInt8]? {
        switch value {
        case .absent:
            return nil
        case .string(let bytes):
            if kind == .evtIsAsync, let flag = Self.boolLiteral(bytes) { return Array((flag ? "true" : "false").utf8) }
            return Array(Self.cString(bytes))
        case .number(let n):
            switch kind {
            case .evtRawtimeNs?, .evtReltimeNs?:
                // PF_10_PADDED_DEC: "%09" PRIu64
                let digits = String(n)
                return Array((String(repeating: "0", count: max(0, 9 - digits.count)) + digits).utf8)
            case .evtIsAsync?:
                return Array((n != 0 ? "true" : "false").utf8)
            case .evtReltime?:
                // PF_RELTIME text: seconds (only when non-zero) then nanoseconds "%09": 0 prints as
                // "000000000" (seen in Falco's field dump).
                let ns = String(n % 1_000_000_000)
                let secs = n / 1_000_000_000
                return Array(((secs > 0 ? String(secs) : "") + String(repeating: "0", count: 9 - ns.count) + ns).utf8)
            default:
                return Array(String(n).utf8)
            }
        case .list(let items):
            // A plugin list field that extracts no element is absent (res_len == 0).
            guard !items.isEmpty else { return nil }
            var out: [UInt8] = [UInt8(ascii: "(")]
            for item in items {
                // Falco's separator test is `res.size() > 1`, so an empty first element gets no comma.
                if out.count > 1 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: Self.cString(item))
            }
            out.append(UInt8(ascii: ")"))
            if out.count > Self.listTextLimit { out.removeLast(out.count - Self.listTextLimit) }
            return out
        }
    }

    /// The `output_fields` members, sorted bytewise by key like nlohmann's `std::map`; keys are
    /// compared as bytes (not as Swift `String`s, which compare by canonical equivalence).
    private func appendOutputFields(_ rule: CompiledRule, timestamp: Int64, value: (Int) -> FieldValue,
                                    to json: inout JSONWriter) {
        let prefixKey = timeFormat == .iso8601 ? "evt.time.iso8601" : "evt.time"
        // slot nil: the prefix's time field (it replaces a same-named token, with the same value).
        var entries: [(key: [UInt8], slot: Int?)] = [(Array(prefixKey.utf8), nil)]
        var seen: Set<[UInt8]> = [entries[0].key]
        for (token, slot) in rule.output.fieldTokens {
            let key = Array(token.utf8)
            if seen.insert(key).inserted { entries.append((key, slot)) }
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        for (i, entry) in entries.enumerated() {
            if i > 0 { json.appendRaw(",") }
            json.appendLibsinspFieldString(entry.key)
            json.appendRaw(":")
            if let slot = entry.slot {
                appendJSONValue(value(slot), kind: kind(of: slot), timestamp: timestamp, to: &json)
            } else {
                json.appendNumber(timestamp)
            }
        }
    }

    /// libsinsp's `tojson` for one extracted value (spec §2.6 for the time fields).
    func appendJSONValue(_ value: FieldValue, kind: FieldKind?, timestamp: Int64, to json: inout JSONWriter) {
        switch kind {
        case .evtTime?, .evtTimeS?, .evtTimeISO8601?, .evtDatetime?, .evtDatetimeS?:
            json.appendNumber(timestamp)
            return
        default:
            break
        }
        switch value {
        case .absent:
            json.appendNull()
        case .string(let bytes):
            if kind == .evtIsAsync, let flag = Self.boolLiteral(bytes) {
                json.appendBool(flag)
            } else {
                json.appendLibsinspFieldString(Self.cString(bytes))
            }
        case .number(let n):
            switch kind {
            case .evtIsAsync?: json.appendBool(n != 0)
            // The oracle shows a negative evt.reltime (event before the first one) as a signed number.
            case .evtReltime?: json.appendNumber(Int64(bitPattern: n))
            default: json.appendNumber(n)
            }
        case .list(let items):
            guard !items.isEmpty else {
                json.appendNull()
                return
            }
            json.appendRaw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { json.appendRaw(",") }
                json.appendLibsinspFieldString(Self.cString(item))
            }
            json.appendRaw("]")
        }
    }

    private func kind(of slot: Int) -> FieldKind? {
        fields.indices.contains(slot) ? fields[slot].kind : nil
    }

    /// The bytes before the first NUL: libsinsp reads plugin strings with `strlen` (spec §2.1).
    static func cString(_ bytes: ByteString) -> ByteString {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return bytes[bytes.startIndex..<nul]
    }

    static func boolLiteral(_ bytes: ByteString) -> Bool? {
        if bytes.elementsEqual("true".utf8) { return true }
        if bytes.elementsEqual("false".utf8) { return false }
        return nil
    }

    /// Falco keeps tags in a `std::set<std::string>`: bytewise order, no duplicates.
    static func sortedUnique(_ tags: [String]) -> [[UInt8]] {
        let sorted = tags.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        var out: [[UInt8]] = []
        for tag in sorted where out.last != tag { out.append(tag) }
        return out
    }
}
