// FileDescriptorStream.swift - bytes from a POSIX file descriptor (a file, a pipe, stdin).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain `read(2)` on a descriptor: no Foundation, no extra buffering (the reader's buffer is the
/// buffer). Closes the descriptor on deinit when it owns it (not for stdin).
final class FileDescriptorStream: ByteStream {
    let descriptor: Int32
    let path: String
    private let ownsDescriptor: Bool
    /// Bytes read so far, for error offsets.
    private(set) var bytesRead = 0

    init(descriptor: Int32, path: String, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.path = path
        self.ownsDescriptor = ownsDescriptor
    }

    /// Opens `path` read-only.
    convenience init(opening path: String) throws(InputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.system(path: path, "cannot open", errno: errno) }
        self.init(descriptor: fd, path: path, ownsDescriptor: true)
    }

    /// Opens `path` (raw bytes, any name the system allows) read-only.
    convenience init(opening path: FilePath) throws(InputError) {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw InputError.system(path: path.description, "cannot open", errno: errno) }
        self.init(descriptor: fd, path: path.description, ownsDescriptor: true)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, base, buffer.count)
            #else
            let n = Darwin.read(descriptor, base, buffer.count)
            #endif
            if n >= 0 {
                bytesRead += n
                return n
            }
            let code = errno
            if code == EINTR { continue }
            throw InputError.system(path: path, offset: bytesRead, "read failed", errno: code)
        }
    }
}
