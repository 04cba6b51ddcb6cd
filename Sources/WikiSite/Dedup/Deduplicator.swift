import Foundation

/// Dedup: finds the articles a reader would lose nothing by being sent away
/// from, and the page each one is sent to.
///
/// The question is the labels' (`docs/dedup.md`, after the written policy):
/// would a reader lose anything if one page redirected to the other? Two
/// articles are one when they tell the same material in other words, or when
/// the smaller one's substance is (nearly) all in the larger one, however much
/// more that one covers. No stage compares all pairs:
///
/// - **Candidates.** Every pair within one video (blocking on videoId), and
///   every pair across videos whose *rare* words (in 2 to 0.6 % of the
///   articles, at most 101) overlap enough: an inverted index over the rare words adds up
///   the shared IDF mass of each article with every later one, and keeps the
///   pair when it reaches 15 % of the larger article's rare mass. This is
///   exact, so no MinHash is needed at this size (docs/dedup.md §5).
/// - **Score.** Containment is directional: of the two articles, the one with
///   less substance (IDF mass of its words) is asked how much of it the other
///   holds (docs/dedup.md §3):
///
///       z = 22.922·contained + 3.745·moments − 12.635
///
///   - contained: the share of the smaller article's IDF-weighted words that
///     the larger one also has;
///   - moments: within one video, the share of the smaller article's cited
///     moments that the larger one also cites within 15 s, under either
///     reading of a time (0 across videos).
///
///   A pair with z > 0.19 is one article: the lowest threshold at which the
///   labelled pairs' precision stays ≥ 0.97, since a wrong merge hides an
///   article, which is worse than a miss. Across videos the titles must also
///   name the same thing (half the shorter title's words): a re-upload keeps
///   its topic's name, while the tutorial channels that reuse one script for
///   every product write near-identical bodies under different names.
/// - **Groups** are containment trees: each article hangs under one broader
///   article it matched (its parent), and the broadest member is the root.
///   One broad article can so absorb several narrow ones that share nothing
///   with each other, a chain A ⊂ B ⊂ C joins C although A alone fails
///   against C, while two broad articles that both hold one narrow article
///   never join through it. A maintainer's overrides force pairs apart or
///   together.
/// - **The canonical page** is the root, or a reworded copy of it that holds
///   the root and its children, the one with the most inbound links among
///   those. Each merged article lands on the canonical page's section that
///   covers it (`Deduplicator+Landing.swift`: by the words and, within one
///   video, the cited moments it shares with the page), a deeper one within
///   its parent's place (`Deduplicator+Groups.swift`).
///
/// Words are compared as 64-bit hashes of their folded UTF-8, interned once
/// to dense ids, so the stage does no string hashing after tokenising.
public enum Deduplicator {
    /// The rule's weights: the smaller article's word containment, its moments
    /// the larger one cites, and the bias (docs/dedup.md §3).
    static let weights = (contained: 22.922, moments: 3.745, bias: -12.635)
    static let threshold = 0.19
    /// Two members of a tree that did not pass may land on one place when
    /// the rule scores them above the threshold minus this (docs/dedup.md, v8).
    static let siblingFloor = 2.0
    static let momentTolerance = 15
    /// A word is rare, and indexed for cross-video candidates, when it is in
    /// at least 2 and at most this share of the articles.
    static let rareShare = 0.006
    /// ... and never in more than this many: the share was fitted on the
    /// shared corpus (16,892 articles, where 0.6 % is 101), and a fixed
    /// ceiling keeps the work per article flat as a wiki grows (with the share
    /// alone, ten times the articles means ten times longer postings to walk
    /// for every article: 51 times the candidates on the 10× bench corpus).
    static let rareMaxArticles = 101
    /// A cross-video pair is a candidate when its shared rare-word mass
    /// reaches this share of the larger article's (every labelled
    /// cross-video duplicate is at 0.20 or more).
    static let crossMinCoverage = 0.15
    /// Across videos, the share of the shorter title's words the other title must hold.
    static let crossMinTitleShare = 0.5
    /// Videos with more articles than this are not blocked (a broken videoId).
    static let maxVideoArticles = 40

    /// A pair that passed: `a < b`, `score` is the smaller article asked how
    /// much of it the larger holds, `reverse` the larger asked the same of the
    /// smaller (high only when the two tell the same material).
    public struct Pair: Sendable, Hashable {
        public var a: Int
        public var b: Int
        public var score: Double
        public var reverse: Double

        public init(a: Int, b: Int, score: Double, reverse: Double? = nil) {
            self.a = a
            self.b = b
            self.score = score
            self.reverse = reverse ?? score
        }
    }

    public struct Result: Sendable {
        /// For each article, the canonical article of its group (itself when alone).
        public var canonical: [Int]
        /// Groups of two or more, canonical first.
        public var groups: [[Int]]
        /// Every scored pair that passed the threshold.
        public var pairs: [Pair]
        /// For each merged article, the canonical article's headings whose
        /// section covers it (the section's own heading first, then its
        /// subsections'); nil for the top of the page.
        public var landing: [Range<Int>?] = []
        /// Candidate pairs scored: within one video, and across videos.
        public var sameVideoCandidates = 0
        public var crossVideoCandidates = 0
        /// Every candidate pair measured, as TSV, when asked for (`--dedup-candidates`); empty otherwise.
        public var candidates = ""
        /// What the next build may take again, when `run` was given the articles' hashes.
        var memo: Memo?
        /// Candidate pairs whose scores were the last build's (`Memo`).
        public var pairsRemembered = 0

        public static func none(_ count: Int) -> Result {
            Result(canonical: Array(0..<count), groups: [], pairs: [], landing: Array(repeating: nil, count: count))
        }
    }

    /// - Parameters:
    ///   - apart: pairs of article indexes never to merge; `together`: pairs always to merge.
    ///   - measure: also measure every candidate pair into `Result.candidates` (for the eval scripts).
    ///   - digests: each article's fingerprint hash, for a build that keeps a
    ///     memo (`Result.memo`); `last`: the last build's memo, whose
    ///     measures of the unchanged articles are taken again.
    public static func run(_ articles: [Article], apart: Set<[Int]> = [], together: Set<[Int]> = [], measure: Bool = false,
                           digests: [UInt64]? = nil, last: Memo? = nil) -> Result {
        var built = Corpus(articles)
        let unchanged = digests.flatMap { d in last.map { $0.unchanged(built, digests: d) } }
        if digests != nil { built.credits = unchanged.map { last!.credits(unchanged: $0) } ?? Credits() }
        let corpus = built
        let same = sameVideoCandidates(articles)
        let cross = unchanged.map { last!.crossVideoCandidates(unchanged: $0, corpus: corpus) } ?? corpus.crossVideoCandidates()
        let candidates = (same + cross).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let remembered = unchanged.map { last!.scores(candidates, unchanged: $0, corpus: corpus) }
        let raw = remembered?.scores ?? candidates.parallelMap(chunk: 64) { corpus.score($0.0, $0.1) }
        let scores = raw.map(\.score)
        var positive: [Pair] = []
        for ((i, j), (z, reverse)) in zip(candidates, raw) {
            if apart.contains([i, j]) { continue }
            if together.contains([i, j]) {
                positive.append(Pair(a: i, b: j, score: 99))
            } else if z > threshold, sameTopicName(articles[i], articles[j]) {
                positive.append(Pair(a: i, b: j, score: z, reverse: reverse))
            }
        }
        let found = Set(positive.map { [$0.a, $0.b] })
        for pair in together.sorted(by: { $0.lexicographicallyPrecedes($1) }) where pair.count == 2 && !found.contains(pair) {
            positive.append(Pair(a: pair[0], b: pair[1], score: 99))
        }
        var result = group(articles.count, positive, candidates: candidates, scores: scores, corpus: corpus, apart: apart)
        result.sameVideoCandidates = same.count
        result.crossVideoCandidates = cross.count
        result.pairsRemembered = remembered?.kept ?? 0
        if measure { result.candidates = candidatesTSV(Self.measure(candidates, corpus: corpus), corpus: corpus) }
        if let digests {
            result.memo = Memo(digests: digests, vocabulary: corpus.hashes, df: corpus.df, rareDF: corpus.rareDF,
                               pairs: candidates.map { pairKey($0.0, $0.1) },
                               scores: scores, reverses: raw.map(\.reverse))
            if let asked = corpus.credits?.recorded() {
                (result.memo!.credits, result.memo!.creditStarts, result.memo!.creditValues) = asked
            }
        }
        Parallelism.release(corpus)
        return result
    }

    /// True within one video; across videos, when the titles share at least
    /// half the shorter one's words.
    static func sameTopicName(_ a: Article, _ b: Article) -> Bool {
        if a.videoID == b.videoID { return true }
        let shorter = min(a.titleWords.count, b.titleWords.count)
        return shorter > 0 && Double(sharedCount(a.titleWords, b.titleWords)) >= crossMinTitleShare * Double(shorter)
    }

    /// Every pair of mergeable articles within one video.
    static func sameVideoCandidates(_ articles: [Article]) -> [(Int, Int)] {
        var byVideo: [String: [Int]] = [:]
        for (i, a) in articles.enumerated() where a.mergeable { byVideo[a.videoID!, default: []].append(i) }
        var out: [(Int, Int)] = []
        for members in byVideo.values where members.count > 1 && members.count <= maxVideoArticles {
            for x in 0..<members.count { for y in (x + 1)..<members.count { out.append((members[x], members[y])) } }
        }
        return out
    }

    /// Two article indexes as one key (`a` in the high half): a pair of
    /// articles, or an article asked of another (`credit(of:on:)`).
    @inline(__always)
    static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    /// The two article indexes of a `pairKey`.
    @inline(__always)
    static func pair(of key: UInt64) -> (Int, Int) { (Int(key >> 32), Int(key & 0xFFFF_FFFF)) }

    /// How many values two sorted, unique lists share.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var x = 0, y = 0, n = 0
        while x < a.count && y < b.count {
            if a[x] < b[y] { x += 1 } else if a[x] > b[y] { y += 1 } else { n += 1; x += 1; y += 1 }
        }
        return n
    }

    /// The share of `a`'s moments that another article also cites within the
    /// tolerance, under any reading: `all` is every reading of its moments, ascending.
    static func momentShare(_ a: [Moment], sorted all: [Int]) -> Double {
        guard !a.isEmpty, !all.isEmpty else { return 0 }
        var matched = 0
        for readings in a {
            if readings.contains(where: { r in
                var lo = 0, hi = all.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if all[mid] < r - momentTolerance { lo = mid + 1 } else { hi = mid }
                }
                return lo < all.count && all[lo] <= r + momentTolerance
            }) { matched += 1 }
        }
        return Double(matched) / Double(a.count)
    }
}
