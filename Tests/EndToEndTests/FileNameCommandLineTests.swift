// FileNameCommandLineTests.swift - raw file names on the command line and on stderr.
import Foundation
import Testing

@Suite struct FileNameCommandLineTests {
    var binary: URL { get throws { try PeregrineProcess.binary() } }

    @Test func aNameThatIsNotUTF8CanBeScannedAndAForgedLineIsEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let record = #"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"A"}]}"#
        // The shell makes the byte 0xFF: neither Foundation nor the argument list here can.
        let sh = URL(fileURLWithPath: "/bin/sh")
        let make = try PeregrineProcess.run(sh, ["-c", #"printf '%s' "$1" > "$0/a$(printf '\377').json""#, dir.path, record])
        #expect(make.status == 0)
        let run = try PeregrineProcess.run(sh, ["-c", #"exec "$0" scan "$1/a$(printf '\377').json""#, try binary.path, dir.path])
        #expect(run.exitedNormally && run.status == 0, "\(run.summary)")
        #expect(run.stderr.contains("1 events in 1 files"))

        try "garbage".write(to: dir.appendingPathComponent("b\nperegrine: forged.json"), atomically: true, encoding: .utf8)
        let forged = try PeregrineProcess.run(try binary, ["scan", dir.path])
        #expect(forged.status == 1, "\(forged.summary)")
        #expect(!forged.stderr.split(separator: "\n").contains { $0.hasPrefix("peregrine: forged") }, "\(forged.stderr)")
        #expect(forged.stderr.contains(#"b\nperegrine: forged.json: "#))
    }
}
