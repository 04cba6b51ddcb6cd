import Foundation
import Testing
@testable import WikiSite

@Suite struct SanitizeTests {
    @Test func keepsWhatReadersNeed() {
        let html = "<p>E = mc<sup>2</sup>, H<sub>2</sub>O</p><div class=\"callout note\"><span class=\"x\">hi</span></div>"
        #expect(Fixture.sanitize(html) == html)
    }

    @Test func dropsEventHandlersAndScriptURLs() {
        // The link to nowhere is its text; the image without a web source a note.
        #expect(Fixture.sanitize("<a href=\"javascript:alert(1)\" onclick=\"x()\">link</a><img src=x onerror=alert(1)>")
            == "link<span class=\"missing-image\">image not available</span>")
    }

    @Test func entityEncodedAndMixedCaseSchemesAreCaught() {
        for href in ["&#106;avascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:alert(1)", " \u{1}javascript:x",
                     "&#x6A;&#x61;vascript&colon;alert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox(1)"] {
            #expect(Fixture.sanitize("<a href=\"\(href)\">x</a>") == "x", "\(href)")
        }
        #expect(Fixture.sanitize("<a href=\"https://example.com/a?b=1&amp;c=2\">x</a>").contains("href=\"https://example.com/a?b=1&amp;c=2\""))
    }

    @Test func dropsDangerousElementsWithTheirContent() {
        for html in ["<style>body{}</style>", "<iframe src=https://x></iframe>", "<object data=x></object>",
                     "<svg><script>alert(1)</script></svg>", "<math><mi>x</mi></math>", "<form><input></form>",
                     "<base href=https://evil>", "<meta http-equiv=refresh content=0>", "<link rel=stylesheet href=x>"] {
            #expect(Fixture.sanitize(html).isEmpty, "\(html) → \(Fixture.sanitize(html))")
        }
    }

    @Test func mutationXSSThroughForeignContentAndRawText() {
        // Each of these is harmless as source text and dangerous after a browser's repairs.
        let payloads = [
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            "<style><img src=x onerror=alert(1)></style>",
        ]
        // Read as the browser reads them, nothing of any is left to show.
        for payload in payloads {
            #expect(Fixture.sanitize(payload) == "", "\(payload)")
        }
    }

    @Test func idsFromArticlesCannotClobberGlobals() {
        #expect(Fixture.sanitize("<div id=\"__pwned\">x</div><a name=\"__pwned\" href=\"#a\">y</a>") == "<div>x</div><a href=\"#a\">y</a>")
    }

    @Test func wordsInAngleBracketsStayVisible() {
        #expect(Fixture.sanitize("<p>call <tool>search</tool> now</p>") == "<p>call &lt;tool&gt;search&lt;/tool&gt; now</p>")
        #expect(Fixture.html("CD4 count <200 is low").contains("CD4 count &lt;200 is low"))
    }

    @Test func headingsGetUniqueIDs() {
        let result = HTMLSanitizer.sanitize("<h2>Key Ideas</h2><h2>Key ideas</h2><h3>Search</h3><h2>__pwned</h2>")
        #expect(result.headings.map(\.id) == ["key-ideas", "key-ideas-2", "search", "pwned"])
        #expect(result.html.contains("<h2 id=\"key-ideas-2\">"))
    }

    @Test func imagesWithoutAWebSourceBecomeAVisibleNote() {
        let out = Fixture.sanitize("<img src=\"your_growth_chart_image.png\" alt=\"Growth chart\">")
        #expect(out == "<span class=\"missing-image\">image: Growth chart</span>")
        #expect(Fixture.sanitize("<img src=\"https://i.example/a.png\">").contains("src=\"https://i.example/a.png\""))
    }

    @Test func deepNestingIsFlattenedNotCrashed() {
        let deep = String(repeating: "<div>", count: 5000) + "deep text" + String(repeating: "</div>", count: 5000)
        let out = Fixture.sanitize(deep)
        #expect(out.contains("deep text"))
    }

    @Test func externalLinksOpenWithoutReferrer() {
        #expect(Fixture.sanitize("<a href=\"https://example.com\">x</a>") == "<a href=\"https://example.com\" rel=\"noopener noreferrer\">x</a>")
    }
}

/// The fast path for bodies without raw HTML must give what the sanitiser gives.
@Suite struct TrustedHTMLTests {
    static let samples = [
        "# Title\n\n## Key *ideas* & more\n\ntext [[link | label]] and [00:01:14]\n\n## Key ideas & more\n",
        "## `code` heading\n\n| a | b |\n|---|---|\n| x | [[y | Y]] |\n\n### Third\n",
        "Plain [link](https://example.com \"t\") and ![pic](https://i.example/p.png) and <https://auto.example>\n\n> quote\n\n- [x] done\n",
        "## Search\n\ntext with \"quotes\" and 'single' & <200 less-than\n",
    ]

    @Test(arguments: samples) func fastPathMatchesTheSanitiser(markdown: String) throws {
        let parsed = ArticleParser.parse(Fixture.article(articleText("T", markdown)))
        #expect(!parsed.hasRawHTML)
        let fast = try #require(TrustedHTML.withHeadingIDs(parsed.html, headings: parsed.headings))
        let full = HTMLSanitizer.sanitize(parsed.html)
        #expect(fast.headings == full.headings)
        #expect(normalise(fast.html) == normalise(full.html))
    }

    /// Attribute and text escaping may differ in form, not in meaning.
    func normalise(_ html: String) -> String {
        html.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: " rel=\"noopener noreferrer\"", with: "")
            .replacingOccurrences(of: "=\"\"", with: "").replacingOccurrences(of: " />", with: ">")
            .replacingOccurrences(of: " loading=\"lazy\"", with: "")
    }

    @Test func unsafeMarkdownURLsBecomeText() {
        let parsed = ArticleParser.parse(Fixture.article(articleText("T", "[click](javascript:alert(1)) ![x](relative.png) [ok](https://a.example)")))
        #expect(!parsed.hasRawHTML)
        #expect(!parsed.html.contains("javascript"))
        #expect(parsed.html.contains("click"))
        #expect(parsed.html.contains("<span class=\"missing-image\">image: x</span>"))
        #expect(parsed.html.contains("href=\"https://a.example\""))
    }

    @Test func rawHTMLAnywhereTakesTheSanitiser() {
        for markdown in ["[<img src=x onerror=alert(1)>](https://a.example)", "<div>x</div>", "text <b>bold</b>", "[[t | <i>x</i>]]"] {
            #expect(ArticleParser.parse(Fixture.article(articleText("T", markdown))).hasRawHTML, "\(markdown)")
        }
    }
}
