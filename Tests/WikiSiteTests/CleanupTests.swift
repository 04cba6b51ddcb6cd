import Dispatch
import Synchronization
import Testing
@testable import WikiSite

/// What the generator repairs in article bodies before a reader sees them.
@Suite struct CleanupTests {
    let long = String(repeating: "A sentence long enough to make this a real article body. ", count: 6)

    @Test func wrappingMarkdownFenceIsUnwrapped() {
        let result = Fixture.load(articleText("T", "```markdown\n## Heading\n\n\(long) [[x | y]]\n```"))
        #expect(result.diagnostics.map(\.code).contains("article.unwrapped"))
        let html = Fixture.html(result.article!.body)
        #expect(html.contains("<h2 id=\"heading\">Heading</h2>"))
        #expect(!html.contains("<pre>"))
    }

    @Test func preambleAndRepeatedTitleAreDropped() {
        let article = Fixture.article(articleText("Mathematics in Nature", "Here is the article with the added backlinks:\n\n# Mathematics in Nature\n\n\(long)"))
        #expect(!article.body.contains("Here is the article"))
        #expect(!article.body.contains("# Mathematics in Nature"))
        #expect(article.body.contains("A sentence long enough"))
        // Lines are blanked, not removed: positions still point into the file.
        #expect(article.body.split(separator: "\n", omittingEmptySubsequences: false).count
            == articleText("Mathematics in Nature", "x\n\n# y\n\nz").split(separator: "\n", omittingEmptySubsequences: false).count - 4)
    }

    @Test func stubsAreFlagged() {
        let refusal = Fixture.load(articleText("Camera features", "The provided transcript does not contain any information related to \"Camera features and performance\"."))
        #expect(refusal.article?.isStub == true)
        #expect(refusal.diagnostics.map(\.code).contains("article.stub"))
        #expect(Fixture.article(articleText("Real", long)).isStub == false)
    }

    @Test func calloutsBecomeAsidesOfEveryType() {
        let html = Fixture.html("> [!NOTE] Trusting a Payment\n> body text\n\n> [!analogy] Like a river\n> flows\n\n> [!tip]- Folded\n> hidden\n\n> [!warning]+ Open\n> shown\n\n> [!info]\n> no title\n")
        #expect(html.contains("<aside class=\"callout callout-note\">\n<div class=\"callout-title\">\nTrusting a Payment\n</div>"))
        #expect(html.contains("<aside class=\"callout callout-note\">\n<div class=\"callout-title\">\nLike a river\n</div>"))
        #expect(html.contains("<details class=\"callout callout-tip\">\n<summary class=\"callout-title\">\nFolded\n</summary>"))
        #expect(html.contains("<details class=\"callout callout-warning\" open=\"\">"))
        #expect(html.contains("<aside class=\"callout callout-info\">\n<div class=\"callout-title\">\nInfo\n</div>"))
        #expect(html.contains("<p>body text</p>"))
        #expect(!html.contains("[!"))
        #expect(!html.contains("<blockquote>"))
    }

    @Test func calloutWithRawHTMLInItsTitleIsSanitised() {
        // The image has no web source and no alt: the title falls back to the type's name.
        #expect(Fixture.html("> [!NOTE] <img src=x onerror=alert(1)>\n> body\n")
            == "<aside class=\"callout callout-note\">\n<div class=\"callout-title\">\nNote\n</div>\n<p>body</p>\n</aside>\n")
    }

    @Test func dollarsAndHashtagsStayText() {
        let html = Fixture.html("It cost $5 and later $10 #MeToo #1 was first")
        #expect(html.contains("It cost $5 and later $10 #MeToo #1 was first"))
    }

    @Test func plainQuotesStayQuotes() {
        #expect(Fixture.html("> just a quote").contains("<blockquote>"))
    }
}

@Suite struct ParseThreadTests {
    /// libcmark-gfm drops strikethrough and autolinks when threads race on
    /// its special-character table; CMarkThreads keeps that table stable.
    @Test func parsingOnEveryCoreGivesTheSameHTML() {
        #expect(ArticleParser.isThreadSafe)
        let article = Fixture.article(articleText("T", "| a | b |\n|---|---|\n| ~~old~~ | https://a.example |\n\n~~gone~~ and www.example.com and [[x | y]]\n"))
        let expected = ArticleParser.parse(article).html
        #expect(expected.contains("<del>old</del>"))
        #expect(expected.contains("href=\"https://a.example\""))
        let differing = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 2000) { _ in
            if ArticleParser.parse(article).html != expected { differing.withLock { $0 += 1 } }
        }
        #expect(differing.withLock { $0 } == 0)
    }
}

@Suite struct CalloutMemoryTests {
    /// A one-line callout's title moves out of its paragraph, which is then
    /// freed: the title must not point into freed memory.
    @Test func oneLineCalloutsKeepTheirTitles() throws {
        let markdown = "> [!NOTE] One <a class=\"yt-timestamp\" data-t=\"00:32:10\">[00:32:10]</a> **bold** `code`.\n\n> [!SUCCESS] Two.\n"
        #expect(try Fixture.page(markdown) == """

            <aside class="callout callout-note">
            <div class="callout-title">
            One <a class="ts" href="https://www.youtube.com/watch?v=P6y0gr-W2-k&amp;t=1930s">32:10</a> <strong>bold</strong> <code>code</code>.
            </div>
            </aside>
            <aside class="callout callout-success">
            <div class="callout-title">
            Two.
            </div>
            </aside>

            """)
        let expected = ArticleParser.parse(Fixture.article(articleText("T", markdown))).html
        for _ in 0..<200 {
            #expect(ArticleParser.parse(Fixture.article(articleText("T", markdown))).html == expected)
        }
    }
}
