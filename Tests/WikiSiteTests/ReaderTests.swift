import Foundation
import Testing
@testable import WikiSite

/// What a reader finds around an article: table of contents, video card,
/// the map of nearby articles, link previews, the 404 page and the home page's lists.
@Suite struct ReaderTests {
    func wiki() throws -> MemorySite {
        try MemorySite([
            "chan/bread.md": articleText("Baking bread", video: "AAAAAAAAAAA", """
                Flour, water and time <a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a>.

                ## Kneading
                Work the dough [[proofing | until it rests]].

                ### By hand
                Ten minutes <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.

                ## Baking
                A hot oven [[Crust Science]].
                """),
            "chan/proofing.md": articleText("Proofing dough", video: "AAAAAAAAAAA", "Let it rest [[Crust Science]] <a class=\"yt-timestamp\" data-t=\"00:01:14\">[00:01:14]</a>."),
            "chan/alone.md": articleText("A lone note", video: "BBBBBBBBBBB", "Nothing links here, and it links nowhere."),
        ], dedup: false)
    }

    @Test func tableOfContentsListsTheSectionsByTheirIds() throws {
        let page = try #require(try wiki().page("chan/bread/index.html"))
        #expect(page.contains("<li class=\"toc-l2\"><a href=\"#kneading\">Kneading</a></li>\n<li class=\"toc-l3\"><a href=\"#by-hand\">By hand</a></li>\n<li class=\"toc-l2\"><a href=\"#baking\">Baking</a></li>"))
        #expect(page.contains("<h2 id=\"kneading\">Kneading</h2>"))
        // A page with fewer than two sections has no table of contents.
        #expect(try !wiki().page("chan/alone/index.html")!.contains("class=\"toc\""))
    }

    @Test func videoCardCountsTheVideosArticlesAndMoments() throws {
        let page = try #require(try wiki().page("chan/bread/index.html"))
        // Two articles cite 1:14 and 2:00: two moments.
        #expect(page.contains("<a href=\"../index.html\">chan</a> · Articles: 2 · Moments: 2"))
        #expect(page.contains("<a class=\"video-link\" href=\"https://www.youtube.com/watch?v=AAAAAAAAAAA\""))
        #expect(page.contains("data-play=\"0\""))
        // Nothing is loaded from YouTube before a click: no thumbnail, no frame.
        #expect(!page.contains("<img"))
        #expect(!page.contains("<iframe"))
    }

    @Test func nearbyArticlesAreRealLinksWithoutScript() throws {
        let site = try wiki()
        let page = try #require(site.page("chan/bread/index.html"))
        let svg = try #require(page.components(separatedBy: "<svg class=\"local-graph\"").last?.components(separatedBy: "</svg>").first)
        #expect(svg.contains("<a href=\"../proofing/index.html\"><title>Proofing dough (links to)</title>"))
        #expect(!svg.contains("<script"))
        #expect(svg.utf8.count < 30_000)
        // An article with no neighbours has no map.
        #expect(!site.page("chan/alone/index.html")!.contains("local-graph"))
    }

    @Test func everyPageKindHasAPreviewBesideIt() throws {
        let site = try wiki()
        let article = try #require(site.page("chan/proofing/preview.js"))
        #expect(article == "window.wikisitePreview({\"url\":\"chan/proofing/\",\"kind\":\"article\",\"title\":\"Proofing dough\",\"channel\":\"chan\",\"text\":\"Let it rest Crust Science.\"});\n")
        let topic = try #require(site.page("topics/crust_science/preview.js"))
        #expect(topic.contains("\"kind\":\"topic\",\"title\":\"Crust Science\""))
        #expect(topic.contains("2 articles mention it."))
        #expect(site.page("videos/aaaaaaaaaaa/preview.js")!.contains("\"text\":\"2 articles written from this video.\""))
        #expect(site.page("chan/preview.js")!.contains("\"kind\":\"channel\""))
    }

    @Test func notFoundPageLinksFromTheSiteRoot() throws {
        let page = try #require(try wiki().page("404.html"))
        #expect(page.contains("<h1>Page not found</h1>"))
        #expect(page.contains("href=\"/index.html\""))
        #expect(page.contains("action=\"/search/index.html\""))
        #expect(SiteURL.path(of: "https://example.org/wiki") == "/wiki/")
        #expect(SiteURL.path(of: "https://example.org") == "/")
    }

    @Test func homeLeadsWithTheTopicsManyArticlesMention() throws {
        let page = try #require(try wiki().page("index.html"))
        #expect(page.contains("<a href=\"topics/crust_science/index.html\">Crust Science</a> <span class=\"count\">2</span>"))
        // The channel lists its most linked article.
        #expect(page.contains("<li><a href=\"chan/proofing/index.html\">Proofing dough</a></li>"))
    }

    @Test func aChannelPageListsEachVideoWithItsArticlesAlsoUnderItsOwnIntro() throws {
        let long = String(repeating: "Sourdough needs time and a warm kitchen. ", count: 6)
        func site(_ intro: String) throws -> String {
            let s = try MemorySite([
                "chan/chan.md": "---\ntitle: chan\n---\n" + intro,
                "chan/a.md": articleText("Starter", video: "AAAAAAAAAAA", long),
                "chan/b.md": articleText("Proofing", video: "BBBBBBBBBBB", long),
                "chan/c.md": articleText("Baking", video: "BBBBBBBBBBB", long),
            ])
            return try #require(s.page("chan/index.html"))
        }
        // Prose leads; the videos follow, each with its articles, under h3s.
        let prose = try site("A channel about bread.\n\n- [[Starter]]\n")
        #expect(prose.contains("<p>A channel about bread.</p>"))
        #expect(prose.contains("<h2 id=\"videos-h\">Videos</h2>"))
        #expect(prose.components(separatedBy: "<section class=\"video\">\n<h3>").count == 3)
        #expect(prose.contains("3 articles from 2 videos"))
        // A page that only lists its videos is the grouped list itself, titles and order taken from it.
        let index = try site("### [Proofing and baking](https://www.youtube.com/watch?v=BBBBBBBBBBB)\n- [[Proofing]]\n- [[Baking]]\n"
            + "### [Starters](https://www.youtube.com/watch?v=AAAAAAAAAAA)\n- [[Starter]]\n")
        #expect(!index.contains("class=\"body\""))
        #expect(index.contains("<h2>Proofing and baking</h2>"))
        #expect(index.range(of: "Proofing and baking")!.lowerBound < index.range(of: "<h2>Starters</h2>")!.lowerBound)
        #expect(index.components(separatedBy: "<section class=\"video\">").count == 3)
    }

    @Test func countsAreSingularForOne() {
        #expect(SiteRenderer.counted(1, "article", "articles") == "1 article")
        #expect(SiteRenderer.counted(3, "article links", "articles link") == "3 articles link")
        #expect(SiteRenderer.counted(16892, "article", "articles") == "16,892 articles")
        #expect(SiteRenderer.counted(1_234_567, "video", "videos") == "1,234,567 videos")
        #expect(SiteRenderer.counted(100, "video", "videos") == "100 videos")
    }
}

