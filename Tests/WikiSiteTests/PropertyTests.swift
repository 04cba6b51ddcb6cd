import CGumbo
import PropertyBased
import Testing
@testable import WikiSite

/// Properties of the stages that read hostile input: Load (any bytes), Parse
/// (any Markdown), Sanitize (any HTML).
///
/// Each `propertyCheck` runs its cases from a fresh random seed; a failure
/// prints the seed, and `@Test(.fixedSeed("…"))` replays that case. The
/// generators mix the syntax these stages look for (front matter, wiki links,
/// every timestamp form, callouts, tables, raw HTML, script URLs, event
/// handlers) with quotes, angle brackets, controls and unicode, so a few
/// thousand cases reach the odd corners that random bytes alone never do.
@Suite struct PropertyTests {
    // MARK: Generators

    /// Pieces of Markdown and HTML that the stages treat specially, and
    /// characters that break naive parsers.
    static let pieces: [String] = [
        "---\n", "title: ", "videoId: P6y0gr-W2-k\n", "From: [[chan]] <br/>\n", "\n", "\n\n", " ", "\t", "\r\n",
        "[[", "]]", "|", " | ", "#", "#Heading", "![[", "pic.png", "[[a | b]]", "[[x#Part | y]]", "[[https://e.example | e]]",
        "[", "]", "(", ")", "](", "[x](page)", "[x](#Part)", "[x](javascript:alert(1))", "![a](b.png)", "![a](//i.example/p.png)",
        "[00:01:14]", "(00:30:53)", "[01:01:59, 01:04:25]", "[00:06:02]( )", "[1:14](https://youtu.be/x?t=1h2m3s)",
        "<a class=\"yt-timestamp\" data-t=\"00:01:14\">[00:01:14]</a>", "<a class=\"yt-timestamp\" data-t=\"00:13:30>[00:13:30]</a>",
        "<a class=\"yt_timestamp\" data=\"14:12\">", "</a>", "<a ", "data-t=\"", "99:99:99", "00:00",
        "> [!note] Title\n> ", "> [!warning]- ", "> ", "- ", "* ", "1. ", "- [x] ", "```\n", "`", "~~", "**", "_",
        "| a | b |\n|---|---|\n| ", " |\n", "[^1]", "[^1]: note\n",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=x>", "<math><mtext><table><mglyph><style>",
        "<style>", "</style>", "<iframe src=//e.example>", "<div class=\"callout\">", "</div>", "<p>", "</p>", "<table>", "<td>",
        "<pre>\n", "</pre>", "<h2 id=top>", "</h2>", "<input type=checkbox checked>", "<a href=\"wikisite:L0\">", "wikisite:T9",
        "<!--", "-->", "<![CDATA[", "]]>", "<tool>", "</tool>", "&", "&amp;", "&#106;avascript:", "&colon;", "&#x0;",
        "javascript:", "java\tscript:", "onerror=", "onclick=\"x()\"", " style=\"x\"", "\"", "'", "<", ">", "/", "=", "\\",
        "é", "Ğ", "\u{202E}", "\u{200B}", "\u{FEFF}", "\u{0}", "\u{1}", "\u{7F}", "😀", "光の未来", "\u{FFFD}", "\u{0301}",
    ]

    static let piece = Gen<String?>.element(of: pieces).map { $0! }

    /// Text made of the pieces above and single random characters.
    static let hostileText = Gen<String>.frequency(
        (3, piece),
        (1, Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").map { String($0) })
    ).array(of: 0...60).map { $0.joined() }

    /// Any bytes, with or without a front matter in front.
    static let anyBytes = zip(Gen.bool, Gen<UInt8>.value(in: 0...255).array(of: 0...400)).map { framed, bytes in
        (framed ? Array("---\ntitle: T\nvideoId: P6y0gr-W2-k\n---\nFrom: [[c]] <br/>\n".utf8) : []) + bytes
    }

    /// Text a wiki-link target or label may hold: quotes, brackets, script
    /// URLs, event handlers, entities, unicode.
    static let linkText = Gen<String?>.element(of: [
        "a", "Bayes' theorem", "\"", "'", "<", ">", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", " onerror=alert(1) ",
        "onclick=\"x()\"", "&quot;", "&#34;", "&lt;", "#", "#Part", "^block", "é", "\u{202E}", "\u{200B}", "😀", "<script>", "</a>",
        "wikisite:L0", "https://e.example/\"x", "//evil.example", "data:text/html,x", "[", "]", "(", ")", "`", "*", "\\", " ",
    ] as [String]).map { $0! }.array(of: 0...5).map { $0.joined() }

    // MARK: Load, Parse and Sanitize never crash

    @Test func loadReadsAnyBytes() async {
        await propertyCheck(count: 2000, input: Self.anyBytes) { bytes in
            let result = ArticleLoader.load(SourceFile(path: "c/x.md", bytes: bytes), fallbackChannel: "c")
            // Every file either becomes an article or says why not.
            #expect(result.article != nil || !result.diagnostics.isEmpty)
            #expect(result.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 })
        }
    }

    @Test func parseAndSanitiseReadAnyMarkdown() async {
        await propertyCheck(count: 2000, input: Self.hostileText) { text in
            guard let article = ArticleLoader.load(SourceFile(path: "c/x.md", bytes: Array(text.utf8)), fallbackChannel: "c").article
            else { return }
            let parsed = ArticleParser.parse(article)
            // Every placeholder Parse writes names a link or timestamp it recorded.
            #expect(parsed.linkBlocks.count == parsed.links.count)
            #expect(parsed.linkBlocks.allSatisfy { parsed.blockTexts.indices.contains($0) })
            for l in parsed.links.indices { _ = parsed.sentence(aroundLink: l) }
            let clean = HTMLSanitizer.sanitize(parsed.html)
            #expect(HTMLSanitizer.sanitize(clean.html).html == clean.html)
        }
    }

    // MARK: The sanitiser

    @Test func sanitiserIsIdempotent() async {
        await propertyCheck(count: 3000, input: Self.hostileText) { html in
            let once = HTMLSanitizer.sanitize(html)
            let twice = HTMLSanitizer.sanitize(once.html)
            #expect(twice.html == once.html, "input: \(html.debugDescription)")
            #expect(twice.headings == once.headings)
            #expect(Browser.violations(in: once.html, rendered: false).isEmpty,
                    "\(Browser.violations(in: once.html, rendered: false)) in \(once.html)")
        }
    }

    // MARK: Wiki links and timestamps

    /// A wiki link or timestamp anchor, however hostile its text, gives an
    /// article page whose body holds only allowed elements and attributes,
    /// and only links a reader can follow safely. Built through the whole
    /// pipeline, five articles per site, so the links resolve to pages,
    /// topics and web addresses as they would in a real build.
    @Test func hostileWikiLinksAndTimestampsStayInTheAllowlist() async {
        let link = zip(Self.linkText, Self.linkText, Gen<Int>.value(in: 0...5)).map { target, label, form -> String in
            switch form {
            case 0: "[[\(target) | \(label)]]"
            case 1: "[[\(target)]]"
            case 2: "![[\(target)]]"
            case 3: "<a class=\"yt-timestamp\" data-t=\"00:01:14\" \(target)>[\(label)]</a>"
            case 4: "<a class=\"yt-timestamp\" data-t=\"\(target)\">\(label)</a>"
            default: "[\(label)](\(target))"
            }
        }
        let article = link.array(of: 1...4).map { $0.joined(separator: " and ") }
        await propertyCheck(count: 100, input: article.array(of: 5)) { bodies in
            var files: [String: String] = ["chan/a.md": articleText("A", "## Part\n\ntext")]
            for (i, body) in bodies.enumerated() { files["chan/p\(i).md"] = articleText("P\(i)", video: "AAAAAAAAAA\(i)", "\(body)\n\n| x |\n|---|\n| \(body) |\n") }
            let site = try MemorySite(files, dedup: false)
            for i in bodies.indices {
                let page = try #require(site.page("chan/p\(i)/index.html"))
                let body = try #require(Browser.articleBody(of: page))
                #expect(Browser.violations(in: body, rendered: true).isEmpty,
                        "\(Browser.violations(in: body, rendered: true)) from \(bodies[i].debugDescription)")
            }
        }
    }
}

/// An article body as a browser reads it (gumbo, the HTML5 parser the
/// sanitiser uses), checked element by element against `HTMLPolicy`.
enum Browser {
    /// Attributes the pipeline adds to allowed elements itself: heading and
    /// footnote ids, `rel` on links to other sites, lazy images, disabled
    /// checkboxes.
    static let added: [String: Set<String>] = ["a": ["rel"], "img": ["loading"], "input": ["disabled"]]

    /// What a browser would find in `html` that the policy does not allow:
    /// an element, an attribute, or a URL a reader should not follow; in a
    /// rendered page, also a placeholder Render should have filled in.
    static func violations(in html: String, rendered: Bool) -> [String] {
        var found: [String] = []
        walk(html) { name, attributes in
            guard let allowed = HTMLPolicy.allowed[name] else {
                found.append("<\(name)>")
                return
            }
            for (attribute, value) in attributes {
                let ok = allowed.contains(attribute) || added[name, default: []].contains(attribute)
                    || (attribute == "id" && (isHeading(name) || HTMLPolicy.isAllowedID(value)))
                if !ok { found.append("<\(name) \(attribute)>") }
                if attribute == "href" && LinkURLPolicy.safeURL(value, forImage: false) == nil { found.append("href=\(value)") }
                if attribute == "src" && LinkURLPolicy.safeURL(value, forImage: true) == nil { found.append("src=\(value)") }
                if rendered && value.hasPrefix("wikisite:") { found.append("unfilled \(value)") }
            }
        }
        return found
    }

    static func isHeading(_ name: String) -> Bool {
        name.utf8.count == 2 && name.first == "h" && ("1"..."6").contains(name.last!)
    }

    /// The HTML inside an article page's `<div class="body">`.
    static func articleBody(of page: String) -> String? {
        guard let open = page.range(of: "<div class=\"body\""), let start = page[open.upperBound...].firstIndex(of: ">"),
            let end = page.range(of: "\n</div>\n</article>")
        else { return nil }
        return String(page[page.index(after: start)..<end.lowerBound])
    }

    /// Calls `body` with each element of a fragment (as the children of <body>), in document order.
    static func walk(_ html: String, _ body: (String, [(name: String, value: String)]) -> Void) {
        var options = kGumboDefaultOptions
        var source = html
        source.withUTF8 { buffer in
            let output = buffer.withMemoryRebound(to: CChar.self) { gumbo_parse_with_options(&options, $0.baseAddress, $0.count) }
            defer { gumbo_destroy_output(&options, output) }
            guard let root = output?.pointee.root else { return }
            var stack = HTMLSanitizer.children(of: root).filter { HTMLSanitizer.tagName($0) == "body" }.flatMap(HTMLSanitizer.children)
            stack.reverse()
            while let node = stack.popLast() {
                guard node.pointee.type == GUMBO_NODE_ELEMENT || node.pointee.type == GUMBO_NODE_TEMPLATE else { continue }
                let name = HTMLSanitizer.tagName(node)
                body(name.isEmpty ? HTMLSanitizer.stringPiece(node.pointee.v.element.original_tag) : name, HTMLSanitizer.attributes(of: node))
                stack.append(contentsOf: HTMLSanitizer.children(of: node).reversed())
            }
        }
    }
}
