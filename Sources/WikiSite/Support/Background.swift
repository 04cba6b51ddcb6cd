import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A value made on another core while the build goes on, for work whose
/// result a later step needs (a table read from the build cache while the
/// articles load). With one job (`--jobs 1`) it is made when first asked for.
/// One consumer reads `value`.
final class Background<T: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: T?
    private var work: (@Sendable () -> T)?

    init(_ work: @escaping @Sendable () -> T) {
        guard Parallelism.jobs > 1 else {
            self.work = work
            return
        }
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    var value: T {
        if let work {
            result = work()
            self.work = nil
        }
        group.wait()
        return result!
    }
}

/// Work on a thread of its own at the lowest priority (nice 19): it takes
/// next to no time from the build's own cores while they are busy, and all of
/// an idle one, which it has once the caller waits for it. (Not `SCHED_IDLE`:
/// a thread cannot leave it, and would wait as long as other programs keep
/// every core busy.)
enum IdleThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<T?>(nil)
        let thread = Thread {
            #if os(Linux)
            // On Linux a nice value is a thread's own: this one only.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.start()
        done.wait()
        return result.withLock { $0! }
    }
}
