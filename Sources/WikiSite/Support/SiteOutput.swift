import Foundation
import Synchronization

/// Where a build puts its files as it makes them. Render hands each page
/// here as soon as it is rendered, so no stage holds the whole site in
/// memory (36k pages, ~300 MB on the shared corpus); `commit` makes the
/// site the output in one swap, and a build that stops before it leaves the
/// previous output as it was.
///
/// Each file comes with a key: what it was made from (`PageKey` for a page,
/// a hash of the bytes for other files). An output that can still reach the
/// previous site takes a file whose key is unchanged from there instead of
/// having it made and written again.
///
/// Safe to call `add` from every worker at once. The first error is kept and
/// thrown by `commit`; files after it are dropped.
public final class SiteOutput: Sendable {
    struct Counts {
        var files = 0
        var pages = 0
        var reused = 0
        var error: (any Error)?
    }

    private let counts = Mutex(Counts())
    private let put: @Sendable (OutputFile, UInt64?) throws -> Void
    private let reuse: @Sendable (String, UInt64) -> Bool
    private let finish: @Sendable () throws -> Void
    private let abandon: @Sendable () -> Void
    private let done = Mutex(false)
    /// Whether keys are used (the output records them for the next build);
    /// without, files need none and their keys are not computed.
    public let keyed: Bool

    /// - Parameters:
    ///   - put: stores one file, with its key when it has one (called from many threads at once);
    ///   - reuse: takes the previous site's file at a path, when its key is the one given; false when it cannot;
    ///   - finish: makes what was put the output;
    ///   - abandon: throws away what was put (the build failed).
    public init(put: @escaping @Sendable (OutputFile, UInt64?) throws -> Void,
                reuse: @escaping @Sendable (String, UInt64) -> Bool = { _, _ in false },
                finish: @escaping @Sendable () throws -> Void, abandon: @escaping @Sendable () -> Void = {}, keyed: Bool = false) {
        self.keyed = keyed
        self.put = put
        self.reuse = reuse
        self.finish = finish
        self.abandon = abandon
    }

    /// An output that keeps every file until `commit`, then hands them all to
    /// `publish` in the order they were added (an in-memory site, in tests).
    public static func collecting(_ publish: @escaping @Sendable ([OutputFile]) throws -> Void) -> SiteOutput {
        let files = Mutex<[OutputFile]>([])
        return SiteOutput(put: { file, _ in files.withLock { $0.append(file) } },
                          finish: { try publish(files.withLock { $0 }) })
    }

    /// Adds a file that is already made (keyed by its bytes).
    public func add(_ file: OutputFile) {
        add(file.path, key: keyed ? FNV1a.hashWords(file.bytes) : nil) { file.bytes }
    }

    /// Adds many files, on every core.
    public func add(_ files: [OutputFile]) {
        _ = files.parallelMap(chunk: 64) { add($0) }
    }

    /// Adds the file at `path`: the previous site's when it has one with this
    /// key, else the one `make` makes. Without a key, always `make`'s.
    public func add(_ path: String, key: UInt64?, make: () -> [UInt8]) {
        guard counts.withLock({ $0.error == nil }) else { return }
        let isPage = path.hasSuffix(".html")
        if let key, reuse(path, key) {
            counts.withLock {
                $0.files += 1
                $0.reused += 1
                if isPage { $0.pages += 1 }
            }
            return
        }
        do {
            try put(OutputFile(path: path, bytes: make()), key)
            counts.withLock {
                $0.files += 1
                if isPage { $0.pages += 1 }
            }
        } catch {
            counts.withLock { if $0.error == nil { $0.error = error } }
        }
    }

    /// Files and `.html` pages added so far.
    public var written: (files: Int, pages: Int) { counts.withLock { ($0.files, $0.pages) } }

    /// Files taken from the previous site instead of being made again.
    public var reused: Int { counts.withLock { $0.reused } }

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
