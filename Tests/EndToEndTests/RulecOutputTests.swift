// RulecOutputTests.swift - `rulec --output` writes through symlinks and refuses what is not a
// regular file (issue: the atomic write renamed a regular file over a device or a symlink).
import Foundation
import Testing

@Suite struct RulecOutputTests {
    let rules = """
        - rule: R
          desc: d
          condition: ct.name = CreateUser
          output: "%ct.user"
          priority: WARNING
          source: aws_cloudtrail

        """

    func rulec() throws -> URL {
        try PeregrineProcess.builtProduct("rulec")
    }

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rulec-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(rules.utf8).write(to: dir.appendingPathComponent("r.yaml"))
        return dir
    }

    @Test func aSymlinkStaysALinkAndItsTargetIsWritten() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("real.swift"), link = dir.appendingPathComponent("link.swift")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let r = try PeregrineProcess.run(rulec(), ["compile", "--output", link.path, dir.appendingPathComponent("r.yaml").path])
        #expect(r.status == 0, "\(r.summary)")
        let attributes = try FileManager.default.attributesOfItem(atPath: link.path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link was replaced")
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.contains("Rule 'R'"), "\(written.prefix(300))")
    }

    @Test func aFIFOIsRefusedAndLeftAlone() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("out.swift")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        let r = try PeregrineProcess.run(rulec(), ["compile", "--output", fifo.path, dir.appendingPathComponent("r.yaml").path])
        #expect(r.status == 1, "\(r.summary)")
        #expect(r.stderr.contains("refusing to write") && r.stderr.contains("a FIFO"), "\(r.summary)")
        let attributes = try FileManager.default.attributesOfItem(atPath: fifo.path)
        #expect(attributes[.type] as? FileAttributeType == .typeUnknown || attributes[.type] as? FileAttributeType != .typeRegular, "still a FIFO")
    }

    @Test func aDirectoryIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try PeregrineProcess.run(rulec(), ["compile", "--output", dir.path, dir.appendingPathComponent("r.yaml").path])
        #expect(r.status == 1, "\(r.summary)")
        #expect(r.stderr.contains("a directory"), "\(r.summary)")
    }
}
