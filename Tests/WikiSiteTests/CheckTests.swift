import Testing
@testable import WikiSite

@Suite struct CheckTests {
    func site(_ pages: [String: String]) -> LinkChecker.Report {
        LinkChecker.check(pages.mapValues { Array($0.utf8) })
    }

    @Test func findsMissingFilesAndFragments() {
        let report = site([
            "index.html": "<a href=\"a/index.html\">ok</a>\n<a href=\"b/index.html\">gone</a> <a href=\"a/index.html#here\">ok</a> <a href=\"a/index.html#nowhere\">bad</a>",
            "a/index.html": "<h2 id=\"here\">H</h2><a href=\"../index.html\">up</a><a href=\"https://example.com/x\">out</a><img src=\"../missing.png\">",
        ])
        #expect(report.pages == 2)
        #expect(report.findings.map(\.href).sorted() == ["../missing.png", "a/index.html#nowhere", "b/index.html"])
        let gone = report.findings.first { $0.href == "b/index.html" }!
        #expect(gone.line == 2)
        #expect(gone.diagnostic.description.hasPrefix("index.html:2:"))
    }

    @Test func folderLinksNeedTheirIndexAndEscapesAreDecoded() {
        let report = site([
            "index.html": "<a href=\"x/\">folder</a> <a href=\"%C3%A9t%C3%A9/index.html\">accent</a> <a href=\"../outside.html\">out</a> <a href=\"#top\">top</a><div id=\"top\"></div>",
            "x/index.html": "",
            "été/index.html": "",
        ])
        #expect(report.findings.map(\.href) == ["../outside.html"])
    }

    @Test func aBuiltSiteHasNoBrokenLinks() throws {
        let built = try MemorySite([
            "chan/chan.md": "---\ntitle: chan\n---\n### [V](https://www.youtube.com/watch?v=P6y0gr-W2-k)\n- [[a | A]]\n",
            "chan/a.md": articleText("A", "## Part\n[[b#Part Two | b]] [[missing]] [see](b) [top](#Part) [^1]\n\n[^1]: note"),
            "chan/b.md": articleText("B", video: "AAAAAAAAAAA", "## Part Two\n[[a]] <a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>"),
        ])
        let files = built.output.withLock { $0 }
        let report = LinkChecker.check(files)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.links > 20)
    }
}
