// GeneratedFile.swift - writing the generated Swift file: atomically, through symlinks, never
// over a device, a FIFO or a directory.
import Foundation

enum GeneratedFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `data` to `path` unless it already holds exactly that. A symlink is followed and its
    /// target replaced (the link stays); anything that is not a regular file is refused, since
    /// the atomic rename would replace it with one (a device, a FIFO) or cannot (a directory).
    static func write(_ data: Data, to path: String) throws {
        let target = try followLinks(path)
        var info = stat()
        if lstat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw WriteError(description: "refusing to write '\(path)'\(target == path ? "" : " (-> '\(target)')"): it is \(kind(info.st_mode)), not a regular file")
            }
            if FileManager.default.contents(atPath: target) == data { return }
        } else if errno != ENOENT {
            throw WriteError(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        let previous = (try? FileManager.default.attributesOfItem(atPath: target))?[.modificationDate] as? Date
        do {
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw WriteError(description: "cannot write '\(path)': \(error.localizedDescription)")
        }
        // The Swift driver's incremental build compares modification times at one-second
        // granularity (measured): a rules edit within a second of the previous build would leave
        // the old matchers in the binary. Make sure the new file's time lands in a later second.
        if let previous {
            let now = Date()
            if floor(now.timeIntervalSince1970) <= floor(previous.timeIntervalSince1970) {
                let bumped = Date(timeIntervalSince1970: floor(previous.timeIntervalSince1970) + 1)
                try? FileManager.default.setAttributes([.modificationDate: bumped], ofItemAtPath: target)
            }
        }
    }

    /// The file a chain of symlinks ends at (which may not exist yet).
    static func followLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            let destination = try FileManager.default.destinationOfSymbolicLink(atPath: current)
            current = destination.hasPrefix("/") ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        throw WriteError(description: "cannot write '\(path)': too many levels of symbolic links")
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}
