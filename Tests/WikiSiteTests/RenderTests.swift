import Testing
@testable import WikiSite

@Suite struct RenderTests {
    static let theme = Theme(templates: [
        "article": "<title>{{pageTitle}}</title><h1>{{title}}</h1><a href=\"{{channelURL}}\">{{channelName}}</a>{{{body}}}",
        "channel": "<h1>{{channelName}}</h1>{{#videos}}{{{articles}}}{{/videos}}",
        "home": "{{#channels}}<a href=\"{{url}}\">{{name}}</a>{{/channels}}",
        "topic": "<h1>{{name}}</h1>", "video": "<h1>{{title}}</h1>", "search": "<div id=\"search-results\"></div>", "redirect": "<a href=\"{{url}}\">{{canonicalTitle}}</a>",
    ], assets: ["style.css": Array("body{}".utf8)])

    func render(title: String, channel: String = "chan") throws -> [OutputFile] {
        let source = Fixture.article("---\ntitle: '\(title)'\nvideoId: P6y0gr-W2-k\n---\nFrom: [[\(channel)]] <br/>\nBody\n", path: "chan/a.md")
        let sources: IDArray<SourceID, SourceArticle> = [source]
        let parsed = ArticleParser.parseAll(sources)
        let bodies: IDArray<SourceID, ArticleBody> = [ArticleBody(html: "<p>ok</p>", headings: [])]
        let linked = LinkResolver.link(sources: sources, parsed: parsed, bodies: bodies)
        let merges = Deduplicator.decide(linked, sources: sources, parsed: parsed, bodies: bodies, overrides: DedupOverrides(), enabled: false)
        let times = TimestampResolver.resolveAll(sources: sources, parsed: parsed)
        let wiki = WikiGraph.build(sources: sources, parsed: parsed, bodies: bodies, linked: linked, merges: merges, times: times)
        let renderer = try SiteRenderer(theme: Self.theme, settings: RenderSettings(siteName: "W", baseURL: nil))
        return try renderer.render(wiki, theme: Self.theme)
    }

    func page(_ files: [OutputFile], _ path: String) -> String {
        String(decoding: files.first { $0.path == path }!.bytes, as: UTF8.self)
    }

    @Test func hostileTitleIsEscapedEverywhere() throws {
        let files = try render(title: "<img src=x onerror=alert(1)> & \"quotes\"")
        let html = page(files, "chan/a/index.html")
        #expect(!html.contains("<img"))
        #expect(html.contains("<h1>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</h1>"))
        #expect(!page(files, "chan/index.html").contains("<img"))
    }

    @Test func hostileChannelNameIsEscaped() throws {
        let files = try render(title: "T", channel: "\"><script>x</script>")
        for file in files where file.path.hasSuffix(".html") {
            #expect(!String(decoding: file.bytes, as: UTF8.self).contains("<script>"), "\(file.path)")
        }
    }

    @Test func linksAreRelativeAndPointAtIndexFiles() throws {
        let files = try render(title: "T")
        #expect(page(files, "chan/a/index.html").contains("href=\"../index.html\""))
        #expect(page(files, "index.html").contains("href=\"chan/index.html\""))
        #expect(page(files, "chan/index.html").contains("href=\"a/index.html\""))
        #expect(files.contains { $0.path == "assets/style.css" })
    }

    @Test func relativeURLsBetweenAnyTwoPages() {
        #expect(SiteURL.relative(from: "a/b/index.html", to: "a/c/index.html") == "../c/index.html")
        #expect(SiteURL.relative(from: "a/b/index.html", to: "a/b/index.html") == "index.html")
        #expect(SiteURL.relative(from: "index.html", to: "x/é/index.html") == "x/%C3%A9/index.html")
        #expect(SiteURL.relative(from: "a/index.html", to: "b/index.html") == "../b/index.html")
    }

    @Test func missingTemplateIsAThemeError() {
        #expect(throws: ThemeError.self) {
            _ = try SiteRenderer(theme: Theme(templates: ["home": "x"], assets: [:]), settings: RenderSettings(siteName: "W", baseURL: nil))
        }
    }
}
