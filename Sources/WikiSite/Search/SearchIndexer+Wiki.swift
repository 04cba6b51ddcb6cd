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
            let lines = wiki.searchLines[article.source]
            return SearchDocument(url: folder, title: source.title, channel: String(parts.first ?? ""), videoID: video,
                                  slug: String(parts.dropFirst().first ?? ""), lines: lines,
                                  otherTitles: merged.map { wiki.sources[$0].title },
                                  otherHeadings: merged.flatMap { wiki.searchLines[$0].filter(\.isHeading).map(\.text) },
                                  headingIDs: headingIDs(lines.filter(\.isHeading).map(\.text), wiki.bodies[article.source].headings))
        }
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
