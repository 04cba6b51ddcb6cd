import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Records what Load, Parse and Sanitize made of each article for the next
/// build (`ArticleCache`), batch by batch as the articles are made, so the
/// whole cache (hundreds of MB) is never in memory at once.
///
/// Articles the cache already holds are not written again: the ones made now
/// are appended to the file, which is rewritten whole (in a temporary file,
/// then renamed) only when there is none yet or its old copies would
/// outnumber the current articles. A cache that cannot be written only costs
/// the next build its reuse.
///
/// Workers call `wants` and `record`, which only read what `init` set;
/// `add` and `finish` are called from one thread, between batches.
final class ArticleCacheWriter: @unchecked Sendable {
    let key: String
    /// Appending the articles made now, rather than writing every article.
    let appending: Bool
    let fallbackChannel: String
    private let path: String
    private let written: String
    private let fd: Int32
    private var ok = true

    /// A writer when the build may cache and has something new to record.
    init?(input: LoadedInput, options: BuildOptions, io: FileIO) {
        let cached = input.cached
        // Records name texts in the store, so there is no cache without one.
        guard options.cache, let store = input.store, let key = ArticleCache.key(io: io), !cached.isEmpty,
              cached.allSatisfy({ $0.hash != nil }) else { return nil }
        let made = cached.filter { $0.record == nil }.count
        guard made > 0 else { return nil }
        self.key = key
        fallbackChannel = input.fallbackChannel
        path = ArticleCache.path(for: options.output)
        appending = input.cacheFileRecords > 0 && input.cacheFileRecords + made <= 2 * cached.count
        written = appending ? path : path + ".tmp-\(getpid())"
        if !appending {
            let folder = SiteWriter.parentFolder(of: path)
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Temporary files of builds killed while writing theirs.
            let name = String(path.dropFirst(folder.count + 1)) + ".tmp-"
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(name) {
                if SiteWriter.isOfRunningBuild(entry.dropFirst(name.count)) { continue }
                unlink(folder + "/" + entry)
            }
        }
        fd = Glibc.open(written, appending ? O_WRONLY | O_APPEND | O_CLOEXEC : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        if !appending { ok = SiteWriter.append(ArticleCache.encodedHeader(key: key, generation: store.generation), to: fd) }
    }

    /// Whether this source's record is to be written: every one when the file
    /// is written whole, else only the ones made now.
    func wants(_ source: CachedSource) -> Bool { !appending || source.record == nil }

    /// The record of an article made now, as the file holds it: `parsed`
    /// and `body` without their search lines and HTML, which wait in the store
    /// at `html` and `lines` (and the fingerprint at `dedup`).
    func record(_ source: SourceArticle, _ cached: CachedSource, parsed: ParsedArticle, body: ArticleBody,
                html: TextSpill.Span, lines: TextSpill.Span, dedup: TextSpill.Span?, firstParagraph: String, linkHash: UInt64) -> [UInt8] {
        var parsed = parsed
        parsed.searchLines = []
        var body = body
        body.html = ""
        return ArticleCache.encoded(ArticleCache.Record(
            displayPath: source.displayPath, hash: cached.hash!, fallbackChannel: fallbackChannel,
            source: ArraySlice(SourceArticle.cachePart(source, diagnostics: cached.diagnostics)),
            parsed: ArraySlice(parsed.cachePart()), body: ArraySlice(body.cachePart()),
            html: html, lines: lines, dedup: dedup, firstParagraph: firstParagraph, linkHash: linkHash))
    }

    func add(_ records: [[UInt8]]) {
        for record in records where ok { ok = SiteWriter.append(record, to: fd) }
    }

    /// Closes the file and puts it in place (or removes what could not be written whole).
    func finish() {
        close(fd)
        if appending {
            if !ok { unlink(path) }  // a torn record would fail its hash; start over next time
        } else if !ok || rename(written, path) != 0 {
            unlink(written)
        }
    }
}
