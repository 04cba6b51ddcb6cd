/// Where every page of the site is written and how pages group into
/// channels and videos: Link's layout, before any merge.
public struct SiteLayout: Sendable {
    public var articles: IDArray<ArticleID, SiteArticle>
    public var channels: IDArray<ChannelID, SiteChannel>
    public var videos: IDArray<VideoPageID, SiteVideo>
    /// The video page of each YouTube id.
    public var videoIndex: [String: VideoPageID]
    /// The article each source became; nil for a channel's own page.
    public var articleOfSource: IDArray<SourceID, ArticleID?>
}

public struct SiteArticle: Sendable {
    public var source: SourceID
    public var channel: ChannelID
    /// `<channel>/<slug>/index.html`
    public var outputPath: String
}

public struct SiteChannel: Sendable {
    public var name: String
    public var slug: String
    /// `<channel>/index.html`
    public var outputPath: String
    /// In title order.
    public var articles: [ArticleID]
    /// In the order the channel page lists them.
    public var videos: [VideoPageID]
    /// The channel's own page, if the wiki has one.
    public var pageSource: SourceID?
}

public struct SiteVideo: Sendable {
    public var id: String
    /// The video's title, when the channel page names it.
    public var title: String?
    public var channel: ChannelID
    public var articles: [ArticleID]
    /// `videos/<id>/index.html`
    public var outputPath: String
}

/// Folders the generator writes at the top of the site; no channel may take one.
enum GeneratedFolders {
    static let names: Set<String> = ["assets", "search", "topics", "videos", "index.html", "404.html"]
}
