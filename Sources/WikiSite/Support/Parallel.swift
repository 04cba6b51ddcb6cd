import Dispatch
import Foundation

/// How many threads the parallel stages use: every core unless a build says
/// otherwise (`--jobs N`, or `WIKISITE_JOBS`). The output never depends on
/// it; a test builds with one job and with all and compares the bytes.
public enum Parallelism {
    /// Lets `value` go on another core: the last reference to a large tree of
    /// arrays (Dedup's 17k fingerprints) costs its deallocation where it is dropped.
    static func release(_ value: some Sendable) {
        guard jobs > 1 else { return }
        DispatchQueue.global().async { withExtendedLifetime(value) {} }
    }

    /// The cores this process may use.
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The jobs for work started on this thread; bound for one build with
    /// `Parallelism.$jobs.withValue(n) { … }`.
    @TaskLocal public static var jobs: Int = {
        if let text = ProcessInfo.processInfo.environment["WIKISITE_JOBS"], let n = Int(text), n > 0 { return n }
        return cores
    }()

    /// How many of `count` items one run takes when each run needs scratch
    /// space sized by the whole wiki: about four runs per job (enough to
    /// balance the cores), never fewer than `minimum` items.
    static func runLength(_ count: Int, minimum: Int) -> Int {
        max(minimum, (count + 4 * jobs - 1) / max(1, 4 * jobs))
    }
}

/// A buffer the workers of `parallelMap` each write their own slots of.
private struct SlotBuffer<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R?>
}

extension Array where Element: Sendable {
    /// `map` on `Parallelism.jobs` threads, keeping the order of the input (so
    /// output stays deterministic). Work is handed out in chunks to keep
    /// dispatch cheap.
    func parallelMap<R: Sendable>(chunk: Int = 8, _ transform: @Sendable (Element) -> R) -> [R] {
        let count = self.count
        let jobs = Parallelism.jobs
        if count < 2 || jobs < 2 { return map(transform) }
        let slots = UnsafeMutablePointer<R?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        let buffer = SlotBuffer(base: slots)
        let chunks = (count + chunk - 1) / chunk
        // With every core, Dispatch balances the chunks; with fewer jobs, each
        // worker takes every `workers`-th chunk.
        let workers = jobs >= Parallelism.cores ? chunks : Swift.min(jobs, chunks)
        let stride = jobs >= Parallelism.cores ? chunks : workers
        withoutActuallyEscaping(transform) { transform in
            self.withUnsafeBufferPointer { items in
                let input = UnsafeInput(items: items)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var c = w
                    while c < chunks {
                        let start = c * chunk
                        for i in start..<Swift.min(start + chunk, count) {
                            buffer.base[i] = transform(input.items[i])
                        }
                        c += stride
                    }
                }
            }
        }
        return (0..<count).map { slots[$0]! }
    }
}

private struct UnsafeInput<T>: @unchecked Sendable {
    let items: UnsafeBufferPointer<T>
}
