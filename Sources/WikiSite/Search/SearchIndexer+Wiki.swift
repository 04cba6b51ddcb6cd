extension SearchIndexer {
    /// The index of a wiki: every canonical article with a video that is not
    /// a stub, answering also to the titles and headings merged into it.
    public static func build(_ wiki: Wiki) -> [OutputFile] {
        let files = Collected()
        build(wiki, into: files.add)
        return files.all
    }

    /// The index of a wiki, each file handed to `add` as it is made. A
    /// document is made (its lines read back from the scratch file) only when
    /// the indexer reads it.
    public static func build(_ wiki: Wiki, into add: @Sendable (OutputFile) -> Void) {
        build(wiki, terms: nil, keeping: nil, into: add)
    }

    /// The same, keeping each document's term counts when `binary` (the build
    /// cache's key) is given: documents whose text did not change since the
    /// build that left `terms` are not counted again, and the file of this
    /// build's counts is returned for the next one.
    /// With `reuse`, a document-store file whose documents did not change is
    /// taken from the previous site (`SearchIndexer.documentFiles`).
    @discardableResult
    static func build(_ wiki: Wiki, terms: TermCache?, keeping binary: String?, reuse: Reuse? = nil,
                      into add: @Sendable (OutputFile) -> Void) -> [UInt8]? {
        var docs = documents(wiki)
        guard let binary else {
            build(docs, into: add)
            return nil
        }
        let articles = docs.articles
        docs.key = { i in documentKey(articles[i], wiki) }
        docs.storeKey = { i in storeKey(articles[i], wiki) }
        guard let kept = build(docs, terms: terms, reuse: reuse, into: add) else { return nil }
        return TermCache.encoded(kept.index, keys: kept.keys, stores: kept.stores, binary: binary)
    }

    /// A hash of what a document's entry in the document store is made from:
    /// its folder, its title, its lines and its page's headings (their ids).
    static func storeKey(_ a: ArticleID, _ wiki: Wiki) -> UInt64 {
        let article = wiki.layout.articles[a]
        var h = PageKey.Mix(0x73746f7265)
        h.add(article.outputPath)
        h.add(wiki.sources[article.source].title)
        h.word(wiki.searchLines.key(article.source))
        let headings = wiki.bodies[article.source].headings
        h.word(UInt64(headings.count))
        for heading in headings {
            h.add(heading.text)
            h.add(heading.id)
        }
        return h.value
    }

    /// A hash of what a document's terms are counted from: its title, the
    /// titles and lines of the articles merged into it, and its own lines.
    static func documentKey(_ a: ArticleID, _ wiki: Wiki) -> UInt64 {
        let s = wiki.layout.articles[a].source
        var h = PageKey.Mix(0x7465726d73)
        h.add(wiki.sources[s].title)
        h.word(wiki.searchLines.key(s))
        let merged = wiki.mergedInto[a] ?? []
        h.word(UInt64(merged.count))
        for m in merged {
            let source = wiki.layout.articles[m].source
            h.add(wiki.sources[source].title)
            h.word(wiki.searchLines.key(source))
        }
        return h.value
    }

    static func documents(_ wiki: Wiki) -> Documents {
        struct Entry { var article: ArticleID, channel: String, videoID: String, slug: String }
        let entries = wiki.layout.articles.withIDs.compactMap { a, article -> Entry? in
            let source = wiki.sources[article.source]
            guard let video = source.videoID, !source.isStub, wiki.isCanonical(a) else { return nil }
            let parts = article.outputPath.split(separator: "/")
            return Entry(article: a, channel: String(parts.first ?? ""), videoID: video, slug: String(parts.dropFirst().first ?? ""))
        }.sorted { precedes(($0.channel, $0.videoID, $0.slug), ($1.channel, $1.videoID, $1.slug)) }
        let articles = entries.map(\.article)
        return Documents(keys: entries.map { ($0.channel, $0.videoID) }, articles: articles) { i in document(articles[i], wiki) }
    }

    /// One article as the index reads it.
    static func document(_ a: ArticleID, _ wiki: Wiki) -> SearchDocument {
        let article = wiki.layout.articles[a]
        let source = wiki.sources[article.source]
        let folder = String(article.outputPath.dropLast("index.html".count))
        let parts = folder.split(separator: "/")
        let merged = (wiki.mergedInto[a] ?? []).map { wiki.layout.articles[$0].source }
        let lines = wiki.searchLines[article.source]
        return SearchDocument(url: folder, title: source.title, channel: String(parts.first ?? ""), videoID: source.videoID ?? "",
                              slug: String(parts.dropFirst().first ?? ""), lines: lines,
                              otherTitles: merged.map { wiki.sources[$0].title },
                              otherHeadings: merged.flatMap { wiki.searchLines[$0].filter(\.isHeading).map(\.text) },
                              headingIDs: headingIDs(lines.filter(\.isHeading).map(\.text), wiki.bodies[article.source].headings))
    }

    /// The id of each heading line on the page: the page's headings in order
    /// when they are as many, else each line to the next page heading of the
    /// same letters and digits ("" when there is none).
    static func headingIDs(_ lines: [String], _ headings: [Heading]) -> [String] {
        if lines.count == headings.count { return headings.map(\.id) }
        func key(_ s: String) -> String { String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }) }
        var next = 0
        return lines.map { line in
            let wanted = key(line)
            guard let found = headings[next...].firstIndex(where: { key($0.text) == wanted }) else { return "" }
            next = found + 1
            return headings[found].id
        }
    }
}
