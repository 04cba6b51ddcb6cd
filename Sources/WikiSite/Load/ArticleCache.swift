/// What Load, Parse and Sanitize made of each article file in the last build,
/// kept beside the build manifest in `.wikisite-cache/<output>.articles`, so a
/// rebuild reads, parses and sanitises only the files whose content changed.
///
/// A record is used only when its file's path and content hash (from the
/// manifest's scan) and the folder's fallback channel name are what they were,
/// and the whole cache only when it was written by this very binary (its
/// stamp: another build of the generator may parse differently). Each record
/// carries a hash of its bytes; a file that is truncated, damaged or from
/// another binary is ignored whole and everything is built again.
///
/// The stages decode their own parts: Load the article and its load
/// diagnostics, Parse the parsed article, Sanitize the body.
public struct ArticleCache: Sendable {
    /// One article file's products, as the bytes each stage decodes.
    public struct Record: Sendable {
        var displayPath: String
        var hash: UInt64
        var fallbackChannel: String
        /// `SourceArticle` and the file's load diagnostics.
        var source: ArraySlice<UInt8>
        var parsed: ArraySlice<UInt8>
        var body: ArraySlice<UInt8>
        /// Dedup's fingerprint of the article (`Deduplicator.fingerprint`);
        /// empty when the build that made it had dedup turned off.
        var dedup: ArraySlice<UInt8>
        /// What Link reads of the article, hashed (`LinkCache.articleHash`).
        var linkHash: UInt64
    }

    static let header = Array("wikisite-articles 3\n".utf8)
    /// The newest record of each file.
    var records: [String: Record] = [:]
    /// Records in the file, older copies included: a rebuild appends the
    /// articles it made, and rewrites the file only when old copies would
    /// outnumber current ones.
    var fileRecords = 0

    /// Where the cache of a build into `output` lives.
    public static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".articles"
    }

    /// The binary that writes and may read the cache.
    static func key(io: FileIO) -> String? {
        io.stamp("/proc/self/exe").map { "\(header.count):\($0.device):\($0.inode):\($0.size):\($0.modified)" }
    }

    /// The cache a build into `output` left, when this binary wrote it and it
    /// reads back whole; a note when one is there but cannot be trusted.
    static func read(for output: String, io: FileIO) -> (cache: ArticleCache?, note: Diagnostic?) {
        let path = path(for: output)
        guard let key = key(io: io), io.stamp(path) != nil, let bytes = try? io.read(path) else { return (nil, nil) }
        if let cache = decode(bytes, key: key) { return (cache, nil) }
        return (nil, Diagnostic(.note, path: path, code: "cache.ignored",
                                message: "the article cache is damaged or from another build of wikisite; every article is parsed again"))
    }

    static func decode(_ bytes: [UInt8], key: String) -> ArticleCache? {
        guard bytes.starts(with: header) else { return nil }
        var r = ByteReader(bytes[header.count...])
        // The records' bounds first (one pass over their lengths), then each
        // record checked and read on every core.
        var payloads: [(payload: ArraySlice<UInt8>, hash: UInt64)] = []
        do {
            guard try r.string() == key else { return nil }
            while !r.isAtEnd { payloads.append((try r.blob(), try r.word())) }
        } catch {
            return nil
        }
        let records = payloads.parallelMap(chunk: 64) { item -> Record? in
            guard FNV1a.hashWords(item.payload) == item.hash else { return nil }
            var p = ByteReader(item.payload)
            guard let record = try? Record(displayPath: p.string(), hash: p.word(), fallbackChannel: p.string(),
                                           source: p.blob(), parsed: p.blob(), body: p.blob(), dedup: p.blob(), linkHash: p.word()), p.isAtEnd else { return nil }
            return record
        }
        var cache = ArticleCache()
        for record in records {
            guard let record else { return nil }
            cache.records[record.displayPath] = record  // a later copy of a file replaces an earlier one
            cache.fileRecords += 1
        }
        return cache
    }

    /// The start of a cache file, before its records.
    static func encodedHeader(key: String) -> [UInt8] {
        var w = ByteWriter(bytes: header)
        w.string(key)
        return w.bytes
    }

    /// One record as the file holds it: its bytes, then their hash.
    static func encoded(_ record: Record) -> [UInt8] {
        var p = ByteWriter()
        p.string(record.displayPath)
        p.word(record.hash)
        p.string(record.fallbackChannel)
        p.blob(record.source)
        p.blob(record.parsed)
        p.blob(record.body)
        p.blob(record.dedup)
        p.word(record.linkHash)
        var w = ByteWriter()
        w.blob(p.bytes)
        w.word(FNV1a.hashWords(p.bytes))
        return w.bytes
    }

    /// The record for a file, when the cache has one for exactly this content.
    func record(for displayPath: String, hash: UInt64, fallbackChannel: String) -> Record? {
        guard let record = records[displayPath], record.hash == hash, record.fallbackChannel == fallbackChannel else { return nil }
        return record
    }
}

extension SourceArticle {
    /// The `source` part of a cache record: the article and its load diagnostics.
    static func cachePart(_ article: SourceArticle, diagnostics: [Diagnostic]) -> [UInt8] {
        var w = ByteWriter()
        article.encode(into: &w)
        w.array(diagnostics) { $0.diagnostic($1) }
        return w.bytes
    }

    static func fromCachePart(_ bytes: ArraySlice<UInt8>) -> (article: SourceArticle, diagnostics: [Diagnostic])? {
        var r = ByteReader(bytes)
        guard let article = try? SourceArticle(from: &r),
              let diagnostics = try? r.array({ r throws(ByteReader.Truncated) in try r.diagnostic() }), r.isAtEnd else { return nil }
        return (article, diagnostics)
    }
}
