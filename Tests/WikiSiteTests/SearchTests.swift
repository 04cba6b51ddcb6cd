import Testing
@testable import WikiSite

@Suite struct SearchTests {
    @Test func normaliserFoldsAsTheClientDoes() {
        #expect(SearchText.terms("Erdoğan's Turkey") == ["erdogan", "turkey"])
        #expect(SearchText.terms("Pokémon STRASSE Straße ﬁne") == ["pokemon", "strasse", "strasse", "fine"])
        #expect(SearchText.terms("the companies don't matter") == ["company", "dont", "matter"])
        #expect(SearchText.terms("classes churches boxes status analysis cats") == ["class", "church", "box", "status", "analysis", "cat"])
        #expect(SearchText.terms("光の未来") == ["光の", "の未", "未来"])
        #expect(SearchText.terms("я тебя люблю") == ["я", "тебя", "люблю"])
        #expect(SearchText.terms("zero\u{200B}width") == ["zerowidth"])
    }

    @Test(arguments: ["The world's 3 best AI-models, e.g. GPT's", "don't stop 'quoted' words' end", "x's 's s' a'b'c", "Q&A: 50% of U.S. firms"])
    func asciiFastPathMatchesTheGeneralPath(text: String) {
        #expect(SearchText.terms(text) == SearchText.generalTerms(text))
    }

    /// The indexer's term table: one id per distinct term, in the order first
    /// seen, past its growth, and two terms whose hashes are equal stay two.
    @Test func termTableKeepsOneIdPerTermEvenWhenHashesCollide() {
        var table = SearchIndexer.TermTable(capacity: 4)
        let words = (0..<300).map { "term\($0)" }
        for (k, w) in words.enumerated() {
            let (id, isNew) = table.id(of: w, hash: FNV1a.hash(w))
            #expect(id == k && isNew)
        }
        for (k, w) in words.enumerated().reversed() {
            let (id, isNew) = table.id(of: w, hash: FNV1a.hash(w))
            #expect(id == k && !isNew)
        }
        let a = table.id(of: "alpha", hash: 42), b = table.id(of: "beta", hash: 42)
        #expect(a.isNew && b.isNew && a.id != b.id)
        #expect(table.id(of: "beta", hash: 42) == (b.id, false))
        #expect(table.id(of: "alpha", hash: 42) == (a.id, false))
        #expect(table.terms.count == 302 && table.terms.last == "beta")
    }

    /// Dedup's word ids: one id per distinct hash, in the order first added,
    /// past the table's growth, whatever the hashes' bits (0 and all ones too).
    @Test func hashIDTableGivesEachHashOneIdInTheOrderFirstAdded() {
        var table = HashIDTable(capacity: 2)
        let keys: [UInt64] = [0, .max, 1 << 63] + (1...500).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        for (k, key) in keys.enumerated() { #expect(table.id(of: key) == (Int32(k), true)) }
        for (k, key) in keys.enumerated().reversed() { #expect(table.id(of: key) == (Int32(k), false)) }
        #expect(table.count == keys.count)
    }

    /// A page table's files by path: each path finds its own value past the
    /// table's growth, a value set again replaces it, and a path never set (or
    /// one a byte longer or shorter) finds nothing.
    @Test func pathMapFindsEachPathsValue() {
        var map = PathMap<Int>(capacity: 1)
        let paths = ["", "index.html", "a/index.html", "é/ü/index.html"] + (0..<600).map { "chan\($0 % 7)/article_\($0)/index.html" }
        for (k, p) in paths.enumerated() { map[p] = k }
        map["a/index.html"] = -1
        #expect(map.count == paths.count)
        #expect(map.keys == paths)
        for (k, p) in paths.enumerated() { #expect(map[p] == (p == "a/index.html" ? -1 : k), "\(p)") }
        for p in ["a/index.htm", "a/index.html/", "chan0/article_600/index.html", "A/index.html"] { #expect(map[p] == nil, "\(p)") }
    }

    /// The indexer's stop-word check on bytes agrees with the client's list:
    /// every stop word is found, and words that only begin or end like one,
    /// differ in case or are not ASCII are not.
    @Test func stopWordsLookedUpByBytesAreExactlyTheSearchList() {
        func isStop(_ w: String) -> Bool { Array(w.utf8).withUnsafeBufferPointer { StopWords.searchBytes.contains($0) } }
        for w in StopWords.search { #expect(isStop(w), "\(w)") }
        for w in ["", "th", "thee", "them1", "The", "abouts", "yourselvess", "b", "ourselve", "über", "zz", "whom_", "x"] {
            #expect(isStop(w) == StopWords.search.contains(w), "\(w)")
        }
        #expect(SearchText.terms("The cats and the dogs of Yourselves e g") == ["cat", "dog"])
    }

    @Test func varintsAndPostingsAreCompact() {
        #expect(SearchIndexer.varint(0) == "A")
        #expect(SearchIndexer.varint(31) == "f")
        #expect(SearchIndexer.varint(32) == "gB")
        // Consecutive documents cost one character each.
        let postings = [Posting(doc: 0, impact: 5, section: 0), Posting(doc: 1, impact: 31, section: 2), Posting(doc: 2, impact: 0, section: 40)]
        #expect(SearchIndexer.encodePostings(postings, sections: false) == "FfA")
        // With sections (inline lists and heads), each posting is followed by its section.
        #expect(SearchIndexer.encodePostings(postings, sections: true) == "FAfCAoB")
        #expect(SearchIndexer.jsString("a\"b\\c\u{2028}/") == "\"a\\\"b\\\\c\\u2028/\"")
    }

    @Test func indexHoldsArticlesButNotStubs() throws {
        let long = String(repeating: "Zebras migrate across the Serengeti every year in search of water. ", count: 5)
        let site = try MemorySite([
            "chan/zebra.md": articleText("Zebra migration", long),
            "chan/stub.md": articleText("Camera", "The provided transcript does not contain any information."),
        ])
        let manifest = try #require(site.page("search/manifest.js"))
        #expect(manifest.hasPrefix("wikisearch.register(\"manifest\",{\"version\":2,"))
        #expect(manifest.contains("\"docs\":1,"))
        let store = try #require(site.page("search/d/0.js"))
        #expect(store.contains("[\"chan/zebra/\",\"Zebra migration\",\"Zebras migrate"))
        #expect(!store.contains("Camera"))
        #expect(site.paths.contains { $0.hasPrefix("search/t/") })
    }

    /// The manifest's id (which readers' browsers key their cache of the
    /// index by) changes when only a document-store file changes: a heading's
    /// id, which no term reads. The same documents give the same id.
    @Test func theIndexIdChangesWhenOnlyTheDocumentStoreDoes() throws {
        func index(headingID: String) -> (id: String, store: [UInt8]) {
            let docs = (0..<5).map { i in
                SearchDocument(url: "chan/a\(i)/", title: "Article \(i)", channel: "chan", videoID: "v\(i)", slug: "a\(i)",
                               lines: [(false, "Zebras migrate across the Serengeti \(i)."), (true, "Water"), (false, "They follow the rain.")],
                               headingIDs: [i == 3 ? headingID : "water"])
            }
            let files = SearchIndexer.build(docs)
            let manifest = String(decoding: files.first { $0.path == "search/manifest.js" }!.bytes, as: UTF8.self)
            let id = String(manifest.split(separator: "\"id\":\"")[1].prefix(8))
            return (id, files.filter { $0.path.hasPrefix("search/d/") }.sorted { $0.path < $1.path }.flatMap(\.bytes))
        }
        let first = index(headingID: "water"), again = index(headingID: "water"), moved = index(headingID: "water-2")
        #expect(first.id == again.id && first.store == again.store)
        #expect(first.store != moved.store)
        #expect(first.id != moved.id)
    }

    @Test func aTermBelongsToTheSectionWhereItWeighsMost() {
        var counts = TermCounts()
        counts.hit(section: 0, weight: 1)          // the intro
        counts.hit(section: 2, weight: 1)
        counts.hit(section: 2, weight: 1)
        #expect(counts.section == 2)
        counts.hit(section: 3, weight: SearchIndexer.sectionHeadingWeight)  // a heading outweighs two mentions
        #expect(counts.section == 3)
        counts.hit(section: 4, weight: 3)          // a tie keeps the first
        #expect(counts.section == 3)
    }

    @Test func theStoreListsHeadingsWithTheIdsOfThePage() throws {
        let intro = String(repeating: "Zebras migrate across the Serengeti every year in search of water. ", count: 5)
        let body = intro + "\n\n## Overview\n\nWalrus.\n\n"
            + "## Café prices\n\nEspresso.\n\n## Overview\n\nNarwhal and more text to be sure it is not a stub."
        let site = try MemorySite(["chan/zoo.md": articleText("Zoo", body)])
        let store = try #require(site.page("search/d/0.js"))
        #expect(store.contains(",[\"Overview\",[\"Café prices\",\"café-prices\"],[\"Overview\",\"overview-2\"]]]"))
        let page = try #require(site.page("chan/zoo/index.html"))
        for id in ["overview", "café-prices", "overview-2"] { #expect(page.contains("id=\"\(id)\"")) }
        #expect(SearchIndexer.clientSlug("C++ & C# (3.14)!") == "c-c-3-14")
        #expect(SearchIndexer.clientSlug("Café") == nil)
    }
}

/// A long postings list is cut into the head a query reads first and the tail
/// it reads only when it must (docs/search-index.md §8).
/// A rebuild's index is the last build's patched (`TermCache.patched`):
/// it must be the index counting every document gives, whatever changed.
@Suite struct PatchedIndexTests {
    struct Doc {
        var slug: String
        var title: String
        var text: String
    }

    /// Documents in index order (by slug), each keyed by its title and text.
    func documents(_ docs: [Doc]) -> SearchIndexer.Documents {
        let sorted = docs.sorted { $0.slug.utf8.lexicographicallyPrecedes($1.slug.utf8) }
        var d = SearchIndexer.Documents(keys: sorted.map { ("chan", $0.slug) }) { i in
            let doc = sorted[i]
            return SearchDocument(url: "chan/\(doc.slug)/", title: doc.title, channel: "chan", videoID: doc.slug, slug: doc.slug,
                                  lines: [(false, doc.text), (true, "A heading of \(doc.title)"), (false, doc.text + " again")])
        }
        d.key = { i in FNV1a.hash(sorted[i].title + "\u{0}" + sorted[i].text) }
        return d
    }

    /// The keys `documents` gives its documents, in order.
    func keys(_ docs: [Doc]) -> [UInt64] {
        let d = documents(docs)
        return (0..<d.count).map(d.key!)
    }

    func expectSame(_ a: SearchIndexer.Inverted, _ b: SearchIndexer.Inverted, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.terms.map { String(String.UnicodeScalarView($0)) } == b.terms.map { String(String.UnicodeScalarView($0)) },
                sourceLocation: sourceLocation)
        #expect(a.lists.map(Array.init) == b.lists.map(Array.init), sourceLocation: sourceLocation)
        #expect(a.lengths == b.lengths, sourceLocation: sourceLocation)
    }

    /// The last build's index of `before`, as the next build reads it back.
    func cache(_ before: [Doc]) throws -> TermCache {
        try #require(TermCache.decoded(TermCache.payload(SearchIndexer.count(documents(before)), keys: keys(before), stores: [])[...]))
    }

    let wiki = (0..<12).map { Doc(slug: "doc\($0 < 10 ? "0" : "")\($0)", title: "Title \($0)", text: "Shared words and word\($0) zymurgy\($0 % 3)") }

    @Test func anEditedDocumentIsCountedAgainAndTheRestKept() throws {
        var after = wiki
        after[4].text = "Shared words, with aardvark and a new ending"
        let last = try cache(wiki)
        let patched = try #require(last.patched(documents(after), keys: keys(after)))
        expectSame(patched, SearchIndexer.count(documents(after)))
        #expect(last.used.load(ordering: .relaxed) == wiki.count - 1)
        // A term only the old text had is gone, one only the new text has is there.
        let terms = patched.terms.map { String(String.UnicodeScalarView($0)) }
        #expect(terms.contains("aardvark") && !terms.contains("word4"))
    }

    @Test func addedRemovedAndRenamedDocumentsGiveTheCountedIndex() throws {
        var after = wiki
        after.remove(at: 7)
        after.append(Doc(slug: "doc055", title: "A new one", text: "Shared words about quokkas"))
        after[0].slug = "doc99"  // renamed: the same text, now last in the index
        expectSame(try #require(try cache(wiki).patched(documents(after), keys: keys(after))), SearchIndexer.count(documents(after)))
    }

    @Test func documentsWithOneKeyAreCountedAgain() throws {
        var before = wiki
        before[2] = Doc(slug: before[2].slug, title: before[3].title, text: before[3].text)
        var after = before
        after[5].text = "Edited"
        let last = try cache(before)
        expectSame(try #require(last.patched(documents(after), keys: keys(after))), SearchIndexer.count(documents(after)))
        #expect(last.used.load(ordering: .relaxed) == wiki.count - 3)
    }

    /// Counting keys a term by its bytes: a Hangul word written as one
    /// syllable a character and the same word written in jamo (equal as Swift
    /// Strings) are two terms, in the patched index too.
    @Test func termsAreTheirBytesNotTheirCanonicalForm() throws {
        var after = wiki
        after[3].text = "Shared words \u{D55C}\u{AD6D}"
        after[4].text = "Shared words \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}"
        #expect("\u{D55C}\u{AD6D}" == "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}")
        let counted = SearchIndexer.count(documents(after))
        expectSame(try #require(try cache(wiki).patched(documents(after), keys: keys(after))), counted)
        let hangul = counted.terms.filter { $0.contains { $0.value >= 0x1100 } }
        #expect(hangul.count == 2)
    }

    /// A rebuild's index files against a clean build's, with the files of the
    /// build before: two documents gone from the front, so each later file of
    /// the document store (two documents a file) holds what the next one held.
    /// Its digest must be of the file as it is now: the manifest's id hashes it.
    @Test func storeFilesWhoseDocumentsMovedGiveTheManifestOfACleanBuild() throws {
        func keyed(_ docs: [Doc]) -> SearchIndexer.Documents {
            var d = documents(docs)
            let sorted = docs.sorted { $0.slug.utf8.lexicographicallyPrecedes($1.slug.utf8) }
            d.storeKey = { i in FNV1a.hash(sorted[i].slug + "\u{0}" + sorted[i].title + "\u{0}" + sorted[i].text) }
            return d
        }
        func files(_ docs: SearchIndexer.Documents, terms: TermCache? = nil,
                   previous: [String: [UInt8]] = [:]) -> (files: [String: [UInt8]], kept: SearchIndexer.Kept?) {
            let out = SearchIndexer.Collected()
            // The previous site's file is taken when its digest is the one given, else the file is made.
            let reuse: SearchIndexer.Reuse = { path, digest, make in
                if let old = previous[path], FNV1a.hashWords(old) == digest {
                    out.add(OutputFile(path: path, bytes: old))
                } else {
                    out.add(OutputFile(path: path, bytes: make()))
                }
            }
            let kept = SearchIndexer.build(docs, terms: terms, reuse: terms == nil ? nil : reuse, into: { out.add($0) })
            return (Dictionary(uniqueKeysWithValues: out.all.map { ($0.path, $0.bytes) }), kept)
        }
        let first = files(keyed(wiki))
        let kept = try #require(first.kept)
        let last = try #require(TermCache.decoded(TermCache.payload(kept.index, keys: kept.keys, stores: kept.stores)[...]))
        let after = Array(wiki.dropFirst(2))
        let rebuilt = files(keyed(after), terms: last, previous: first.files).files
        let clean = files(keyed(after)).files
        #expect(rebuilt.keys.sorted() == clean.keys.sorted())
        #expect(rebuilt.keys.filter { rebuilt[$0] != clean[$0] }.sorted() == [])
    }

    @Test func aChangeToMostDocumentsCountsThemAll() throws {
        let after = wiki.map { Doc(slug: $0.slug, title: $0.title, text: $0.text + " edited") }
        #expect(try cache(wiki).patched(documents(after), keys: keys(after)) == nil)
    }
}

@Suite struct PostingsHeadTests {
    /// The head holds the highest impacts (of equal impacts, the earlier
    /// documents), the tail the rest, both in document order: the same cut as
    /// ranking the whole list, for lists with many ties at the cut.
    @Test(arguments: [257, 300, 1000, 5000])
    func headHoldsTheHighestImpactsAndBothPartsKeepDocumentOrder(count: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(count)
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var doc: Int32 = 0
        let list = (0..<count).map { _ -> Posting in
            doc += Int32(1 + next() % 3)
            return Posting(doc: doc, impact: UInt8(next() % UInt64(SearchIndexer.quant)), section: UInt16(next() % 4))
        }
        let (head, tail) = SearchIndexer.splitHead(list[...])
        let ranked = list.sorted { ($1.impact, $0.doc) < ($0.impact, $1.doc) }
        #expect(head.map(\.doc) == ranked.prefix(SearchIndexer.headSize).map(\.doc).sorted())
        #expect(tail.map(\.doc) == ranked.dropFirst(SearchIndexer.headSize).map(\.doc).sorted())
        #expect(head.count == SearchIndexer.headSize && head.count + tail.count == list.count)
        let lowestInHead = head.map(\.impact).min()!, highestInTail = tail.map(\.impact).max()!
        #expect(lowestInHead >= highestInTail)
    }
}
