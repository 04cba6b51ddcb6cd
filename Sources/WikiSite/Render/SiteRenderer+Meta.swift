/// What hosts and crawlers read, written only when the site's `--base-url`
/// is known: each page's description (for Open Graph and Twitter cards),
/// the redirect pages' absolute canonical, and the sitemap's page list.
/// The descriptions are the hover previews' texts too.
extension SiteRenderer {
    /// The article's first paragraph, as plain text.
    func firstParagraph(_ a: ArticleID, _ wiki: Wiki) -> String {
        wiki.firstParagraphs[wiki.layout.articles[a].source]
    }

    /// The first paragraph cut at a word near 200 characters, as a card shows it.
    func articleDescription(_ a: ArticleID, _ wiki: Wiki) -> String {
        Self.clip(firstParagraph(a, wiki), to: 200)
    }

    func topicDescription(_ t: TopicID, _ wiki: Wiki) -> String {
        let n = wiki.topics[t].mentions.count
        return "No article has this title yet; \(n) \(n == 1 ? "article mentions" : "articles mention") it."
    }

    func videoDescription(_ v: VideoPageID, _ wiki: Wiki) -> String {
        let n = wiki.layout.videos[v].articles.count
        return "\(n) \(n == 1 ? "article" : "articles") written from this video."
    }

    func channelDescription(_ c: ChannelID, _ wiki: Wiki) -> String {
        let channel = wiki.layout.channels[c]
        return "\(channel.articles.count) articles from \(channel.videos.count) videos."
    }

    /// A merged article's page names its canonical page by absolute URL and asks not to be indexed.
    func redirectMeta(_ context: inout [String: Any], to target: ArticleID, _ wiki: Wiki) {
        guard let base = settings.baseURL else { return }
        context["canonical"] = base + SiteURL.encodePath(wiki.layout.articles[target].outputPath.replacingSuffix("index.html"))
        context["noindex"] = true
        context["description"] = "Shown as “\(wiki.source(of: target).title)”."
    }

    /// Every canonical page: home, search, channels, canonical articles, videos
    /// and topics; never a redirect stub or the 404 page.
    func sitemapPages(_ wiki: Wiki) -> [String] {
        let layout = wiki.layout
        var pages = ["index.html", "search/index.html"]
        pages += layout.channels.map(\.outputPath)
        pages += layout.articles.ids.filter { wiki.isCanonical($0) }.map { layout.articles[$0].outputPath }
        pages += layout.videos.map(\.outputPath)
        pages += wiki.topics.map(\.outputPath)
        return pages.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    static func clip(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }
}
