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

    @Test func varintsAndPostingsAreCompact() {
        #expect(SearchIndexer.varint(0) == "A")
        #expect(SearchIndexer.varint(31) == "f")
        #expect(SearchIndexer.varint(32) == "gB")
        // Consecutive documents cost one character each.
        #expect(SearchIndexer.encodePostings([(0, 5), (1, 31), (2, 0)]) == "FfA")
        #expect(SearchIndexer.jsString("a\"b\\c\u{2028}/") == "\"a\\\"b\\\\c\\u2028/\"")
    }

    @Test func indexHoldsArticlesButNotStubs() throws {
        let long = String(repeating: "Zebras migrate across the Serengeti every year in search of water. ", count: 5)
        let site = try MemorySite([
            "chan/zebra.md": articleText("Zebra migration", long),
            "chan/stub.md": articleText("Camera", "The provided transcript does not contain any information."),
        ])
        let manifest = try #require(site.page("search/manifest.js"))
        #expect(manifest.hasPrefix("wikisearch.register(\"manifest\",{\"version\":1,"))
        #expect(manifest.contains("\"docs\":1,"))
        let store = try #require(site.page("search/d/0.js"))
        #expect(store.contains("[\"chan/zebra/\",\"Zebra migration\",\"Zebras migrate"))
        #expect(!store.contains("Camera"))
        #expect(site.paths.contains { $0.hasPrefix("search/t/") })
    }
}
