import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension SiteWriter {
    /// The site about to replace the output folder, open for Render and
    /// Search to add their files to.
    /// Files the site now in the output holds unchanged are taken from it
    /// (`PageTable`), when the build may use its cache.
    static func start(_ options: BuildOptions, previous: PageTable?, io: FileIO) throws -> SiteOutput {
        let table = options.cache ? ArticleCache.key(io: io).map { (PageTable.path(for: options.output), $0) } : nil
        return try io.stage(options.output, table == nil ? nil : previous, table)
    }

    /// Write: the site into its output folder in one swap, and the dedup
    /// report and measured candidates where the build was asked to put them.
    static func write(_ site: SiteOutput, merges: Merges, options: BuildOptions, io: FileIO) throws {
        try site.commit()
        if let path = options.dedupReportPath { try io.writeFile(path, Array(merges.report.utf8)) }
        if let path = options.dedupCandidatesPath { try io.writeFile(path, Array(merges.candidates.utf8)) }
    }

    /// Records what the build just written was made from, for the next build
    /// (`BuildManifest`). A manifest that cannot be written only costs the
    /// next build its shortcut, so it is left out quietly.
    static func recordManifest(_ scan: BuildManifest, report: BuildReport, options: BuildOptions, io: FileIO) {
        var manifest = scan
        manifest.output = io.stamp(options.output)
        manifest.warnings = report.diagnostics.filter { $0.severity >= .warning }
        (manifest.articles, manifest.pages, manifest.filesWritten) = (report.articles, report.pagesWritten, report.filesWritten)
        let path = BuildManifest.path(for: options.output)
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try? io.writeFile(path, manifest.encoded())
    }

    /// Records what Load, Parse and Sanitize made of each article for the next
    /// build (`ArticleCache`). Articles the cache already holds are not
    /// written again: the ones made now are appended to the file, which is
    /// rewritten whole (in a temporary file, then renamed) only when there is
    /// none yet or its old copies would outnumber the current articles. A
    /// cache that cannot be written only costs the next build its reuse.
    static func recordArticles(sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>,
                               bodies: IDArray<SourceID, ArticleBody>, input: LoadedInput, options: BuildOptions, io: FileIO) {
        let cached = input.cached
        guard options.cache, let key = ArticleCache.key(io: io), cached.count == sources.count,
              cached.allSatisfy({ $0.hash != nil }) else { return }
        let made = sources.ids.filter { cached[$0].record == nil }
        if made.isEmpty { return }
        let path = ArticleCache.path(for: options.output)
        let appending = input.cacheFileRecords > 0 && input.cacheFileRecords + made.count <= 2 * sources.count
        let written = appending ? path : path + ".tmp-\(getpid())"
        if !appending {
            let folder = parentFolder(of: path)
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Temporary files of builds killed while writing theirs.
            let name = String(path.dropFirst(folder.count + 1)) + ".tmp-"
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(name) {
                if let pid = Int32(entry.dropFirst(name.count)), pid != getpid(), kill(pid, 0) == 0 { continue }
                unlink(folder + "/" + entry)
            }
        }
        let fd = Glibc.open(written, appending ? O_WRONLY | O_APPEND | O_CLOEXEC : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var ok = appending || append(ArticleCache.encodedHeader(key: key), to: fd)
        // In batches, so the whole cache (hundreds of MB) is never in memory at once.
        let ids = appending ? made : sources.ids
        var start = 0
        while ok && start < ids.count {
            let batch = Array(ids[start..<min(start + 1024, ids.count)])
            start += batch.count
            let records = batch.parallelMap(chunk: 16) { s -> [UInt8] in
                let record = cached[s].record ?? ArticleCache.Record(
                    displayPath: sources[s].displayPath, hash: cached[s].hash!, fallbackChannel: input.fallbackChannel,
                    source: ArraySlice(SourceArticle.cachePart(sources[s], diagnostics: cached[s].diagnostics)),
                    parsed: ArraySlice(parsed[s].cachePart()), body: ArraySlice(bodies[s].cachePart()))
                return ArticleCache.encoded(record)
            }
            for record in records where ok { ok = append(record, to: fd) }
        }
        close(fd)
        if appending {
            if !ok { unlink(path) }  // a torn record would fail its hash; start over next time
        } else if !ok || rename(written, path) != 0 {
            unlink(written)
        }
    }

    private static func append(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// One whole file, created or replaced.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw FileError(path: path, reason: "cannot be written")
        }
    }
}
