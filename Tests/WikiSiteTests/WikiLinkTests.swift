import Testing
@testable import WikiSite

/// Wiki links as readers meet them: every form lands on a page.
@Suite struct WikiLinkTests {
    func links(_ markdown: String) -> [WikiLink] {
        ArticleParser.parse(Fixture.article(articleText("T", markdown))).links
    }

    @Test func everySpellingOfTheSyntaxIsALink() {
        let found = links("a [[t1]] b [[t2|l2]] c [[t3 | l3]] d [[t4 |l4]] e [[t5| l5]] f [[t6 | l6 | extra]]")
        #expect(found.map(\.target) == ["t1", "t2", "t3", "t4", "t5", "t6"])
        #expect(found.map(\.label) == ["t1", "l2", "l3", "l4", "l5", "l6 | extra"])
    }

    @Test func headingAnchorsAndEmptyLabels() {
        let found = links("[[bread_baking#Starch Retrogradation | starch]] and [[role_of_relationships | ]]")
        #expect(found[0].target == "bread_baking")
        #expect(found[0].fragment == "Starch Retrogradation")
        #expect(found[1].label == "role of relationships")
    }

    @Test func linksInsideHeadingsTablesEmphasisAndCallouts() {
        let found = links("## [[wordle | Wordle]]\n\n| a |\n|---|\n| [[mcp | MCP]] |\n\n**[[bold_t | B]]** *[[it_t | I]]*\n\n> [!NOTE] x\n> see [[quoted | Q]]\n")
        #expect(found.map(\.target) == ["wordle", "mcp", "bold_t", "it_t", "quoted"])
    }

    @Test func codeIsNeverRead() {
        #expect(links("`[[not_a_link]]`\n\n```\n[[nor_this]]\n```\n").isEmpty)
    }

    @Test func matrixLiteralsAndNestedOpenersStayText() {
        #expect(links("rotation [[0 -1] [1 0]] and [[-3, 2], [1, 1]] and [[1, 2, 3]]").isEmpty)
        let nested = links("[[setting_up|Setting up and Using [[model_context_protocol_mcp|mCP]]")
        #expect(nested.map(\.target) == ["model_context_protocol_mcp"])
    }

    @Test func labelWithATimestampKeepsBothWithoutNesting() throws {
        // The time moves out of the label, after the link; the link is labelled with its target.
        let body = try Fixture.page("[[ai_progress | <a class=\"yt-timestamp\" data-t=\"00:12:00\">[00:12:00]</a>]]")
        #expect(body == "\n<p><a href=\"../../topics/ai_progress/index.html\" class=\"topic\">ai progress</a> "
            + "<a class=\"ts\" href=\"https://www.youtube.com/watch?v=P6y0gr-W2-k&amp;t=720s\">12:00</a></p>\n")
    }

    @Test func embedsAreMarked() {
        let found = links("![[danger_zone_callout.png|30]] and ![[warren#^6c4d79]]")
        #expect(found.filter(\.isEmbed).count == 2)
    }

    func site(_ files: [String: String]) throws -> MemorySite { try MemorySite(files) }

    @Test func resolutionOrderAndTopicPages() throws {
        let site = try site([
            "chan/target_here.md": articleText("Target here", "Body"),
            "other/only_there.md": articleText("Only there", channel: "other", "Body"),
            "chan/bayes_theorem.md": articleText("Bayes theorem", "Body"),
            "chan/erdogan.md": articleText("Erdoğan", "Body"),
            "chan/linker.md": articleText("Linker", "[[target_here | a]] [[only_there | b]] [[Bayes' theorem]] [[ERDOĞAN]] [[Missing Topic]] [[missing_topic | again]] [[https://en.wikipedia.org/wiki/X | wiki]]"),
        ])
        let page = try #require(site.page("chan/linker/index.html"))
        #expect(page.contains("href=\"../target_here/index.html\" class=\"wikilink\">a</a>"))
        #expect(page.contains("href=\"../../other/only_there/index.html\" class=\"wikilink\">b</a>"))
        #expect(page.contains("href=\"../bayes_theorem/index.html\" class=\"wikilink\">Bayes' theorem</a>"))
        #expect(page.contains("href=\"../erdogan/index.html\" class=\"wikilink\">ERDOĞAN</a>"))
        // Two spellings of one missing target share one topic page.
        let topics = site.paths.filter { $0.hasPrefix("topics/") && $0.hasSuffix("/index.html") }
        #expect(topics.count == 1)
        #expect(page.contains("class=\"topic\">Missing Topic</a>"))
        #expect(page.contains("class=\"topic\">again</a>"))
        #expect(page.contains("href=\"https://en.wikipedia.org/wiki/X\" class=\"external\">wiki</a>"))
        let topic = try #require(site.page(topics[0]))
        #expect(topic.contains("Linker"))
    }

    @Test func backlinksAndHeadingFragments() throws {
        let site = try site([
            "chan/bread.md": articleText("Bread", "## Starch Retrogradation\n\ntext"),
            "chan/a.md": articleText("A", "see [[bread#Starch Retrogradation | starch]]"),
            "other/b.md": articleText("B", channel: "other", "see [[bread]]"),
        ])
        #expect(site.page("chan/a/index.html")!.contains("href=\"../bread/index.html#starch-retrogradation\""))
        let bread = site.page("chan/bread/index.html")!
        #expect(bread.contains("Linked from"))
        #expect(bread.contains("<h2 id=\"starch-retrogradation\">"))
        #expect(bread.contains("href=\"../a/index.html\""))
        #expect(bread.contains("href=\"../../other/b/index.html\""))
    }

    @Test func everyInternalLinkLandsOnAPage() throws {
        let site = try site([
            "chan/chan.md": "---\ntitle: chan\n---\n### [A video](https://www.youtube.com/watch?v=P6y0gr-W2-k)\n- [[one | One]]\n- [[gone | Gone]]\n",
            "chan/one.md": articleText("One", "[[two]] [[nowhere]] ![[pic.png]] [[chan]] <a class=\"yt-timestamp\" data-t=\"00:01:14\">[00:01:14]</a>"),
            "chan/two.md": articleText("Two", video: "AAAAAAAAAAA", "[[one#No Such Heading | back]]"),
        ])
        for path in site.paths where path.hasSuffix(".html") {
            for link in site.internalLinks(on: path) {
                #expect(site.page(link) != nil || site.paths.contains(link), "\(path) → \(link)")
            }
        }
        #expect(site.page("chan/one/index.html")!.contains("missing"))
    }
}

@Suite struct FoldTests {
    @Test func foldIgnoresCaseAccentsAndPunctuation() {
        #expect(Fold.key("Bayes' Theorem") == "bayestheorem")
        #expect(Fold.key("bayes_theorem") == "bayestheorem")
        #expect(Fold.key("ERDOĞAN") == Fold.key("erdogan"))
        #expect(Fold.key("Pokémon-Go") == "pokemongo")
    }
}
