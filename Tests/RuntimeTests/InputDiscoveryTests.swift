// InputDiscoveryTests.swift - expanding arguments into input files like Falco's local walk.
import Foundation
import Testing
@testable import Runtime

@Suite struct InputDiscoveryTests {
    private func relative(_ files: [InputFile], to dir: TemporaryDirectory) -> [String] {
        files.map { $0.path.hasPrefix(dir.path + "/") ? String($0.path.dropFirst(dir.path.count + 1)) : $0.path }
    }

    @Test func walksRecursivelyInGoWalkOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in [
            "logs/b.json", "logs/B.json", "logs/a.json.gz", "logs/a/z.json", "logs/a/y/x.json.gz",
            "logs/a-b.json", "logs/.hidden.json", "logs/c.JSON", "logs/c.jsonl", "logs/c.gz", "logs/c.json.GZ",
            "logs/d.json.gz.bak", "logs/notes.txt", "logs/empty/readme.md",
        ] {
            try dir.write(name, "{}")
        }
        try dir.mkdir("logs/dir.json")  // a directory named like a log is walked, not taken
        try dir.write("logs/dir.json/in.json", "{}")
        let (files, errors) = InputDiscovery.expand([dir.path + "/logs"])
        #expect(errors.isEmpty)
        // Names are sorted byte-wise within each directory ('.' < 'B' < 'a'), and a directory's
        // contents come where its own name sorts: "a/..." before "a-b.json", as in Go's Walk.
        #expect(relative(files, to: dir) == [
            "logs/.hidden.json", "logs/B.json", "logs/a/y/x.json.gz", "logs/a/z.json", "logs/a-b.json",
            "logs/a.json.gz", "logs/b.json", "logs/dir.json/in.json",
        ])
        #expect(files.allSatisfy { !$0.isStdin })
    }

    @Test func explicitFilesAreTakenWhateverTheirName() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let jsonl = try dir.write("x.jsonl", "{}")
        let upper = try dir.write("y.JSON", "{}")
        let (files, errors) = InputDiscovery.expand([jsonl, upper, dir.path + "/"])
        #expect(relative(files, to: dir) == ["x.jsonl", "y.JSON"])
        #expect(errors == [InputError(path: dir.path + "/", message: "no .json or .json.gz files in \(dir.path)/")])
    }

    @Test func trailingSlashDoesNotDoubleTheSeparator() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a.json", "{}")
        let (files, _) = InputDiscovery.expand([dir.path + "/"])
        #expect(files.map(\.path) == [dir.path + "/a.json"])
    }

    @Test func symlinkedDirectoriesAreNotFollowedButLinkedFilesAre() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("target/inside.json", "{}")
        try dir.write("real.json", "{}")
        try dir.mkdir("walk")
        try dir.symlink("walk/linked-dir", to: dir.path + "/target")
        try dir.symlink("walk/linked-dir.json", to: dir.path + "/target")
        try dir.symlink("walk/linked-file.json", to: dir.path + "/real.json")
        try dir.symlink("walk/dangling.json", to: dir.path + "/missing.json")
        try dir.symlink("walk/linked-file.txt", to: dir.path + "/real.json")
        let (files, errors) = InputDiscovery.expand([dir.path + "/walk"])
        #expect(errors.isEmpty)
        #expect(relative(files, to: dir) == ["walk/dangling.json", "walk/linked-file.json"])
        // A symlink given as an argument is followed, even to a directory.
        let (direct, directErrors) = InputDiscovery.expand([dir.path + "/walk/linked-dir"])
        #expect(directErrors.isEmpty)
        #expect(relative(direct, to: dir) == ["walk/linked-dir/inside.json"])
        // The dangling link fails when opened, naming itself.
        #expect(throws: InputError.self) { _ = try RecordReader(file: InputFile(path: dir.path + "/walk/dangling.json")) }
    }

    @Test func errorsForMissingPathsAndEmptyDirectoriesDoNotStopOthers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = try dir.write("good/a.json", "{}")
        try dir.write("nothing/a.txt", "x")
        let missing = dir.path + "/missing"
        let (files, errors) = InputDiscovery.expand([missing, dir.path + "/nothing", dir.path + "/good"])
        #expect(files.map(\.path) == [good])
        #expect(errors.map(\.description) == [
            "\(missing): cannot open: No such file or directory",
            "\(dir.path)/nothing: no .json or .json.gz files in \(dir.path)/nothing",
        ])
    }

    @Test(.disabled(if: geteuid() == 0, "running as root: directory permissions are not enforced"))
    func unreadableDirectoryIsAnError() throws {
        let dir = try TemporaryDirectory()
        defer {
            chmod(dir.path + "/top/locked", 0o755)
            dir.remove()
        }
        try dir.write("top/a.json", "{}")
        try dir.write("top/locked/b.json", "{}")
        chmod(dir.path + "/top/locked", 0)
        let (files, errors) = InputDiscovery.expand([dir.path + "/top"])
        #expect(files.map(\.path) == [dir.path + "/top/a.json"])
        #expect(errors.map(\.description) == ["\(dir.path)/top/locked: cannot read directory: Permission denied"])
    }

    @Test func dashIsStandardInputOnce() {
        let (files, errors) = InputDiscovery.expand(["-", "-"])
        #expect(files == [InputFile.stdin])
        #expect(files.first?.isStdin == true)
        #expect(errors.map(\.message) == ["standard input given more than once"])
    }

    @Test func logFileNames() {
        for name in ["a.json", ".json", "a.json.gz", "x.y.json"] {
            #expect(InputDiscovery.isLogFileName(Array(name.utf8)), "\(name)")
        }
        for name in ["a.JSON", "a.jsonl", "a.gz", "a.json.GZ", "json", "a.json.gz.1", "a.json "] {
            #expect(!InputDiscovery.isLogFileName(Array(name.utf8)), "\(name)")
        }
    }
}
