// InputDiscovery.swift - turns command-line arguments into the list of files to scan.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands paths the way Falco's local source does (spec §1.1 "Local path"), with errors reported
/// instead of ignored: Falco's walk skips unreadable directories silently.
public enum InputDiscovery {
    /// Expands command-line arguments into input files, in a deterministic order.
    ///
    /// - A directory is walked recursively like Go's `filepath.Walk`: entries in byte-wise lexical
    ///   order within each directory, depth first, symlinked directories not followed; files whose
    ///   names end in `.json` or `.json.gz` (case-sensitive) are taken, as are symlinks to them.
    ///   Other kinds of files (FIFOs, sockets, devices) are skipped inside directories.
    /// - A file argument is taken whatever its name (and whatever it is: `<(zcat x.gz)` works);
    ///   a symlink given as an argument is followed, even to a directory.
    /// - `-` is standard input (once).
    ///
    /// A nonexistent path, an unreadable directory (at any depth) or a directory holding no
    /// matching file is an error; the other arguments are still expanded.
    public static func expand(_ arguments: [String]) -> (files: [InputFile], errors: [InputError]) {
        var files: [InputFile] = []
        var errors: [InputError] = []
        var stdinTaken = false
        for argument in arguments {
            if argument == "-" {
                if stdinTaken {
                    errors.append(InputError(path: "-", message: "standard input given more than once"))
                } else {
                    files.append(.stdin)
                    stdinTaken = true
                }
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                errors.append(.system(path: argument, "cannot open", errno: errno))
                continue
            }
            guard Self.isKind(info, S_IFDIR) else {
                files.append(InputFile(path: argument))
                continue
            }
            let before = files.count
            walk(directory: argument, into: &files, errors: &errors)
            if files.count == before {
                errors.append(InputError(path: argument, message: "no .json or .json.gz files in \(argument)"))
            }
        }
        return (files, errors)
    }

    /// Whether a directory entry's name makes it a log file (spec §1.1: `.json` or `.json.gz`).
    static func isLogFileName<Name: Collection<UInt8>>(_ name: Name) -> Bool {
        name.reversed().starts(with: ".json".utf8.reversed()) || name.reversed().starts(with: ".json.gz".utf8.reversed())
    }

    private static func walk(directory: String, into files: inout [InputFile], errors: inout [InputError]) {
        let names: [[UInt8]]
        switch entryNames(directory) {
        case .success(let found): names = found
        case .failure(let error): errors.append(error); return
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            guard let decoded = String(validating: name, as: UTF8.self) else {
                let shown = prefix + String(decoding: name, as: UTF8.self)
                errors.append(InputError(path: shown, message: "file name is not valid UTF-8; skipped"))
                continue
            }
            let path = prefix + decoded
            var info = stat()
            guard lstat(path, &info) == 0 else {
                errors.append(.system(path: path, "cannot open", errno: errno))
                continue
            }
            if isKind(info, S_IFDIR) {
                walk(directory: path, into: &files, errors: &errors)
            } else if isKind(info, S_IFLNK) {
                guard isLogFileName(name) else { continue }
                // Follow links to files, not to directories (Go's walk uses lstat and does not
                // descend). A dangling link is taken: opening it reports the problem.
                var target = stat()
                if stat(path, &target) == 0 && !isKind(target, S_IFREG) { continue }
                files.append(InputFile(path: path))
            } else if isKind(info, S_IFREG) && isLogFileName(name) {
                files.append(InputFile(path: path))
            }
        }
    }

    /// The names in `directory` (without `.` and `..`), sorted byte-wise like Go's `sort.Strings`.
    private static func entryNames(_ directory: String) -> Result<[[UInt8]], InputError> {
        guard let handle = opendir(directory) else {
            return .failure(.system(path: directory, "cannot read directory", errno: errno))
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { return .failure(.system(path: directory, "cannot read directory", errno: errno)) }
                break
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return .success(names)
    }

    private static func isKind(_ info: stat, _ kind: mode_t) -> Bool {
        info.st_mode & S_IFMT == kind
    }
}
