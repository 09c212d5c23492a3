import Testing
import TestSupport
@testable import Runtime

/// The cached fast path of `EventTime.parseRFC3339` accepts and rejects exactly what the general
/// parser does, whatever the previous date in the cache.
@Suite struct EventTimeCacheTests {
    @Test func fastPathAgreesWithTheGeneralParser() {
        var rng = SplitMix64(seed: 11)
        var texts = [
            "2024-01-02T03:04:05Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z", "2024-04-30T24:00:00Z", "2024-04-30T23:60:00Z",
            "2024-04-30T23:59:60Z", "2024-04-30t23:59:59z", "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
            "2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05.123Z", "2024-01-02 03:04:05Z", "2024-1-02T03:04:05Z",
            "2024-01-02T03:04:0aZ", "20x4-01-02T03:04:05Z", "2024-01-02T03:04:05Y",
        ]
        // Random texts in the 20-byte shape, most of them near-valid.
        let digits = Array("0123456789".utf8)
        for _ in 0..<5000 {
            var b = Array("2024-01-02T03:04:05Z".utf8)
            for k in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where rng.next() % 3 == 0 {
                b[k] = digits[Int(rng.next() % 10)]
            }
            if rng.next() % 20 == 0 { b[Int(rng.next() % 20)] = UInt8(truncatingIfNeeded: rng.next()) }
            texts.append(String(decoding: b, as: UTF8.self))
        }
        var cache = EventTime.DayCache()
        var mismatches: [String] = []
        for text in texts {
            let bytes = Array(text.utf8)
            let general = EventTime.parseRFC3339(bytes)
            let fast = bytes.withUnsafeBytes { EventTime.parseRFC3339($0, cache: &cache) }
            if fast != general { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}

/// Event times Go's `UnixNano` cannot represent wrap around like Go's int64 arithmetic instead of
/// trapping: a record with `"eventTime":"0000-01-01T00:00:00Z"` used to crash the scanner.
@Suite struct EventTimeRangeTests {
    @Test func extremeYearsParseAndRender() throws {
        for text in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1677-09-21T00:12:43Z", "2262-04-11T23:47:17Z"] {
            var cache = EventTime.DayCache()
            let bytes = Array(text.utf8)
            let general = EventTime.parseRFC3339(bytes)
            let fast = bytes.withUnsafeBytes { EventTime.parseRFC3339($0, cache: &cache) }
            #expect(general != nil && fast == general, "\(text)")
            let ns = try #require(general)
            // Every rendering used in alerts and fields survives the value.
            _ = EventTime.localTimeOfDay(ns)
            _ = EventTime.localTimeOfDaySeconds(ns)
            _ = EventTime.localDateTime(ns)
            _ = EventTime.iso8601WithOffset(ns)
            _ = EventTime.iso8601Z(ns)
        }
        let event = try loadEvent(#"{"eventTime":"0000-01-01T00:00:00Z","eventType":"AwsApiCall","eventName":"x"}"#,
                                  [FieldRequest(.evtTime), FieldRequest(.evtDatetime), FieldRequest(.evtTimeISO8601),
                                   FieldRequest(.evtRawtime), FieldRequest(.evtReltime)])
        #expect(event.falcoWouldRead)
        for slot in 0..<5 { #expect(event.value(slot).isPresent) }
    }
}
