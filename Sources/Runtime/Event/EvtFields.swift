// EvtFields.swift - libsinsp's generic evt.* fields on the aws_cloudtrail source (spec §2.6).

extension Event {
    /// Extracts an `evt.*` field.
    ///
    /// - `evt.num` is the number given to `load`.
    /// - `evt.time*` / `evt.datetime*` render `timestamp` (local time as the process's time zone says,
    ///   except `evt.time.iso8601`, which Falco prints in UTC); in JSON alerts Falco emits them as the
    ///   integer timestamp, which is the formatter's business.
    /// - `evt.rawtime*` and `evt.reltime*` are numbers (ns; seconds; ns part), computed on the
    ///   timestamp as an unsigned 64-bit value like libsinsp, so a record older than the first one
    ///   gives a wrapped-around `evt.reltime` just as in Falco.
    /// - `evt.num` and `evt.reltime` count over the whole run in input order (see `beginFile`).
    /// - `evt.is_async` is a bool in libsinsp; `FieldValue` has no bool case, so it is `.number(0)`
    ///   (false). Renderers print bool-typed fields (catalog type `bool`) as `false`/`true`.
    /// - `evt.asynctype` is always absent; `evt.hostname` is `EventContext.hostname`.
    func evtField(_ kind: FieldKind) -> FieldValue {
        let ts = UInt64(bitPattern: timestamp)
        switch kind {
        case .evtNum: return .number(runNumber)
        case .evtTime: return .text(EventTime.localTimeOfDay(timestamp))
        case .evtTimeS: return .text(EventTime.localTimeOfDaySeconds(timestamp))
        case .evtTimeISO8601: return .text(EventTime.iso8601WithOffset(timestamp))
        case .evtDatetime: return .text(EventTime.localDateTime(timestamp))
        case .evtDatetimeS: return .text(EventTime.localDateTime(timestamp, nanoseconds: false))
        case .evtRawtime: return .number(ts)
        case .evtRawtimeS: return .number(ts / 1_000_000_000)
        case .evtRawtimeNs: return .number(ts % 1_000_000_000)
        case .evtReltime: return .number(relativeTime)
        case .evtReltimeS: return .number(relativeTime / 1_000_000_000)
        case .evtReltimeNs: return .number(relativeTime % 1_000_000_000)
        case .evtPluginname: return .string(Event.pluginName)
        case .evtPlugininfo: return .string(ByteString(pluginInfo()))
        case .evtSource: return .string(Event.sourceName)
        case .evtIsAsync: return .number(0)
        case .evtAsynctype: return .absent
        case .evtHostname: return .string(hostnameBytes)
        default: return .absent  // not reached: `extract` routes only the evt class here
        }
    }

    /// ns since the first loaded record, as libsinsp's unsigned subtraction gives it.
    var relativeTime: UInt64 {
        UInt64(bitPattern: timestamp) &- UInt64(bitPattern: runFirstTimestamp)
    }

    static let pluginName = ByteString(Array("cloudtrail".utf8))
    static let sourceName = ByteString(Array("aws_cloudtrail".utf8))

    /// `evt.plugininfo`: the cloudtrail plugin's `String()` (spec §2.4).
    ///
    /// `<region><user> <shortsrc> <eventName> <ct.info>`, where `<user>` is `" " + ct.user` when
    /// ct.user is present and non-empty, and otherwise getUser's fallback glued on without a space
    /// (`<NA>`, `<unknown user type>` or nothing). Without string `eventSource`, `awsRegion` or
    /// `eventName` the value is the plugin's error text.
    func pluginInfo() -> [UInt8] {
        guard let source = stringBytes(path("eventSource")) else {
            return Array("<invalid JSON: event did not contain a source>".utf8)
        }
        guard let region = stringBytes(path("awsRegion")) else {
            return Array("<invalid JSON: event did not contain an awsRegion>".utf8)
        }
        guard let name = stringBytes(path("eventName")) else {
            return Array("<invalid JSON: event did not contain an eventName>".utf8)
        }
        var out: [UInt8] = []
        out.append(contentsOf: region)
        switch user() {
        case .present(let u) where !u.isEmpty:
            out.append(0x20)
            out.append(contentsOf: u)
        case .present:
            break
        case .absent(let fallback):
            out.append(contentsOf: fallback.utf8)
        }
        out.append(0x20)
        out.append(contentsOf: Event.shortSource(source))
        out.append(0x20)
        out.append(contentsOf: name)
        out.append(0x20)
        out.append(contentsOf: info())
        return out
    }
}

extension FieldValue {
    /// A string value from Swift text (derived values such as time renderings).
    static func text(_ s: String) -> FieldValue { .string(ByteString(Array(s.utf8))) }
}
