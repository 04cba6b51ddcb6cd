import Testing
@testable import WikiSite

@Suite struct LinkTests {
    func article(_ path: String, title: String, video: String? = "P6y0gr-W2-k", channel: String = "chan") -> SourceArticle {
        var front = "---\ntitle: \(title)\n"
        if let video { front += "videoId: \(video)\n" }
        return Fixture.article(front + "---\nFrom: [[\(channel)]] <br/>\nText\n", path: path)
    }

    @Test func slugsAreSafeOnEveryFileSystem() {
        #expect(Slug.make("Use of Twelve Labs SDK") == "use_of_twelve_labs_sdk")
        #expect(Slug.make("CON") == "con_")
        #expect(Slug.make("../../etc/passwd") == "_.._etc_passwd")
        #expect(Slug.make("\u{2068}cleoabram\u{2069}") == "cleoabram")
        #expect(Slug.make("...") == "untitled")
        #expect(Slug.make(String(repeating: "long ", count: 100)).utf8.count <= Slug.maxBytes)
        #expect(!Slug.make("a/b\\c:d*e?f\"g<h>i|j").contains(where: { "/\\:*?\"<>|".contains($0) }))
    }

    @Test func namesDifferingOnlyInCaseGetDistinctPaths() {
        let (site, _) = SiteAssembler.assemble([
            article("acquiredfm/Nvidia.md", title: "A"),
            article("acquiredfm/nvidia.md", title: "B"),
        ])
        let paths = site.articles.map { $0.outputPath }
        #expect(Set(paths.map { $0.lowercased() }).count == 2)
    }

    @Test func channelFromLineAndFolderAreOneChannel() {
        let (site, _) = SiteAssembler.assemble([
            article("acquiredfm/a.md", title: "A", channel: "acquiredFM"),
            article("acquiredfm/b.md", title: "B", channel: "acquiredfm"),
            article("acquiredfm/c.md", title: "C", channel: "acquiredFM"),
        ])
        #expect(site.channels.count == 1)
        #expect(site.channels[ChannelID(0)].name == "acquiredFM")
        #expect(site.channels[ChannelID(0)].slug == "acquiredfm")
    }

    @Test func channelNamedLikeAGeneratedFolderIsMovedAside() {
        let (site, _) = SiteAssembler.assemble([article("assets/a.md", title: "A", channel: "assets")])
        #expect(site.channels[ChannelID(0)].slug == "assets-2")
    }

    @Test func videosTakeTheirTitleAndOrderFromTheChannelPage() {
        let page = Fixture.article("---\ntitle: chan\n---\n### [Second video](https://www.youtube.com/watch?v=BBBBBBBBBBB)\n- x\n### [First video](https://youtu.be/AAAAAAAAAAA)\n", path: "chan/chan.md")
        let (site, _) = SiteAssembler.assemble([
            article("chan/a.md", title: "A", video: "AAAAAAAAAAA"),
            article("chan/b.md", title: "B", video: "BBBBBBBBBBB"),
            page,
        ])
        #expect(site.channels[ChannelID(0)].pageSource != nil)
        #expect(site.channels[ChannelID(0)].videos.map { site.videos[$0].title } == ["Second video", "First video"])
        #expect(site.articles.count == 2)
    }

    @Test func aLayoutReadsBackFromTheLinkCacheAsItWasAssembled() throws {
        let page = Fixture.article("---\ntitle: chan\n---\n### [Second video](https://www.youtube.com/watch?v=BBBBBBBBBBB)\n- x\n", path: "chan/chan.md")
        let sources: IDArray<SourceID, SourceArticle> = [
            article("chan/a.md", title: "A", video: "AAAAAAAAAAA"),
            article("chan/b.md", title: "B", video: "BBBBBBBBBBB"),
            article("other/c.md", title: "C", video: "BBBBBBBBBBB", channel: "other"),
            article("other/d.md", title: "C", video: nil, channel: "other"),
            page,
        ]
        let (layout, diagnostics) = SiteAssembler.assemble(sources)
        var w = ByteWriter()
        layout.encode(into: &w)
        var r = ByteReader(ArraySlice(w.bytes))
        let read = try SiteLayout(from: &r, sources: sources.count)
        #expect(r.isAtEnd)
        #expect(read.articles.map { "\($0.source.index) \($0.channel.index) \($0.outputPath)" }
            == layout.articles.map { "\($0.source.index) \($0.channel.index) \($0.outputPath)" })
        #expect(read.channels.map { "\($0.name) \($0.slug) \($0.outputPath) \($0.articles) \($0.videos) \(String(describing: $0.pageSource))" }
            == layout.channels.map { "\($0.name) \($0.slug) \($0.outputPath) \($0.articles) \($0.videos) \(String(describing: $0.pageSource))" })
        #expect(read.videos.map { "\($0.id) \($0.title ?? "-") \($0.channel.index) \($0.articles) \($0.outputPath)" }
            == layout.videos.map { "\($0.id) \($0.title ?? "-") \($0.channel.index) \($0.articles) \($0.outputPath)" })
        #expect(read.videoIndex == layout.videoIndex)
        #expect(read.articleOfSource.elements == layout.articleOfSource.elements)
        #expect(read.videos.count == 2 && read.channels[ChannelID(0)].pageSource == SourceID(4))
        #expect(diagnostics.contains { $0.code == "article.duplicate-title" })
        // A layout naming more sources than the wiki has is refused.
        var short = ByteReader(ArraySlice(w.bytes))
        #expect(throws: ByteReader.Truncated.self) { try SiteLayout(from: &short, sources: 2) }
    }
}
