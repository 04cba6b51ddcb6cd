/// Parse and Sanitize, one batch of articles at a time: each article is
/// parsed (or read back from the build cache), its body sanitised, recorded
/// in the cache and moved to the scratch file, and its Markdown let go,
/// before the next batch starts. What stays in memory is only what later
/// stages read (links, headings, cited times, block texts; the search lines
/// wait in the scratch file with the bodies), so
/// memory does not grow with every article's text three times over (its
/// Markdown, its parsed HTML and its body; 6 GB of 7.7 at ten times the
/// shared corpus).
enum ArticlePass {
    struct Result {
        /// Every parsed article, with an empty `html`.
        var parsed: IDArray<SourceID, ParsedArticle>
        /// Every body, its HTML empty when it is in `bodyHTML`'s scratch file.
        var bodies: IDArray<SourceID, ArticleBody>
        var bodyHTML: BodyText
        /// Every article's search lines, in the scratch file beside the bodies
        /// (`parsed` holds none), and the first paragraph of each.
        var searchLines: SearchLineText
        var firstParagraphs: IDArray<SourceID, String>
        /// What Dedup compares of each source, made from its search lines
        /// before they went to the scratch file (nil with dedup off).
        var fingerprints: Fingerprints?
        /// What Link reads of each source, hashed (`LinkCache.articleHash`);
        /// nil for a build that keeps no cache.
        var linkHashes: IDArray<SourceID, UInt64>?
    }

    static let batch = 1024

    static func run(_ sources: inout IDArray<SourceID, SourceArticle>, input: LoadedInput, options: BuildOptions, io: FileIO) -> Result {
        let cached = input.cached
        let reusing = cached.count == sources.count
        // The article cache's store of texts when there is one: the texts of
        // the articles it holds are already there, and this build's go there too.
        let store = input.store?.spill
        let spill = store ?? io.scratch(options.output)
        let cache = ArticleCacheWriter(input: input, options: options, io: io)
        var parsed: [ParsedArticle] = []
        var bodies: [ArticleBody] = []
        var places: [BodyText.Place] = []
        var linePlaces: [BodyText.Place] = []
        var firstParagraphs: [String] = []
        var fingerprints: [Fingerprints.Place] = []
        var linkHashes: [UInt64] = []
        let dedup = options.dedup
        let hashed = options.cache
        parsed.reserveCapacity(sources.count)
        bodies.reserveCapacity(sources.count)
        places.reserveCapacity(sources.count)
        let ids = sources.ids
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + Self.batch, ids.count)])
            start += batch.count
            let work = batch.map { ($0, sources[$0]) }
            let prepare: @Sendable (SourceID, SourceArticle)
                -> (ParsedArticle, ArticleBody, BodyText.Place, [UInt8]?, BodyText.Place, String, Fingerprints.Place?, UInt64) = { s, source in
                var article: ParsedArticle
                var body: ArticleBody
                var record: [UInt8]?
                var linkHash: UInt64 = 0
                let place: BodyText.Place, lines: BodyText.Place, first: String
                var printed: Fingerprints.Place?
                if reusing, let store, var old = cached[s].record {
                    // Its texts are in the store already: nothing is copied.
                    article = ArticleParser.reread(old, of: source)
                    body = BodySanitizer.reread(old)
                    linkHash = old.linkHash
                    if dedup && old.dedup == nil {
                        // Made by a build with dedup off: the fingerprint is made from the lines.
                        article.searchLines = SearchLineText.decoded(store.text(old.lines))
                        old.dedup = store.put(bytes: Deduplicator.encoded(Deduplicator.fingerprint(article: article, of: source)), hashed: true)
                        article.searchLines = []
                    }
                    if cache?.wants(cached[s]) == true { record = ArticleCache.encoded(old) }
                    (place, lines, first) = (.spilled(old.html), .spilled(old.lines), old.firstParagraph)
                    if dedup { printed = old.dedup.map { .spilled($0) } ?? .inMemory([]) }
                } else {
                    article = ArticleParser.parse(source)
                    body = BodySanitizer.sanitize(article)
                    let fingerprint = dedup ? Deduplicator.encoded(Deduplicator.fingerprint(article: article, of: source)) : []
                    if hashed { linkHash = LinkCache.articleHash(source.keptPastParse, article, headings: body.headings) }
                    article.html = ""
                    // Hashed only for a build that keeps its keys (page keys, search counts).
                    place = BodyText.place(body.html, in: spill, hashed: hashed)
                    if case .spilled = place { body.html = "" }
                    lines = SearchLineText.place(article.searchLines, in: spill, hashed: hashed)
                    first = article.searchLines.first { !$0.isHeading }?.text ?? ""
                    if dedup { printed = Fingerprints.place(fingerprint, in: spill, hashed: hashed) }
                    if let cache, case .spilled(let html) = place, case .spilled(let text) = lines {
                        var span: TextSpill.Span?
                        if case .spilled(let s)? = printed { span = s }
                        record = cache.record(source.keptPastParse, cached[s], parsed: article, body: body, html: html, lines: text,
                                              dedup: span, firstParagraph: first, linkHash: linkHash)
                    }
                    article.searchLines = []
                }
                return (article, body, place, record, lines, first, printed, linkHash)
            }
            let made = ArticleParser.isThreadSafe ? work.parallelMap(chunk: 4, prepare) : work.map(prepare)
            cache?.add(made.compactMap { $0.3 })
            for (s, (article, body, place, _, lines, first, fingerprint, linkHash)) in zip(batch, made) {
                if let fingerprint { fingerprints.append(fingerprint) }
                linkHashes.append(linkHash)
                parsed.append(article)
                bodies.append(body)
                places.append(place)
                linePlaces.append(lines)
                firstParagraphs.append(first)
                sources[s] = sources[s].keptPastParse
            }
        }
        cache?.finish()
        return Result(parsed: IDArray(parsed), bodies: IDArray(bodies), bodyHTML: BodyText(IDArray(places), spill: spill),
                      searchLines: SearchLineText(IDArray(linePlaces), spill: spill), firstParagraphs: IDArray(firstParagraphs),
                      fingerprints: dedup ? Fingerprints(places: IDArray(fingerprints), spill: spill) : nil,
                      linkHashes: hashed ? IDArray(linkHashes) : nil)
    }
}

extension SourceArticle {
    /// The article as later stages need it: channel pages keep their Markdown
    /// (Link lists their videos, Render looks for their prose), the others
    /// let it go.
    var keptPastParse: SourceArticle {
        guard kind != .channelPage, !body.isEmpty else { return self }
        var kept = self
        kept.body = ""
        return kept
    }
}
