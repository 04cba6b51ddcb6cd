/// Where one wiki link lands.
public enum LinkTarget: Sendable, Hashable {
    /// An article, at a heading id when the link named one.
    case article(ArticleID, fragment: String?)
    case channel(ChannelID)
    /// A topic page for a target no article has.
    case topic(TopicID)
    case external(String)
    /// `![[picture.png]]` of a picture that is not in the wiki.
    case missingImage
}

/// How a link was resolved, for the build's summary.
public enum ResolutionRule: String, Sendable, CaseIterable {
    case sameChannel = "stem in the same channel"
    case otherChannel = "stem in another channel"
    case slug = "slug of the target"
    case folded = "case- and accent-insensitive match"
    case channel = "channel page"
    case external = "URL"
    case topic = "topic page"
    case missingImage = "missing image"
}

/// A page for a link target no article has: who links to it and what matches it.
public struct Topic: Sendable {
    public var name: String
    public var slug: String
    /// `topics/<slug>/index.html`
    public var outputPath: String
    /// Linking articles with the sentence around each link, in article order.
    public var mentions: [(article: ArticleID, sentence: String)]
    /// Articles whose titles best match the name.
    public var related: [ArticleID]
}

/// Link's result: the layout, and where every wiki link of every source
/// lands, before Dedup merges anything.
public struct LinkedSite: Sendable {
    public var layout: SiteLayout
    /// Each source's links, in the order Parse numbered them.
    public var targets: IDArray<SourceID, [LinkTarget]>
    /// The articles that link to each article, in article order.
    public var backlinks: IDArray<ArticleID, [ArticleID]>
    public var topics: IDArray<TopicID, Topic>
    /// How many links each rule resolved.
    public var ruleCounts: [ResolutionRule: Int]
    public var diagnostics: [Diagnostic]
}
