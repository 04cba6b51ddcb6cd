import Foundation
import Testing
@testable import WikiSite

@Suite struct WriteTests {
    @Test func publishReplacesTheOutputWhole() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public"
        try SiteWriter.publish([OutputFile(path: "index.html", text: "one"), OutputFile(path: "old/page.html", text: "x")], to: output)
        try SiteWriter.publish([OutputFile(path: "index.html", text: "two"), OutputFile(path: "a/b/index.html", text: "deep")], to: output)
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "two")
        #expect(try String(contentsOfFile: output + "/a/b/index.html", encoding: .utf8) == "deep")
        #expect(!FileManager.default.fileExists(atPath: output + "/old"))
        // Nothing is left beside the output: no temporary or previous copies.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }

    @Test func pathsThatWouldLeaveTheOutputAreRefused() throws {
        for path in ["../escape.html", "/etc/x", "a/../../b", "", "a//b", "a\\b", ".", "..", "a/.", "a/./b", "a/..", "a/", "a\u{0}b",
                     String(repeating: "x", count: 256) + "/index.html"] {
            #expect(!SiteWriter.isContained(path), "\(path)")
        }
        for path in ["index.html", "a/b/index.html", ".well-known/x", "a/..b/c", "...", "a/.b", String(repeating: "x", count: 255), "é/ü.html"] {
            #expect(SiteWriter.isContained(path), "\(path)")
        }
        let root = Fixture.temporaryFolder()
        #expect(throws: FileError.self) {
            try SiteWriter.publish([OutputFile(path: "../escape.html", text: "x")], to: root + "/public")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/escape.html"))
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    @Test func leftoversOfAKilledBuildAreRemoved() throws {
        let root = Fixture.temporaryFolder()
        // A temporary folder from a build whose process no longer exists.
        try FileManager.default.createDirectory(atPath: root + "/.public.tmp-999999999", withIntermediateDirectories: true)
        try SiteWriter.publish([OutputFile(path: "index.html", text: "x")], to: root + "/public")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }

    @Test func aSiteWrittenAsItIsMadeAppearsOnlyWhenCommitted() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public"
        try SiteWriter.publish([OutputFile(path: "index.html", text: "previous")], to: output)

        // Pages added from many threads at once, into folders made on demand.
        let site = try SiteWriter.stage(output)
        site.add((0..<200).map { OutputFile(path: "c\($0 % 7)/p\($0)/index.html", text: "page \($0)") } + [OutputFile(path: "a.css", text: "x")])
        #expect(site.written == (files: 201, pages: 200))
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "previous")
        #expect(!FileManager.default.fileExists(atPath: output + "/c3"))
        try site.commit()
        #expect(try String(contentsOfFile: output + "/c3/p10/index.html", encoding: .utf8) == "page 10")
        #expect(!FileManager.default.fileExists(atPath: output + "/index.html"))
        site.discard()  // after commit: nothing to throw away
        #expect(FileManager.default.fileExists(atPath: output + "/c3/p10/index.html"))
    }

    @Test func aBuildThatStopsBeforeCommittingLeavesThePreviousSite() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public"
        try SiteWriter.publish([OutputFile(path: "index.html", text: "previous")], to: output)

        let stopped = try SiteWriter.stage(output)
        stopped.add(OutputFile(path: "index.html", text: "half"))
        stopped.discard()
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])

        // A file that cannot be written fails the commit, which then throws the site away.
        let failing = try SiteWriter.stage(output)
        failing.add(OutputFile(path: "index.html", text: "new"))
        failing.add(OutputFile(path: "../escape.html", text: "x"))
        #expect(throws: FileError.self) { try failing.commit() }
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }
}

@Suite struct SpillTests {
    @Test func bodiesWaitingInTheScratchFileReadBackWholeAndLeaveNothingBehind() throws {
        let root = Fixture.temporaryFolder()
        let spill = try #require(TextSpill.open(besideOutput: root + "/public"))
        let texts: IDArray<SourceID, String> = IDArray((0..<300).map { i in
            String(repeating: "<p>Ünïcödé \(i) — 日本語 🎬</p>\n", count: i % 17) })
        let bodies = BodyText(texts, spill: spill)
        for s in texts.ids { #expect(bodies[s] == texts[s]) }
        // The scratch file has no name: the folder holds nothing (the output is not even made).
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        // Without a scratch file the texts stay in memory.
        #expect(BodyText(texts, spill: nil)[SourceID(33)] == texts[SourceID(33)])
    }

    @Test func searchLinesWaitingInTheScratchFileReadBackAsTheyWere() throws {
        let root = Fixture.temporaryFolder()
        let spill = try #require(TextSpill.open(besideOutput: root + "/public"))
        // Lines as Parse makes them (white space, line breaks included, folded to single spaces).
        let raw: [[(Bool, String)]] = [
            [],
            [(false, "One paragraph.")],
            [(false, "# a paragraph that starts with a hash"), (true, "#hashtag heading"), (false, "line one\nline two\r\n\tend")],
            [(true, "Überblick — 日本語"), (false, "Text with 🎬\u{2028}and a separator"), (true, "#"), (false, "x")],
        ]
        let articles: [SearchLineText.Lines] = raw.map { article in
            var lines: [(Bool, String)] = []
            for (heading, text) in article { SearchLines.add(text, heading: heading, to: &lines) }
            return lines.map { (isHeading: $0.0, text: $0.1) }
        }
        #expect(articles[2].map(\.text) == ["# a paragraph that starts with a hash", "#hashtag heading", "line one line two end"])
        let places = IDArray<SourceID, BodyText.Place>(articles.map { SearchLineText.place($0, in: spill) })
        let store = SearchLineText(places, spill: spill)
        for (i, lines) in articles.enumerated() {
            let back = store[SourceID(i)]
            #expect(back.map(\.isHeading) == lines.map(\.isHeading))
            #expect(back.map(\.text) == lines.map(\.text))
        }
        let inMemory = SearchLineText(IDArray(articles))
        #expect(inMemory[SourceID(3)].map(\.text) == articles[3].map(\.text))
    }
}

/// A rebuild brings the site before last (the standby, in the build cache) up
/// to date in place and swaps it in; the output is always exactly the new site.
@Suite struct StandbyTests {
    let fm = FileManager.default

    /// Every file below `root` and its text.
    func tree(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        for path in (try? FileIO.disk.listFiles(root)) ?? [] {
            out[path] = (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? "(unreadable)"
        }
        return out
    }

    func site(_ pages: [String: String]) -> [OutputFile] {
        pages.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, text: $0.value) }
    }

    /// A table read ahead (while a rebuild loads its articles) is used only
    /// if its file is still the one read: one another build replaced or
    /// removed meanwhile is read again, or found missing.
    @Test func aTableReadAheadIsUsedOnlyWhileItsFileIsUnchanged() throws {
        let root = Fixture.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        let path = root + "/site.standby.pages"
        func table(_ key: UInt64) -> [UInt8] {
            PageTable.encoded([PageTable.Entry(path: "a/index.html", key: key, inode: 1, size: 2, modified: 3)], key: "k")
        }
        func keyOfA(_ t: PageTable?) -> UInt64? { t?.entries["a/index.html"]?.key }
        try SiteWriter.writeFile(path, table(1))
        PageTable.readAhead(path, key: "k")
        #expect(keyOfA(PageTable.read(path, key: "k")) == 1)
        // Replaced after it was read ahead: the new table, not the one read.
        PageTable.readAhead(path, key: "k")
        usleep(50_000)
        try fm.removeItem(atPath: path)
        try SiteWriter.writeFile(path, table(2))
        #expect(keyOfA(PageTable.read(path, key: "k")) == 2)
        // Removed after it was read ahead: none.
        PageTable.readAhead(path, key: "k")
        usleep(50_000)
        try fm.removeItem(atPath: path)
        #expect(PageTable.read(path, key: "k") == nil)
        // Read ahead under another binary's key: not used.
        try SiteWriter.writeFile(path, table(3))
        PageTable.readAhead(path, key: "other")
        #expect(keyOfA(PageTable.read(path, key: "k")) == 3)
    }

    /// Writes `pages` as the site at `output` the way a cached build does: with the last table, recording the new one.
    @discardableResult
    func publish(_ pages: [String: String], to output: String, table: (path: String, key: String), commit: Bool = true) throws -> SiteOutput {
        let previous = (try? DiskReader.read(path: table.path)).flatMap { PageTable.decode($0, key: table.key) }
        let staged = try SiteWriter.stage(output, previous: previous, table: table)
        staged.add(site(pages))
        if commit { try staged.commit() } else { staged.discard() }
        return staged
    }

    @Test func theSiteBeforeLastIsBroughtUpToDateInPlaceAndNothingElseSurvives() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public", cache = root + "/.wikisite-cache"
        let table = (path: cache + "/public.pages", key: "test build")
        let v1 = ["index.html": "one", "a/x/index.html": "x", "b/y/index.html": "y", "b/y/z/index.html": "yz", "e/index.html": "e",
                  "f/index.html": "f is a folder"]
        let v2 = ["index.html": "two", "a/x/index.html": "x", "c/z/index.html": "z", "d/w/index.html": "w", "e/index.html": "e"]
        let v3 = ["index.html": "three", "a/x/index.html": "x, again", "c/z/index.html": "z", "d/w/index.html": "w", "e/index.html": "e",
                  "b/index.html": "b is a page now", "f": "f is a file"]

        try publish(v1, to: output, table: table)
        try publish(v2, to: output, table: table)
        #expect(tree(output) == v2)
        // The site before is kept whole as the standby, with its table.
        #expect(tree(cache + "/public.standby") == v1)
        #expect(fm.fileExists(atPath: cache + "/public.standby.pages"))

        // Someone adds to the output and edits a page in place; both go when that site is brought up to date.
        try Data("stray".utf8).write(to: URL(fileURLWithPath: output + "/stray.html"))
        try fm.createDirectory(atPath: output + "/a/x/extra", withIntermediateDirectories: true)
        try Data("stray too".utf8).write(to: URL(fileURLWithPath: output + "/a/x/extra/index.html"))
        let handle = try #require(FileHandle(forWritingAtPath: output + "/c/z/index.html"))
        handle.seekToEndOfFile()
        handle.write(Data(" tampered".utf8))
        handle.closeFile()

        // v3 is made from v1's folder: unchanged files stay, v2's unchanged ones are linked, the rest written.
        let third = try publish(v3, to: output, table: table)
        #expect(tree(output) == v3)
        // Not written again: e (the standby's own, unchanged) and d/w (the output's, linked); c/z was edited, so it is.
        #expect(third.reused == 2)
        // v4 is made from v2's folder, which holds what was added and the edited page.
        try publish(v2, to: output, table: table)
        #expect(tree(output) == v2)
        try publish(v1, to: output, table: table)
        #expect(tree(output) == v1)
        #expect(tree(cache + "/public.standby") == v2)
        #expect(try fm.contentsOfDirectory(atPath: root).sorted() == [".wikisite-cache", "public"])
    }

    /// A rebuild looks up the standby's files when it reads the standby's
    /// table ahead (`PageTable.readAhead(_:key:checking:)`), not while it
    /// renders: a file edited in place is still found and written again.
    @Test func aStandbyFileEditedInPlaceIsWrittenAgainWhenItsTableWasReadAhead() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public", cache = root + "/.wikisite-cache"
        let table = (path: cache + "/public.pages", key: "test build")
        let v1 = ["index.html": "one", "e/index.html": "e", "g/index.html": "g"]
        let v2 = ["index.html": "two", "g/index.html": "g"]
        let v3 = ["index.html": "three", "e/index.html": "e", "g/index.html": "g"]
        try publish(v1, to: output, table: table)
        try publish(v2, to: output, table: table)
        #expect(tree(cache + "/public.standby") == v1)
        // The standby's e (which only the standby holds) is edited in place: same inode, new size and time.
        let handle = try #require(FileHandle(forWritingAtPath: cache + "/public.standby/e/index.html"))
        handle.seekToEndOfFile()
        handle.write(Data(" tampered".utf8))
        handle.closeFile()
        PageTable.readAhead(SiteWriter.Standby.table(beside: table.path), key: table.key,
                            checking: SiteWriter.Standby.folder(beside: table.path))
        let third = try publish(v3, to: output, table: table)
        #expect(tree(output) == v3)
        #expect(third.reused == 1)  // g, as the read-ahead found it; e is written again
    }

    @Test func aStandbyLeftHalfChangedIsNotTrusted() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public", cache = root + "/.wikisite-cache"
        let table = (path: cache + "/public.pages", key: "test build")
        let v1 = ["index.html": "one", "a/index.html": "a"]
        let v2 = ["index.html": "two", "a/index.html": "a", "b/index.html": "b"]
        let v3 = ["index.html": "three", "a/index.html": "a", "c/index.html": "c"]
        try publish(v1, to: output, table: table)
        try publish(v2, to: output, table: table)
        // A build that stops after changing part of the standby leaves the output as it was.
        try publish(["index.html": "half", "d/index.html": "d"], to: output, table: table, commit: false)
        #expect(tree(output) == v2)
        #expect(!fm.fileExists(atPath: cache + "/public.standby.pages"))
        // The next build does not use that standby: it writes the site afresh.
        try publish(v3, to: output, table: table)
        #expect(tree(output) == v3)
        try publish(v1, to: output, table: table)
        #expect(tree(output) == v1)
    }
}
