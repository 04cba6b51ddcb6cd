/// URL vetting: which link and image URLs a reader may be sent to.
///
/// One policy for every way a URL reaches a page: a Markdown link or image
/// (Parse unwraps or replaces what fails it, `InlineRewriter+URLVetting`),
/// an `href` or `src` in raw HTML (Sanitize drops what fails it), and a wiki
/// link whose target is a web address (Render links it only if it passes).
enum LinkURLPolicy {
    /// The schemes a link may have; an image may only be fetched over the web.
    static let linkSchemes: Set<String> = ["http", "https", "mailto"]
    static let imageSchemes: Set<String> = ["http", "https"]

    /// A link or image URL a reader can follow safely, or nil.
    ///
    /// The browser has already decoded entities by the time the parser gives
    /// us the value; it also ignores white space and control characters
    /// inside a scheme (`java\tscript:`), so those are removed before the
    /// scheme is read. Only http, https and mailto (links only) pass, or a URL
    /// with no scheme at all (relative, or a `#fragment`); an image must be on
    /// the web (`//host/…` becomes `https://host/…`).
    static func safeURL(_ raw: String, forImage: Bool) -> String? {
        var cleaned = ""
        cleaned.unicodeScalars.reserveCapacity(raw.unicodeScalars.count)
        for scalar in raw.unicodeScalars where scalar.value > 0x20 && scalar.value != 0x7F && !scalar.isInvisibleFormat {
            cleaned.unicodeScalars.append(scalar)
        }
        guard !cleaned.isEmpty else { return nil }
        // Only the exact form: one disguised with invisible characters would
        // be written as a relative path that lands nowhere.
        if !forImage && isPlaceholder(cleaned) { return cleaned == raw ? cleaned : nil }
        let lower = cleaned.lowercased()
        if let scheme = URLScheme.of(lower) {
            guard (forImage ? imageSchemes : linkSchemes).contains(String(scheme)) else { return nil }
            // A web address must name a host a browser can reach (`http://` alone,
            // or one broken by an article's stray `"][[…]]`, leads nowhere).
            return scheme == "mailto" || hasValidHost(cleaned) ? cleaned : nil
        }
        if forImage { return lower.hasPrefix("//") ? "https:" + cleaned : nil }
        return cleaned
    }

    /// Whether an http(s) URL has a host of the characters a host may have:
    /// letters, digits, `-`, `.`, `_`, `~`, percent escapes, non-ASCII (IDN), or a
    /// bracketed IPv6 address; user info and a port are allowed.
    static func hasValidHost(_ url: String) -> Bool {
        guard let sep = url.range(of: "://") else { return false }
        var authority = url[sep.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            let inside = authority[authority.index(after: authority.startIndex)..<close]
            return !inside.isEmpty && inside.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }
        }
        if let colon = authority.lastIndex(of: ":") {
            guard authority[authority.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            authority = authority[..<colon]
        }
        return !authority.isEmpty && authority.unicodeScalars.allSatisfy { c in
            c.value >= 0x80 || (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || "-._~%".unicodeScalars.contains(c)
        }
    }

    /// `wikisite:L3`, `wikisite:T0`: a wiki link or timestamp that Render
    /// fills in with a real URL (see `InlineRewriter`). Only this exact form
    /// passes; an article that writes one merely links to a page of the site.
    static func isPlaceholder(_ url: String) -> Bool {
        guard url.hasPrefix("wikisite:") else { return false }
        let rest = url.utf8.dropFirst(9)
        guard let kind = rest.first, kind == UInt8(ascii: "L") || kind == UInt8(ascii: "T") else { return false }
        let digits = rest.dropFirst()
        return !digits.isEmpty && digits.count < 8 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// What the sanitiser's report calls a refused URL's scheme
    /// (`url:javascript`): the scheme lower-cased, white space and controls
    /// ignored, at most 16 characters; `relative` for a URL without one.
    static func schemeName(of url: String) -> String {
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        return URLScheme.of(compact).map { String($0.prefix(16)) } ?? "relative"
    }
}
