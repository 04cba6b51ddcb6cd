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
    /// Writes a whole site into a fresh folder beside `output` and swaps it in.
    public var publish: @Sendable (_ files: [OutputFile], _ output: String) throws -> Void
    /// Writes one file whole (a report beside the site).
    public var writeFile: @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
    /// A file's or folder's identity (following links), or nil when there is
    /// none; nil everywhere turns the build cache off.
    public var stamp: @Sendable (_ path: String) -> FileStamp?
    /// Refuses, before the build reads anything, an output it must not or cannot write.
    public var checkOutput: @Sendable (_ output: String, _ input: String) throws -> Void

    public init(
        listFiles: @escaping @Sendable (String) throws -> [String],
        read: @escaping @Sendable (String) throws -> [UInt8],
        publish: @escaping @Sendable ([OutputFile], String) throws -> Void,
        writeFile: @escaping @Sendable (String, [UInt8]) throws -> Void = { path, bytes in try SiteWriter.writeFile(path, bytes) },
        stamp: @escaping @Sendable (String) -> FileStamp? = { _ in nil },
        checkOutput: @escaping @Sendable (String, String) throws -> Void = { _, _ in }
    ) {
        self.stamp = stamp
        self.checkOutput = checkOutput
        self.listFiles = listFiles
        self.read = read
        self.publish = publish
        self.writeFile = writeFile
    }
}

extension FileIO {
    /// The real file system.
    public static let disk = FileIO(
        listFiles: { root in try DiskReader.listFiles(root: root) },
        read: { path in try DiskReader.read(path: path) },
        publish: { files, output in try SiteWriter.publish(files, to: output, removeOldInBackground: true) },
        stamp: { path in DiskReader.stamp(path) },
        checkOutput: { output, input in try SiteWriter.checkOutput(output, input: input) }
    )
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
