import Testing
@testable import WikiSite

@Suite struct DedupTests {
    // Two rewordings of one article: the same facts, headings and cited moments.
    static let first = """
        ## Mistral's open models
        Mistral released open weight language models that enterprises can host themselves <a class="yt-timestamp" data-t="00:02:10">[00:02:10]</a>. Arthur Mensch argues that open weights let companies specialise models on private data <a class="yt-timestamp" data-t="00:04:40">[00:04:40]</a>.
        ## Regulation in Europe
        The European AI Act worried founders because compliance costs fall hardest on startups <a class="yt-timestamp" data-t="00:09:15">[00:09:15]</a>. Mensch lobbied for rules on applications rather than on foundation models <a class="yt-timestamp" data-t="00:11:30">[00:11:30]</a>.
        ## Localisation
        Models trained mostly on English underperform in French and German, so Mistral invests in multilingual data <a class="yt-timestamp" data-t="00:15:05">[00:15:05]</a>.
        """
    static let second = """
        ## Open models at Mistral
        Arthur Mensch explains why Mistral publishes open weight language models that enterprises host themselves <a class="yt-timestamp" data-t="00:02:12">[00:02:12]</a>, so companies can specialise models on private data <a class="yt-timestamp" data-t="00:04:41">[00:04:41]</a>.
        ## European regulation
        Founders worried about the European AI Act, whose compliance costs fall hardest on startups <a class="yt-timestamp" data-t="00:09:20">[00:09:20]</a>; Mensch lobbied for rules on applications, not foundation models <a class="yt-timestamp" data-t="00:11:28">[00:11:28]</a>.
        ## Localisation
        Mistral invests in multilingual data because models trained on English underperform in French and German <a class="yt-timestamp" data-t="00:15:00">[00:15:00]</a>.
        """
    // Another facet of the same video: different facts, headings and moments.
    static let facet = """
        ## Inference hardware
        Serving large models profitably depends on GPU supply; Mistral rents capacity from several clouds <a class="yt-timestamp" data-t="00:31:00">[00:31:00]</a>.
        ## Pricing
        Token prices fell tenfold in a year as competition among providers intensified and distillation made small models capable <a class="yt-timestamp" data-t="00:36:45">[00:36:45]</a>.
        ## Hiring
        The company hires researchers from Meta and DeepMind in Paris, where salaries are lower than in California <a class="yt-timestamp" data-t="00:41:10">[00:41:10]</a>.
        """

    func build(_ extra: [String: String] = [:]) throws -> MemorySite {
        try MemorySite([
            "chan/mistral_open_models.md": articleText("Mistral open models", video: "AAAAAAAAAAA", Self.first),
            "chan/open_weights_at_mistral.md": articleText("Open weights at Mistral", video: "AAAAAAAAAAA", Self.second),
            "chan/mistral_inference_and_pricing.md": articleText("Mistral inference and pricing", video: "AAAAAAAAAAA", Self.facet),
            "chan/linker.md": articleText("Linker", video: "BBBBBBBBBBB", "See [[open_weights_at_mistral | the open weights article]] and [[mistral_open_models]]."),
        ].merging(extra) { $1 }, dedup: true)
    }

    @Test func aBuildCanLeaveEveryArticleApart() throws {
        let site = try MemorySite(["chan/a.md": articleText("A", video: "AAAAAAAAAAA", Self.first),
                                   "chan/b.md": articleText("B", video: "AAAAAAAAAAA", Self.second)], dedup: false)
        #expect(!site.page("chan/a/index.html")!.contains("http-equiv=\"refresh\""))
        #expect(!site.page("chan/b/index.html")!.contains("http-equiv=\"refresh\""))
    }

    @Test func rewordedCopiesMergeAndFacetsStayApart() throws {
        let site = try build()
        let merged = site.page("chan/open_weights_at_mistral/index.html")!
        let kept = site.page("chan/mistral_open_models/index.html")!
        // One of the two copies is the canonical page, the other sends readers there.
        let (canonical, redirect) = merged.contains("http-equiv=\"refresh\"") ? (kept, merged) : (merged, kept)
        #expect(redirect.contains("http-equiv=\"refresh\""))
        #expect(redirect.contains("rel=\"canonical\""))
        #expect(canonical.contains("Also generated as"))
        #expect(!site.page("chan/mistral_inference_and_pricing/index.html")!.contains("http-equiv=\"refresh\""))
    }

    @Test func wikiLinksLandOnTheCanonicalPageAndNothingBreaks() throws {
        let site = try build()
        let linker = site.page("chan/linker/index.html")!
        let canonical = site.page("chan/mistral_open_models/index.html")!.contains("http-equiv") ? "open_weights_at_mistral" : "mistral_open_models"
        // Both links of the body land on the canonical page (the graph below it links there once more).
        let body = try #require(linker.components(separatedBy: "<div class=\"body\"").last?.components(separatedBy: "</div>").first)
        #expect(body.components(separatedBy: "href=\"../\(canonical)/index.html\"").count == 3)
        let report = LinkChecker.check(site.output.withLock { $0 })
        #expect(report.findings.isEmpty, "\(report.findings)")
        // The search index holds the group once (and the facet; the short linker is a stub).
        #expect(site.page("search/manifest.js")!.contains("\"docs\":2,"))
    }

    @Test func maintainerCanForceArticlesApart() throws {
        let site = try build(["dedup-overrides.txt": "# reviewed by hand\napart chan/mistral_open_models.md chan/open_weights_at_mistral.md\n"])
        #expect(!site.page("chan/mistral_open_models/index.html")!.contains("http-equiv=\"refresh\""))
        #expect(!site.page("chan/open_weights_at_mistral/index.html")!.contains("http-equiv=\"refresh\""))
    }
}

/// The written policy (docs/dedup.md): a contained article merges into the
/// broader one and lands on its section; a deep-dive stays apart; groups are
/// containment trees (a chain joins its broadest article; two broad ones never join through a narrow one).
@Suite struct DedupPolicyTests {
    static let broad = """
        Mistral builds language models in Paris <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.
        ## Open models
        Mistral released open weight language models that enterprises host themselves <a class="yt-timestamp" data-t="00:02:10">[00:02:10]</a>. Open weights let companies specialise models on private data <a class="yt-timestamp" data-t="00:04:40">[00:04:40]</a>.
        ## Regulation in Europe
        The European AI Act worried founders because compliance paperwork falls hardest on startups <a class="yt-timestamp" data-t="00:09:15">[00:09:15]</a>. Mensch lobbied Brussels for rules on applications rather than on foundation models <a class="yt-timestamp" data-t="00:11:30">[00:11:30]</a>, citing fines, audits and disclosure duties <a class="yt-timestamp" data-t="00:12:05">[00:12:05]</a>.
        ## Serving costs
        Mistral rents GPU capacity from several clouds <a class="yt-timestamp" data-t="00:31:00">[00:31:00]</a>.
        """
    /// Nearly all of it is the broad article's regulation section, in other words.
    static let narrow = """
        ## The AI Act
        Founders worried about the European AI Act: its compliance paperwork falls hardest on startups <a class="yt-timestamp" data-t="00:09:20">[00:09:20]</a>. Mensch lobbied Brussels for rules on applications, not on foundation models <a class="yt-timestamp" data-t="00:11:28">[00:11:28]</a>, citing fines, audits and disclosure duties <a class="yt-timestamp" data-t="00:12:00">[00:12:00]</a>.
        """
    /// What the broad article says in one sentence, told with steps and figures.
    static let deepDive = """
        ## Renting GPU capacity
        Mistral rents GPU capacity from several clouds <a class="yt-timestamp" data-t="00:31:00">[00:31:00]</a>. Reserved H100 clusters cost about two dollars an hour per card under three-year contracts <a class="yt-timestamp" data-t="00:32:10">[00:32:10]</a>.
        ## Scheduling training runs
        Engineers batch pretraining jobs overnight, checkpoint every forty minutes and pre-empt evaluation queues when a node fails <a class="yt-timestamp" data-t="00:33:40">[00:33:40]</a>.
        ## Inference economics
        Quantised eight-bit weights halve memory, speculative decoding doubles throughput, and token prices fell tenfold within a year <a class="yt-timestamp" data-t="00:35:15">[00:35:15]</a>.
        """

    func site() throws -> MemorySite {
        try MemorySite([
            "chan/mistral_overview.md": articleText("Mistral overview", video: "AAAAAAAAAAA", Self.broad),
            "chan/the_ai_act.md": articleText("The AI Act", video: "AAAAAAAAAAA", Self.narrow),
            "chan/mistral_compute.md": articleText("Mistral compute", video: "AAAAAAAAAAA", Self.deepDive),
            "chan/linker.md": articleText("Linker", video: "BBBBBBBBBBB", "Read [[the_ai_act | the AI Act article]] first."),
        ], dedup: true)
    }

    @Test func aContainedArticleMergesAndLandsOnTheCoveringHeading() throws {
        let site = try site()
        let redirect = try #require(site.page("chan/the_ai_act/index.html"))
        #expect(redirect.contains("url=../mistral_overview/index.html#regulation-in-europe\""))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"../mistral_overview/index.html\">"))
        // A wiki link to the merged article lands on the same section.
        #expect(site.page("chan/linker/index.html")!.contains("href=\"../mistral_overview/index.html#regulation-in-europe\""))
        // The canonical page lists the title, linking to that section.
        #expect(site.page("chan/mistral_overview/index.html")!.contains("<a href=\"#regulation-in-europe\">The AI Act</a>"))
        let report = LinkChecker.check(site.output.withLock { $0 })
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    /// A narrow article whose words the broad one spreads over three sections
    /// (none holds half) lands on the section that cites its moments; without
    /// cited moments its readers land on the top.
    @Test func aNarrowArticleLandsOnTheSectionCitingItsMoments() throws {
        func stamp(_ t: String) -> String { "<a class=\"yt-timestamp\" data-t=\"\(t)\">[\(t)]</a>" }
        let broad = """
            ## Alpha
            \(Self.words("alpha", 0..<40)) \(stamp("00:02:10")) and \(stamp("00:03:00")).
            ## Beta
            \(Self.words("beta", 0..<40)) \(stamp("00:10:00")).
            ## Gamma
            \(Self.words("gamma", 0..<40)) \(stamp("00:20:00")).
            """
        let narrow = "\(Self.words("alpha", 0..<20)) \(Self.words("beta", 0..<22)) \(Self.words("gamma", 0..<10))"
        func site(_ narrowBody: String) throws -> MemorySite {
            try MemorySite([
                "chan/broad.md": articleText("Broad", video: "AAAAAAAAAAA", broad),
                "chan/narrow.md": articleText("Narrow", video: "AAAAAAAAAAA", narrowBody),
            ].merging((0..<4).map { ("chan/other\($0).md", articleText("Other \($0)", video: "BBBBBBBBBB\($0)", Self.words("other\($0)q", 0..<30))) }) { $1 },
            dedup: true)
        }
        let cited = try site(narrow + " \(stamp("00:02:12")) and \(stamp("00:03:01")).")
        #expect(cited.page("chan/narrow/index.html")!.contains("url=../broad/index.html#alpha\""))
        let uncited = try site(narrow)
        #expect(uncited.page("chan/narrow/index.html")!.contains("url=../broad/index.html\""))
        let report = LinkChecker.check(cited.output.withLock { $0 })
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func aDeepDiveOnWhatTheBroadArticleSaysInOneSentenceStaysApart() throws {
        let site = try site()
        #expect(!site.page("chan/mistral_compute/index.html")!.contains("http-equiv=\"refresh\""))
        #expect(!site.page("chan/mistral_overview/index.html")!.contains("http-equiv=\"refresh\""))
    }

    /// Made-up words `prefix0x`…: each test decides which articles share which.
    static func words(_ prefix: String, _ count: Int) -> String { words(prefix, 0..<count) }

    static func words(_ prefix: String, _ range: Range<Int>) -> String { range.map { "\(prefix)\($0)x" }.joined(separator: " ") }

    /// One narrow article joined the broad article 0, the other stayed out.
    static func onlyOneJoinedTheBroad(_ result: Deduplicator.Result) -> Bool {
        result.groups.count == 1 && result.groups.first?.count == 2 && result.groups.first?.first == 0
    }

    /// Two narrow articles, `first` and `second`, do not pass with each other
    /// and both join `broad`, landing on `landings`; with `rival` in place of
    /// `second` (it wants `first`'s place), they do not pass either and only
    /// one joins. Returns that last run.
    static func bothSpreadThenOnlyOne(_ broad: Deduplicator.Article, _ first: Deduplicator.Article, _ second: Deduplicator.Article,
                                      landings: (Range<Int>?, Range<Int>?), rival: Deduplicator.Article) -> Deduplicator.Result {
        let spread = Deduplicator.run([broad, first, second] + others)
        #expect(!spread.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(spread.groups == [[0, 1, 2]])
        #expect(spread.landing[1] == landings.0 && spread.landing[2] == landings.1)
        let one = Deduplicator.run([broad, first, rival] + others)
        #expect(!one.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(onlyOneJoinedTheBroad(one))
        return one
    }

    static func article(_ path: String, _ sections: [(String, String)], video: String = "v") -> Deduplicator.Article {
        Deduplicator.Article(videoID: video, title: path, lines: sections.flatMap { [($0.0, true), ($0.1, false)] },
                             moments: [], inbound: 0, path: path)
    }

    /// Unrelated articles, so that IDF weighs the test's words.
    static let others = (0..<6).map { article("other\($0)", [("Other", words("o\($0)q", 30))], video: "o\($0)") }

    @Test func aBroadArticleAbsorbsTwoNarrowOnesThatShareNothing() {
        let articles = [
            Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40))]),
            Self.article("pricing", [("Pricing", Self.words("p", 38))]),
            Self.article("hiring", [("Hiring", Self.words("h", 38))]),
        ] + Self.others
        let result = Deduplicator.run(articles)
        #expect(result.groups == [[0, 1, 2]])
        #expect(result.landing[1] == 0..<1 && result.landing[2] == 1..<2)
    }

    /// The eval replays the grouping from these lines (scripts/eval/dedup_groups.py).
    @Test func measuredCandidatesNameWhereEachArticleWouldLand() {
        let articles = [
            Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40))]),
            Self.article("pricing", [("Pricing", Self.words("p", 38))]),
        ] + Self.others
        #expect(Deduplicator.run(articles).candidates.isEmpty)
        let lines = Deduplicator.run(articles, measure: true).candidates.split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(lines.first?.first == "small_index" && lines.first?[14] == "small_lands_on" && lines.first?[15] == "large_lands_on")
        // The narrow article, the smaller, lands on the broad one's first section; the broad one on the narrow one's top.
        let pair = lines.first { $0.count > 3 && $0[2] == "pricing" && $0[3] == "broad" }
        #expect(pair?[14...15] == ["0-1", "top"])
        // The credit behind it: all on the broad article's first segment; the levels of each article's headings.
        #expect(pair?[16] == "1.00000,0.00000" && pair?.suffix(2) == ["2", "2,2"])
    }

    /// A ⊂ B ⊂ C where A alone fails against C (A adds words of B's that C lacks):
    /// the chain is one group on C, and A lands within B's place.
    @Test func aChainMergesIntoTheBroadestArticle() {
        let articles = [
            Self.article("c", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40))]),
            Self.article("b", [("Pricing", Self.words("p", 40) + " " + Self.words("q", 20))]),
            Self.article("a", [("Pricing", Self.words("p", 15) + " " + Self.words("q", 20))]),
        ] + Self.others
        let result = Deduplicator.run(articles)
        // A does not pass with C on its own: only the chain brings it there.
        #expect(!result.pairs.contains { $0.a == 0 && $0.b == 2 })
        #expect(result.groups == [[0, 1, 2]])
        #expect(result.canonical[2] == 0)
        #expect(result.landing[1] == 0..<1 && result.landing[2] == 0..<1)
    }

    /// Two narrow articles on one section of a broad one that did not pass
    /// with each other (each adds a part of its own) would send their readers
    /// to one place: only one of them joins.
    @Test func twoNarrowArticlesThatDifferMayNotLandOnOnePlace() {
        let articles = [
            Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40))]),
            Self.article("early", [("Pricing", Self.words("p", 25))]),
            Self.article("late", [("Pricing", (15..<40).map { "p\($0)x" }.joined(separator: " "))]),
        ] + Self.others
        let result = Deduplicator.run(articles)
        #expect(!result.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(result.groups.count == 1)
        #expect(result.groups.first?.count == 2)
        #expect(result.groups.first?.first == 0)
    }

    /// Two narrow articles that tell the same part of the video (each cites
    /// the other's moments) and that the rule scores just short of a pass
    /// may land on one place; citing other moments, only one of them joins.
    @Test func twoNarrowArticlesCitingTheSameMomentsMayShareAPlace() {
        func articles(lateMoments: [[Int]]) -> [Deduplicator.Article] {
            let pricing = (0..<40).map { "p\($0)x" }, hiring = Self.words("h", 40)
            let broad = Deduplicator.Article(videoID: "v", title: "broad",
                                             lines: [("Pricing", true), (pricing.joined(separator: " "), false), ("Hiring", true), (hiring, false)],
                                             moments: [[131], [251], [600], [700], [900]], momentSegments: [0, 0, 0, 0, 1], inbound: 0, path: "broad")
            // Eleven of their 25 words shared: the rule scores the two 22.922 * 0.385 + 3.745 - 12.635 = -0.06.
            let early = Deduplicator.Article(videoID: "v", title: "early", lines: [("Pricing", true), (pricing[0..<25].joined(separator: " "), false)],
                                             moments: [[130], [250]], momentSegments: [0, 0], inbound: 0, path: "early")
            let late = Deduplicator.Article(videoID: "v", title: "late", lines: [("Pricing", true), (pricing[14..<39].joined(separator: " "), false)],
                                            moments: lateMoments, momentSegments: [0, 0], inbound: 0, path: "late")
            return [broad, early, late] + Self.others
        }
        let same = Deduplicator.run(articles(lateMoments: [[128], [252]]))
        #expect(!same.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(same.groups == [[0, 1, 2]])
        #expect(same.landing[1] == 0..<1 && same.landing[2] == 0..<1)
        // Other moments of the same section: the two would send their readers to one place, so only one joins.
        let other = Deduplicator.run(articles(lateMoments: [[600], [700]]))
        #expect(Self.onlyOneJoinedTheBroad(other))
    }

    /// Two narrow articles that share nothing, each spread over the broad
    /// article's sections so that no section holds half of it, would both
    /// land on the top: each goes to the section that holds the most of it
    /// instead, and both join. When that section is the same one, only one joins.
    @Test func twoNarrowArticlesThatWouldShareTheTopSpreadToTheirSections() {
        let broad = Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40)), ("Offices", Self.words("f", 40))])
        // Pricing 16 of 36 shared words, hiring 14, offices 6: no section holds half.
        let pricingMost = Self.article("pricing-most", [("Pricing", Self.words("p", 0..<16) + " " + Self.words("h", 0..<14) + " " + Self.words("f", 0..<6))])
        // Hiring 16, offices 14, pricing 6.
        let hiringMost = Self.article("hiring-most", [("Hiring", Self.words("h", 20..<36) + " " + Self.words("f", 10..<24) + " " + Self.words("p", 30..<36))])
        // With also-pricing instead, Pricing holds the most of both: they would still send their readers to one place.
        let alsoPricing = Self.article("also-pricing", [("Pricing", Self.words("p", 20..<36) + " " + Self.words("h", 20..<34) + " " + Self.words("f", 10..<16))])
        let one = Self.bothSpreadThenOnlyOne(broad, pricingMost, hiringMost, landings: (0..<1, 1..<2), rival: alsoPricing)
        #expect(one.landing[one.groups[0][1]] == nil)
    }

    /// A narrow article spread over the broad one's sections lands on its top,
    /// where its readers' place holds every other member's. When a member it
    /// shares nothing with lands on a section, it moves to the section holding
    /// the most of it instead; alone with the broad article, it stays on the top.
    @Test func aNarrowArticleOnTheTopMovesToItsSectionWhenItFailedAgainstAMember() {
        let broad = Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40)), ("Offices", Self.words("f", 40))])
        // Pricing 16 of 36 shared words, hiring 14, offices 6: no section holds half.
        let spread = Self.article("spread", [("Pricing", Self.words("p", 0..<16) + " " + Self.words("h", 0..<14) + " " + Self.words("f", 0..<6))])
        // Hiring only, none of the spread article's words.
        let hiring = Self.article("hiring", [("Hiring", Self.words("h", 20..<40))])
        let alone = Deduplicator.run([broad, spread] + Self.others)
        #expect(alone.groups == [[0, 1]])
        #expect(alone.landing[1] == nil)
        let three = Deduplicator.run([broad, spread, hiring] + Self.others)
        #expect(!three.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(three.groups == [[0, 1, 2]])
        #expect(three.landing[1] == 0..<1)  // Pricing
        #expect(three.landing[2] == 1..<2)  // Hiring
    }

    /// A spread article lands, within the section holding the most of it, on
    /// the subsection holding more than half of that: the part about it.
    @Test func aSpreadArticleLandsOnTheSubsectionAboutIt() {
        let broad = Deduplicator.Article(videoID: "v", title: "broad", lines: [
            ("Pricing", true), (Self.words("p", 0..<5), false), ("Plans", true), (Self.words("p", 5..<35), false),
            ("Discounts", true), (Self.words("d", 0..<20), false), ("Hiring", true), (Self.words("h", 0..<40), false),
            ("Offices", true), (Self.words("f", 0..<40), false),
        ], levels: [2, 3, 3, 2, 2], moments: [], inbound: 0, path: "broad")
        // Pricing holds 16 of its 36 shared words (12 of them in Plans), hiring 14, offices 6.
        let plans = Self.article("plans", [("Plans", Self.words("p", 5..<17) + " " + Self.words("d", 0..<4) + " " + Self.words("h", 0..<14) + " " + Self.words("f", 0..<6))])
        // Hiring 16, offices 14, pricing (plans) 6.
        let hiring = Self.article("hiring", [("Hiring", Self.words("h", 20..<36) + " " + Self.words("f", 10..<24) + " " + Self.words("p", 25..<31))])
        let result = Deduplicator.run([broad, plans, hiring] + Self.others)
        #expect(result.groups == [[0, 1, 2]])
        #expect(result.landing[1] == 1..<2)  // Plans, within Pricing (0..<3)
        #expect(result.landing[2] == 3..<4)  // Hiring, which has no subsection
    }

    /// Two narrow articles on one section of a broad one that the rule scores
    /// near a pass (within `siblingFloor` of the threshold: one rewords most
    /// of the other) may land on one place without citing the same moments;
    /// when one holds little of the other, only one of them joins.
    @Test func twoNarrowRewordingsScoredNearAPassMayShareAPlace() {
        let broad = Self.article("broad", [("Pricing", Self.words("p", 40)), ("Hiring", Self.words("h", 40))])
        let early = Self.article("early", [("Pricing", Self.words("p", 0..<25))])
        func run(late: Range<Int>) -> (Deduplicator.Result, (score: Double, reverse: Double)) {
            let articles = [broad, early, Self.article("late", [("Pricing", Self.words("p", late))])] + Self.others
            return (Deduplicator.run(articles), Deduplicator.Corpus(articles).score(1, 2))
        }
        // 15 of their 25 words shared: short of a pass, by less than the floor.
        let (close, closeScore) = run(late: 10..<35)
        #expect(closeScore.score <= Deduplicator.threshold && closeScore.score > Deduplicator.threshold - Deduplicator.siblingFloor, "\(closeScore)")
        #expect(!close.pairs.contains { $0.a == 1 && $0.b == 2 })
        #expect(close.groups == [[0, 1, 2]])
        #expect(close.landing[1] == 0..<1 && close.landing[2] == 0..<1)
        // 10 shared: far short; the two would send their readers to one place, so only one joins.
        let (far, farScore) = run(late: 15..<40)
        #expect(max(farScore.score, farScore.reverse) <= Deduplicator.threshold - Deduplicator.siblingFloor, "\(farScore)")
        #expect(Self.onlyOneJoinedTheBroad(far))
    }

    /// Two narrow articles that share nothing both land on the broad one's
    /// Pricing section (each holds most of it, neither half in one of its
    /// subsections): the section is split, each going to the subsection
    /// holding the most of it, and both join. When one subsection holds the
    /// most of both, they would still send their readers to one place: only one joins.
    @Test func aTakenSectionIsSplitBetweenTheArticlesOnIt() {
        let broad = Deduplicator.Article(videoID: "v", title: "broad", lines: [
            ("Pricing", true), (Self.words("p", 0..<4), false), ("Plans", true), (Self.words("p", 4..<34), false),
            ("Discounts", true), (Self.words("d", 0..<30), false), ("Hiring", true), (Self.words("h", 0..<40), false),
        ], levels: [2, 3, 3, 2], moments: [], inbound: 0, path: "broad")
        // 18 of 26 words in Pricing (10 in Plans, 5 in Discounts), 8 in Hiring.
        let plans = Self.article("plans", [("Plans", Self.words("p", 0..<3) + " " + Self.words("p", 4..<14) + " " + Self.words("d", 0..<5) + " " + Self.words("h", 0..<8))])
        // 15 of 23 in Pricing (10 in Discounts, 5 in Plans), 8 in Hiring.
        let discounts = Self.article("discounts", [("Discounts", Self.words("d", 10..<20) + " " + Self.words("p", 20..<25) + " " + Self.words("h", 20..<28))])
        // More-plans instead: 15 of 23 in Pricing, but 10 of them in Plans too.
        let morePlans = Self.article("more-plans", [("Plans", Self.words("d", 20..<25) + " " + Self.words("p", 20..<30) + " " + Self.words("h", 20..<28))])
        _ = Self.bothSpreadThenOnlyOne(broad, plans, discounts, landings: (1..<2, 2..<3), rival: morePlans)
    }

    @Test func twoBroadArticlesWithOneSharedNarrowOneStayTwoGroups() {
        let articles = [
            Self.article("broad-a", [("Pricing", Self.words("p", 30)), ("Hiring", Self.words("h", 45))]),
            Self.article("broad-b", [("Pricing", Self.words("p", 30)), ("Offices", Self.words("f", 45))]),
            Self.article("pricing", [("Pricing", Self.words("p", 29))]),
        ] + Self.others
        let result = Deduplicator.run(articles)
        #expect(result.groups.count == 1)
        #expect(result.groups.first?.count == 2)
        #expect(result.canonical[0] != result.canonical[1])
    }
}

@Suite struct DedupWordsTests {
    @Test func wordsAreFoldedRunsOfLettersAndDigits() {
        var hashes: [UInt64] = []
        Deduplicator.forEachWord("The AI-models' 3 BEST uses, e.g. GPT's x_y z99") { hashes.append($0) }
        let expected = ["the", "ai", "models", "3", "best", "uses", "e", "g", "gpt", "s", "x", "y", "z99"]
        #expect(hashes == expected.map(Deduplicator.hash))
    }

    @Test(arguments: ["The AI-models' 3 BEST uses, e.g. GPT's", "x_y z99 don't", "Ünïcode Café RÉSUMÉ", "ﬁnance ＡＢＣ"])
    func asciiPathMatchesTheGeneralPath(text: String) {
        var fast: [UInt64] = [], general: [UInt64] = []
        Deduplicator.forEachWord(text) { fast.append($0) }
        Deduplicator.forEachWordFolding(text) { general.append($0) }
        #expect(fast == general)
    }

    @Test func accentsAndCompatibilityFormsFoldAway() {
        var hashes: [UInt64] = []
        Deduplicator.forEachWord("Café ﬁnance") { hashes.append($0) }
        #expect(hashes == ["cafe", "finance"].map(Deduplicator.hash))
    }
}

@Suite struct DedupCandidatesTests {
    /// A vocabulary of distinct made-up words, so each test controls which words are rare.
    static func words(_ range: Range<Int>) -> String { range.map { "w\($0)x" }.joined(separator: " ") }

    static func article(_ video: String, _ text: String, title: String = "Overview", heading: String = "Overview") -> Deduplicator.Article {
        Deduplicator.Article(videoID: video, title: title, lines: [(heading, true), (text, false)], moments: [], inbound: 0, path: video + text.prefix(8))
    }

    @Test func reuploadsUnderAnotherVideoAreFoundWithoutComparingAllPairs() {
        // Two copies of one article under different videos, among 400 unrelated articles.
        var articles = (0..<400).map { Self.article("v\($0)", Self.words($0 * 50..<$0 * 50 + 50)) }
        let shared = Self.words(100_000..<100_120)
        articles.append(Self.article("reupload-a", shared, title: "Trending value strategy", heading: "Trending value portfolio rebalancing"))
        articles.append(Self.article("reupload-b", shared + " an extra closing sentence", title: "The trending value strategy explained",
                                     heading: "Trending value portfolio rebalancing"))
        let result = Deduplicator.run(articles)
        #expect(result.crossVideoCandidates == 1)
        #expect(result.groups == [[400, 401]] || result.groups == [[401, 400]])
    }

    @Test func oneScriptForTwoProductsStaysTwoPagesAcrossVideos() {
        // A tutorial channel's template: the same steps, another product in the title.
        var articles = (0..<400).map { Self.article("v\($0)", Self.words($0 * 50..<$0 * 50 + 50)) }
        let steps = Self.words(100_000..<100_120)
        articles.append(Self.article("video-1", steps, title: "How to install TikTok on a Windows PC"))
        articles.append(Self.article("video-2", steps, title: "Pinning YouTube Music to the taskbar"))
        let result = Deduplicator.run(articles)
        #expect(result.crossVideoCandidates == 1)
        #expect(result.groups.isEmpty)
        // In one video the same bodies are one article whatever the titles say.
        articles[401].videoID = "video-1"
        #expect(Deduplicator.run(articles).groups.count == 1)
    }

    @Test func stubsNeverMerge() {
        let text = "The transcript contains no information about this topic."
        let stubs = (0..<2).map { Deduplicator.Article(videoID: "v", mergeable: false, title: "Stub", lines: [(text, false)], moments: [], inbound: 0, path: "\($0)") }
        #expect(Deduplicator.run(stubs).groups.isEmpty)
    }
}
