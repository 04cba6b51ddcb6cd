import Foundation

/// Writes the built-in theme out (`wikisite theme export`), byte for byte,
/// so that building with `--templates` on it gives the same site.
public enum ThemeExporter {
    /// - Returns: how many files were written.
    public static func export(to folder: String, replacing: Bool) throws -> Int {
        let files = ThemeLoader.builtInFiles
        var info = stat()
        if stat(folder, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR {
            throw FileError(path: folder, reason: "a file, not a folder")
        }
        if !replacing {
            let existing = files.map(\.path).filter { FileManager.default.fileExists(atPath: folder + "/" + $0) }
            if !existing.isEmpty {
                throw FileError(path: folder, reason: "already holds \(existing.prefix(3).joined(separator: ", "))"
                    + (existing.count > 3 ? " and \(existing.count - 3) more" : "") + "; pass --force to replace them")
            }
        }
        for file in files {
            let path = folder + "/" + file.path
            do {
                try FileManager.default.createDirectory(atPath: parentFolder(of: path), withIntermediateDirectories: true)
            } catch {
                throw FileError(path: parentFolder(of: path), reason: "cannot be created")
            }
            try SiteWriter.writeFile(path, file.bytes)
        }
        return files.count
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
