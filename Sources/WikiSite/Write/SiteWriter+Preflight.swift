import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An output folder the build must not or cannot write: the input itself, a
/// folder inside the input or holding it, a file, or a place that cannot be
/// written. Checked before anything is read, so a mistake costs no build time.
public struct OutputError: Error, CustomStringConvertible {
    public var description: String
}

extension SiteWriter {
    /// Refuses an output the swap would make a mess of, with a message that says what to do.
    public static func checkOutput(_ output: String, input: String) throws {
        let out = resolved(output), into = resolved(input)
        if out == into {
            throw OutputError(description: "--output \(output) is the input folder; the build replaces its output whole, "
                + "which would delete the articles. Write the site to another folder (e.g. --output public)")
        }
        if out.hasPrefix(into + "/") {
            throw OutputError(description: "--output \(output) is inside the input folder \(input); the next build would read "
                + "the site as input. Write the site outside it")
        }
        if into.hasPrefix(out + "/") || out == "/" {
            throw OutputError(description: "--output \(output) holds the input folder \(input); the build replaces its output "
                + "whole, which would delete the articles. Write the site to a folder of its own")
        }
        var info = stat()
        if stat(out, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR {
            throw OutputError(description: "--output \(output) is a file, not a folder; the site is a folder of pages. "
                + "Choose another path, or remove the file")
        }
        // The build writes a fresh folder beside the output and renames it in:
        // try that where the output's nearest existing folder is.
        var parent = out
        repeat {
            parent = parentFolder(of: parent)
            if parent.isEmpty { parent = "/" }
        } while parent != "/" && stat(parent, &info) != 0
        if (info.st_mode & S_IFMT) != S_IFDIR {
            throw OutputError(description: "--output \(output) cannot be written: \(parent) is a file, not a folder")
        }
        let probe = parent + (parent.hasSuffix("/") ? "" : "/") + ".wikisite-probe-\(getpid())"
        if mkdir(probe, 0o700) != 0 {
            let reason = errno == ENOENT ? "folders cannot be made there" : String(cString: strerror(errno))
            throw OutputError(description: "--output \(output) cannot be written: \(reason) (in \(parent))")
        }
        rmdir(probe)
    }

    /// An absolute path with symbolic links, `.` and `..` resolved as far as
    /// the path exists, and the rest appended as written.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts = absolute.split(separator: "/").map(String.init)
        var tail: [String] = []
        while !parts.isEmpty {
            let prefix = "/" + parts.joined(separator: "/")
            if let real = realpath(prefix, nil) {
                defer { free(real) }
                parts = String(cString: real).split(separator: "/").map(String.init)
                break
            }
            tail.insert(parts.removeLast(), at: 0)
        }
        var result: [String] = parts
        for part in tail {
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !result.isEmpty { result.removeLast() } } else { result.append(part) }
        }
        return "/" + result.joined(separator: "/")
    }
}
