// EventTime.swift - CloudTrail eventTime parsing and Falco's time renderings (spec §2.6, §3.9).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Timestamps are Int64 nanoseconds since the Unix epoch, like Falco's event timestamps.
public enum EventTime {
    /// Parses RFC 3339 as Go's `time.RFC3339` accepts it (what the cloudtrail plugin uses):
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Returns nil for anything else.
    public static func parseRFC3339<C: Collection>(_ bytes: C) -> Int64? where C.Element == UInt8 {
        Array(bytes).withUnsafeBytes { parseRFC3339($0) }
    }

    /// The day of the last `YYYY-MM-DD` parsed by `parseRFC3339(_:cache:)`: a log file's events
    /// share a handful of dates, so the date is parsed once per run of equal dates.
    public struct DayCache: Sendable {
        var date: (UInt64, UInt16) = (0, 0)
        var days = 0
        var valid = false
        public init() {}
        init(date: (UInt64, UInt16), days: Int) {
            self.date = date
            self.days = days
            valid = true
        }
    }

    /// `parseRFC3339` with a fast path for CloudTrail's own form, `YYYY-MM-DDTHH:MM:SSZ`, whose
    /// date part is looked up in `cache`. Any other form takes the general path; both accept and
    /// reject exactly the same texts.
    public static func parseRFC3339(_ b: UnsafeRawBufferPointer, cache: inout DayCache) -> Int64? {
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
              b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z") || b[19] == UInt8(ascii: "z")
        else { return parseRFC3339(b) }
        @inline(__always) func two(_ at: Int) -> Int? {
            let h = b[at] &- 48, l = b[at + 1] &- 48
            return h < 10 && l < 10 ? Int(h) * 10 + Int(l) : nil
        }
        guard let hour = two(11), let minute = two(14), let second = two(17),
              hour < 24, minute < 60, second < 60 else { return nil }
        let date = (b.loadUnaligned(as: UInt64.self), b.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if !(cache.valid && cache.date == date) {
            guard let century = two(0), let year2 = two(2), let month = two(5), let day = two(8),
                  (1...12).contains(month), day >= 1, day <= daysInMonth(century * 100 + year2, month)
            else { return nil }
            cache = DayCache(date: date, days: daysFromCivil(century * 100 + year2, month, day))
        }
        return (Int64(cache.days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) &* 1_000_000_000
    }

    /// `parseRFC3339` on raw bytes, without allocating (called once per record).
    public static func parseRFC3339(_ b: UnsafeRawBufferPointer) -> Int64? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard b.count >= 20,
              let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            var scale: Int64 = 100_000_000
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                nanos += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
                n += 1
            }
            guard n > 0 else { return nil }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                  let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        // Go's UnixNano wraps outside 1678...2262 (int64 arithmetic); so does this, rather than trap.
        return secs &* 1_000_000_000 &+ nanos
    }

    /// `HH:MM:SS.nnnnnnnnn` in local time: the text alert prefix and `evt.time`.
    public static func localTimeOfDay(_ ns: Int64) -> String {
        let t = brokenDown(ns, local: true)
        return "\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2)).\(pad(t.nanos, 9))"
    }

    /// `HH:MM:SS` in local time (`evt.time.s`).
    public static func localTimeOfDaySeconds(_ ns: Int64) -> String {
        let t = brokenDown(ns, local: true)
        return "\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))"
    }

    /// `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in local time (`evt.datetime`); without ns for `.s`.
    public static func localDateTime(_ ns: Int64, nanoseconds: Bool = true) -> String {
        let t = brokenDown(ns, local: true)
        let base = "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2)) \(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))"
        return nanoseconds ? base + ".\(pad(t.nanos, 9))" : base
    }

    /// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` (`evt.time.iso8601`, always UTC as Falco prints it).
    public static func iso8601WithOffset(_ ns: Int64) -> String {
        utcDateTime(ns) + "+0000"
    }

    /// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`: the JSON alert's `time`.
    public static func iso8601Z(_ ns: Int64) -> String {
        utcDateTime(ns) + "Z"
    }

    private static func utcDateTime(_ ns: Int64) -> String {
        let t = brokenDown(ns, local: false)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2)).\(pad(t.nanos, 9))"
    }

    /// Now, in ns since the epoch (the alert time of records without a usable eventTime).
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    struct Parts { var year, month, day, hour, minute, second, nanos: Int }

    static func brokenDown(_ ns: Int64, local: Bool) -> Parts {
        var secs = ns / 1_000_000_000
        var nanos = ns % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; secs -= 1 }
        if local {
            var t = time_t(secs)
            var tmv = tm()
            localtime_r(&t, &tmv)
            return Parts(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday),
                         hour: Int(tmv.tm_hour), minute: Int(tmv.tm_min), second: Int(tmv.tm_sec), nanos: Int(nanos))
        }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days))
        return Parts(year: y, month: m, day: d, hour: Int(rem / 3600), minute: Int(rem % 3600 / 60),
                     second: Int(rem % 60), nanos: Int(nanos))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
