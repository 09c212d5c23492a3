import Foundation
import Runtime
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file opened for writing; read back with `contents()`.
private final class TempFile {
    let url: URL
    let fd: Int32

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("alertwriter-\(UUID().uuidString)")
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }

    func contents() throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    deinit {
        close(fd)
        try? FileManager.default.removeItem(at: url)
    }
}

/// AlertWriter needs `Synchronization.Mutex` (macOS 15); every test checks availability first.
@Suite struct AlertWriterTests {
    @Test func buffersUntilThresholdOrFlush() throws {
        guard #available(macOS 15.0, *) else { return }
        let file = TempFile()
        #expect(file.fd >= 0)
        let writer = AlertWriter(fileDescriptor: file.fd, flushThreshold: 32)
        try writer.write(Array("first line\n".utf8))
        #expect(try file.contents().isEmpty)
        try writer.write(lines: [Array("second line\n".utf8), Array("third line passes 32\n".utf8)])
        #expect(try file.contents() == Array("first line\nsecond line\nthird line passes 32\n".utf8))
        try writer.write(Array("tail\n".utf8))
        try writer.flush()
        #expect(String(decoding: try file.contents(), as: UTF8.self).hasSuffix("32\ntail\n"))
    }

    @Test func parallelWritersNeverInterleaveLines() async throws {
        guard #available(macOS 15.0, *) else { return }
        let file = TempFile()
        let writer = AlertWriter(fileDescriptor: file.fd, flushThreshold: 1000)
        let tasks = 8, perTask = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    for i in 0..<perTask {
                        // Lines of varying length, so tearing would show.
                        let body = String(repeating: Character(UnicodeScalar(UInt8(65 + t))), count: 1 + (i * 37) % 300)
                        if i % 10 == 0 {
                            try writer.write(lines: [Array("\(t) \(i) \(body)\n".utf8), Array("\(t) \(i)b \(body)\n".utf8)])
                        } else {
                            try writer.write(Array("\(t) \(i) \(body)\n".utf8))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try writer.flush()
        let lines = String(decoding: try file.contents(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        var seen = Set<String>()
        var lastIndex = Array(repeating: -1, count: tasks)
        for (n, line) in lines.dropLast().enumerated() {
            let parts = line.split(separator: " ")
            #expect(parts.count == 3)
            guard parts.count == 3, let t = Int(parts[0]) else { continue }
            let i = Int(parts[1].hasSuffix("b") ? parts[1].dropLast() : parts[1])!
            let expected = String(repeating: Character(UnicodeScalar(UInt8(65 + t))), count: 1 + (i * 37) % 300)
            #expect(parts[2] == expected[...])
            // A batch stays together: "i b" right after "i".
            if parts[1].hasSuffix("b") { #expect(lines[n - 1].hasPrefix("\(t) \(i) ")) }
            #expect(i >= lastIndex[t])
            lastIndex[t] = i
            seen.insert(String(line))
        }
        #expect(seen.count == tasks * (perTask + perTask / 10))
    }

    @Test func closedPipeEndsOutputWithoutASignal() throws {
        guard #available(macOS 15.0, *) else { return }
        AlertWriter.ignoreSIGPIPE()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let writer = AlertWriter(fileDescriptor: fds[1], flushThreshold: 16)
        #expect(!writer.isClosed)
        #expect(throws: AlertWriterError.closed) {
            try writer.write(Array("a line longer than sixteen bytes\n".utf8))
        }
        #expect(writer.isClosed)
        #expect(throws: AlertWriterError.closed) { try writer.write(Array("more\n".utf8)) }
        #expect(throws: AlertWriterError.closed) { try writer.flush() }
    }

    @Test func otherWriteErrorsAreReported() {
        guard #available(macOS 15.0, *) else { return }
        let writer = AlertWriter(fileDescriptor: -1, flushThreshold: 1)
        #expect(throws: AlertWriterError.failed(errno: EBADF)) { try writer.write(Array("x\n".utf8)) }
        #expect(!writer.isClosed)
        #expect(AlertWriterError.failed(errno: EBADF).description == "Bad file descriptor", "the caller says what could not be written")
    }
}
