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
    /// Names a `peregrine` to test instead of the one built for this test run (a release or static build).
    static let binaryOverride = "PEREGRINE_BIN"

    /// The `peregrine` executable under test: `$PEREGRINE_BIN` when set, else the one SwiftPM built
    /// for this very test run. EndToEndTests depends on the `peregrine` target, so `swift test`
    /// builds it first, into the build products directory that holds the test bundle. Never any
    /// other binary (no `.build/release` fallback): when it is missing the test fails, saying so.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment[binaryOverride], !path.isEmpty {
            let url = URL(fileURLWithPath: path)
            guard isExecutable(url) else { throw Missing(description: "$\(binaryOverride) is \(path), which is not an executable file") }
            return url
        }
        return try builtProduct("peregrine", orSet: binaryOverride)
    }

    /// The executable `name` built for this test run, next to the test bundle (EndToEndTests
    /// depends on its target); throws, failing the test, when it is not there.
    static func builtProduct(_ name: String, orSet override: String? = nil) throws -> URL {
        let hint = override.map { "; or set $\($0)" } ?? ""
        guard let products = productsDirectory else {
            throw Missing(description: "cannot tell where this test bundle was built (no .xctest bundle loaded, no /proc/self/exe)\(hint)")
        }
        let url = products.appendingPathComponent(name)
        guard isExecutable(url) else {
            throw Missing(description: "no \(name) executable at \(url.path), next to the test bundle: EndToEndTests must depend on the \(name) target (Package.swift) so that `swift test` builds it\(hint)")
        }
        return url
    }

    /// The build products directory of the running tests: the folder of the `.xctest` bundle
    /// (Darwin: a loaded bundle; Linux: the bundle is the executable running the tests).
    static let productsDirectory: URL? = {
        if let bundle = Bundle.allBundles.first(where: { $0.bundleURL.pathExtension == "xctest" }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #if os(Linux)
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        #endif
        return nil
    }()

    struct Missing: Error, CustomStringConvertible { var description: String }

    static func isExecutable(_ url: URL) -> Bool {
        FileManager.default.isExecutableFile(atPath: url.path) && !isDirectory(url)
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
