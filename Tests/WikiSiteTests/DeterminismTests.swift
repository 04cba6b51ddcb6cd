import Foundation
import Testing
@testable import WikiSite

/// The same input gives the same bytes: on any run, with any number of
/// jobs, whatever order the folder lists its files in, wherever it is written.
@Suite struct DeterminismTests {
    /// The real disk, except that the input folder lists its files in a
    /// shuffled order (a seeded generator, so a failure can be replayed).
    func shuffledDisk(seed: UInt64) -> FileIO {
        var io = FileIO.disk
        io.listFiles = { root in
            var generator = SplitMix(state: seed)
            return try FileIO.disk.listFiles(root).shuffled(using: &generator)
        }
        return io
    }

    func files(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let path = enumerator.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: root + "/" + path), !path.isEmpty {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    out[path] = data
                }
            }
        }
        return out
    }

    @Test func oneJobShuffledListingAndAnotherPathGiveTheSameBytes() throws {
        let seeds = Fixture.repoRoot + "/seeds", templates = Fixture.repoRoot + "/templates"
        let first = Fixture.temporaryFolder() + "/public"
        let second = Fixture.temporaryFolder() + "/elsewhere/site"
        _ = try Builder.build(BuildOptions(input: seeds, output: first, templates: templates))
        _ = try Builder.build(BuildOptions(input: seeds, output: second, templates: templates, jobs: 1), io: shuffledDisk(seed: 42))
        let a = files(first), b = files(second)
        #expect(a.count > 30)
        #expect(a.keys.sorted() == b.keys.sorted())
        let differing = a.keys.filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "differ: \(differing.prefix(5))")
    }

    /// Two titles that match a topic's words of the same rarity score the
    /// same, to the last bit, whatever order the words are added in; the
    /// tie goes to the article whose path sorts first.
    @Test func equalTitleScoresAreOrderedByPath() {
        func article(_ path: String, _ title: String) -> SourceArticle {
            Fixture.article("---\ntitle: \(title)\nvideoId: P6y0gr-W2-k\n---\nFrom: [[chan]] <br/>\nText\n", path: path)
        }
        // alpha, beta, delta, epsilon are in one title each, gamma and zeta in
        // two: 1 + 1 + 2 adds up to another double depending on the order
        // (log 5 + log 5 + log 2.5), which used to follow hash order.
        let sources: IDArray<SourceID, SourceArticle> = [
            article("chan/f2.md", "omega theta"),
            article("chan/b.md", "delta epsilon zeta"),
            article("chan/f1.md", "gamma zeta"),
            article("chan/a.md", "alpha beta gamma"),
        ]
        let (site, _) = SiteAssembler.assemble(sources)
        let index = TargetIndex(site: site, sources: sources)
        let titles = index.titleMatches("alpha beta gamma delta epsilon zeta", excluding: []).map { sources[site.articles[$0].source].path }
        #expect(titles == ["chan/a.md", "chan/b.md", "chan/f1.md"])
    }

    /// A topic page's related articles are the five titles that score best
    /// over every article, also when the lists of common title words are
    /// long (the index stops reading them once no title outside the ones
    /// scored so far could reach the five): checked against scoring each
    /// title in full.
    @Test func relatedArticlesAreTheBestTitlesWhenCommonWordsAreLong() {
        var list: [SourceArticle] = []
        for i in 0..<300 {
            var words = ["r\(i % 60)", "q\((i * 7) % 45)"]
            // Spread so that titles sharing a rare word differ in their common ones.
            if (i * 37) % 11 < 5 { words.append("common") }
            if (i * 53) % 7 < 3 { words.append("usual") }
            if (i * 29) % 13 < 4 { words.append("frequent") }
            list.append(Fixture.article("---\ntitle: \(words.joined(separator: " "))\nvideoId: P6y0gr-W2-k\n---\nFrom: [[chan]] <br/>\nText\n",
                                        path: "chan/a\(1000 + i).md"))
        }
        let sources = IDArray<SourceID, SourceArticle>(list)
        let (site, _) = SiteAssembler.assemble(sources)
        let index = TargetIndex(site: site, sources: sources)
        let n = site.articles.count
        let titles = site.articles.map { Set(TargetIndex.words(sources[$0.source].title)) }
        var df: [String: Int] = [:]
        for t in titles { for w in t { df[w, default: 0] += 1 } }
        func reference(_ name: String, excluding: Set<ArticleID>) -> [ArticleID] {
            let words = Set(TargetIndex.words(name)).filter { df[$0] != nil && df[$0]! <= max(200, n / 20) }
                .sorted { (df[$0]!, $0) < (df[$1]!, $1) }
            var scored: [(ArticleID, Double)] = []
            for (a, title) in titles.enumerated() {
                var sum = 0.0
                for w in words where title.contains(w) { sum += log(Double(n + 1) / Double(df[w]!)) }
                if sum > 0, !excluding.contains(ArticleID(a)) { scored.append((ArticleID(a), sum / Double(max(1, title.count)).squareRoot())) }
            }
            return scored.sorted { ($1.1, $0.0) < ($0.1, $1.0) }.prefix(5).map(\.0)
        }
        let names = ["r3 common usual", "r5 q9 common usual frequent", "common usual", "frequent", "r59 r58 q1 common",
                     "q2 usual frequent", "r7 common", "nothing shared"]
        var compared = 0
        for name in names {
            for excluding: Set<ArticleID> in [[], Set(reference(name, excluding: []).prefix(2))] {
                let got = index.titleMatches(name, excluding: excluding)
                #expect(got == reference(name, excluding: excluding), "\(name)")
                compared += got.isEmpty ? 0 : 1
            }
        }
        #expect(compared >= 14)
    }

    /// Two articles with one title (and a topic spelt two ways equally often)
    /// are listed by path, whatever order they were read in.
    @Test func equalTitlesAreListedByPath() {
        func article(_ path: String) -> SourceArticle {
            Fixture.article("---\ntitle: Same title\nvideoId: P6y0gr-W2-k\n---\nFrom: [[chan]] <br/>\nText\n", path: path)
        }
        for sources: IDArray<SourceID, SourceArticle> in [[article("chan/b.md"), article("chan/a.md")], [article("chan/a.md"), article("chan/b.md")]] {
            let (site, _) = SiteAssembler.assemble(sources)
            let listed = site.channels[ChannelID(0)].articles.map { sources[site.articles[$0].source].path }
            #expect(listed == ["chan/a.md", "chan/b.md"])
            #expect(site.videos[VideoPageID(0)].articles.map { sources[site.articles[$0].source].path } == ["chan/a.md", "chan/b.md"])
        }
    }
}

/// A small seeded generator (SplitMix64), for shuffles a test can replay.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
