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
        build(documents(wiki), into: add)
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
        return Documents(keys: entries.map { ($0.channel, $0.videoID) }) { i in document(articles[i], wiki) }
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
