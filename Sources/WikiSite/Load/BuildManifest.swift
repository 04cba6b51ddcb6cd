import Foundation

/// What a finished build was made from, kept beside its output in
/// `.wikisite-cache/<output name>.manifest`: the generator and the options,
/// every input and theme file (path, size, time, content hash), the output
/// folder it swapped in, and the warnings it printed.
///
/// A build whose manifest matches what is on disk now leaves the site as it
/// is (the same bytes a clean build would write, because every byte of the
/// output is a function of exactly these). A file whose size or time changed
/// is hashed again, so a `touch` alone rebuilds nothing. A manifest that is
/// damaged, from another format version or written by another binary is
/// ignored, never trusted: a full build follows.
public struct BuildManifest: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var path: String
        var size: Int64
        var modified: Int64
        var hash: UInt64
    }

    static let header = "wikisite-manifest 2"
    /// The generator and every option the output depends on.
    var key: String
    /// When the files were stamped; a file changed within two seconds of it
    /// is hashed again next time (its time alone cannot prove it unchanged).
    var scanned: Int64
    var output: FileStamp?
    var files: [Entry]
    var warnings: [Diagnostic]
    var articles: Int
    var pages: Int
    var filesWritten: Int

    /// Where the manifest of a build into `output` lives.
    public static func path(for output: String) -> String {
        var output = output
        while output.count > 1 && output.hasSuffix("/") { output.removeLast() }
        let slash = output.lastIndex(of: "/")
        let parent = slash.map { output[..<$0].isEmpty ? "/" : String(output[..<$0]) } ?? "."
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        return (parent == "/" ? "" : parent) + "/.wikisite-cache/" + name + ".manifest"
    }

    /// Each input file's content hash, by the path diagnostics name it by.
    var inputHashes: [String: UInt64] {
        var hashes: [String: UInt64] = [:]
        for entry in files where entry.path.hasPrefix("input:") { hashes[String(entry.path.dropFirst(6))] = entry.hash }
        return hashes
    }

    /// Whether a build with `current`'s inputs may leave the output as this
    /// manifest's build wrote it.
    func allowsSkipping(_ current: BuildManifest) -> Bool {
        guard key == current.key, let output, output == current.output, files.count == current.files.count else { return false }
        for (a, b) in zip(files, current.files) where a.path != b.path || a.size != b.size || a.hash != b.hash { return false }
        return true
    }
}

extension BuildManifest {
    /// Stamps every input and theme file and hashes those `previous` cannot
    /// vouch for (new, changed size or time, or changed too near its scan).
    static func scan(_ options: BuildOptions, key: String, previous: BuildManifest?, io: FileIO) -> BuildManifest? {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        var paths: [String] = []
        for (root, prefix) in [(options.input, "input:")] + (options.templates.map { [($0, "theme:")] } ?? []) {
            guard let listed = try? io.listFiles(root) else { if root == options.input { return nil } else { continue } }
            let folder = root.hasSuffix("/") ? root : root + "/"
            paths += listed.sorted().map { prefix + folder + $0 }
        }
        var trusted: [String: Entry] = [:]
        if let previous {
            for entry in previous.files where entry.modified < previous.scanned - 2_000_000_000 { trusted[entry.path] = entry }
        }
        let known = trusted
        let entries = paths.parallelMap(chunk: 64) { tagged -> Entry? in
            let path = String(tagged.drop(while: { $0 != ":" }).dropFirst())
            guard let stamp = io.stamp(path) else { return nil }
            if let old = known[tagged], old.size == stamp.size, old.modified == stamp.modified { return old }
            guard let bytes = try? io.read(path) else { return nil }
            return Entry(path: tagged, size: stamp.size, modified: stamp.modified, hash: FNV1a.hashWords(bytes))
        }
        guard !entries.contains(where: { $0 == nil }) else { return nil }  // unreadable now: let the build say so
        return BuildManifest(key: key, scanned: now, output: io.stamp(options.output), files: entries.map { $0! },
                             warnings: [], articles: 0, pages: 0, filesWritten: 0)
    }

    /// The generator (this binary, by its stamp: the built-in theme is part of
    /// it) and the options that shape the output.
    static func key(_ options: BuildOptions, io: FileIO) -> String? {
        guard let binary = io.stamp("/proc/self/exe") else { return nil }
        let absolute = { (path: String) in path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path }
        return [header, "\(binary.device):\(binary.inode):\(binary.size):\(binary.modified)",
                absolute(options.input), options.templates.map(absolute) ?? "(built-in theme)", options.siteName, options.baseURL ?? "", options.dedup ? "dedup" : "no-dedup"]
            .map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\t")
    }
}

// MARK: - The file

extension BuildManifest {
    /// Lines of tab-separated fields; the last line is the FNV-1a hash of the
    /// ones before it, so a torn or edited file is caught.
    func encoded() -> [UInt8] {
        func clean(_ s: String) -> String {
            // Paths almost never hold these; looking first spares 17k Foundation searches a build.
            guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
            return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        }
        var text = Self.header + "\n" + "key\t" + key + "\n" + "scanned\t\(scanned)\n"
        text += "counts\t\(articles)\t\(pages)\t\(filesWritten)\n"
        if let output { text += "output\t\(output.device)\t\(output.inode)\t\(output.size)\t\(output.modified)\n" }
        for f in files { text += "file\t\(f.size)\t\(f.modified)\t\(String(f.hash, radix: 16))\t\(clean(f.path))\n" }
        for w in warnings {
            text += "warning\t\(w.severity.rawValue)\t\(w.line)\t\(w.column)\t\(clean(w.code))\t\(clean(w.path))\t\(clean(w.message))\n"
        }
        return Array((text + "end\t" + String(FNV1a.hash(text), radix: 16) + "\n").utf8)
    }

    static func decode(_ bytes: [UInt8]) -> BuildManifest? {
        // Read as bytes: fields are split at tabs and lines at newlines, and
        // only paths, keys and messages become strings (17k files, each a line).
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        let head = Array((header + "\n").utf8), endMark = Array("\nend\t".utf8)
        guard bytes.starts(with: head), bytes.last == newline,
              let endLine = lastRange(of: endMark, in: bytes[..<(bytes.count - 1)]) else { return nil }
        let body = bytes[..<(endLine + 1)]  // through the newline before "end"
        var hash = FNV1a.offsetBasis
        for b in body { hash = FNV1a.step(hash, b) }
        guard String(decoding: bytes[(endLine + endMark.count)..<(bytes.count - 1)], as: UTF8.self) == String(hash, radix: 16) else { return nil }
        func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
        func number<T: FixedWidthInteger>(_ field: ArraySlice<UInt8>, radix: Int = 10) -> T? { T(text(field), radix: radix) }
        var manifest = BuildManifest(key: "", scanned: 0, output: nil, files: [], warnings: [], articles: 0, pages: 0, filesWritten: 0)
        for line in body[head.count...].split(separator: newline) {
            let f = line.split(separator: tab, omittingEmptySubsequences: false)
            switch text(f[0]) {
            case "key": manifest.key = text(line.dropFirst(f[0].count + 1))
            case "scanned": manifest.scanned = f.count > 1 ? number(f[1]) ?? 0 : 0
            case "counts" where f.count == 4:
                manifest.articles = number(f[1]) ?? 0
                manifest.pages = number(f[2]) ?? 0
                manifest.filesWritten = number(f[3]) ?? 0
            case "output" where f.count == 5:
                guard let d: UInt64 = number(f[1]), let i: UInt64 = number(f[2]), let s: Int64 = number(f[3]), let m: Int64 = number(f[4]) else { return nil }
                manifest.output = FileStamp(device: d, inode: i, size: s, modified: m)
            case "file" where f.count == 5:
                guard let s: Int64 = number(f[1]), let m: Int64 = number(f[2]), let h: UInt64 = number(f[3], radix: 16) else { return nil }
                manifest.files.append(Entry(path: text(f[4]), size: s, modified: m, hash: h))
            case "warning" where f.count == 7:
                guard let severity = Diagnostic.Severity(rawValue: text(f[1])), let l: Int = number(f[2]), let c: Int = number(f[3]) else { return nil }
                manifest.warnings.append(Diagnostic(severity, path: text(f[5]), line: l, column: c, code: text(f[4]), message: text(f[6])))
            default: return nil
            }
        }
        return manifest
    }

    /// Where the last occurrence of `mark` in `bytes` starts.
    private static func lastRange(of mark: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.endIndex - mark.count
        while i >= bytes.startIndex {
            if bytes[i] == mark[0] && bytes[i..<(i + mark.count)].elementsEqual(mark) { return i }
            i -= 1
        }
        return nil
    }
}

// MARK: - Before and after a build

/// What the cache says before a build: skip it (the site on disk is what
/// this build would write), or build and record `scan` afterwards.
enum CacheCheck {
    case upToDate(BuildManifest)
    case build(scan: BuildManifest?, note: Diagnostic?)

    static func run(_ options: BuildOptions, io: FileIO) -> CacheCheck {
        guard options.cache, let key = BuildManifest.key(options, io: io) else { return .build(scan: nil, note: nil) }
        let path = BuildManifest.path(for: options.output)
        var previous: BuildManifest?
        var note: Diagnostic?
        if io.stamp(path) != nil {
            if let bytes = try? io.read(path), let decoded = BuildManifest.decode(bytes) {
                previous = decoded
            } else {
                note = Diagnostic(.note, path: path, code: "cache.ignored", message: "the build cache is damaged or from another version; building everything")
            }
        }
        let scan = BuildManifest.scan(options, key: key, previous: previous?.key == key ? previous : nil, io: io)
        if let previous, let scan, options.dedupReportPath == nil, options.dedupCandidatesPath == nil, previous.allowsSkipping(scan) {
            var current = scan
            (current.warnings, current.articles, current.pages, current.filesWritten) =
                (previous.warnings, previous.articles, previous.pages, previous.filesWritten)
            return .upToDate(current)
        }
        return .build(scan: scan, note: note)
    }
}
