// WorkerThreads.swift - N plain POSIX threads for the parallel scan, and the lock they wait on.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body(0) … body(count - 1)` on `count` threads of their own and returns when all are done.
///
/// Dedicated threads rather than Dispatch's pool: workers block (waiting for an earlier file's
/// event count, or for their turn to print with `--ordered`), and `--jobs N` should mean N
/// threads, not "at most as many as the pool is willing to start".
enum WorkerThreads {
    /// The closure handed to one thread, boxed so its address can travel through `pthread_create`.
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        precondition(count >= 1)
        if count == 1 {
            body(0)
            return
        }
        #if canImport(Glibc)
        var threads: [pthread_t] = []
        #else
        var threads: [pthread_t?] = []
        #endif
        for index in 1..<count {
            let job = Unmanaged.passRetained(Job { body(index) }).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let rc = pthread_create(&thread, nil, { raw in
                // safe: `raw` is the retained Job passed below; released exactly once here.
                #if canImport(Glibc)
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                #else
                let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
                #endif
                job.body()
                return nil
            }, job)
            if rc != 0 {
                // No thread: run this share inline (correct, just less parallel).
                Unmanaged<Job>.fromOpaque(job).takeRetainedValue().body()
                continue
            }
            threads.append(thread)
        }
        body(0)
        for thread in threads {
            #if canImport(Glibc)
            pthread_join(thread, nil)
            #else
            pthread_join(thread!, nil)
            #endif
        }
    }
}

/// A mutex with one condition variable: the scan's file bookkeeping waits on it.
///
/// `Synchronization.Mutex` has no condition variable, so this wraps pthreads directly. The
/// pthread objects live in allocated memory because they must never move.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (the lock held by the caller, inside `withLock`) until woken by `broadcast`.
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Wakes every waiter (call with the lock held).
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
