// PackageBuilds.swift - builds a copy of this package with a different rules/ folder, for tests
// that need a binary compiled from other rules (Falco's upstream file, edited rules).
import Foundation

public enum PackageBuilds {
    public struct BuildError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The `peregrine` binary of this package's own build (debug unless PEREGRINE_BIN is set).
    public static var defaultBinary: URL {
        if let p = ProcessInfo.processInfo.environment["PEREGRINE_BIN"] { return URL(fileURLWithPath: p) }
        for config in ["debug", "release"] {
            let u = SharedFixtures.packageRoot.appendingPathComponent(".build/\(config)/peregrine")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return SharedFixtures.packageRoot.appendingPathComponent(".build/debug/peregrine")
    }

    /// A copy of the package (sources, plugin, manifest; no tests' build products) in
    /// `.build-variants/<name>` whose rules/ holds exactly `rules` (file name -> contents).
    /// The copy is kept between runs so rebuilds are incremental.
    public static func variant(named name: String, rules: [String: String]) throws -> URL {
        let fm = FileManager.default
        let root = SharedFixtures.packageRoot
        let dir = root.appendingPathComponent(".build-variants/\(name)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Plugins", "Tests"] {
            let dst = dir.appendingPathComponent(item)
            try? fm.removeItem(at: dst)
            try fm.copyItem(at: root.appendingPathComponent(item), to: dst)
        }
        let rulesDir = dir.appendingPathComponent("rules")
        try? fm.createDirectory(at: rulesDir, withIntermediateDirectories: true)
        // Replace the YAML files, keeping the target's Swift glue (and unchanged files' mtimes).
        for f in (try? fm.contentsOfDirectory(atPath: rulesDir.path)) ?? [] where rules[f] == nil {
            try? fm.removeItem(at: rulesDir.appendingPathComponent(f))
        }
        for f in ["Detections.swift", "README.md"] {
            let dst = rulesDir.appendingPathComponent(f)
            if !fm.fileExists(atPath: dst.path) { try fm.copyItem(at: root.appendingPathComponent("rules/\(f)"), to: dst) }
        }
        try? fm.createDirectory(at: rulesDir.appendingPathComponent("tests"), withIntermediateDirectories: true)
        for (file, text) in rules {
            let u = rulesDir.appendingPathComponent(file)
            if (try? String(contentsOf: u, encoding: .utf8)) != text { try text.write(to: u, atomically: true, encoding: .utf8) }
        }
        return dir
    }

    /// Runs `swift build --product peregrine` in a package directory; returns the binary and the build log.
    public static func build(_ packageDir: URL) throws -> (binary: URL, log: String, status: Int32) {
        let r = try Run.process("/usr/bin/env", ["swift", "build", "--product", "peregrine"], cwd: packageDir)
        return (packageDir.appendingPathComponent(".build/debug/peregrine"), r.stdout + r.stderr, r.status)
    }
}

/// Running a child process and capturing its output.
public enum Run {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
    }

    public static func process(_ executable: String, _ arguments: [String], cwd: URL? = nil,
                               environment: [String: String] = [:], stdin: Data? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up and blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}
