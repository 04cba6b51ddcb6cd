import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The files of the last site a build swapped in, each with the key it was
/// made from (`PageKey` for pages, a hash of the bytes for other files) and
/// the identity the file had when written: `.wikisite-cache/<output>.pages`.
///
/// The next build takes a file from that site, by a hard link, instead of
/// making it again, when the key is the same and the file in the output is
/// still that very file (same inode, size and time: not replaced, not
/// edited in place). A table written by another binary, or damaged, is not
/// used.
///
/// It also holds each folder's identity as the build left it (inode and
/// time): a folder whose time is unchanged holds the same names, so a build
/// that brings the site before last up to date in place (`SiteWriter`'s
/// standby) lists only the folders someone changed since.
public struct PageTable: Sendable {
    public struct Entry: Sendable, Equatable {
        var path: String
        var key: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
    }

    /// A folder of the site (not its top), as the build left it.
    public struct Folder: Sendable, Equatable {
        var inode: UInt64
        var modified: Int64
    }

    static let header = Array("wikisite-pages 2\n".utf8)
    var entries = PathMap<Entry>()
    var folders: [String: Folder] = [:]
    /// For each entry (in `entries`' order), whether the file was still as
    /// recorded (inode, size, time) when the table was read ahead with the
    /// folder it describes (`readAhead(_:key:checking:)`); empty when it was not.
    var checked: [Bool] = []
    /// Each of `folders` as it was in the same folder then (`stamps`); nil
    /// when it was not looked up.
    var foldersThen: [String: Folder]?

    /// Whether the file at `path` was as recorded when the table was read
    /// ahead; nil when it was not checked then, or the table does not name it.
    func wasIntact(_ path: String) -> (entry: Entry, intact: Bool?)? {
        guard let i = entries.index(of: path) else { return nil }
        return (entries.values[i], checked.isEmpty ? nil : checked[i])
    }

    /// Where the table of a build into `output` lives.
    public static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".pages"
    }

    static func read(for output: String, io: FileIO) -> PageTable? {
        let path = path(for: output)
        guard let key = ArticleCache.key(io: io), io.stamp(path) != nil, let bytes = try? io.read(path) else { return nil }
        return decode(bytes, key: key)
    }

    /// Tables being read ahead (`readAhead`), by path.
    private static let ahead = Mutex<[String: (key: String, read: Background<(stamp: FileStamp, table: PageTable)?>)]>([:])

    /// Starts reading and decoding the table at `path` on another core (a
    /// rebuild's standby table, 6 MB on the corpus, while the articles load),
    /// then looking up each of its files in `folder` (`checked`): 80k `lstat`s
    /// on the corpus, a tenth of a one-article rebuild's CPU, done while the
    /// stages before Render leave a core idle instead of while Render asks.
    static func readAhead(_ path: String, key: String, checking folder: String? = nil) {
        let read = Background { () -> (stamp: FileStamp, table: PageTable)? in
            guard let stamp = DiskReader.stamp(path), let bytes = try? DiskReader.read(path: path), DiskReader.stamp(path) == stamp,
                  var table = decode(bytes, key: key) else { return nil }
            if let folder {
                let entries = table.entries.values, folders = Array(table.folders.keys)
                (table.checked, table.foldersThen) = IdleThread.run { check(entries, folders: folders, in: folder) }
            }
            return (stamp, table)
        }
        ahead.withLock { $0[path] = (key, read) }
    }

    /// Whether each file is still as `entries` records it in `folder`
    /// (`Entry.isIntact`), and each of `folders` as it is there now.
    static func check(_ entries: [Entry], folders: [String], in folder: String) -> ([Bool], [String: Folder]?) {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard root >= 0 else { return ([], nil) }
        defer { close(root) }
        return (entries.map { $0.isIntact(in: root) }, stamps(of: folders, in: root))
    }

    /// Each of `folders` (paths below `root`, open as that descriptor) that is a folder there, as it is now.
    static func stamps(of folders: [String], in root: Int32) -> [String: Folder] {
        let stamps = folders.parallelMap(chunk: 512) { folder -> (String, Folder)? in
            guard !folder.isEmpty, let stamp = linkStamp(folder, in: root, kind: S_IFDIR) else { return nil }
            return (folder, Folder(inode: stamp.inode, modified: stamp.modified))
        }
        return Dictionary(stamps.compactMap { $0 }, uniquingKeysWith: { a, _ in a })
    }

    /// The table at `path` as `readAhead` read it, if the file is still the
    /// one it read (same inode, size and time: a build that changed it since
    /// removed it or wrote a new one); else read now. Nil when there is none
    /// or it does not decode.
    static func read(_ path: String, key: String) -> PageTable? {
        if let started = ahead.withLock({ $0.removeValue(forKey: path) }), started.key == key,
           let (stamp, table) = started.read.value, DiskReader.stamp(path) == stamp {
            return table
        }
        return (try? DiskReader.read(path: path)).flatMap { decode($0, key: key) }
    }

    static func decode(_ bytes: [UInt8], key: String) -> PageTable? {
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var end = ByteReader(bytes[(bytes.count - 8)...])
        guard let hash = try? end.word(), hash == FNV1a.hashWords(body) else { return nil }
        var r = ByteReader(body[header.count...])
        var table = PageTable()
        do {
            guard try r.string() == key else { return nil }
            let folders = try r.int()
            // Sized once: growing tables of 40k folders and 80k files rehashed them several times.
            table.folders.reserveCapacity(max(0, min(folders, body.count / 10)))
            table.entries = PathMap(capacity: body.count / 64)
            for _ in 0..<folders {
                let path = try r.string()
                table.folders[path] = Folder(inode: try r.word(), modified: Int64(try r.int()))
            }
            while !r.isAtEnd {
                let entry = Entry(path: try r.string(), key: try r.word(), inode: try r.word(),
                                  size: Int64(try r.int()), modified: Int64(try r.int()))
                table.entries[entry.path] = entry
            }
        } catch {
            return nil
        }
        return table
    }

    static func encoded(_ entries: [Entry], folders: [String: Folder] = [:], key: String) -> [UInt8] {
        var w = ByteWriter(bytes: header)
        w.string(key)
        // In no particular order: the table is read into dictionaries.
        w.int(folders.count)
        for (path, f) in folders {
            w.string(path)
            w.word(f.inode)
            w.int(Int(f.modified))
        }
        for e in entries {
            w.string(e.path)
            w.word(e.key)
            w.word(e.inode)
            w.int(Int(e.size))
            w.int(Int(e.modified))
        }
        w.word(FNV1a.hashWords(w.bytes))
        return w.bytes
    }
}

extension PageTable.Entry {
    /// Whether the entry's path, relative to the folder open as `root`, is
    /// still the file it records: same inode, size and time (not replaced, not
    /// edited in place, not a link to elsewhere: `lstat` does not follow one).
    func isIntact(in root: Int32) -> Bool {
        guard root >= 0, let now = PageTable.linkStamp(path, in: root, kind: S_IFREG) else { return false }
        return now.inode == inode && now.size == size && now.modified == modified
    }
}

extension PageTable {
    /// The identity of `path` below the folder open as `root` when it is of
    /// `kind` (`S_IFREG`, `S_IFDIR`); `lstat`: a symbolic link is not followed.
    static func linkStamp(_ path: String, in root: Int32, kind: mode_t) -> FileStamp? {
        var info = stat()
        guard fstatat(root, path, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == kind else { return nil }
        return FileStamp(info)
    }
}
