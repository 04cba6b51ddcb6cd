import Foundation

/// Reads input folders and files from disk.
enum DiskReader {
    /// Every regular file below `root`, relative to it, skipping hidden files
    /// and folders (`.git`, `.obsidian`) and symbolic links, which could lead
    /// outside the input.
    static func listFiles(root: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw FileError(path: root, reason: FileManager.default.fileExists(atPath: root) ? "a file, not a folder" : "no such folder")
        }
        var result: [String] = []
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: root, reason: "cannot be listed: " + String(cString: strerror(errno))) }
        defer { close(fd) }
        try walk(fd, path: root, relative: "", into: &result)
        return result
    }

    /// The folder's files, and its folders' (read through their
    /// descriptors, by the kind the listing gives: no `stat` per file).
    private static func walk(_ fd: Int32, path: String, relative: String, into result: inout [String]) throws {
        for (name, kind) in FolderListing.entries(of: fd) where !name.hasPrefix(".") {
            let rel = relative.isEmpty ? name : relative + "/" + name
            switch kind {
            case .folder:
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
                guard child >= 0 else { throw FileError(path: path + "/" + rel, reason: "cannot be listed: " + String(cString: strerror(errno))) }
                defer { close(child) }
                try walk(child, path: path, relative: rel, into: &result)
            case .file: result.append(rel)
            case .other: continue  // symbolic links, devices, sockets
            }
        }
    }

    /// Asks for 2 MB pages under a large buffer about to be filled (the
    /// build cache's files, up to 70 MB on the corpus): a few faults instead
    /// of one per 4 KB page. Only where the system leaves it to the program
    /// (transparent huge pages in `madvise` mode); elsewhere it changes nothing.
    static func hugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        let huge = 2 << 20
        guard buffer.count >= 4 * huge, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, 14)  // MADV_HUGEPAGE (not exported to Swift)
    }

    /// A file's bytes, read straight into the array: no `Data` between (the
    /// build cache is a few hundred megabytes, and every copy faults in its pages).
    static func read(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, reason: "cannot be opened for reading") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, reason: "cannot be read") }
        var failed = false
        // As many bytes as the file had; a file that grows meanwhile is read on in chunks.
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(info.st_size), 0)) { buffer, count in
            count = 0
            hugePages(UnsafeMutableRawBufferPointer(buffer))
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failed = n < 0
                    return
                }
                count += n
            }
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !failed {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failed = n < 0
                break
            }
            bytes.append(contentsOf: chunk[..<n])
        }
        if failed { throw FileError(path: path, reason: "cannot be read") }
        return bytes
    }

    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }
}

extension FileStamp {
    /// The identity `stat`, `lstat` or `fstat` gave.
    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
