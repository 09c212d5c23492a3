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
    ///   Other kinds of files so named (FIFOs, sockets, devices) are reported and skipped inside
    ///   directories (a FIFO could block the scan for ever).
    /// - A file argument is taken whatever its name (and whatever it is: `<(zcat x.gz)` works);
    ///   a symlink given as an argument is followed, even to a directory.
    /// - `-` is standard input (once).
    ///
    /// Paths are bytes: a name that is not valid UTF-8 is taken and opened as it is, and printed
    /// escaped (`FilePath.description`).
    ///
    /// A nonexistent path, an unreadable directory (at any depth) or a directory holding no
    /// matching file is an error; the other arguments are still expanded.
    public static func expand(_ arguments: [String]) -> (files: [InputFile], errors: [InputError]) {
        expand(arguments.map(FilePath.init))
    }

    public static func expand(_ arguments: [FilePath]) -> (files: [InputFile], errors: [InputError]) {
        var files: [InputFile] = []
        var errors: [InputError] = []
        var stdinTaken = false
        for argument in arguments {
            if argument.bytes == [UInt8(ascii: "-")] {
                if stdinTaken {
                    errors.append(InputError(path: "-", message: "standard input given more than once"))
                } else {
                    files.append(.stdin)
                    stdinTaken = true
                }
                continue
            }
            var info = stat()
            guard argument.withCString({ stat($0, &info) }) == 0 else {
                errors.append(.system(path: argument.description, "cannot open", errno: errno))
                continue
            }
            guard Self.isKind(info, S_IFDIR) else {
                files.append(InputFile(rawPath: argument))
                continue
            }
            let before = files.count
            walk(directory: argument, into: &files, errors: &errors)
            if files.count == before {
                errors.append(InputError(path: argument.description, message: "no .json or .json.gz files in \(argument)"))
            }
        }
        return (files, errors)
    }

    /// Whether a directory entry's name makes it a log file (spec §1.1: `.json` or `.json.gz`).
    static func isLogFileName<Name: Collection<UInt8>>(_ name: Name) -> Bool {
        name.reversed().starts(with: ".json".utf8.reversed()) || name.reversed().starts(with: ".json.gz".utf8.reversed())
    }

    private static func walk(directory: FilePath, into files: inout [InputFile], errors: inout [InputError]) {
        let names: [[UInt8]]
        switch entryNames(directory) {
        case .success(let found): names = found
        case .failure(let error): errors.append(error); return
        }
        for name in names {
            let path = directory.appending(name)
            var info = stat()
            guard path.withCString({ lstat($0, &info) }) == 0 else {
                errors.append(.system(path: path.description, "cannot open", errno: errno))
                continue
            }
            if isKind(info, S_IFDIR) {
                walk(directory: path, into: &files, errors: &errors)
            } else if isKind(info, S_IFLNK) {
                guard isLogFileName(name) else { continue }
                // Follow links to files, not to directories (Go's walk uses lstat and does not
                // descend). A dangling link is taken: opening it reports the problem.
                var target = stat()
                if path.withCString({ stat($0, &target) }) == 0 && !isKind(target, S_IFREG) {
                    if !isKind(target, S_IFDIR) { errors.append(skipped(path, target)) }
                    continue
                }
                files.append(InputFile(rawPath: path))
            } else if isLogFileName(name) {
                if isKind(info, S_IFREG) {
                    files.append(InputFile(rawPath: path))
                } else {
                    errors.append(skipped(path, info))
                }
            }
        }
    }

    /// A file named like a log inside a directory that is not a regular file.
    private static func skipped(_ path: FilePath, _ info: stat) -> InputError {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFIFO: kind = "a FIFO"
        case S_IFSOCK: kind = "a socket"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        default: kind = "not a file"
        }
        return InputError(path: path.description, message: "not a regular file (\(kind)); skipped inside a directory (name it to read it)")
    }

    /// The names in `directory` (without `.` and `..`), sorted byte-wise like Go's `sort.Strings`.
    private static func entryNames(_ directory: FilePath) -> Result<[[UInt8]], InputError> {
        guard let handle = directory.withCString({ opendir($0) }) else {
            return .failure(.system(path: directory.description, "cannot read directory", errno: errno))
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { return .failure(.system(path: directory.description, "cannot read directory", errno: errno)) }
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
