// PackageVariant.swift - a copy of the package with other rules, built apart (like the e2e tests').
import Foundation

/// Prepares `<root>/.build-variants/<name>`: the package's sources with `rules/` holding exactly
/// the given YAML files. Files whose bytes did not change keep their timestamps, so a rebuild is
/// incremental (the same scheme as `Tests/EndToEndTests/PackageVariant.swift`).
struct PackageVariant {
    var root: URL
    var name: String
    var directory: URL { root.appendingPathComponent(".build-variants/\(name)") }

    func prepare(rules: [String: String]) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Plugins"] {
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
        // The package declares test targets; the variant only builds products, but SwiftPM still
        // wants their folders to exist.
        try sync(root.appendingPathComponent("Tests"), to: directory.appendingPathComponent("Tests"))
    }

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
