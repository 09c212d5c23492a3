// PackageVariant.swift - this package rebuilt with another rules/ folder, for tests that need a
// binary compiled from other rules: Falco's upstream file, a broken rule, an edited rule.
import Foundation
import Synchronization
import TestSupport

/// A copy of the package in `.build-variants/<name>` (kept between runs, so rebuilds are
/// incremental) whose rules/ holds exactly the given YAML files.
struct PackageVariant {
    let name: String
    var directory: URL { SharedFixtures.packageRoot.appendingPathComponent(".build-variants/\(name)") }
    var binary: URL { directory.appendingPathComponent(".build/debug/peregrine") }

    /// Only one `swift build` at a time: the machine has two cores and SwiftPM locks its build folder.
    static let buildLock = Mutex(())

    /// Copies the package sources and writes `rules` (file name -> YAML text) into its rules/,
    /// removing other YAML files. Files whose content did not change keep their timestamps.
    func prepare(rules: [String: String]) throws {
        let fm = FileManager.default
        let root = SharedFixtures.packageRoot
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Plugins", "Tests"] {
            try sync(root.appendingPathComponent(item), to: directory.appendingPathComponent(item))
        }
        let rulesDir = directory.appendingPathComponent("rules")
        try fm.createDirectory(at: rulesDir.appendingPathComponent("tests"), withIntermediateDirectories: true)
        for f in ["Detections.swift", "README.md"] {
            try sync(root.appendingPathComponent("rules/\(f)"), to: rulesDir.appendingPathComponent(f))
        }
        for f in try fm.contentsOfDirectory(atPath: rulesDir.path) where f.hasSuffix(".yaml") && rules[f] == nil {
            try fm.removeItem(at: rulesDir.appendingPathComponent(f))
        }
        for (file, text) in rules {
            let u = rulesDir.appendingPathComponent(file)
            if (try? String(contentsOf: u, encoding: .utf8)) != text { try text.write(to: u, atomically: true, encoding: .utf8) }
        }
    }

    /// `swift build --product peregrine` in the variant.
    func build() throws -> ProcessOutcome {
        try Self.buildLock.withLock { _ in
            try PeregrineProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["swift", "build", "--package-path", directory.path, "--product", "peregrine"])
        }
    }

    /// Copies a file or directory tree, rewriting only files whose bytes differ (so SwiftPM's
    /// incremental build sees only real changes).
    private func sync(_ src: URL, to dst: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: src.path, isDirectory: &isDir) else { return }
        if isDir.boolValue {
            try fm.createDirectory(at: dst, withIntermediateDirectories: true)
            let names = try fm.contentsOfDirectory(atPath: src.path)
            for n in names where !n.hasPrefix(".build") { try sync(src.appendingPathComponent(n), to: dst.appendingPathComponent(n)) }
            for n in try fm.contentsOfDirectory(atPath: dst.path) where !names.contains(n) && !n.hasPrefix(".build") {
                try fm.removeItem(at: dst.appendingPathComponent(n))
            }
        } else {
            let data = try Data(contentsOf: src)
            if (try? Data(contentsOf: dst)) != data { try data.write(to: dst) }
        }
    }
}
