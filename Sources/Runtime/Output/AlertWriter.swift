// AlertWriter.swift - buffered, thread-safe delivery of whole alert lines to every destination.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Why alert output stopped.
public enum AlertWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Standard output's reader went away (`EPIPE`, e.g. `peregrine scan … | head`).
    case closed
    /// `write(2)` failed with this errno (disk full, I/O error, …).
    case failed(errno: Int32)
    /// A file could not be opened or a program started.
    case cannotOpen(String, errno: Int32)

    public var description: String {
        switch self {
        case .closed: "output closed by the reader"
        case .failed(let code): String(cString: strerror(code))
        case .cannotOpen(let what, let code): "cannot open \(what): \(String(cString: strerror(code)))"
        }
    }
}

/// What one destination delivered, for the summary.
public struct AlertDeliveryReport: Sendable {
    public var destination: AlertDestination
    /// Complete alert lines written to it.
    public var deliveredLines: Int
    /// Why it stopped accepting alerts, if it did.
    public var error: AlertWriterError?
    /// For a program: how many times it was started again, and how its last run ended if not
    /// with status 0.
    public var restarts: Int
    public var programExit: String?
}

/// Writes alert lines to one or more destinations (standard output, files, programs) through one
/// buffer.
///
/// Lines are only ever appended whole and the buffer is written out under the same lock, so lines
/// from scanners running in parallel never interleave or tear, and a batch passed to
/// ``write(lines:)`` stays contiguous. The buffer is flushed when it passes `flushThreshold`
/// bytes and by ``flush()``. Writing is synchronous: a slow destination slows the scan (back
/// pressure) instead of growing a queue, and nothing is dropped silently.
///
/// A destination that fails is reported (``reports``) and no longer written; the scan goes on
/// while any destination works. When every one has failed, every later call throws: the caller
/// ends the scan. A closed standard output needs SIGPIPE ignored (``ignoreSIGPIPE()``).
@available(macOS 15.0, *)
public final class AlertWriter: Sendable {
    private struct State: ~Copyable {
        var buffer: [UInt8] = []
        var channels: [AlertChannel]
        var finished = false
    }

    public let flushThreshold: Int
    private let state: Mutex<State>

    /// Writes to one open descriptor (standard output by default).
    public convenience init(fileDescriptor: Int32 = STDOUT_FILENO, flushThreshold: Int = 64 * 1024) {
        // A descriptor channel opens nothing, so it cannot fail.
        try! self.init(destinations: [.fileDescriptor(fileDescriptor)], flushThreshold: flushThreshold)
    }

    /// Opens every destination (creating files, starting programs); throws for the first that
    /// cannot be opened, after closing the others.
    public init(destinations: [AlertDestination], flushThreshold: Int = 64 * 1024) throws(AlertWriterError) {
        var channels: [AlertChannel] = []
        for d in destinations {
            do {
                channels.append(try AlertChannel(d))
            } catch {
                channels.forEach { $0.finish() }
                throw error
            }
        }
        self.flushThreshold = max(1, flushThreshold)
        var initial = State(channels: channels)
        initial.buffer.reserveCapacity(self.flushThreshold + 4096)
        self.state = Mutex(initial)
        if destinations.contains(where: { if case .file = $0 { true } else { false } }) { Self.reopenFilesOnSIGHUP() }
    }

    deinit {
        finish()
    }

    /// Ignores SIGPIPE for the whole process, so a closed output pipe surfaces as `EPIPE`
    /// instead of killing the scanner. Call once at startup.
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// After `SIGHUP`, file destinations are reopened before their next write (logrotate's
    /// `postrotate` sends it after moving the file away).
    static func reopenFilesOnSIGHUP() {
        signal(SIGHUP) { _ in hangupGeneration.add(1, ordering: .relaxed) }
    }

    /// Queues one complete line (it should end with `\n`); writes out the buffer when it is full.
    public func write(_ line: [UInt8]) throws(AlertWriterError) {
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            try Self.checkUsable(s)
            s.buffer.append(contentsOf: line)
            if s.buffer.count >= flushThreshold { try drain(&s) }
        }
    }

    /// Queues several complete lines as one contiguous block.
    public func write(lines: [[UInt8]]) throws(AlertWriterError) {
        guard !lines.isEmpty else { return }
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            try Self.checkUsable(s)
            for line in lines { s.buffer.append(contentsOf: line) }
            if s.buffer.count >= flushThreshold { try drain(&s) }
        }
    }

    /// Writes out everything queued so far.
    public func flush() throws(AlertWriterError) {
        try state.withLock { (s: inout State) throws(AlertWriterError) in
            try Self.checkUsable(s)
            try drain(&s)
        }
    }

    /// Flushes, then closes files and programs' input and waits for the programs to finish.
    public func finish() {
        state.withLock { (s: inout State) in
            guard !s.finished else { return }
            try? drain(&s)
            s.finished = true
            for c in s.channels { c.finish() }
        }
    }

    /// True once standard output's reader has gone and no other destination is left.
    public var isClosed: Bool {
        state.withLock { s in s.channels.allSatisfy { $0.error != nil } && s.channels.contains { $0.error == .closed } }
    }

    /// Lines delivered to every destination (the fewest any destination got).
    public var deliveredLines: Int {
        state.withLock { s in s.channels.map(\.deliveredLines).min() ?? 0 }
    }

    /// Per destination: what it delivered and why it stopped, if it did.
    public var reports: [AlertDeliveryReport] {
        state.withLock { s in
            s.channels.map {
                AlertDeliveryReport(destination: $0.destination, deliveredLines: $0.deliveredLines, error: $0.error,
                                    restarts: $0.restarts, programExit: $0.lastExit)
            }
        }
    }

    /// Throws the first channel's error when no channel is left to write to.
    private static func checkUsable(_ s: borrowing State) throws(AlertWriterError) {
        if s.channels.allSatisfy({ $0.error != nil }), let e = s.channels.first?.error { throw e }
    }

    /// Writes the whole buffer to every working destination. The buffer is emptied whatever
    /// happened, so no later line can appear after a gap in a destination that failed.
    private func drain(_ s: inout State) throws(AlertWriterError) {
        let channels = s.channels
        s.buffer.withUnsafeBytes { raw in
            for c in channels { c.write(raw) }
        }
        s.buffer.removeAll(keepingCapacity: true)
        try Self.checkUsable(s)
    }
}
