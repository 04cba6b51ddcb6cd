/// What Load, Parse and Sanitize made of each article file in the last build,
/// kept beside the build manifest in `.wikisite-cache/<output>.articles`, so a
/// rebuild reads, parses and sanitises only the files whose content changed.
///
/// The long texts of an article (its body's HTML, its search lines and
/// Dedup's fingerprint) are not in the record: they wait in the cache's store
/// of texts (`<output>.texts`, `TextSpill.store`), where the build that made
/// them put them for its own later stages, and the record names where. The
/// next build's stages read them from there too, so neither build copies them.
///
/// A record is used only when its file's path and content hash (from the
/// manifest's scan) and the folder's fallback channel name are what they were,
/// and the whole cache only when it was written by this very binary (its
/// stamp: another build of the generator may parse differently) and its store
/// is the one it names (the store's generation) and has room for every text it
/// names. Each record carries a hash of its bytes, and each text one of its
/// own; a cache that is truncated, damaged or from another binary is ignored
/// whole and everything is built again. A text is checked as a stage reads it
/// back: when one is damaged, the build is made again without the cache
/// (`Builder.build`), before anything is written.
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
        /// The parsed article without its search lines.
        var parsed: ArraySlice<UInt8>
        /// The body without its HTML.
        var body: ArraySlice<UInt8>
        /// The body's HTML, its search lines (`SearchLineText`) and Dedup's
        /// fingerprint (`Deduplicator.fingerprint`; nil when the build that made
        /// it had dedup turned off), in the store.
        var html: TextSpill.Span
        var lines: TextSpill.Span
        var dedup: TextSpill.Span?
        /// The first paragraph of its search lines (its description).
        var firstParagraph: String
        /// What Link reads of the article, hashed (`LinkCache.articleHash`).
        var linkHash: UInt64

        /// The texts it names in the store.
        var spans: [TextSpill.Span] { [html, lines] + (dedup.map { [$0] } ?? []) }
    }

    static let header = Array("wikisite-articles 4\n".utf8)
    /// The newest record of each file.
    var records: [String: Record] = [:]
    /// Records in the file, older copies included: a rebuild appends the
    /// articles it made, and rewrites the file only when old copies would
    /// outnumber current ones.
    var fileRecords = 0
    /// The store of texts the records name.
    var generation: UInt64 = 0
    /// Old texts a store may hold before it is started again, however few the live ones.
    static let storeSlack: Int64 = 64 << 20

    /// Where the cache of a build into `output` lives.
    public static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".articles"
    }

    /// Where its store of texts lives.
    public static func storePath(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".texts"
    }

    /// The binary that writes and may read the cache.
    static func key(io: FileIO) -> String? {
        io.stamp("/proc/self/exe").map { "\(header.count):\($0.device):\($0.inode):\($0.size):\($0.modified)" }
    }

    /// The cache a build into `output` left, when this binary wrote it and it
    /// reads back whole, with the store of texts the build puts its own in
    /// (that one, or a new one: nil when the build has none); a note when a
    /// cache is there but cannot be trusted. With `damaged`, a text of the
    /// store read back damaged in this build's first attempt: the cache is
    /// ignored and a new store started.
    ///
    /// When the store has grown to hold more bytes of texts no record names
    /// (the old copies of edited articles) than of texts they name, and more
    /// than `storeSlack`, a new one is started and every article is made again.
    static func read(for output: String, io: FileIO, damaged: Bool = false)
        -> (cache: ArticleCache?, store: (spill: TextSpill, generation: UInt64)?, note: Diagnostic?) {
        let path = path(for: output)
        guard let key = key(io: io) else { return (nil, nil, nil) }
        func fresh() -> (spill: TextSpill, generation: UInt64)? { io.store(storePath(for: output), nil).map { ($0.spill, $0.generation) } }
        let ignored = Diagnostic(.note, path: path, code: "cache.ignored",
                                 message: "the article cache or its texts are damaged or from another build of wikisite; every article is parsed again")
        if damaged { return (nil, fresh(), ignored) }
        let found = io.stamp(path) == nil ? nil : (try? io.read(path)).map { decode($0, key: key) }
        guard let opened = io.store(storePath(for: output), found??.generation) else { return (nil, nil, nil) }
        guard let found else { return (nil, (opened.spill, opened.generation), nil) }
        // A new store was started: the cache's records name texts it does not hold.
        guard opened.kept, let cache = found else { return (nil, (opened.spill, opened.generation), ignored) }
        let spans = cache.records.values.flatMap(\.spans)
        let live = spans.reduce(Int64(0)) { $0 + Int64($1.count) }
        let dead = opened.spill.size - Int64(TextSpill.storeHeadSize) - live
        if dead > max(live, storeSlack) { return (nil, fresh(), nil) }
        // Each text is checked against its hash when a stage reads it (`TextSpill.isDamaged`).
        guard opened.spill.covers(spans) else { return (nil, fresh(), ignored) }
        return (cache, (opened.spill, opened.generation), nil)
    }

    static func decode(_ bytes: [UInt8], key: String) -> ArticleCache? {
        guard bytes.starts(with: header) else { return nil }
        var r = ByteReader(bytes[header.count...])
        // The records' bounds first (one pass over their lengths), then each
        // record checked and read on every core.
        var payloads: [(payload: ArraySlice<UInt8>, hash: UInt64)] = []
        let generation: UInt64
        do {
            guard try r.string() == key else { return nil }
            generation = try r.word()
            while !r.isAtEnd { payloads.append((try r.blob(), try r.word())) }
        } catch {
            return nil
        }
        let records = payloads.parallelMap(chunk: 64) { item -> Record? in
            guard FNV1a.hashWords(item.payload) == item.hash else { return nil }
            var p = ByteReader(item.payload)
            guard let record = try? Record(
                    displayPath: p.string(), hash: p.word(), fallbackChannel: p.string(), source: p.blob(), parsed: p.blob(), body: p.blob(),
                    html: span(&p), lines: span(&p), dedup: p.bool() ? span(&p) : nil, firstParagraph: p.string(), linkHash: p.word()),
                  p.isAtEnd else { return nil }
            return record
        }
        var cache = ArticleCache()
        cache.generation = generation
        for record in records {
            guard let record else { return nil }
            cache.records[record.displayPath] = record  // a later copy of a file replaces an earlier one
            cache.fileRecords += 1
        }
        return cache
    }

    private static func span(_ r: inout ByteReader) throws(ByteReader.Truncated) -> TextSpill.Span {
        TextSpill.Span(offset: Int64(try r.int()), count: try r.int(), hash: try r.word())
    }

    /// The start of a cache file, before its records.
    static func encodedHeader(key: String, generation: UInt64) -> [UInt8] {
        var w = ByteWriter(bytes: header)
        w.string(key)
        w.word(generation)
        return w.bytes
    }

    /// One record as the file holds it: its bytes, then their hash.
    static func encoded(_ record: Record) -> [UInt8] {
        func span(_ s: TextSpill.Span, _ p: inout ByteWriter) {
            p.int(Int(s.offset))
            p.int(s.count)
            p.word(s.hash ?? 0)
        }
        var p = ByteWriter()
        p.string(record.displayPath)
        p.word(record.hash)
        p.string(record.fallbackChannel)
        p.blob(record.source)
        p.blob(record.parsed)
        p.blob(record.body)
        span(record.html, &p)
        span(record.lines, &p)
        p.bool(record.dedup != nil)
        if let dedup = record.dedup { span(dedup, &p) }
        p.string(record.firstParagraph)
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
