/// Where one wiki link lands.
public enum LinkTarget: Sendable, Hashable {
    /// An article (index into `Site.articles`), at a heading id when the link named one.
    case article(Int, fragment: String?)
    case channel(Int)
    /// A topic page for a target no article has (index into `LinkGraph.topics`).
    case topic(Int)
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
    /// Linking articles (indexes into `Site.articles`) with the sentence around each link.
    public var mentions: [(article: Int, sentence: String)]
    /// Articles whose titles best match the name.
    public var related: [Int]
}

/// The wiki's link graph: every link's target, backlinks, topic pages.
public struct LinkGraph: Sendable {
    /// For each source (same indexes as the loaded sources), each link's target.
    public var targets: [[LinkTarget]]
    /// For each article, the articles that link to it, in article order.
    public var backlinks: [[Int]]
    public var topics: [Topic]
    /// How many links each rule resolved.
    public var ruleCounts: [ResolutionRule: Int]
}
