import CMarkGFM
import CMarkThreads

/// An article after Parse: its body as HTML straight from cmark-gfm (raw
/// HTML included; Sanitize decides what of it stays), with placeholders for
/// the wiki links and timestamps it cites, and those as data.
public struct ParsedArticle: Sendable {
    /// The body as HTML, before sanitising. The build lets it go once
    /// Sanitize has made `ArticleBody` from it: later stages read that.
    public var html: String
    public var links: [WikiLink]
    /// The text of the blocks links stand in, and each link's block: the
    /// sentence around a link is cut from it when a topic page needs it.
    public var blockTexts: [String]
    public var linkBlocks: [Int]
    public var timestamps: [CitedTimestamp]
    /// The body has raw HTML of its own (not made by this stage).
    public var hasRawHTML: Bool
    /// Heading levels and texts, in document order.
    public var headings: [(level: Int, text: String)]
    /// The line of the article's file each heading starts on (Dedup finds
    /// the section each cited moment is under).
    public var headingLines: [Int] = []
    /// `links`, `blockTexts` and `linkBlocks` as the article cache holds
    /// them, when the article was read back from it: decoded only when Link
    /// resolves the links again (`readingLinks`), not when it takes the last
    /// build's result (`LinkCache`), as most rebuilds do.
    var unreadLinks: ArraySlice<UInt8>? = nil
    /// How many Obsidian callouts became asides.
    public var callouts: Int
    /// The text block by block, for the search index.
    public var searchLines: [(isHeading: Bool, text: String)]
    public var diagnostics: [Diagnostic]
}

/// Parse: Markdown → cmark-gfm tree → wiki links and timestamps read → HTML.
///
/// Safe on every core at once: see `CMarkThreads` for how the one piece of
/// libcmark-gfm's global state that threads fight over is made stable.
public enum ArticleParser {
    /// Whether parsers may run on several threads in this process.
    public static let isThreadSafe = wikisite_cmark_threads_ready() == 1

    public static func parse(_ article: SourceArticle) -> ParsedArticle {
        do {
            let document = MarkdownParser.parse(TableRows.protectWikiLinks(article.body))
            cmark_consolidate_text_nodes(document.root)
            let callouts = Callouts.rewrite(document.root)
            var rewriter = InlineRewriter(bodyFirstLine: article.bodyFirstLine)
            rewriter.rewrite(document.root)
            var diagnostics = rewriter.malformed.map {
                Diagnostic(path: article.displayPath, line: $0.line, column: $0.column, code: "timestamp.malformed",
                           message: "timestamp \"\($0.text.prefix(40))\" cannot be read as a time; shown as text")
            }
            if let line = rewriter.deepNesting {
                diagnostics.append(Diagnostic(path: article.displayPath, line: line, code: "markdown.deep-nesting",
                                              message: "blocks nest more than \(InlineRewriter.maxDepth) levels deep; the page is built, the sanitiser flattens what it must"))
            }
            return ParsedArticle(html: document.renderHTML(), links: rewriter.links, blockTexts: rewriter.blockTexts, linkBlocks: rewriter.linkBlockIndex,
                                 timestamps: rewriter.timestamps, hasRawHTML: rewriter.sawRawHTML,
                                 headings: rewriter.headings, headingLines: rewriter.headingLines, callouts: callouts,
                                 searchLines: SearchLines.collect(document.root), diagnostics: diagnostics)
        }
    }

    /// Parses every article, on every core when that is safe, else in turn.
    public static func parseAll(_ articles: IDArray<SourceID, SourceArticle>) -> IDArray<SourceID, ParsedArticle> {
        IDArray(isThreadSafe ? articles.elements.parallelMap(chunk: 4, parse) : articles.map(parse))
    }

    /// The article the last build parsed, from its cache record, with an
    /// empty `html` and its links not decoded yet (`unreadLinks`).
    public static func reread(_ record: ArticleCache.Record, of article: SourceArticle) -> ParsedArticle {
        var r = ByteReader(record.parsed)
        if let parsed = try? ParsedArticle(from: &r, deferringLinks: true), r.isAtEnd { return parsed }
        return unreadable(article)
    }

    /// A cached article that does not read back, although its file checked out whole.
    static func unreadable(_ article: SourceArticle) -> ParsedArticle {
        ParsedArticle(html: "", links: [], blockTexts: [], linkBlocks: [], timestamps: [], hasRawHTML: false, headings: [], callouts: 0,
                      searchLines: [], diagnostics: [Diagnostic(path: article.displayPath, code: "cache.unreadable",
                                                                message: "the build cache's copy of this article does not read back; build with --no-cache")])
    }
}
