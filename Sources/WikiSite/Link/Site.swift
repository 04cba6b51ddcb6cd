/// The whole site as the renderer sees it: what pages exist, where each is
/// written, and how they group into channels and videos.
public struct Site: Sendable {
    public var articles: [SiteArticle]
    public var channels: [SiteChannel]
    public var videos: [SiteVideo]
    /// Index into `videos` by YouTube id.
    public var videoIndex: [String: Int]
    /// For each article, the canonical article of its dedup group (itself when alone).
    public var canonical: [Int] = []
    /// For each canonical article of a group, the articles merged into it.
    public var mergedInto: [Int: [Int]] = [:]

    /// Whether an article is shown as its own page (not merged into another).
    public func isCanonical(_ a: Int) -> Bool { canonical.isEmpty || canonical[a] == a }
}

public struct SiteArticle: Sendable {
    /// Index into the loaded sources.
    public var source: Int
    public var channel: Int
    /// `<channel>/<slug>/index.html`
    public var outputPath: String
}

public struct SiteChannel: Sendable {
    public var name: String
    public var slug: String
    /// `<channel>/index.html`
    public var outputPath: String
    /// Indexes into `Site.articles`, in title order.
    public var articles: [Int]
    /// Indexes into `Site.videos`, in the order the channel page lists them.
    public var videos: [Int]
    /// Index into the loaded sources of the channel's own page, if any.
    public var pageSource: Int?
}

public struct SiteVideo: Sendable {
    public var id: String
    /// The video's title, when the channel page names it.
    public var title: String?
    public var channel: Int
    /// Indexes into `Site.articles`.
    public var articles: [Int]
    /// `videos/<id>/index.html`
    public var outputPath: String
}

/// Folders the generator writes at the top of the site; no channel may take one.
enum GeneratedFolders {
    static let names: Set<String> = ["assets", "search", "topics", "videos", "index.html", "404.html"]
}
