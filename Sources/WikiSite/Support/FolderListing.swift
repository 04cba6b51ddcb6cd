#if canImport(Glibc)
import Glibc
#endif

/// A folder's names read through its descriptor, for the stages that walk
/// folders: Load lists the input, Write clears and removes parts of a site.
enum FolderListing {
    /// What a folder entry is, as `lstat` would say: a link is neither a
    /// file nor a folder.
    enum EntryKind { case file, folder, other }

    /// The names in the folder open as `fd` (without `.` and `..`), and what
    /// each is: the kind the folder's listing gives, or `fstatat`'s on a file
    /// system whose listing does not say.
    static func entries(of fd: Int32) -> [(name: String, kind: EntryKind)] {
        guard let dir = fdopendir(dup(fd)) else { return [] }
        defer { closedir(dir) }
        var names: [(name: String, kind: EntryKind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: EntryKind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_REG): kind = .file
            case Int32(DT_UNKNOWN):
                var info = stat()
                let mode = fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? info.st_mode & S_IFMT : 0
                kind = mode == S_IFDIR ? .folder : mode == S_IFREG ? .file : .other
            default: kind = .other
            }
            names.append((name, kind))
        }
        return names
    }
}
