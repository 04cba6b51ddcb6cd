import Foundation
import Testing
@testable import WikiSite

/// A rebuild with nothing changed leaves the site as it is; any change, or a
/// damaged cache, gives exactly what a clean build gives.
@Suite struct CacheTests {
    let fm = FileManager.default

    /// A copy of the seeds and the theme, so a test can edit them.
    func workspace() throws -> (input: String, templates: String, root: String) {
        let root = Fixture.temporaryFolder()
        try fm.copyItem(atPath: Fixture.repoRoot + "/seeds", toPath: root + "/wiki")
        try fm.copyItem(atPath: Fixture.repoRoot + "/templates", toPath: root + "/theme")
        return (root + "/wiki", root + "/theme", root)
    }

    func build(_ w: (input: String, templates: String, root: String), into output: String, cache: Bool = true) throws -> BuildReport {
        var options = BuildOptions(input: w.input, output: output, templates: w.templates)
        options.cache = cache
        return try Builder.build(options)
    }

    func files(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for path in (try? FileIO.disk.listFiles(root)) ?? [] { out[path] = fm.contents(atPath: root + "/" + path) }
        return out
    }

    /// Builds the workspace as it is now, with no cache, into a fresh folder,
    /// and expects `site` to hold the same files with the same bytes.
    func expectSameAsCleanBuild(_ w: (input: String, templates: String, root: String), _ site: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clean = Fixture.temporaryFolder() + "/clean"
        _ = try build(w, into: clean, cache: false)
        let a = files(clean), b = files(site)
        #expect(a.count > 30, sourceLocation: sourceLocation)
        #expect(a.keys.sorted() == b.keys.sorted(), sourceLocation: sourceLocation)
        #expect(a.keys.filter { a[$0] != b[$0] }.sorted().isEmpty, sourceLocation: sourceLocation)
    }

    func inode(_ path: String) -> UInt64? { DiskReader.stamp(path)?.inode }

    /// Files the build took from the previous site instead of making them again.
    func kept(_ report: BuildReport) -> Int? {
        report.stats.first { $0.name == "files taken unchanged from the previous site" }?.count
    }

    /// Articles the build took from the cache instead of reading and parsing them.
    func reused(_ report: BuildReport) -> Int? {
        report.stats.first { $0.name == "articles reused from the build cache" }?.count
    }

    /// Links whose resolution the build took from the last build's (`LinkCache`).
    func linksReused(_ report: BuildReport) -> Int? {
        report.stats.first { $0.name == "links resolved as in the last build" }?.count
    }

    @Test func aRebuildWithNothingChangedKeepsTheSiteAndItsWarnings() throws {
        let w = try workspace()
        try "---\ntitle: \"\"\n---\nNo title here.\n".write(toFile: w.input + "/untitled.md", atomically: true, encoding: .utf8)
        let site = w.root + "/public"
        let first = try build(w, into: site)
        #expect(!first.upToDate)
        #expect(first.warnings > 0)
        let before = inode(site)
        let second = try build(w, into: site)
        #expect(second.upToDate)
        #expect(inode(site) == before)  // not rewritten
        #expect(second.warnings == first.warnings)
        #expect(second.failsStrict)
        #expect(second.summary(verbose: false).contains("up to date"))
        // A file whose time changed but not its bytes is hashed, not rebuilt.
        let article = try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0]
        try fm.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: w.input + "/" + article)
        #expect(try build(w, into: site).upToDate)
    }

    @Test func editingAddingDeletingAndRenamingArticlesRebuildToWhatACleanBuildGives() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        let folder = w.input
        let articles = try fm.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        // Edit one article.
        let edited = folder + "/" + articles[0]
        try (String(contentsOfFile: edited, encoding: .utf8) + "\nOne more sentence.\n").write(toFile: edited, atomically: true, encoding: .utf8)
        let rebuilt = try build(w, into: site)
        #expect(!rebuilt.upToDate)
        // Only the edited article was read and parsed again, and most files were taken from the previous site.
        #expect(reused(rebuilt) == rebuilt.articles - 1)
        #expect(try #require(kept(rebuilt)) > rebuilt.filesWritten / 2)
        // A new sentence changes no link: every link lands where the last build resolved it.
        #expect(try #require(linksReused(rebuilt)) > 10)
        try expectSameAsCleanBuild(w, site)
        // Add an article under a name an existing link points at (a topic page until now).
        let wiki = try String(contentsOfFile: edited, encoding: .utf8)
        let link = try #require(wiki.firstRange(of: "[[")).upperBound
        let target = String(wiki[link...].prefix { $0 != "|" && $0 != "]" }).trimmingCharacters(in: .whitespaces)
        try articleText(target, "A new article that an old link now lands on.")
            .write(toFile: folder + "/" + Slug.make(target) + ".md", atomically: true, encoding: .utf8)
        let added = try build(w, into: site)
        #expect(!added.upToDate)
        #expect(linksReused(added) == 0)  // a link target appeared: every link is resolved again
        try expectSameAsCleanBuild(w, site)
        // A heading renamed: links to it by name must find it again.
        let headed = try String(contentsOfFile: edited, encoding: .utf8)
        let heading = try #require(headed.firstRange(of: "\n## "))
        try headed.replacingCharacters(in: heading, with: "\n## Renamed ").write(toFile: edited, atomically: true, encoding: .utf8)
        #expect(linksReused(try build(w, into: site)) == 0)
        try expectSameAsCleanBuild(w, site)
        // Rename one, then delete one.
        try fm.moveItem(atPath: folder + "/" + articles[1], toPath: folder + "/renamed_" + articles[1])
        #expect(try !build(w, into: site).upToDate)
        try expectSameAsCleanBuild(w, site)
        try fm.removeItem(atPath: folder + "/renamed_" + articles[1])
        #expect(try !build(w, into: site).upToDate)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func aTemplateChangeRebuilds() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        let template = w.templates + "/article.mustache"
        try (String(contentsOfFile: template, encoding: .utf8) + "<!-- changed -->\n").write(toFile: template, atomically: true, encoding: .utf8)
        #expect(try !build(w, into: site).upToDate)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func aDamagedCacheIsIgnoredAndSaidSo() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        let manifest = BuildManifest.path(for: site)
        var bytes = try #require(fm.contents(atPath: manifest))
        bytes[bytes.count / 2] ^= 0x20  // one flipped bit
        try bytes.write(to: URL(fileURLWithPath: manifest))
        let report = try build(w, into: site)
        #expect(!report.upToDate)
        #expect(report.diagnostics.contains { $0.code == "cache.ignored" })
        try expectSameAsCleanBuild(w, site)
        #expect(try build(w, into: site).upToDate)  // and a good manifest is written again
    }

    @Test func aPageEditedOrReplacedInTheOutputIsMadeAgain() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        let pages = try FileIO.disk.listFiles(site).filter { $0.hasSuffix("/index.html") }.sorted()
        // One page edited in place (same file), one replaced by another file, one by a link to a file outside.
        let handle = try #require(FileHandle(forWritingAtPath: site + "/" + pages[0]))
        handle.seekToEndOfFile()
        handle.write(Data("<script>tampered()</script>".utf8))
        handle.closeFile()
        try Data("replaced".utf8).write(to: URL(fileURLWithPath: site + "/" + pages[1]), options: .atomic)
        try Data("outside".utf8).write(to: URL(fileURLWithPath: w.root + "/outside.html"))
        try fm.removeItem(atPath: site + "/" + pages[2])
        try fm.createSymbolicLink(atPath: site + "/" + pages[2], withDestinationPath: w.root + "/outside.html")
        // Any input change rebuilds; none of the three pages' inputs changed.
        let article = try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0]
        try (String(contentsOfFile: w.input + "/" + article, encoding: .utf8) + "\nAnother line.\n")
            .write(toFile: w.input + "/" + article, atomically: true, encoding: .utf8)
        let rebuilt = try build(w, into: site)
        #expect(try #require(kept(rebuilt)) <= rebuilt.filesWritten - 3)
        try expectSameAsCleanBuild(w, site)
        #expect(try String(contentsOfFile: w.root + "/outside.html", encoding: .utf8) == "outside")
    }

    @Test func aDamagedOrTruncatedArticleCacheIsIgnoredAndSaidSo() throws {
        let w = try workspace()
        let site = w.root + "/public"
        let first = try build(w, into: site)
        #expect(reused(first) == 0)
        let articles = try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()
        let cache = ArticleCache.path(for: site)
        let whole = try #require(fm.contents(atPath: cache))
        for damage in [{ (d: inout Data) in d[d.count / 2] ^= 0x01 }, { (d: inout Data) in d.removeLast(5) }] {
            var bytes = whole
            damage(&bytes)
            try bytes.write(to: URL(fileURLWithPath: cache))
            let edited = w.input + "/" + articles[0]
            try (String(contentsOfFile: edited, encoding: .utf8) + "\nAnd another.\n").write(toFile: edited, atomically: true, encoding: .utf8)
            let report = try build(w, into: site)
            #expect(reused(report) == 0)
            #expect(report.diagnostics.contains { $0.code == "cache.ignored" && $0.path == cache })
            try expectSameAsCleanBuild(w, site)
            try whole.write(to: URL(fileURLWithPath: cache))
        }
    }

    @Test func aRebuildReadsReusedArticlesTextsFromTheStoreAndRefusesADamagedOne() throws {
        let w = try workspace()
        let site = w.root + "/public"
        let count = try build(w, into: site).articles
        let store = ArticleCache.storePath(for: site)
        let edited = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        // An edit appends the edited article's texts; the others' stay where they were.
        let before = try #require(fm.contents(atPath: store))
        try append("A new closing sentence.", to: edited)
        #expect(reused(try build(w, into: site)) == count - 1)
        let after = try #require(fm.contents(atPath: store))
        #expect(after.count > before.count && after.prefix(before.count) == before)
        try expectSameAsCleanBuild(w, site)
        // A flipped bit in a text the next build reads (an article's fingerprint: Dedup reads
        // every one), or a store cut short, or another store (its generation differs): every
        // article is made again, and the site is the same. The flipped byte is in an article
        // the next build would reuse.
        let whole = after
        let file = try #require(fm.contents(atPath: ArticleCache.path(for: site)))
        let key = try #require(ArticleCache.key(io: .disk))
        let cache = try #require(ArticleCache.decode(Array(file), key: key))
        let name = String(edited.split(separator: "/").last ?? "")
        let other = try #require(cache.records.values.first { !$0.displayPath.hasSuffix(name) })
        let fingerprint = try #require(other.dedup)
        var flipped = whole
        flipped[Int(fingerprint.offset) + fingerprint.count / 2] ^= 0x01
        let foreign = Data(whole.prefix(TextSpill.storeHeader.count)) + Data(repeating: 7, count: 8) + whole.dropFirst(TextSpill.storeHeadSize)
        for damage in [flipped, whole.dropLast(11), foreign] {
            try damage.write(to: URL(fileURLWithPath: store))
            try append("Another edit.", to: edited)
            let report = try build(w, into: site)
            #expect(reused(report) == 0)
            #expect(report.diagnostics.contains { $0.code == "cache.ignored" })
            try expectSameAsCleanBuild(w, site)
        }
        // The store written again by that build serves the next one.
        try append("Last edit.", to: edited)
        #expect(reused(try build(w, into: site)) == count - 1)
        try expectSameAsCleanBuild(w, site)
        // A flipped bit in a body no page of the next build reads (its page is unchanged):
        // that build keeps the page as it was; one that reads it makes every article again.
        let now = try #require(fm.contents(atPath: store))
        let currentFile = try #require(fm.contents(atPath: ArticleCache.path(for: site)))
        let current = try #require(ArticleCache.decode(Array(currentFile), key: key))
        let body = try #require(current.records.values.first { !$0.displayPath.hasSuffix(name) }).html
        var damagedBody = now
        damagedBody[Int(body.offset) + body.count / 2] ^= 0x01
        try damagedBody.write(to: URL(fileURLWithPath: store))
        try append("An edit after the damage.", to: edited)
        #expect(reused(try build(w, into: site)) == count - 1)
        try expectSameAsCleanBuild(w, site)
        let spill = try #require(TextSpill.store(at: store, generation: current.generation))
        #expect(spill.kept && spill.spill.text(body).isEmpty && spill.spill.isDamaged)
    }

    @Test func aStoreHoldingMostlyOldTextsIsStartedAgain() throws {
        let w = try workspace()
        let site = w.root + "/public"
        let count = try build(w, into: site).articles
        let store = ArticleCache.storePath(for: site)
        let size = try #require(try fm.attributesOfItem(atPath: store)[.size] as? Int)
        // Old texts past the slack (as years of edits would leave): the next build starts a new store.
        let handle = try #require(FileHandle(forWritingAtPath: store))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: Int(ArticleCache.storeSlack) + 1))
        try handle.close()
        let edited = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        try append("An edit.", to: edited)
        let report = try build(w, into: site)
        #expect(reused(report) == 0)
        #expect(!report.diagnostics.contains { $0.code == "cache.ignored" })
        #expect(try #require(try fm.attributesOfItem(atPath: store)[.size] as? Int) < size + 4096)
        try expectSameAsCleanBuild(w, site)
        try append("Another edit.", to: edited)
        #expect(reused(try build(w, into: site)) == count - 1)
    }

    /// Search documents whose term counts the build took from the last build's (`TermCache`).
    func documentsReused(_ report: BuildReport) -> Int? {
        report.stats.first { $0.name == "search documents counted as in the last build" }?.count
    }

    /// Adds a line at the end of an article.
    func append(_ text: String, to article: String) throws {
        try (String(contentsOfFile: article, encoding: .utf8) + "\n" + text + "\n").write(toFile: article, atomically: true, encoding: .utf8)
    }

    /// Puts each of `versions` in place of the cache file at `path`, edits an
    /// article, rebuilds, and expects the file not used (`reused` reads 0) and
    /// the site to be what a clean build gives.
    func expectRefused(_ versions: [Data], at path: String, _ w: (input: String, templates: String, root: String), _ site: String,
                       edited: String, reused: (BuildReport) -> Int?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (round, bytes) in versions.enumerated() {
            try bytes.write(to: URL(fileURLWithPath: path))
            try append("Edit \(round).", to: edited)
            #expect(reused(try build(w, into: site)) == 0, sourceLocation: sourceLocation)
            try expectSameAsCleanBuild(w, site, sourceLocation: sourceLocation)
        }
    }

    /// A file with one bit flipped in its middle, and the file cut short by `cut` bytes.
    func damaged(_ whole: Data, cut: Int) -> [Data] {
        var flipped = whole
        flipped[flipped.count / 2] ^= 0x01
        return [flipped, whole.dropLast(cut)]
    }

    @Test func anEditCountsOnlyTheEditedDocumentAgainAndADamagedTermCacheIsNotUsed() throws {
        let w = try workspace()
        let site = w.root + "/public"
        let first = try build(w, into: site)
        #expect(documentsReused(first) == 0)
        let edited = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        try append("A sentence about zymurgy.", to: edited)
        let documents = try #require(documentsReused(try build(w, into: site)))
        #expect(documents > 0)
        try expectSameAsCleanBuild(w, site)
        // A damaged file is refused whole: every document is counted again.
        let terms = TermCache.path(for: site)
        let whole = try #require(fm.contents(atPath: terms))
        try expectRefused(damaged(whole, cut: 3), at: terms, w, site, edited: edited, reused: documentsReused)
        try append("Last edit.", to: edited)
        #expect(documentsReused(try build(w, into: site)) == documents)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func aDamagedOrForeignLinkCacheIsNotUsed() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        let links = LinkCache.path(for: site)
        let whole = try #require(fm.contents(atPath: links))
        let edited = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        // Another wiki's result (its articles keep the names, one title differs) is refused by its key.
        let other = try workspace()
        let renamed = other.input + "/" + (try fm.contentsOfDirectory(atPath: other.input).filter { $0.hasSuffix(".txt") }.sorted()[1])
        let text = try String(contentsOfFile: renamed, encoding: .utf8)
        try text.replacingCharacters(in: try #require(text.firstRange(of: "title: ")), with: "title: Another ")
            .write(toFile: renamed, atomically: true, encoding: .utf8)
        _ = try build(other, into: other.root + "/public")
        let foreign = try #require(fm.contents(atPath: LinkCache.path(for: other.root + "/public")))
        try expectRefused(damaged(whole, cut: 7) + [foreign], at: links, w, site, edited: edited, reused: linksReused)
        // The next build wrote a good one again.
        try append("Last edit.", to: edited)
        #expect(try #require(linksReused(try build(w, into: site))) > 10)
        try expectSameAsCleanBuild(w, site)
    }

    /// Candidate pairs whose dedup scores the build took from the last build's (`Deduplicator.Memo`).
    func pairsRemembered(_ report: BuildReport) -> Int? { stat(report, "dedup pairs scored as in the last build") }

    func stat(_ report: BuildReport, _ name: String) -> Int? { report.stats.first { $0.name == name }?.count }

    @Test func anEditScoresOnlyThePairsItCanMoveAndADamagedDedupMemoIsNotUsed() throws {
        let w = try workspace()
        let site = w.root + "/public"
        #expect(pairsRemembered(try build(w, into: site)) == 0)
        let articles = try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()
        // One article takes up a word no other has: only its own pairs are scored again.
        let edited = w.input + "/" + articles[2]
        try append("Zymurgy.", to: edited)
        let rebuilt = try build(w, into: site)
        let candidates = try #require(stat(rebuilt, "dedup candidates, same video")) + (try #require(stat(rebuilt, "dedup candidates, across videos")))
        let remembered = try #require(pairsRemembered(rebuilt))
        #expect(remembered > 0 && remembered < candidates)
        try expectSameAsCleanBuild(w, site)
        // A damaged file is refused whole.
        let memo = Deduplicator.Memo.path(for: site)
        let whole = try #require(fm.contents(atPath: memo))
        try expectRefused(damaged(whole, cut: 5), at: memo, w, site, edited: edited, reused: pairsRemembered)
        try append("Zymurgic.", to: edited)
        #expect(pairsRemembered(try build(w, into: site)) == remembered)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func editsAppendToTheArticleCacheUntilOldCopiesWouldOutnumberTheArticles() throws {
        let w = try workspace()
        let site = w.root + "/public"
        // A temporary cache file of a build that was killed while writing it.
        let leftover = ArticleCache.path(for: site) + ".tmp-999999999"
        try fm.createDirectory(atPath: w.root + "/.wikisite-cache", withIntermediateDirectories: true)
        try Data("torn".utf8).write(to: URL(fileURLWithPath: leftover))
        let count = try build(w, into: site).articles
        #expect(!fm.fileExists(atPath: leftover))
        let edited = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        var sizes: [Int] = []
        for round in 1...(count + 2) {
            try (String(contentsOfFile: edited, encoding: .utf8) + "\nEdit \(round).\n").write(toFile: edited, atomically: true, encoding: .utf8)
            let report = try build(w, into: site)
            #expect(reused(report) == count - 1)
            let bytes = try #require(fm.contents(atPath: ArticleCache.path(for: site)))
            let key = try #require(ArticleCache.key(io: .disk))
            sizes.append(try #require(ArticleCache.decode(Array(bytes), key: key)).fileRecords)
        }
        // Each edit adds one record, and the file is rewritten with one per article when it would hold twice as many.
        #expect(sizes.first == count + 1)
        #expect(sizes.max()! <= 2 * count)
        #expect(sizes.contains(count))
        try expectSameAsCleanBuild(w, site)
    }

    @Test func anArticleReadsBackFromTheCacheAsItWasMade() throws {
        let text = articleText("All of it", """
            # All of it

            See [[Target Page#Part two | the label]] and ![[embedded.png]] at [00:01:14] and 01:02:03.
            <a class="yt-timestamp" data-t="00:05:00">[00:05:00]</a>

            ## A heading

            > [!note] A callout
            > with text. <span onclick="x()">raw</span>

            [[unclosed
            """)
        let file = SourceFile(path: "chan/all.md", displayPath: "in/chan/all.md", bytes: Array(text.utf8))
        let loaded = ArticleLoader.load(file, fallbackChannel: "in")
        let article = try #require(loaded.article)
        let parsed = ArticleParser.parse(article)
        let body = BodySanitizer.sanitizeAll(sources: [article], parsed: [parsed]).bodies[SourceID(0)]
        #expect(!parsed.links.isEmpty && !parsed.timestamps.isEmpty && !parsed.searchLines.isEmpty && !body.removed.isEmpty)

        let source = try #require(SourceArticle.fromCachePart(ArraySlice(SourceArticle.cachePart(article, diagnostics: loaded.diagnostics))))
        #expect(String(describing: source.article) == String(describing: article))
        #expect(source.diagnostics == loaded.diagnostics)
        var r = ByteReader(ArraySlice(parsed.cachePart()))
        let back = try ParsedArticle(from: &r)
        #expect(r.isAtEnd)
        #expect(back.html == "")
        var expected = parsed
        expected.html = ""
        #expect(String(describing: back) == String(describing: expected))
        // Read back for a rebuild, its links wait in the bytes until Link asks for them.
        var d = ByteReader(ArraySlice(parsed.cachePart()))
        let deferred = try ParsedArticle(from: &d, deferringLinks: true)
        #expect(d.isAtEnd && deferred.links.isEmpty && deferred.blockTexts.isEmpty && deferred.unreadLinks != nil)
        #expect(deferred.timestamps.count == parsed.timestamps.count && deferred.headings.count == parsed.headings.count)
        #expect(String(describing: deferred.readingLinks) == String(describing: expected))
        var b = ByteReader(ArraySlice(body.cachePart()))
        let bodyBack = try ArticleBody(from: &b)
        #expect(bodyBack.html == body.html && bodyBack.headings == body.headings && bodyBack.removed == body.removed)
        // Dedup's fingerprint: the words, heading sections and cited moments it compares.
        let fingerprint = Deduplicator.fingerprint(article, parsed, lines: parsed.searchLines.map { ($0.text, $0.isHeading) })
        #expect(!fingerprint.words.isEmpty && !fingerprint.moments.isEmpty && !fingerprint.segmentMasks.isEmpty)
        var f = ByteWriter()
        fingerprint.encode(into: &f)
        var fr = ByteReader(ArraySlice(f.bytes))
        #expect(String(describing: try Deduplicator.Article(from: &fr)) == String(describing: fingerprint))
        #expect(fr.isAtEnd)
        // Cut short anywhere, a part throws instead of reading garbage.
        for cut in stride(from: 0, to: f.bytes.count, by: max(1, f.bytes.count / 50)) {
            var short = ByteReader(ArraySlice(f.bytes.prefix(cut)))
            #expect(throws: ByteReader.Truncated.self) { _ = try Deduplicator.Article(from: &short) }
        }
        let bytes = parsed.cachePart()
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 50)) {
            var short = ByteReader(ArraySlice(bytes.prefix(cut)))
            #expect(throws: ByteReader.Truncated.self) { _ = try ParsedArticle(from: &short) }
            var shortDeferred = ByteReader(ArraySlice(bytes.prefix(cut)))
            #expect(throws: ByteReader.Truncated.self) { _ = try ParsedArticle(from: &shortDeferred, deferringLinks: true) }
        }
    }

    @Test func aReplacedOrDeletedOutputIsBuiltAgain() throws {
        let w = try workspace()
        let site = w.root + "/public"
        _ = try build(w, into: site)
        try fm.removeItem(atPath: site)
        #expect(try !build(w, into: site).upToDate)
        try expectSameAsCleanBuild(w, site)
        try fm.removeItem(atPath: site + "/index.html")  // the folder's own time changes
        #expect(try !build(w, into: site).upToDate)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func aDeletedOutputIsBuiltAgainFromTheStandby() throws {
        let w = try workspace()
        let site = w.root + "/public"
        let article = w.input + "/" + (try fm.contentsOfDirectory(atPath: w.input).filter { $0.hasSuffix(".txt") }.sorted()[0])
        func edit(_ line: String) throws {
            try (String(contentsOfFile: article, encoding: .utf8) + "\n" + line + "\n").write(toFile: article, atomically: true, encoding: .utf8)
        }
        _ = try build(w, into: site)
        try edit("A first line more.")
        _ = try build(w, into: site)  // the first site is now the standby
        #expect(fm.fileExists(atPath: w.root + "/.wikisite-cache/public.standby/index.html"))
        try fm.removeItem(atPath: site)
        try edit("A second line more.")
        let rebuilt = try build(w, into: site)
        #expect(try #require(kept(rebuilt)) > 0)  // taken from the standby: nothing else is left
        try expectSameAsCleanBuild(w, site)
        try edit("A third line more.")
        _ = try build(w, into: site)
        try expectSameAsCleanBuild(w, site)
    }

    @Test func theManifestReadsBackAsWritten() throws {
        let manifest = BuildManifest(
            key: "k\tv", scanned: 42, output: FileStamp(device: 1, inode: 2, size: 3, modified: 4),
            files: [.init(path: "input:in/a b.md", size: 10, modified: 11, hash: 0xdead_beef)],
            warnings: [Diagnostic(path: "in/a b.md", line: 3, column: 4, code: "x.y", message: "tab\there")],
            articles: 5, pages: 6, filesWritten: 7)
        let back = try #require(BuildManifest.decode(manifest.encoded()))
        #expect(back.files == manifest.files)
        #expect(back.output == manifest.output)
        #expect(back.warnings.map(\.description) == ["in/a b.md:3:4: warning: tab here [x.y]"])
        #expect((back.articles, back.pages, back.filesWritten) == (5, 6, 7))
        #expect(BuildManifest.decode(Array(manifest.encoded().dropLast(3))) == nil)
        #expect(BuildManifest.path(for: "site/public/") == "site/.wikisite-cache/public.manifest")
        #expect(BuildManifest.path(for: "public") == "./.wikisite-cache/public.manifest")
        #expect(BuildManifest.path(for: "/srv") == "/.wikisite-cache/srv.manifest")
    }
}
