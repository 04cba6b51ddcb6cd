import Foundation

/// The only doors to the file system, passed in so the pipeline can be
/// tested against an in-memory tree (the shape of Saga's `FileIO`).
///
/// Load uses `listFiles` and `read`; Write uses the rest. No other stage
/// touches the disk.
public struct FileIO: Sendable {
    /// Every regular file below a folder, as paths relative to it, '/'-separated.
    public var listFiles: @Sendable (_ root: String) throws -> [String]
    public var read: @Sendable (_ path: String) throws -> [UInt8]
    /// Opens the site about to replace `output`: files go into it as they are
    /// made, and its `commit` swaps it in whole. With the previous site's
    /// table, unchanged files are taken from it; with a place for the new
    /// table (path, binary key), the new site's is recorded there.
    public var stage: @Sendable (_ output: String, _ previous: PageTable?, _ table: (path: String, key: String)?) throws -> SiteOutput
    /// Writes one file whole (a report beside the site).
    public var writeFile: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
    /// A file's or folder's identity (following links), or nil when there is
    /// none; nil everywhere turns the build cache off.
    public var stamp: @Sendable (_ path: String) -> FileStamp?
    /// A scratch file beside `output` for texts a build keeps out of memory
    /// between stages (`TextSpill`); nil keeps them in memory.
    public var scratch: @Sendable (_ output: String) -> TextSpill? = { _ in nil }
    /// The build cache's store of texts at a path (`TextSpill.store`): the one
    /// of that generation when it is there, else a new one; nil keeps no store
    /// (and then no article cache).
    public var store: @Sendable (_ path: String, _ generation: UInt64?) -> (spill: TextSpill, generation: UInt64, kept: Bool)? = { _, _ in nil }
    /// Refuses, before the build reads anything, an output it must not or cannot write.
    public var checkOutput: @Sendable (_ output: String, _ input: String) throws -> Void

    public init(
        listFiles: @escaping @Sendable (String) throws -> [String],
        read: @escaping @Sendable (String) throws -> [UInt8],
        stage: @escaping @Sendable (String, PageTable?, (path: String, key: String)?) throws -> SiteOutput,
        writeFile: @escaping @Sendable (String, [UInt8]) throws -> Void = { path, bytes in try SiteWriter.writeFile(path, bytes) },
        stamp: @escaping @Sendable (String) -> FileStamp? = { _ in nil },
        checkOutput: @escaping @Sendable (String, String) throws -> Void = { _, _ in },
        scratch: @escaping @Sendable (String) -> TextSpill? = { _ in nil },
        store: @escaping @Sendable (String, UInt64?) -> (spill: TextSpill, generation: UInt64, kept: Bool)? = { _, _ in nil }
    ) {
        self.scratch = scratch
        self.store = store
        self.stamp = stamp
        self.checkOutput = checkOutput
        self.listFiles = listFiles
        self.read = read
        self.stage = stage
        self.writeFile = writeFile
    }
}

extension FileIO {
    /// The real file system.
    public static let disk = FileIO(
        listFiles: { root in try DiskReader.listFiles(root: root) },
        read: { path in try DiskReader.read(path: path) },
        stage: { output, previous, table in try SiteWriter.stage(output, removeOldInBackground: true, previous: previous, table: table) },
        stamp: { path in DiskReader.stamp(path) },
        checkOutput: { output, input in try SiteWriter.checkOutput(output, input: input) },
        scratch: { output in TextSpill.open(besideOutput: output) },
        store: { path, generation in TextSpill.store(at: path, generation: generation) }
    )
}

extension FileIO {
    /// A file system that hands the whole site to `publish` at the end, in the
    /// order the build made its files (an in-memory site, in tests).
    public init(
        listFiles: @escaping @Sendable (String) throws -> [String],
        read: @escaping @Sendable (String) throws -> [UInt8],
        publish: @escaping @Sendable ([OutputFile], String) throws -> Void
    ) {
        self.init(listFiles: listFiles, read: read, stage: { output, _, _ in SiteOutput.collecting { try publish($0, output) } })
    }
}

/// The identity of a file or folder on disk, as `stat` gives it.
public struct FileStamp: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Modification time, nanoseconds since 1970.
    public var modified: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
    }
}

/// An error from the file system, with the path it concerns.
public struct FileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
