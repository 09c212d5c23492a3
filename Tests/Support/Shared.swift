// Shared.swift - `../shared` (Falco's rules, the public CloudTrail datasets, Falco's own output),
// which may be absent: the one place that decides whether it is there, and the trait that skips
// the tests needing it (reported as skipped with the reason, never as passed).
import Foundation
import Testing

public enum Shared {
    /// Overrides the location of `../shared`: a directory, or any other path to run as if it were absent.
    public static let environmentVariable = "PEREGRINE_SHARED_DIR"

    /// Why a test that needs `../shared` did not run.
    public static let unavailableReason: Comment =
        "needs ../shared (Falco's rules and public datasets) next to the checkout, or $PEREGRINE_SHARED_DIR"

    /// `$PEREGRINE_SHARED_DIR` when set, else `shared` next to the package root; nil when that is not a directory.
    public static let directory: URL? = {
        let url: URL
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            url = URL(fileURLWithPath: override)
        } else {
            url = SharedFixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        }
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue ? url : nil
    }()

    public static var isAvailable: Bool { directory != nil }

    /// The directory, inside a test that carries `.requiresShared` (throws, failing the test, otherwise).
    public static func require() throws -> URL {
        guard let directory else { throw Unavailable() }
        return directory
    }

    /// `relativePath` inside `../shared`.
    public static func url(_ relativePath: String) throws -> URL {
        try require().appendingPathComponent(relativePath)
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "../shared is absent; a test that reads it must carry the .requiresShared trait (\(Shared.unavailableReason))"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test or suite only when `../shared` is present; otherwise it is reported as skipped with the reason.
    public static var requiresShared: Self { .enabled(if: Shared.isAvailable, Shared.unavailableReason) }
}
