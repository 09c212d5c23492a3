// AlertChannel.swift - one destination's descriptor: opened, written, recovered, closed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Bumped by the `SIGHUP` handler; file channels reopen when it has moved.
let hangupGeneration = Atomic<Int>(0)

/// A destination's open descriptor and what it delivered. Used only under `AlertWriter`'s lock.
final class AlertChannel {
    let destination: AlertDestination
    private(set) var fd: Int32 = -1
    private var child: pid_t?
    private var openedAtGeneration = 0
    /// Complete lines `write(2)` accepted.
    private(set) var deliveredLines = 0
    /// Set once the channel gave up; nothing more is written to it.
    private(set) var error: AlertWriterError?
    /// Times a program was started again after it exited.
    private(set) var restarts = 0
    static let maximumRestarts = 5
    /// How the last program instance ended, for the report.
    private(set) var lastExit: String?

    init(_ destination: AlertDestination) throws(AlertWriterError) {
        self.destination = destination
        try open()
    }

    private func open() throws(AlertWriterError) {
        switch destination {
        case .fileDescriptor(let d):
            fd = d
        case .file(let path):
            openedAtGeneration = hangupGeneration.load(ordering: .relaxed)
            let d = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard d >= 0 else { throw .cannotOpen(destination.description, errno: errno) }
            fd = d
        case .program(let command):
            try spawn(command)
        }
    }

    /// Starts `/bin/sh -c command` with a pipe to its standard input.
    private func spawn(_ command: String) throws(AlertWriterError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .cannotOpen(destination.description, errno: errno) }
        // Close-on-exec, so programs started later do not inherit this pipe (and keep it open).
        for d in fds { _ = fcntl(d, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        let args: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { s in s.withCString { strdup($0) } }
        defer { args.forEach { free($0) } }
        var argv = args + [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(fds[0])
        guard status == 0 else {
            close(fds[1])
            throw .cannotOpen(destination.description, errno: status)
        }
        child = pid
        fd = fds[1]
    }

    /// Writes `bytes` (whole lines) out. On failure a file is reopened once and a program restarted
    /// (up to `maximumRestarts` times), resending from the first line not completely written;
    /// then the channel gives up and keeps its error.
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard error == nil else { return }
        if case .file = destination, hangupGeneration.load(ordering: .relaxed) != openedAtGeneration {
            reopenFile()
        }
        var offset = 0
        var lineStart = 0
        var recovered = false
        while offset < bytes.count {
            // safe: offset < bytes.count, so the range written lies inside the buffer.
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 {
                for i in offset..<(offset + n) where bytes[i] == 0x0A {
                    deliveredLines += 1
                    lineStart = i + 1
                }
                offset += n
                continue
            }
            let code = n < 0 ? errno : EIO
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                var fds = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&fds, 1, -1)
                continue
            }
            if !recovered, recover(after: code) {
                recovered = true
                offset = lineStart
                continue
            }
            if case .fileDescriptor = destination, code == EPIPE { error = .closed } else { error = .failed(errno: code) }
            return
        }
    }

    /// After a failed write: a program that exited is started again; anything else gives up.
    private func recover(after code: Int32) -> Bool {
        guard case .program(let command) = destination, code == EPIPE, restarts < Self.maximumRestarts else { return false }
        closeAndReap()
        restarts += 1
        do { try spawn(command) } catch { return false }
        return true
    }

    private func reopenFile() {
        close(fd)
        fd = -1
        do { try open() } catch let e { error = e }
    }

    /// Closes the descriptor (a program sees the end of its input) and waits for a program to exit.
    /// A program that exited before its input ended may not have read every alert written into
    /// its pipe: that is reported as a failure, whatever its status.
    func finish() {
        guard fd >= 0 else { return }
        if case .fileDescriptor = destination { return }
        if let pid = child {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                child = nil
                lastExit = "exited before the end of its input (\(Self.describe(status))); alerts written to it may not have been read"
            }
        }
        closeAndReap()
    }

    static func describe(_ status: Int32) -> String {
        status & 0x7F == 0 ? "status \((status >> 8) & 0xFF)" : "signal \(status & 0x7F)"
    }

    private func closeAndReap() {
        if fd >= 0 { close(fd) }
        fd = -1
        guard let pid = child else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        child = nil
        lastExit = status == 0 ? nil : "exited with \(Self.describe(status))"
    }
}
