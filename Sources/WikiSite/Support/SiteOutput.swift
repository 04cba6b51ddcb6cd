import Foundation
import Synchronization

/// Where a build puts its files as it makes them. Render hands each page
/// here as soon as it is rendered, so no stage holds the whole site in
/// memory (36k pages, ~300 MB on the shared corpus); `commit` makes the
/// site the output in one swap, and a build that stops before it leaves the
/// previous output as it was.
///
/// Safe to call `add` from every worker at once. The first error is kept and
/// thrown by `commit`; files after it are dropped.
public final class SiteOutput: Sendable {
    struct Counts {
        var files = 0
        var pages = 0
        var error: (any Error)?
    }

    private let counts = Mutex(Counts())
    private let put: @Sendable (OutputFile) throws -> Void
    private let finish: @Sendable () throws -> Void
    private let abandon: @Sendable () -> Void
    private let done = Mutex(false)

    /// - Parameters:
    ///   - put: stores one file (called from many threads at once);
    ///   - finish: makes what was put the output;
    ///   - abandon: throws away what was put (the build failed).
    public init(put: @escaping @Sendable (OutputFile) throws -> Void, finish: @escaping @Sendable () throws -> Void,
                abandon: @escaping @Sendable () -> Void = {}) {
        self.put = put
        self.finish = finish
        self.abandon = abandon
    }

    /// An output that keeps every file until `commit`, then hands them all to
    /// `publish` in the order they were added (an in-memory site, in tests).
    public static func collecting(_ publish: @escaping @Sendable ([OutputFile]) throws -> Void) -> SiteOutput {
        let files = Mutex<[OutputFile]>([])
        return SiteOutput(put: { file in files.withLock { $0.append(file) } },
                          finish: { try publish(files.withLock { $0 }) })
    }

    public func add(_ file: OutputFile) {
        guard counts.withLock({ $0.error == nil }) else { return }
        do {
            try put(file)
            let isPage = file.path.hasSuffix(".html")
            counts.withLock {
                $0.files += 1
                if isPage { $0.pages += 1 }
            }
        } catch {
            counts.withLock { if $0.error == nil { $0.error = error } }
        }
    }

    /// Adds many files, on every core.
    public func add(_ files: [OutputFile]) {
        _ = files.parallelMap(chunk: 64) { add($0) }
    }

    /// Files and `.html` pages added so far.
    public var written: (files: Int, pages: Int) { counts.withLock { ($0.files, $0.pages) } }

    /// Makes the files added the output, or throws the first error any `add` met
    /// (and then leaves the previous output as it was).
    public func commit() throws {
        if let error = counts.withLock({ $0.error }) {
            discard()
            throw error
        }
        done.withLock { $0 = true }
        try finish()
    }

    /// Throws away what was added, unless `commit` already ran.
    public func discard() {
        let first = done.withLock { was in
            defer { was = true }
            return !was
        }
        if first { abandon() }
    }
}
