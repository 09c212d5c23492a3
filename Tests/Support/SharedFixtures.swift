// SharedFixtures.swift - locating ../shared (test fixtures that may be absent) and the package root.
import Foundation

public enum SharedFixtures {
    /// The package root (this file is Tests/Support/SharedFixtures.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the package, or nil when it is absent.
    public static var sharedDirectory: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue ? url : nil
    }
}
