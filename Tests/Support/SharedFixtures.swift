// SharedFixtures.swift - the package root. (`../shared` itself: see Shared.swift.)
import Foundation

public enum SharedFixtures {
    /// The package root (this file is Tests/Support/SharedFixtures.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the package (or `$PEREGRINE_SHARED_DIR`), or nil when it is absent.
    /// Tests that need it carry the `.requiresShared` trait and read it with `Shared.require()`;
    /// this is for tests that only add inputs when it is there.
    public static var sharedDirectory: URL? { Shared.directory }
}
