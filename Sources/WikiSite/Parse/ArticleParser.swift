import CMarkGFM
import Synchronization

/// An article after Parse: its body as HTML straight from cmark-gfm (raw
/// HTML included; Sanitize decides what of it stays), with placeholders for
/// the wiki links and timestamps it cites, and those as data.
public struct ParsedArticle: Sendable {
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
    public var diagnostics: [Diagnostic]
}

/// Parse: Markdown → cmark-gfm tree → wiki links and timestamps read → HTML.
///
/// Any thread may call it, but only one parses at a time: Debian's
/// libcmark-gfm shares global state between parsers (see `MarkdownParser`).
public enum ArticleParser {
    private static let cmarkLock = Mutex(())

    public static func parse(_ article: SourceArticle) -> ParsedArticle {
        cmarkLock.withLock { _ in
            let document = MarkdownParser.parse(TableRows.protectWikiLinks(article.body))
            cmark_consolidate_text_nodes(document.root)
            var rewriter = InlineRewriter(bodyFirstLine: article.bodyFirstLine)
            rewriter.rewrite(document.root)
            let diagnostics = rewriter.malformed.map {
                Diagnostic(path: article.displayPath, line: $0.line, column: $0.column, code: "timestamp.malformed",
                           message: "timestamp \"\($0.text.prefix(40))\" cannot be read as a time; shown as text")
            }
            return ParsedArticle(html: document.renderHTML(), links: rewriter.links, blockTexts: rewriter.blockTexts, linkBlocks: rewriter.linkBlockIndex,
                                 timestamps: rewriter.timestamps, hasRawHTML: rewriter.sawRawHTML,
                                 headings: rewriter.headings, diagnostics: diagnostics)
        }
    }
}
