import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension SiteWriter {
    /// The site before last, kept in the build cache
    /// (`.wikisite-cache/<output>.standby`) when a build swaps a new site in,
    /// with its table (`<output>.standby.pages`).
    ///
    /// The next build brings it up to date in place: a file whose key is
    /// unchanged stays, one the output holds with the new key is linked from
    /// there, the rest are written, and files the new site lacks are removed;
    /// then the two folders are swapped, and the output that was becomes the
    /// standby. A rebuild so touches the files that changed instead of
    /// linking every file of the site into a fresh folder and removing the old
    /// one (81k files and 37k folders on the shared corpus: on a disk, most of
    /// a rebuild's time).
    ///
    /// The standby is trusted only as its table describes it: its table is
    /// removed before the first change, so a build stopped half-way leaves a
    /// standby the next build removes; each file kept must still have the
    /// inode, size and time it had, and a folder whose time changed is listed
    /// and cleared of what its table does not name. One build at a time uses
    /// it (a lock); another running at once writes a fresh folder as before.
    struct Standby: Sendable {
        let tree: String
        let tablePath: String
        /// The lock's descriptor, held until the site is committed or discarded.
        let lock: Int32
        /// The standby's table; nil when there is no standby to use (it was
        /// removed), and the previous site may become one.
        let table: PageTable?

        /// The standby's folder beside the table of the output's site at `tablePath` (`PageTable.path`).
        static func folder(beside tablePath: String) -> String { String(tablePath.dropLast(".pages".count)) + ".standby" }

        /// The standby's table beside the table of the output's site at `tablePath`.
        static func table(beside tablePath: String) -> String { folder(beside: tablePath) + ".pages" }

        /// The standby of the output whose table is at `tablePath`, locked,
        /// or nil when another build holds it or the cache folder cannot be made.
        static func claim(tablePath: String, key: String, output: String, parent: String) -> Standby? {
            let base = folder(beside: tablePath)
            let tree = base, table = Self.table(beside: tablePath)
            try? FileManager.default.createDirectory(atPath: parentFolder(of: tablePath), withIntermediateDirectories: true)
            let lock = open(base + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard lock >= 0 else { return nil }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
                close(lock)
                return nil
            }
            // Only a standby on the output's volume can be swapped with it.
            guard let here = DiskReader.stamp(parent), let cache = DiskReader.stamp(parentFolder(of: tablePath).isEmpty ? "." : parentFolder(of: tablePath)),
                  here.device == cache.device else {
                close(lock)
                return nil
            }
            var described: PageTable?
            var info = stat()
            let isFolder = lstat(tree, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            if isFolder, let decoded = PageTable.read(table, key: key) {
                described = decoded
            } else {
                // A standby no table vouches for (a build stopped while changing it): removed, in the
                // background like a replaced site (and by the next build if that is stopped too).
                unlink(table)
                let old = "\(parent)/.\(SiteWriter.baseName(of: output)).old-standby-\(getpid())"
                if lstat(tree, &info) == 0, rename(tree, old) != 0 || !spawnRemoval(old) {
                    removeTree(DiskReader.stamp(old) == nil ? tree : old)
                }
            }
            return Standby(tree: tree, tablePath: table, lock: lock, table: described)
        }
    }

    /// A site written by bringing the standby up to date in place (see `Standby`).
    static func inPlace(_ standby: Standby, last: PageTable, output final: String, name: String, previous: PageTable?,
                        table: (path: String, key: String), removeOldInBackground: Bool) throws -> SiteOutput {
        let tree = standby.tree
        let roots = Roots(new: open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW),
                          old: previous == nil ? -1 : open(final, O_RDONLY | O_DIRECTORY | O_CLOEXEC), lock: standby.lock)
        guard roots.new >= 0 else { throw FileError(path: tree, reason: String(cString: strerror(errno))) }
        // From here on the standby is being changed: no table vouches for it until the next one is recorded.
        unlink(standby.tablePath)
        let (known, missing, changed) = clear(last, in: roots.new)
        let made = FolderSet(known)
        // The folders whose names change in this build (their times with them): only these are stamped again.
        let touched = FolderSet(Set(changed))
        let entries = EntryList()
        let parent = parentFolder(of: final).isEmpty ? (final.hasPrefix("/") ? "/" : ".") : parentFolder(of: final)
        return SiteOutput(
            put: { file, key in
                guard isContained(file.path) else {
                    throw FileError(path: file.path, reason: "output path would leave the output folder")
                }
                let folder = parentFolder(of: file.path)
                try makeFolders(folder, in: roots.new, named: tree, made: made, touched: touched)
                removeEntry(file.path, in: roots.new)
                touched.insert(folder)
                let stamp = try write(file.bytes, to: file.path, in: roots.new, named: tree, fresh: true)
                if let key { entries.add(PageTable.Entry(path: file.path, key: key, inode: stamp.inode, size: stamp.size, modified: stamp.modified)) }
            },
            reuse: { path, key in
                guard isContained(path) else { return false }
                // The standby's own file, untouched since it was written (looked up when its table was read ahead, or now).
                if let (old, intact) = last.wasIntact(path), old.key == key, intact ?? old.isIntact(in: roots.new) {
                    entries.add(old)
                    return true
                }
                // Else the output's, as `stage` takes it.
                let folder = parentFolder(of: path)
                guard let old = previous?.entries[path], old.key == key, old.isIntact(in: roots.old),
                      (try? makeFolders(folder, in: roots.new, named: tree, made: made, touched: touched)) != nil else { return false }
                removeEntry(path, in: roots.new)
                touched.insert(folder)
                guard linkat(roots.old, path, roots.new, path, 0) == 0 else { return false }
                entries.add(old)
                return true
            },
            finish: {
                defer { roots.close() }
                let all = entries.all
                var present = PathMap<Bool>(capacity: all.count)
                for entry in all { present[entry.path] = true }
                // What the new site no longer has: its files, and the folders they leave empty.
                var removed: [String] = []
                for path in last.entries.keys where present[path] == nil {
                    // A file only: a folder there now is one the new site made.
                    unlinkat(roots.new, path, 0)
                    var folder = parentFolder(of: path)
                    touched.insert(folder)
                    while !folder.isEmpty, unlinkat(roots.new, folder, AT_REMOVEDIR) == 0 {
                        removed.append(folder)
                        folder = parentFolder(of: folder)
                        touched.insert(folder)
                    }
                }
                var folders = last.folders
                for folder in missing + removed { folders[folder] = nil }
                let again = touched.all.filter { !$0.isEmpty }
                let stamps = PageTable.stamps(of: again, in: roots.new)
                for folder in again { folders[folder] = stamps[folder] }
                let kept = try swapIn(tree, as: final, parent: parent, name: name, removeOldInBackground: removeOldInBackground,
                                      keep: previous == nil ? nil : tree)
                record(all, folders: folders, at: table.path, key: table.key, standby: kept ? standby : nil)
            },
            abandon: {
                // The standby is half changed and its table gone: the next build removes it.
                roots.close()
            },
            keyed: true)
    }

    /// Makes the standby open as `root` hold no more than `last` names: each
    /// folder whose identity changed since (someone added or removed
    /// something) is listed, and what `last` does not name is removed.
    /// Returns the folders that are there (which need not be made again),
    /// those of `last` that are not, and the ones that changed (the top always
    /// counts as changed: swapping it in and out changes it).
    private static func clear(_ last: PageTable, in root: Int32) -> (present: Set<String>, missing: [String], changed: [String]) {
        // As the table's read-ahead found them (on an idle core, while the articles loaded), else now.
        let now = last.foldersThen ?? PageTable.stamps(of: Array(last.folders.keys), in: root)
        var present: Set<String> = [""]
        var missing: [String] = []
        var changed = [""]
        for (folder, recorded) in last.folders.sorted(by: { $0.key.utf8.count < $1.key.utf8.count }) {  // a folder before the ones inside it
            guard let stamp = now[folder], present.contains(parentFolder(of: folder)) else {
                missing.append(folder)
                continue
            }
            present.insert(folder)
            if stamp != recorded { changed.append(folder) }
        }
        for folder in changed {
            let fd = openat(root, folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            for entry in FolderListing.entries(of: fd) {
                let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
                if last.entries[path] == nil && last.folders[path] == nil { removeEntry(path, in: root) }
            }
            close(fd)
        }
        return (present, missing, changed)
    }
}
