import Testing
@testable import WikiSite

@Suite struct TimestampTests {
    func times(_ markdown: String) -> [CitedTime] {
        ArticleParser.parse(Fixture.article(articleText("T", markdown))).timestamps.map(\.time)
    }

    func t(_ h: Int, _ m: Int, _ s: Int, hours: Bool = true) -> CitedTime {
        CitedTime(hours: h, minutes: m, seconds: s, hadHours: hours)
    }

    @Test func readsEveryWrittenForm() {
        #expect(TimeReader.read("00:01:14")?.literal == 74)
        #expect(TimeReader.read("1:02:03")?.literal == 3723)
        #expect(TimeReader.read("14:12")?.literal == 852)
        #expect(TimeReader.read("01:00:13:00")?.literal == 3613)
        #expect(TimeReader.read("2241")?.literal == 2241)
        #expect(TimeReader.read("00:5:52")?.literal == 352)
        #expect(TimeReader.read("04:37:60")?.literal == 4 * 3600 + 38 * 60)
        #expect(TimeReader.read("00:15:11]-[00:15:24]")?.literal == 911)
        #expect(TimeReader.read("HH:MM:SS") == nil)
        #expect(TimeReader.display(74) == "1:14")
        #expect(TimeReader.display(3723) == "1:02:03")
    }

    @Test func anchorsInEveryMarkupBecomeLinks() {
        let found = times("""
            a <a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a>
            b <a class="yt_timestamp" data-t="14:12">14:12</a>
            c <a class="yt-timestamp" data="00:00:16">[00:00:16]</a>
            d <a class="yt-timestamp" data-t="00:13:30>[00:13:30]</a>
            e [00:00:45] and [01:01:59, 01:04:25] and (00:30:53)
            f [00:06:02]( ) and [01:12:16](#12:16)
            g [clip](https://www.youtube.com/watch?v=abc&t=90)
            """)
        #expect(found.map(\.literal).sorted() == [74, 852, 16, 810, 45, 3719, 3865, 1853, 362, 4336, 90].sorted())
    }

    @Test func theOutputAnchorIsBuiltByUs() throws {
        // Nothing of the article's anchor survives but the time it cites.
        let body = try Fixture.page("<a class=\"yt-timestamp\" data-t=\"00:01:14\" onclick=\"x()\" href=\"javascript:y\">[00:01:14]</a>")
        #expect(body == "\n<p><a class=\"ts\" href=\"https://www.youtube.com/watch?v=P6y0gr-W2-k&amp;t=74s\">1:14</a></p>\n")
    }

    @Test func anchorsInHeadingsAndTables() {
        #expect(times("## Why <a class=\"yt-timestamp\" data-t=\"00:02:00\">[00:02:00]</a>\n\n| x |\n|---|\n| <a class=\"yt-timestamp\" data-t=\"00:03:00\">[00:03:00]</a> |\n").count == 2)
    }

    @Test func mixedArticleInAOneHourVideo() {
        // 00:00:57 is real; 01:45:00 and 03:00:00 are minutes written as hours.
        let sibling = [t(0, 12, 34), t(0, 58, 10)]
        let article = [t(0, 0, 57), t(1, 45, 0), t(3, 0, 0)]
        let decided = TimestampResolver.resolve([article, sibling])[0]
        #expect(decided.map(\.seconds) == [57, 105, 180])
        #expect(decided.map(\.repaired) == [false, true, true])
    }

    @Test func articleWhoseEveryAnchorIsMinutesAsHours() {
        let article = [t(0, 9, 0), t(2, 30, 0), t(19, 53, 0), t(33, 49, 0)]
        let decided = TimestampResolver.resolve([article])[0]
        #expect(decided.map(\.seconds) == [9, 150, 1193, 2029])
    }

    @Test func genuineTwoHourPodcastKeepsItsLateAnchors() {
        let article = [t(0, 5, 12), t(0, 45, 33), t(1, 20, 5), t(1, 30, 0), t(1, 58, 47)]
        let decided = TimestampResolver.resolve([article])[0]
        #expect(decided.map(\.seconds) == [312, 2733, 4805, 5400, 7127])
        #expect(decided.allSatisfy { !$0.repaired })
    }

    @Test func timesPastEveryVideoAreNotLinked() {
        let decided = TimestampResolver.resolve([[t(900, 0, 0)]])[0]
        #expect(decided[0].seconds == nil)
    }

    @Test func renderedTimestampOpensTheVideoAtThatSecond() throws {
        let site = try MemorySite(["chan/a.md": articleText("A", "Cited <a class=\"yt-timestamp\" data-t=\"00:01:14\">[00:01:14]</a>.")])
        let page = try #require(site.page("chan/a/index.html"))
        #expect(page.contains("<a class=\"ts\" href=\"https://www.youtube.com/watch?v=P6y0gr-W2-k&amp;t=74s\">1:14</a>"))
        let video = try #require(site.page("videos/p6y0gr-w2-k/index.html"))
        #expect(video.contains("1:14"))
        #expect(video.contains("href=\"../../chan/a/index.html\""))
    }
}

@Suite struct TimestampInHTMLTests {
    @Test func anchorsInsideRawHTMLBlocksAreLinkedToo() throws {
        let site = try MemorySite(["chan/a.md": articleText("A", "<div class=\"callout\">\nSee <a class=\"yt-timestamp\" data-t=\"00:02:05\">[00:02:05]</a> here\n</div>\n")])
        let page = try #require(site.page("chan/a/index.html"))
        #expect(page.contains("<div class=\"callout\">"))
        #expect(page.contains("t=125s\">2:05</a>"))
    }
}
