import Foundation
import Testing
@testable import WikiSite

/// A rebuild's Dedup takes the last build's scores and landing credits again
/// for the articles an edit cannot have moved (`Deduplicator.Memo`); what it
/// decides, scores included to the last bit, is what a run without them decides.
@Suite struct DedupMemoTests {
    static func words(_ prefix: String, _ count: Int) -> String { DedupPolicyTests.words(prefix, count) }

    /// A broad article, two narrow ones of its video, a copy of the broad one
    /// in another video, and unrelated articles that weigh the words.
    static func wiki(hiring: String = words("h", 38), other: String = words("o0q", 30)) -> [Deduplicator.Article] {
        [
            DedupPolicyTests.article("broad", [("Pricing", words("p", 40)), ("Hiring", words("h", 40))], video: "v"),
            DedupPolicyTests.article("pricing", [("Pricing", words("p", 38))], video: "v"),
            DedupPolicyTests.article("hiring", [("Hiring", hiring)], video: "v"),
            DedupPolicyTests.article("broad copy", [("Pricing", words("p", 40)), ("Hiring", words("h", 39))], video: "w"),
            DedupPolicyTests.article("other0", [("Other", other)], video: "o0"),
        ] + (1..<6).map { DedupPolicyTests.article("other\($0)", [("Other", words("o\($0)q", 30))], video: "o\($0)") }
    }

    static func digests(_ articles: [Deduplicator.Article]) -> [UInt64] { articles.map { FNV1a.hashWords(Deduplicator.encoded($0)) } }

    static func run(_ articles: [Deduplicator.Article], last: Deduplicator.Memo?) -> Deduplicator.Result {
        Deduplicator.run(articles, digests: digests(articles), last: last)
    }

    static func unchanged(_ articles: [Deduplicator.Article], since memo: Deduplicator.Memo) -> [Bool] {
        memo.unchanged(Deduplicator.Corpus(articles), digests: digests(articles))
    }

    /// The same groups, canonical pages, landings, and passed pairs with their scores.
    static func expectSame(_ a: Deduplicator.Result, _ b: Deduplicator.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.groups == b.groups, sourceLocation: sourceLocation)
        #expect(a.canonical == b.canonical, sourceLocation: sourceLocation)
        #expect(a.landing == b.landing, sourceLocation: sourceLocation)
        #expect(a.pairs == b.pairs, sourceLocation: sourceLocation)
        #expect(a.sameVideoCandidates == b.sameVideoCandidates && a.crossVideoCandidates == b.crossVideoCandidates,
                sourceLocation: sourceLocation)
    }

    @Test func nothingChangedTakesEveryPairAndDecidesTheSame() throws {
        let wiki = Self.wiki()
        let clean = Deduplicator.run(wiki)
        #expect(clean.crossVideoCandidates == 1 && clean.sameVideoCandidates == 3)
        #expect(clean.pairs.contains { $0.a == 0 && $0.b == 3 })  // the copy passes with the broad article
        let memo = try #require(Self.run(wiki, last: nil).memo)
        let again = Self.run(wiki, last: memo)
        Self.expectSame(again, clean)
        #expect(again.pairsRemembered == 4)
    }

    @Test func anEditedArticleAndTheArticlesWhoseWordsMovedAreMeasuredAgain() throws {
        let memo = try #require(Self.run(Self.wiki(), last: nil).memo)
        // The narrow article drops words and takes up two the broad article and its copy alone held: those
        // words weigh differently now, so the broad article and its copy are changed too; `pricing` is not.
        let edited = Self.wiki(hiring: Self.words("h", 30) + " p38x p39x")
        #expect(Self.unchanged(edited, since: memo) == [false, true, false, false] + Array(repeating: true, count: 6))
        let rerun = Self.run(edited, last: memo)
        Self.expectSame(rerun, Deduplicator.run(edited))
        #expect(rerun.pairsRemembered == 0)  // every pair has the broad article or the edited one
    }

    @Test func anUnrelatedArticleTakingUpASharedWordMovesThePairsThatShareIt() throws {
        let memo = try #require(Self.run(Self.wiki(), last: nil).memo)
        // `other0` now uses a word the broad article, its copy and `hiring` hold: it weighs less, so their
        // scores move although none of them was edited.
        let edited = Self.wiki(other: Self.words("o0q", 30) + " h5x")
        #expect(Self.unchanged(edited, since: memo) == [false, true, false, false, false] + Array(repeating: true, count: 5))
        Self.expectSame(Self.run(edited, last: memo), Deduplicator.run(edited))
        // A word no other article has moves nothing but its own article.
        let alone = Self.wiki(other: Self.words("o0q", 30) + " zymurgy")
        #expect(Self.unchanged(alone, since: memo) == [true, true, true, true, false] + Array(repeating: true, count: 5))
        let rerun = Self.run(alone, last: memo)
        Self.expectSame(rerun, Deduplicator.run(alone))
        #expect(rerun.pairsRemembered == 4)
    }

    @Test func aMemoIsReadOnlyByTheBinaryAndWikiSizeItWasMadeForAndOnlyWhole() throws {
        let wiki = Self.wiki()
        let memo = try #require(Self.run(wiki, last: nil).memo)
        let output = Fixture.temporaryFolder() + "/public"
        let path = Deduplicator.Memo.path(for: output)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var bytes = memo.encoded(binary: "build-1")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try #require(Deduplicator.Memo.read(for: output, binary: "build-1", articles: wiki.count, io: .disk))
        #expect(read.pairs == memo.pairs && read.scores == memo.scores && read.credits == memo.credits && read.creditValues == memo.creditValues)
        #expect(!memo.credits.isEmpty)
        #expect(Deduplicator.Memo.read(for: output, binary: "build-2", articles: wiki.count, io: .disk) == nil)
        #expect(Deduplicator.Memo.read(for: output, binary: "build-1", articles: wiki.count + 1, io: .disk) == nil)
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(Deduplicator.Memo.read(for: output, binary: "build-1", articles: wiki.count, io: .disk) == nil)
    }
}
