extension SearchIndexer {
    /// The index of a wiki: every canonical article with a video that is not
    /// a stub, answering also to the titles and headings merged into it.
    public static func build(_ wiki: Wiki) -> [OutputFile] {
        build(documents(wiki))
    }

    static func documents(_ wiki: Wiki) -> [SearchDocument] {
        wiki.layout.articles.withIDs.compactMap { a, article in
            let source = wiki.sources[article.source]
            guard let video = source.videoID, !source.isStub, wiki.isCanonical(a) else { return nil }
            let folder = String(article.outputPath.dropLast("index.html".count))
            let parts = folder.split(separator: "/")
            let merged = (wiki.mergedInto[a] ?? []).map { wiki.layout.articles[$0].source }
            return SearchDocument(url: folder, title: source.title, channel: String(parts.first ?? ""), videoID: video,
                                  slug: String(parts.dropFirst().first ?? ""), lines: wiki.searchLines[article.source],
                                  otherTitles: merged.map { wiki.sources[$0].title },
                                  otherHeadings: merged.flatMap { wiki.searchLines[$0].filter(\.isHeading).map(\.text) })
        }
    }
}
