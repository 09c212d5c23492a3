// InputResyncTests.swift - a bad line or record costs that line or record, never the rest of the file.
import Foundation
import Testing
@testable import Runtime

@Suite struct InputResyncTests {
    static let e1 = #"{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventSource":"s3.amazonaws.com"}"#
    static let e2 = #"{"eventVersion":"1.09","eventName":"B \"}]{[\\","n":[1,{"x":"]"}],"eventTime":"2024-01-01T00:00:01Z"}"#

    /// Reads `text` in one piece and in tiny chunks; every reading must agree.
    static func read(_ text: String) throws -> Drained {
        let reference = try drain(Array(text.utf8)).0
        for chunk in [1, 3, 7, 64] {
            let drained = try drain(Array(text.utf8), chunkSize: chunk).0
            #expect(drained.events == reference.events, "chunk \(chunk)")
        }
        return reference
    }

    @Test func aLineThatIsNotJSONCostsOnlyThatLine() throws {
        let garbage = "oops, not JSON"
        let text = [Self.e1, garbage, Self.e2, Self.e1].joined(separator: "\n") + "\n"
        let drained = try Self.read(text)
        #expect(drained.texts == [Self.e1, Self.e2, Self.e1])
        #expect(drained.records.map(\.index) == [0, 2, 3])
        let at = Self.e1.utf8.count + 1
        #expect(drained.errors.map(\.description) == [
            "t.json: record 2 (byte \(at)): expected a JSON object, found text that is not JSON; skipped \(garbage.utf8.count + 1) bytes to the next line"
        ])
    }

    @Test func aLineWithBrokenStructureCostsOnlyThatLine() throws {
        let broken = #"{"eventName":"x","a":[1}, "more": 2}"#
        let text = [Self.e1, broken, Self.e2].joined(separator: "\r\n")
        let drained = try Self.read(text)
        #expect(drained.texts == [Self.e1, Self.e2])
        let at = Self.e1.utf8.count + 2
        #expect(drained.errors.map(\.description) == [
            "t.json: record 2 (byte \(at)): malformed JSON: '}' at byte \(at + 23) closes '['; skipped \(broken.utf8.count + 2) bytes to the next line"
        ])
        // Several bad lines in a row are one skip, up to the next line that starts a JSON value.
        let run = try Self.read([Self.e1, "x", "  \"a\": 1,", "}", Self.e2].joined(separator: "\n"))
        #expect(run.texts == [Self.e1, Self.e2])
        #expect(run.errors.map(\.message) == ["expected a JSON object, found text that is not JSON; skipped 14 bytes (3 lines) to the next line that starts with '{' or '['"])
    }

    @Test func aBadLastLineIsSkippedToTheEndOfTheFile() throws {
        let drained = try Self.read(Self.e1 + "\n42 oops")
        #expect(drained.texts == [Self.e1])
        #expect(drained.errors.map(\.description) == [
            "t.json: record 2 (byte \(Self.e1.utf8.count + 1)): expected a JSON object, found a number or literal; skipped 7 bytes to the end of the file"
        ])
    }

    @Test func aStructuralErrorInRecordsResyncsOnTheNextRecord() throws {
        let bad = #"{"eventVersion":"1.08","b":[1,2}"#
        let text = #"{"Records":["# + [Self.e1, bad, Self.e2, Self.e1].joined(separator: ",") + "]}"
        let drained = try Self.read(text)
        #expect(drained.texts == [Self.e1, Self.e2, Self.e1])
        #expect(drained.records.map(\.index) == [0, 2, 3])
        let at = 12 + Self.e1.utf8.count + 1
        #expect(drained.errors.map(\.description) == [
            "t.json: record 2 (byte \(at)): malformed record: '}' at byte \(at + 31) closes '['; skipped \(bad.utf8.count + 1) bytes to the next record"
        ])
        // Garbage between records, likewise.
        let garbage = try Self.read(#"{"Records":["# + Self.e1 + " x " + Self.e2 + "]}")
        #expect(garbage.texts == [Self.e1, Self.e2])
        #expect(garbage.errors.map(\.message) == [#"malformed "Records" array: expected ',' or ']' after record 1; skipped 2 bytes to the next record"#])
        // No later record: the rest of the file is skipped, and the message says so.
        let last = try Self.read(#"{"Records":["# + Self.e1 + "," + bad + "]}")
        #expect(last.texts == [Self.e1])
        #expect(last.errors.map(\.message) == ["malformed record: '}' at byte \(at + 31) closes '['; skipped \(bad.utf8.count + 2) bytes to the end of the file"])
        #expect(last.errors.first?.recordIndex == 1)
    }

    @Test func fastPathAndGeneralReaderResyncAlike() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var records = FileFastPathTests.records(300, seed: 5)
        records[100] = #"{"eventVersion":"1.08","b":[1,2}"#
        try Data(FileFastPathTests.envelope(records)).write(to: dir.appendingPathComponent("a.json"))
        try Data(FileFastPathTests.gzip(FileFastPathTests.envelope(records))).write(to: dir.appendingPathComponent("b.json.gz"))
        let fast = try FileFastPathTests.scan(dir, fastPath: true)
        let general = try FileFastPathTests.scan(dir, fastPath: false)
        #expect(general.summary.events == 2 * 299)
        #expect(general.summary.recordErrors == 2 && general.summary.inputErrors == 0)
        #expect(fast.summary.events == general.summary.events)
        #expect(fast.summary.recordErrors == general.summary.recordErrors)
        #expect(fast.notes == general.notes)
        #expect(fast.alerts == general.alerts)
    }
}
