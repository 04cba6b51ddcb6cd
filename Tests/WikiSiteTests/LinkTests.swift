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
}
