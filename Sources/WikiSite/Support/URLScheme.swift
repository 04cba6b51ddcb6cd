/// Reads the scheme of a URL, the one way every stage reads it.
///
/// A colon starts a scheme only if no `/`, `?` or `#` comes before it
/// (RFC 3986 §4.2: `a/b:c` is a path, `#t=1:14` a fragment, `page?at=1:2` a
/// query). Parse tells site-relative Markdown links from web links by it,
/// the URL policy decides which schemes a reader may follow by it, Link
/// tells external wiki-link targets by it, and Check skips external links by it.
enum URLScheme {
    /// The scheme `url` starts with, as written (not lower-cased), or nil
    /// when it has none. White space and control characters are not removed
    /// first: callers that vet URLs for safety clean them (`LinkURLPolicy`).
    static func of<S: StringProtocol>(_ url: S) -> S.SubSequence? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let before = url[..<colon]
        return before.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ? nil : before
    }

    /// A URL with no scheme and no host: a path or a fragment within the site.
    static func isSiteRelative(_ url: String) -> Bool {
        !url.isEmpty && !url.hasPrefix("//") && of(url) == nil
    }

    /// `http://…` or `https://…`, in any case: an address on the web.
    static func isWebAddress(_ url: String) -> Bool {
        guard let scheme = of(url) else { return false }
        let lower = scheme.lowercased()
        return (lower == "http" || lower == "https") && url[scheme.endIndex...].hasPrefix("://")
    }
}
