// PeregrineProcess.swift - finds the built `peregrine` executable and runs it like a user would.
import Foundation
import TestSupport

/// What one run of a program produced.
struct ProcessOutcome {
    /// Exit status, or the signal number when `exitedNormally` is false.
    var status: Int32
    var exitedNormally: Bool
    var stdout: Data
    var stderr: String

    var stdoutLines: [String] {
        String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A summary for failure messages.
    var summary: String {
        let how = exitedNormally ? "exit status \(status)" : "killed by signal \(status)"
        return "\(how); stderr:\n\(stderr.prefix(4000))"
    }
}

enum PeregrineProcess {
    /// The `peregrine` executable to test: `$PEREGRINE_BIN`, else the one built next to this test
    /// bundle (SwiftPM puts products and test bundles in the same directory), else
    /// `.build/debug` or `.build/release` of the package.
    static func locate() -> URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["PEREGRINE_BIN"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        for bundle in [Bundle.main] + Bundle.allBundles {
            let url = bundle.bundleURL
            if url.pathExtension == "xctest" {
                candidates.append(url.deletingLastPathComponent().appendingPathComponent("peregrine"))
            }
            candidates.append(url.appendingPathComponent("peregrine"))
        }
        if let argv0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argv0).deletingLastPathComponent().appendingPathComponent("peregrine"))
        }
        let build = SharedFixtures.packageRoot.appendingPathComponent(".build")
        candidates.append(build.appendingPathComponent("debug/peregrine"))
        candidates.append(build.appendingPathComponent("release/peregrine"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) && !isDirectory($0) }
    }

    /// Runs `executable` with `arguments`, `TZ=UTC` and the extra `environment`; output goes to
    /// temporary files (not pipes) so a chatty child can never block on a full pipe.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessOutcome {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("peregrine-e2e-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()

        return ProcessOutcome(
            status: process.terminationStatus,
            exitedNormally: process.terminationReason == .exit,
            stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// The files Falco's oracle run read: each dataset's `cloudtrail-format/` copy where it has one
    /// (`invictus-aws-dataset` has none: its `CloudTrail/`), plus the upstream test traces.
    static func oracleInputs(shared: URL) throws -> [String] {
        let fm = FileManager.default
        let datasets = shared.appendingPathComponent("datasets")
        var inputs: [String] = []
        for name in try fm.contentsOfDirectory(atPath: datasets.path).sorted() {
            let dataset = datasets.appendingPathComponent(name)
            guard isDirectory(dataset) else { continue }
            let normalized = dataset.appendingPathComponent("cloudtrail-format")
            let invictus = dataset.appendingPathComponent("CloudTrail")
            if isDirectory(normalized) {
                inputs.append(normalized.path)
            } else if name == "invictus-aws-dataset", isDirectory(invictus) {
                inputs.append(invictus.path)
            } else {
                inputs.append(dataset.path)
            }
        }
        let testdata = shared.appendingPathComponent("upstream/falco/testdata")
        for name in try fm.contentsOfDirectory(atPath: testdata.path).sorted() where name.hasSuffix(".json") {
            inputs.append(testdata.appendingPathComponent(name).path)
        }
        return inputs
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
