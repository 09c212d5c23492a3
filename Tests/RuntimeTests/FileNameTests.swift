// FileNameTests.swift - any file name the system allows is found, opened, and printed safely.
import Foundation
import Testing
@testable import Runtime

@Suite struct FileNameTests {
    static let record = #"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"A"}]}"#

    /// Creates `dir/<name>` from raw bytes (no String path on the way) and returns its path bytes.
    static func create(in dir: String, name: [UInt8], _ contents: String) -> [UInt8] {
        let path = Array(dir.utf8) + [UInt8(ascii: "/")] + name
        let fd = (path + [0]).withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        #expect(fd >= 0)
        let bytes = Array(contents.utf8)
        #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        close(fd)
        return path
    }

    @Test func aNameThatIsNotUTF8IsFoundOpenedAndShownEscaped() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let raw = Self.create(in: dir.path, name: Array("a".utf8) + [0xFF] + Array(".json".utf8), Self.record)
        let (files, errors) = InputDiscovery.expand([dir.path])
        #expect(errors.isEmpty, "\(errors)")
        #expect(files.map(\.rawPath.bytes) == [raw])
        #expect(files.map(\.path) == [dir.path + #"/a\xff.json"#])
        // Named on the command line, by its bytes.
        let (named, namedErrors) = InputDiscovery.expand([FilePath(bytes: raw)])
        #expect(namedErrors.isEmpty && named.map(\.rawPath.bytes) == [raw])
        let reader = try RecordReader(file: try #require(named.first))
        #expect(try reader.next() != nil)
        #expect(reader.path == dir.path + #"/a\xff.json"#)
    }

    @Test func aNameWithANewlineCannotForgeAnErrorLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = Self.create(in: dir.path, name: Array("evil\npeEregrine: forged.json".utf8), "not JSON")
        let (files, _) = InputDiscovery.expand([dir.path])
        let file = try #require(files.first)
        #expect(file.path == dir.path + #"/evil\npeEregrine: forged.json"#)
        let error = #expect(throws: InputError.self) { _ = try RecordReader(file: file).next() }
        #expect(error.map { !$0.description.contains("\n") } == true)
        #expect(error?.description.hasPrefix(dir.path + #"/evil\npeEregrine: forged.json: "#) == true, "\(String(describing: error))")
        // A missing path is printed escaped too.
        let missing = InputDiscovery.expand([FilePath(bytes: Array("no\rsuch\u{1B}[2J".utf8))]).errors
        #expect(missing.map(\.path) == [#"no\rsuch\x1b[2J"#])
    }

    @Test func aFIFOInsideADirectoryIsReportedButOneNamedIsRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write("a.json", Self.record)
        #expect(mkfifo(dir.path + "/x.json", 0o600) == 0)
        let (files, errors) = InputDiscovery.expand([dir.path])
        #expect(files.map(\.path) == [dir.path + "/a.json"])
        #expect(errors == [InputError(path: dir.path + "/x.json",
                                      message: "not a regular file (a FIFO); skipped inside a directory (name it to read it)")])
        let (named, none) = InputDiscovery.expand([dir.path + "/x.json"])
        #expect(named.map(\.path) == [dir.path + "/x.json"] && none.isEmpty)
    }
}
