/// What the sanitiser lets through: an allowlist of elements, and for each
/// the attributes a reader needs. Everything else is dropped.
///
/// Three fates for an element that is not allowed:
/// - dropped with everything inside it (`script`, `style`, `svg`, `math`,
///   `iframe`, forms, document metadata): its content is code or chrome;
/// - unwrapped, its children kept (`font`, `center`, `section`, `button`):
///   known HTML whose text a reader should still see;
/// - shown as text (`<tool>`, `<searchResult>`): not HTML at all, so the
///   article meant the angle brackets literally.
enum HTMLPolicy {
    /// Elements written back, with the attributes each may keep.
    static let allowed: [String: Set<String>] = {
        let text: Set<String> = ["title"]
        let cell: Set<String> = ["align", "colspan", "rowspan", "class"]
        var map: [String: Set<String>] = [
            "a": ["href", "title", "class"],
            "img": ["src", "alt", "title", "width", "height"],
            "div": ["class"], "span": ["class"], "code": ["class"], "pre": ["class"],
            "ol": ["start", "class"], "ul": ["class"], "li": ["class"],
            "td": cell, "th": cell,
            "details": ["open", "class"], "summary": ["class"],
            "input": ["type", "checked", "disabled"],
            "section": ["class", "data-footnotes"],
            "aside": ["class"],
            "abbr": text, "q": [],
        ]
        for name in [
            "p", "br", "hr", "sup", "sub", "table", "thead", "tbody", "tfoot", "tr", "caption",
            "summary", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "kbd", "cite",
            "figure", "figcaption", "wbr", "var", "samp", "time",
        ] where map[name] == nil {
            map[name] = []
        }
        return map
    }()

    /// Elements removed together with their content.
    static let droppedWithContent: Set<String> = [
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "form", "textarea", "select", "option", "optgroup", "button",
        "head", "title", "meta", "link", "base", "basefont", "bgsound", "audio", "video", "source",
        "track", "canvas", "map", "area", "param", "portal", "dialog", "xmp", "plaintext",
        "noembed", "noframes", "picture", "slot", "marquee",
    ]

    /// Elements that never have content or an end tag.
    static let void: Set<String> = ["br", "hr", "img", "input", "wbr", "col", "area", "embed", "source", "track"]

    /// Footnote ids cmark-gfm writes; no other id from an article survives,
    /// so an article cannot clobber a global such as `window.__pwned`.
    static func isAllowedID(_ id: String) -> Bool {
        (id.hasPrefix("fn-") || id.hasPrefix("fnref-"))
            && id.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F }
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
