/// The body of one article, ready to be placed in its page.
public struct ArticleBody: Sendable {
    public var html: String
    public var headings: [Heading]
    /// What the sanitiser took out, by kind.
    public var removed: [String: Int]

    public init(html: String, headings: [Heading], removed: [String: Int] = [:]) {
        self.html = html
        self.headings = headings
        self.removed = removed
    }
}

/// Sanitize's result for the whole site.
public struct SanitizedBodies: Sendable {
    public var bodies: IDArray<SourceID, ArticleBody>
    /// What was removed from each article: a warning for anything that could run.
    public var diagnostics: [Diagnostic]
}

/// Sanitize: every body through the allowlist; bodies without raw HTML of
/// their own only get heading ids (`TrustedHTML`).
public enum BodySanitizer {
    public static func sanitizeAll(sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>) -> SanitizedBodies {
        let bodies = parsed.parallelMapIDs { sanitize(parsed[$0]) }
        return SanitizedBodies(bodies: bodies, diagnostics: diagnostics(sources: sources, bodies: bodies))
    }

    /// One article's body, from its parsed HTML.
    public static func sanitize(_ article: ParsedArticle) -> ArticleBody {
        let clean = (article.hasRawHTML ? nil : TrustedHTML.withHeadingIDs(article.html, headings: article.headings))
            ?? HTMLSanitizer.sanitize(article.html)
        return ArticleBody(html: clean.html, headings: clean.headings, removed: clean.removed)
    }

    /// The body the last build made, from its cache record (`ArticleCache`).
    public static func reread(_ record: ArticleCache.Record) -> ArticleBody {
        var r = ByteReader(record.body)
        if let body = try? ArticleBody(from: &r), r.isAtEnd { return body }
        return ArticleBody(html: "", headings: [])
    }

    /// What was removed from each article: a warning for anything that could run.
    public static func diagnostics(sources: IDArray<SourceID, SourceArticle>, bodies: IDArray<SourceID, ArticleBody>) -> [Diagnostic] {
        sources.ids.compactMap { s -> Diagnostic? in
            let removed = bodies[s].removed
            guard !removed.isEmpty else { return nil }
            let kinds = removed.keys.sorted()
            return Diagnostic(HTMLPolicy.couldRun(removed) ? .warning : .note, path: sources[s].displayPath,
                              line: sources[s].bodyFirstLine, code: "html.removed",
                              message: "raw HTML the site does not allow was removed: " + kinds.map { "\($0) ×\(removed[$0]!)" }.joined(separator: ", "))
        }
    }
}

extension HTMLPolicy {
    /// Kinds of removal (as the sanitiser counts them) whose content could
    /// have run or changed the page around it.
    static let runnable: Set<String> = ["script", "attr:on*", "url:javascript", "url:vbscript", "url:data", "iframe", "object",
                                        "embed", "style", "form", "base", "meta", "link", "math", "template", "noscript"]

    /// Whether what was removed could have run: an `svg` only counts with an event handler.
    static func couldRun(_ removed: [String: Int]) -> Bool {
        removed.keys.contains { runnable.contains($0) } || (removed["svg"] != nil && removed["attr:on*"] != nil)
    }
}
