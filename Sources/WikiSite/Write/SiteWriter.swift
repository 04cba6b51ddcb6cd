import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Write: the only door to the output folder.
///
/// The whole site is written into a fresh folder beside the output (same
/// volume), then swapped in with one atomic rename. Readers and servers see
/// either the previous site or the new one, never half of each; a build
/// killed at any moment leaves the previous `public/` whole, and its
/// leftover temporary folder is removed by the next build.
public enum SiteWriter {
    /// Writes `files` as the whole output folder, in one swap (see `stage`).
    public static func publish(_ files: [OutputFile], to output: String, removeOldInBackground: Bool = false) throws {
        let site = try stage(output, removeOldInBackground: removeOldInBackground)
        site.add(files)
        try site.commit()
    }

    /// Opens a fresh folder beside `output` (same volume) that files are
    /// written into as they are added; `commit` swaps it in with one atomic
    /// rename, `discard` removes it.
    ///
    /// - Parameters:
    ///   - removeOldInBackground: hand the previous site's removal to a
    ///     background `rm` instead of waiting for it (on disks mounted with
    ///     `discard`, deleting tens of thousands of pages takes seconds). If
    ///     that removal never finishes, the next build removes the leftover.
    ///   - previous: the table of the site now at `output`; a file whose key
    ///     is unchanged is hard-linked from there instead of being written.
    ///   - table: where to record the new site's table once it is swapped in
    ///     (`PageTable`), with `key` naming the binary; nil records none.
    public static func stage(_ output: String, removeOldInBackground: Bool = false, previous: PageTable? = nil,
                             table: (path: String, key: String)? = nil) throws -> SiteOutput {
        var output = output
        while output.count > 1 && output.hasSuffix("/") { output.removeLast() }
        let folder = parentFolder(of: output)
        let parent = output.hasPrefix("/") && folder.isEmpty ? "/" : (folder.isEmpty ? "." : folder)
        let name = baseName(of: output)
        let fm = FileManager.default
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        removeLeftovers(in: parent, of: name)
        let final = output

        // With a table to record, the site before last is kept (`Standby`) and
        // brought up to date in place: only the files that differ are written,
        // linked or removed, instead of linking all of them into a fresh folder
        // and removing the old one.
        let standby = table.flatMap { Standby.claim(tablePath: $0.path, key: $0.key, output: final, parent: parent) }
        if let standby, let last = standby.table {
            return try inPlace(standby, last: last, output: final, name: name, previous: previous, table: table!,
                               removeOldInBackground: removeOldInBackground)
        }

        let temp = "\(parent)/.\(name).tmp-\(getpid())"
        if fm.fileExists(atPath: temp) { removeTree(temp) }
        try fm.createDirectory(atPath: temp, withIntermediateDirectories: false)
        let made = FolderSet()
        let entries = EntryList()
        // Files are written, linked and looked up relative to the two folders'
        // descriptors: a rebuild links 81k files, and walking each full path
        // twice was most of what that cost.
        let roots = Roots(new: open(temp, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
                          old: previous == nil ? -1 : open(final, O_RDONLY | O_DIRECTORY | O_CLOEXEC), lock: standby?.lock ?? -1)
        guard roots.new >= 0 else { throw FileError(path: temp, reason: String(cString: strerror(errno))) }
        return SiteOutput(
            put: { file, key in
                guard isContained(file.path) else {
                    throw FileError(path: file.path, reason: "output path would leave the output folder")
                }
                try makeFolders(parentFolder(of: file.path), in: roots.new, named: temp, made: made)
                let stamp = try write(file.bytes, to: file.path, in: roots.new, named: temp)
                if let key { entries.add(PageTable.Entry(path: file.path, key: key, inode: stamp.inode, size: stamp.size, modified: stamp.modified)) }
            },
            reuse: { path, key in
                // Only a file that is still the one the previous build wrote: same inode, size and time (never a link to elsewhere).
                guard let old = previous?.entries[path], old.key == key, isContained(path), old.isIntact(in: roots.old),
                      (try? makeFolders(parentFolder(of: path), in: roots.new, named: temp, made: made)) != nil,
                      linkat(roots.old, path, roots.new, path, 0) == 0 else { return false }
                entries.add(old)
                return true
            },
            finish: {
                defer { roots.close() }
                let folders = table == nil ? [:] : PageTable.stamps(of: made.all, in: roots.new)
                // The previous site becomes the standby when its table says what it holds.
                let keep = previous == nil ? nil : standby
                let kept = try swapIn(temp, as: final, parent: parent, name: name, removeOldInBackground: removeOldInBackground, keep: keep?.tree)
                if let table { record(entries.all, folders: folders, at: table.path, key: table.key, standby: kept ? keep : nil) }
            },
            abandon: {
                roots.close()
                removeTree(temp)
            },
            keyed: table != nil)
    }

    /// The new site's folder and the previous site's (-1 when there is none),
    /// open while the site is written.
    final class Roots: Sendable {
        let new: Int32
        let old: Int32
        /// The standby's lock (`Standby.claim`), held until the site is committed or discarded.
        let lock: Int32
        private let closed = Mutex(false)

        init(new: Int32, old: Int32, lock: Int32 = -1) {
            self.new = new
            self.old = old
            self.lock = lock
        }

        func close() {
            let first = closed.withLock { was in
                defer { was = true }
                return !was
            }
            guard first else { return }
            if new >= 0 { Glibc.close(new) }
            if old >= 0 { Glibc.close(old) }
            if lock >= 0 { Glibc.close(lock) }
        }

        deinit { close() }
    }

    /// The files written so far, for the site's `PageTable`.
    final class EntryList: Sendable {
        let list = Mutex<[PageTable.Entry]>([])
        func add(_ entry: PageTable.Entry) { list.withLock { $0.append(entry) } }
        var all: [PageTable.Entry] { list.withLock { $0 } }
    }

    /// Writes the new site's table beside the manifest (in a temporary file,
    /// then renamed); one that cannot be written only costs the next build its
    /// reuse. When the previous site was kept as the standby, its table (the
    /// one at `path` until now) becomes the standby's first.
    static func record(_ entries: [PageTable.Entry], folders: [String: PageTable.Folder], at path: String, key: String, standby: Standby?) {
        let temp = path + ".tmp-\(getpid())"
        try? FileManager.default.createDirectory(atPath: parentFolder(of: path), withIntermediateDirectories: true)
        if let standby, rename(path, standby.tablePath) != 0 { removeTree(standby.tree) }
        do {
            _ = try write(PageTable.encoded(entries, folders: folders, key: key), to: temp)
            if rename(temp, path) != 0 { unlink(temp) }
        } catch {
            unlink(temp)
        }
    }

    /// Creates `folder` and the folders above it below `root` (the folder open
    /// as that descriptor, `name` in errors), once each.
    /// `touched` receives each folder made and the one it was made in.
    static func makeFolders(_ folder: String, in root: Int32, named name: String, made: FolderSet, touched: FolderSet? = nil) throws {
        try made.folders.withLock { made in
            var pending: [String] = []
            var folder = folder
            while !made.contains(folder) {
                pending.append(folder)
                folder = parentFolder(of: folder)
            }
            for f in pending.reversed() {
                if mkdirat(root, f, 0o755) != 0 {
                    guard errno == EEXIST else { throw FileError(path: name + "/" + f, reason: String(cString: strerror(errno))) }
                    // Something else is there (in a standby being brought up to date): only a folder may stay.
                    var info = stat()
                    if fstatat(root, f, &info, AT_SYMLINK_NOFOLLOW) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
                        removeEntry(f, in: root)
                        if mkdirat(root, f, 0o755) != 0 { throw FileError(path: name + "/" + f, reason: String(cString: strerror(errno))) }
                    }
                }
                made.insert(f)
                touched?.insert(f)
                touched?.insert(parentFolder(of: f))
            }
        }
    }

    /// The folders made so far in a site being written.
    final class FolderSet: Sendable {
        let folders: Mutex<Set<String>>
        init(_ known: Set<String> = [""]) { folders = Mutex(known) }
        var all: [String] { folders.withLock { Array($0) } }
        func insert(_ folder: String) { _ = folders.withLock { $0.insert(folder) } }
    }

    /// Makes the finished folder `temp` the output. The previous site is moved
    /// to `keep` when given (true: it was; `keep` may be `temp` itself, a
    /// standby brought up to date in place), else removed.
    @discardableResult
    static func swapIn(_ temp: String, as output: String, parent: String, name: String, removeOldInBackground: Bool,
                       keep: String? = nil) throws -> Bool {
        let fm = FileManager.default
        let pid = getpid()
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                if keep != temp { removeTree(temp) }
                throw FileError(path: output, reason: "exists and is not a folder; not replacing it")
            }
            if exchange(temp, output) {
                // `temp` now holds the previous site.
                if let keep, keep == temp || rename(temp, keep) == 0 { return true }
                let old = "\(parent)/.\(name).old-\(pid)"
                if removeOldInBackground, rename(temp, old) == 0, spawnRemoval(old) {
                    return false
                }
                removeTree(FileManager.default.fileExists(atPath: old) ? old : temp)
            } else {
                // No atomic exchange on this system: two renames, a moment apart.
                let old = "\(parent)/.\(name).old-\(pid)"
                try fm.moveItem(atPath: output, toPath: old)
                try fm.moveItem(atPath: temp, toPath: output)
                removeTree(old)
            }
        } else {
            try fm.moveItem(atPath: temp, toPath: output)
        }
        return false
    }

    /// Checks that a relative output path stays inside the output folder: no
    /// empty, `.` or `..` component, none over 255 bytes, no leading `/`, no
    /// backslash or NUL. One pass over the bytes (it runs for every file of
    /// the site, 81k on the corpus).
    static func isContained(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var start = 0
            for i in 0...bytes.count {
                let end = i == bytes.count
                if !end {
                    let b = bytes[i]
                    if b == UInt8(ascii: "\\") || b == 0 { return false }
                    if b != UInt8(ascii: "/") { continue }
                }
                let length = i - start
                if length == 0 || length > 255 { return false }
                if bytes[start] == UInt8(ascii: "."), length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: ".")) { return false }
                start = i + 1
            }
            return true
        }
    }

    /// Starts `rm -rf -- path` without waiting for it.
    static func spawnRemoval(_ path: String) -> Bool {
        var pid: pid_t = 0
        let args = ["rm", "-rf", "--", path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        return posix_spawnp(&pid, "rm", nil, nil, &argv, environ) == 0
    }

    /// Removes a folder and everything in it, with `unlinkat` (FileManager's
    /// removal is several times slower for a site of thousands of pages).
    static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            unlink(path)
            return
        }
        removeContents(of: fd)
        close(fd)
        rmdir(path)
    }

    /// Removes whatever is at `path` relative to the folder open as `root`: a
    /// file or link, or a folder with everything in it.
    static func removeEntry(_ path: String, in root: Int32) {
        if unlinkat(root, path, 0) == 0 || errno == ENOENT { return }
        if unlinkat(root, path, AT_REMOVEDIR) == 0 || errno == ENOENT { return }
        let fd = openat(root, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        removeContents(of: fd)
        close(fd)
        unlinkat(root, path, AT_REMOVEDIR)
    }

    static func removeContents(of fd: Int32) {
        for (name, kind) in FolderListing.entries(of: fd) {
            if kind == .folder {
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
                if child >= 0 {
                    removeContents(of: child)
                    close(child)
                }
                unlinkat(fd, name, AT_REMOVEDIR)
            } else {
                unlinkat(fd, name, 0)
            }
        }
    }

    /// The output folder's own name (`site/public` → `public`).
    static func baseName(of output: String) -> String {
        output.split(separator: "/").last.map(String.init) ?? output
    }

    /// `a/b/c.html` → `a/b`; `c.html` → "".
    /// (On the UTF-8 view: a `/` is one byte, and a site build asks this of 81k paths.)
    static func parentFolder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Writes with plain `open`/`write`: no `fsync` per file, which made
    /// `Data.write(to:)` eight times slower for thousands of pages. Returns
    /// the file's identity as written.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws -> FileStamp {
        try write(bytes, to: path, in: AT_FDCWD, named: nil)
    }

    /// The same, to a path relative to the folder open as `root` (`name` in errors).
    /// `fresh`: the file must not exist yet (a file of the standby may be a
    /// link to the output's, which must never be written through).
    static func write(_ bytes: [UInt8], to relative: String, in root: Int32, named name: String?, fresh: Bool = false) throws -> FileStamp {
        let path = name.map { $0 + "/" + relative } ?? relative
        let fd = openat(root, relative, O_WRONLY | O_CREAT | (fresh ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard append(bytes, to: fd) else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
        return FileStamp(info)
    }

    /// Swaps two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`).
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    /// Whether a leftover named with this process id belongs to another build
    /// that is still running (so it must be left alone).
    static func isOfRunningBuild(_ pidText: Substring) -> Bool {
        guard let pid = Int32(pidText) else { return false }
        return pid != getpid() && kill(pid, 0) == 0
    }

    /// Removes temporary folders of earlier builds that were killed.
    static func removeLeftovers(in parent: String, of name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(".\(name).tmp-") || entry.hasPrefix(".\(name).old-") {
            if isOfRunningBuild(entry.split(separator: "-").last ?? "") { continue }
            removeTree(parent + "/" + entry)
        }
    }
}
