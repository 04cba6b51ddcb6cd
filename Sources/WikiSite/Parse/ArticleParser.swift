import Synchronization

/// An article after Parse: its body as HTML straight from cmark-gfm, raw
/// HTML included (Sanitize decides what of it stays).
public struct ParsedArticle: Sendable {
    public var html: String
    public var diagnostics: [Diagnostic]
}

/// Parse: Markdown → cmark-gfm tree → HTML.
///
/// Any thread may call it, but only one parses at a time: Debian's
/// libcmark-gfm shares global state between parsers (see `MarkdownParser`).
public enum ArticleParser {
    private static let cmarkLock = Mutex(())

    public static func parse(_ article: SourceArticle) -> ParsedArticle {
        cmarkLock.withLock { _ in
            let document = MarkdownParser.parse(article.body)
            return ParsedArticle(html: document.renderHTML(), diagnostics: [])
        }
    }
}
