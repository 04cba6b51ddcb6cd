/// The page model: everything a page of the site shows, built once from
/// Link's resolution and Dedup's groups. Render and Search read it; nothing
/// edits it afterwards.
public struct Wiki: Sendable {
    public var sources: IDArray<SourceID, SourceArticle>
    /// Channels and videos list canonical articles only.
    public var layout: SiteLayout
    /// The page each article shows as: itself, or the canonical article it redirects to.
    public var canonical: IDArray<ArticleID, ArticleID>
    /// The articles merged into each canonical article.
    public var mergedInto: [ArticleID: [ArticleID]]
    /// For each merged article, the id of the heading on its canonical page
    /// whose section covers it; nil for the top of the page.
    public var landing: IDArray<ArticleID, String?>
    /// Each source's wiki links; a link to a merged article lands on its canonical page.
    public var targets: IDArray<SourceID, [LinkTarget]>
    /// The canonical articles that link to each canonical article (empty for merged ones).
    public var backlinks: IDArray<ArticleID, [ArticleID]>
    public var topics: IDArray<TopicID, Topic>
    /// Each body's headings and what Sanitize removed; its HTML is not here
    /// (empty) but in `bodyHTML`, read one page at a time.
    public var bodies: IDArray<SourceID, ArticleBody>
    /// Each body's HTML: in memory, or in a scratch file beside the output.
    public var bodyHTML: BodyText
    /// The second each cited time opens, beside the time as written.
    public var times: IDArray<SourceID, [TimestampResolver.Decision]>
    public var cited: IDArray<SourceID, [CitedTimestamp]>
    /// The text block by block, headings marked, for the search index: in a
    /// scratch file, read one article at a time.
    public var searchLines: SearchLineText
    /// Each article's first paragraph (its first block that is not a
    /// heading), as plain text: its description and hover preview.
    public var firstParagraphs: IDArray<SourceID, String>
    /// How many distinct moments of each video its canonical articles cite
    /// (the video card on each of them).
    public var momentCounts: IDArray<VideoPageID, Int>

    /// Whether an article is shown as its own page (not merged into another).
    public func isCanonical(_ a: ArticleID) -> Bool { canonical[a] == a }

    public func source(of a: ArticleID) -> SourceArticle { sources[layout.articles[a].source] }
}
