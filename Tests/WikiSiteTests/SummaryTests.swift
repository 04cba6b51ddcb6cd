import Testing
@testable import WikiSite

/// What `wikisite build` prints when it is done, and when `--strict` fails.
@Suite struct SummaryTests {
    static let warning = Diagnostic(path: "in/c/a.md", line: 2, code: "frontmatter.missing-title", message: "no title")
    static let note = Diagnostic(.note, path: "in/c/b.md", line: 7, column: 3, code: "timestamp.repaired", message: "read as 3:00")

    func report(_ diagnostics: [Diagnostic]) -> BuildReport {
        BuildReport(articles: 2, pagesWritten: 9, filesWritten: 14, diagnostics: diagnostics,
                    timings: [("load", 0.0125), ("parse", 0.5)], stats: [("topic pages", 3), ("timestamps", 12)])
    }

    @Test func summaryListsWarningsCountsAndTotals() {
        #expect(report([Self.warning, Self.note]).summary(verbose: false) == """
            in/c/a.md:2:1: warning: no title [frontmatter.missing-title]
            wikisite: warnings by code: frontmatter.missing-title 1
            wikisite: topic pages 3, timestamps 12
            wikisite: 2 articles, 9 pages written, 1 warnings, 0.51 s

            """)
    }

    @Test func verboseSummaryAddsNotesAndStageTimes() {
        #expect(report([Self.warning, Self.note]).summary(verbose: true) == """
            in/c/a.md:2:1: warning: no title [frontmatter.missing-title]
            in/c/b.md:7:3: note: read as 3:00 [timestamp.repaired]
            wikisite: warnings by code: frontmatter.missing-title 1
            wikisite: topic pages 3, timestamps 12
            wikisite: stages: load 0.013 s, parse 0.500 s
            wikisite: 2 articles, 9 pages written, 1 warnings, 0.51 s

            """)
    }

    @Test func strictFailsOnWarningsNotOnNotes() {
        #expect(report([Self.warning]).failsStrict)
        #expect(!report([Self.note]).failsStrict)
        #expect(!report([]).failsStrict)
    }

    static let long = String(repeating: "Sourdough rises slowly because wild yeast is outnumbered by bacteria. ", count: 4)

    @Test func aRealBuildWithAWarningFailsStrict() throws {
        let site = try MemorySite([
            "chan/ok.md": articleText("Fine", Self.long + "[00:00:05]"),
            "chan/untitled.md": "---\nvideoId: P6y0gr-W2-k\n---\nFrom: [[chan]] <br/>\n\(Self.long)\n",
        ])
        #expect(site.report.failsStrict)
        var summary = site.report.summary(verbose: false)
        // The total time is the one thing that changes from run to run.
        let time = try #require(summary.range(of: #"warnings, [0-9]+\.[0-9]{2} s\n$"#, options: .regularExpression))
        summary.replaceSubrange(time, with: "warnings, T s\n")
        #expect(summary == """
            in/chan/untitled.md:2:1: warning: front matter has no `title`; using "untitled" from the file name [frontmatter.missing-title]
            wikisite: warnings by code: frontmatter.missing-title 1
            wikisite: links: stem in the same channel 0, links: stem in another channel 0, links: slug of the target 0, \
            links: case- and accent-insensitive match 0, links: channel page 0, links: URL 0, links: topic page 0, \
            links: missing image 0, topic pages 0, dedup groups 0, articles merged 0, dedup candidates, same video 1, \
            dedup candidates, across videos 0, dedup groups across videos 0, callouts 0, bodies sanitised 0, timestamps 1, \
            timestamps as anchor 0, timestamps as plain 1, timestamps as link 0, timestamps repaired 0, timestamps unreadable 0
            wikisite: 2 articles, 7 pages written, 1 warnings, T s

            """)
    }

    @Test func aCleanBuildPassesStrict() throws {
        let site = try MemorySite(["chan/ok.md": articleText("Fine", Self.long)])
        #expect(site.report.warnings == 0)
        #expect(!site.report.failsStrict)
    }
}

/// What a build tells the terminal's progress line, and `--timings`.
@Suite struct ProgressTests {
    final class Events: @unchecked Sendable {
        var lines: [String] = []
        var finished = 0
    }

    @Test func everyStageIsAnnouncedInOrderWithWhatItWorksOn() throws {
        let events = Events()
        var options = BuildOptions(input: Fixture.repoRoot + "/seeds", output: Fixture.temporaryFolder() + "/site",
                                   templates: Fixture.repoRoot + "/templates", jobs: 1)
        options.progress = BuildProgress(stageStarted: { stage, number, stages, items in
            events.lines.append("[\(number)/\(stages)] \(stage)" + (items.map { " \($0.count) \($0.noun)" } ?? ""))
        }, finished: { events.finished += 1 })
        let report = try Builder.build(options)
        #expect(events.lines.count == 10)
        #expect(events.lines.first == "[1/10] load")
        #expect(events.lines[1] == "[2/10] parse \(report.articles) articles")
        #expect(events.lines.last == "[10/10] write \(report.filesWritten) files")
        #expect(events.finished == 1)
        #expect(report.timings.map(\.stage) == BuildProgress.stages)
    }

    @Test func timingsTableHasOneLinePerStageAndTheTotal() {
        let report = BuildReport(articles: 1, pagesWritten: 1, filesWritten: 1, diagnostics: [],
                                 timings: [("load", 0.25), ("render", 0.75)], stats: [])
        #expect(report.timingsTable == """
            wikisite: time per stage
              load          0.250 s  25.0 %
              render        0.750 s  75.0 %
              total         1.000 s

            """)
    }

    @Test func timingsTableShowsResidentMemoryAfterEachStageWhenKnown() {
        let report = BuildReport(articles: 1, pagesWritten: 1, filesWritten: 1, diagnostics: [],
                                 timings: [("load", 0.25), ("render", 0.75)], stats: [], resident: [120_000_000, 1_350_500_000])
        #expect(report.timingsTable == """
            wikisite: time per stage (and resident memory after it)
              load          0.250 s  25.0 %     120 MB
              render        0.750 s  75.0 %    1350 MB
              total         1.000 s

            """)
    }

    @Test func timingsTableShowsEachStagesPeakMemoryWhenKnown() {
        let report = BuildReport(articles: 1, pagesWritten: 1, filesWritten: 1, diagnostics: [],
                                 timings: [("load", 0.25), ("render", 0.75)], stats: [],
                                 resident: [120_000_000, 1_350_500_000], peak: [150_000_000, 2_000_000_000])
        #expect(report.timingsTable == """
            wikisite: time per stage (resident memory after it, and its peak during it)
              load          0.250 s  25.0 %     120 MB     150 MB
              render        0.750 s  75.0 %    1350 MB    2000 MB
              total         1.000 s                       2000 MB

            """)
    }

    @Test func thousandsAreGrouped() {
        #expect(ProgressLine.grouped(7) == "7")
        #expect(ProgressLine.grouped(36616) == "36,616")
        #expect(ProgressLine.grouped(1_839_515) == "1,839,515")
    }
}
