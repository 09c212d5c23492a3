// AlertWriter.swift - buffered, thread-safe output of whole alert lines to a file descriptor.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Why alert output stopped.
public enum AlertWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reader went away (`EPIPE`, e.g. `peregrine scan … | head`). Not a failure of the scan:
    /// stop producing alerts and exit quietly.
    case closed
    /// `write(2)` failed with this errno (disk full, I/O error, …).
    case failed(errno: Int32)

    public var description: String {
        switch self {
        case .closed: "output closed by the reader"
        case .failed(let code): "cannot write alerts: \(String(cString: strerror(code)))"
        }
    }
}

/// Writes alert lines to a file descriptor (normally stdout) through one buffer.
///
/// Lines are only ever appended whole and the buffer is written out under the same lock, so lines
/// from scanners running in parallel never interleave or tear, and a batch passed to
/// ``write(lines:)`` stays contiguous. The buffer is flushed when it passes `flushThreshold`
/// bytes and by ``flush()`` (call it at the end of a scan; `deinit` also tries).
///
/// A reader that closes the pipe makes every later call throw ``AlertWriterError/closed``: the
/// caller ends the scan cleanly. That needs SIGPIPE ignored (``ignoreSIGPIPE()``), otherwise the
/// first write to the closed pipe kills the process.
@available(macOS 15.0, *)
public final class AlertWriter: Sendable {
    private struct State: ~Copyable {
        var buffer: [UInt8] = []
        var error: AlertWriterError?
    }

    public let fileDescriptor: Int32
    public let flushThreshold: Int
    private let state: Mutex<State>

    public init(fileDescriptor: Int32 = STDOUT_FILENO, flushThreshold: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.flushThreshold = max(1, flushThreshold)
        var initial = State()
        initial.buffer.reserveCapacity(self.flushThreshold + 4096)
        self.state = Mutex(initial)
    }

    deinit {
        try? flush()
    }

    /// Ignores SIGPIPE for the whole process, so a closed output pipe surfaces as `EPIPE`
    /// (``AlertWriterError/closed``) instead of killing the scanner. Call once at startup.
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Queues one complete line (it should end with `\n`); writes out the buffer when it is full.
    public func write(_ line: [UInt8]) throws(AlertWriterError) {
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            if let error = s.error { throw error }
            s.buffer.append(contentsOf: line)
            if s.buffer.count >= flushThreshold { try drain(&s) }
        }
    }

    /// Queues several complete lines as one contiguous block.
    public func write(lines: [[UInt8]]) throws(AlertWriterError) {
        guard !lines.isEmpty else { return }
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            if let error = s.error { throw error }
            for line in lines { s.buffer.append(contentsOf: line) }
            if s.buffer.count >= flushThreshold { try drain(&s) }
        }
    }

    /// Writes out everything queued so far.
    public func flush() throws(AlertWriterError) {
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            if let error = s.error { throw error }
            try drain(&s)
        }
    }

    /// True once the reader has closed the output: stop scanning.
    public var isClosed: Bool {
        state.withLock { $0.error == .closed }
    }

    /// Writes the whole buffer, retrying short writes, `EINTR` and `EAGAIN` (a non-blocking
    /// descriptor: wait until it is writable). On failure the rest is dropped and the error kept,
    /// so no later line can appear after a gap.
    private func drain(_ s: inout State) throws(AlertWriterError) {
        var failure: AlertWriterError?
        s.buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // safe: offset < raw.count (loop condition), so raw is non-empty and the range in bounds.
                let n = systemWrite(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                    continue
                }
                let code = errno
                if n < 0 && code == EINTR { continue }
                if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                    var fds = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&fds, 1, -1)
                    continue
                }
                failure = n < 0 && code == EPIPE ? .closed : .failed(errno: n < 0 ? code : EIO)
                return
            }
        }
        s.buffer.removeAll(keepingCapacity: true)
        if let failure {
            s.error = failure
            throw failure
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
