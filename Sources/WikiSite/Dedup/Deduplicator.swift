import Foundation

/// Dedup: finds groups of near-identical articles and picks one canonical
/// page per group.
///
/// Channels generated twice hold the same article reworded under another
/// title, and some shows were re-uploaded under another video or channel; a
/// reader should meet each article once. No stage compares all pairs:
///
/// - **Candidates.** Every pair within one video (blocking on videoId), and
///   every pair across videos whose *rare* words (in 2 to 0.6 % of the
///   articles) overlap enough: an inverted index over the rare words adds up
///   the shared IDF mass of each article with every later one, and keeps the
///   pair when it reaches 15 % of the larger article's rare mass. This is
///   exact, so no MinHash is needed at this size (docs/dedup.md §5.1).
/// - **Score.** Each candidate is scored with the rule measured on the
///   hand-labelled pairs (docs/dedup.md §3):
///
///       z = 11.847·cov_min + 7.873·head_jac + 3.423·ts_match − 2.422·same_video − 5.244
///
///   - cov_min: of the two articles' IDF-weighted word sets, the share of the
///     larger that both hold (body containment, the weaker direction);
///   - head_jac: overlap of heading words, with 4 pseudo-words in the union so
///     that two tiny generic outlines count for little;
///   - ts_match: the share of one article's cited moments the other also
///     cites within 15 s, under either reading of a time, the weaker direction.
///
///   A pair with z > 0.9 is the same article: the lowest threshold at which
///   the groups' precision on the labels stays ≥ 0.96, since a wrong merge
///   hides an article, which is worse than a miss (docs/dedup.md §4.1).
///   Across videos the titles must also name the same thing (half the
///   shorter title's words): a re-upload keeps its topic's name, while the
///   tutorial channels that reuse one script for every product (install
///   TikTok / install YouTube Music) write near-identical bodies under
///   different names.
/// - **Groups** form by complete linkage, so every member matches every other
///   directly and no chain of "A≈B, B≈C" merges A with C. A maintainer's
///   overrides force pairs apart or together.
///
/// Words are compared as 64-bit hashes of their folded UTF-8, interned once
/// to dense ids, so the stage does no string hashing after tokenising.
public enum Deduplicator {
    static let threshold = 0.9
    static let momentTolerance = 15
    static let headingPrior = 4.0
    /// A word is rare, and indexed for cross-video candidates, when it is in
    /// at least 2 and at most this share of the articles.
    static let rareShare = 0.006
    /// A cross-video pair is a candidate when its shared rare-word mass
    /// reaches this share of the larger article's (every labelled
    /// cross-video duplicate is at 0.20 or more).
    static let crossMinCoverage = 0.15
    /// Across videos, the share of the shorter title's words the other title must hold.
    static let crossMinTitleShare = 0.5
    /// Videos with more articles than this are not blocked (a broken videoId).
    static let maxVideoArticles = 40

    public struct Pair: Sendable, Hashable {
        public var a: Int
        public var b: Int
        public var score: Double
    }

    public struct Result: Sendable {
        /// For each article, the canonical article of its group (itself when alone).
        public var canonical: [Int]
        /// Groups of two or more, canonical first.
        public var groups: [[Int]]
        /// Every scored pair that passed the threshold.
        public var pairs: [Pair]
        /// Candidate pairs scored: within one video, and across videos.
        public var sameVideoCandidates = 0
        public var crossVideoCandidates = 0

        public static func none(_ count: Int) -> Result {
            Result(canonical: Array(0..<count), groups: [], pairs: [])
        }
    }

    /// - Parameters:
    ///   - apart: pairs of article indexes never to merge; `together`: pairs always to merge.
    public static func run(_ articles: [Article], apart: Set<[Int]> = [], together: Set<[Int]> = []) -> Result {
        let corpus = Corpus(articles)
        let same = sameVideoCandidates(articles)
        let cross = corpus.crossVideoCandidates()
        let candidates = (same + cross).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let scored: [Pair?] = candidates.parallelMap(chunk: 64) { pair in
            let (i, j) = pair
            if apart.contains([i, j]) { return nil }
            if together.contains([i, j]) { return Pair(a: i, b: j, score: 99) }
            let z = corpus.score(i, j)
            guard z > threshold, sameTopicName(articles[i], articles[j]) else { return nil }
            return Pair(a: i, b: j, score: z)
        }
        var positive = scored.compactMap { $0 }
        let found = Set(positive.map { [$0.a, $0.b] })
        for pair in together.sorted(by: { $0.lexicographicallyPrecedes($1) }) where pair.count == 2 && !found.contains(pair) {
            positive.append(Pair(a: pair[0], b: pair[1], score: 99))
        }
        var result = group(articles.count, positive, articles: articles)
        result.sameVideoCandidates = same.count
        result.crossVideoCandidates = cross.count
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

    /// The articles with their words interned to dense ids, corpus IDF and
    /// the rare-word postings.
    struct Corpus: @unchecked Sendable {
        let articles: [Article]
        /// Word ids, aligned with `articles[i].words`.
        let ids: [[Int32]]
        let idf: [Double]
        /// IDF mass of each article's words.
        let mass: [Double]
        /// Rare word ids of each article, and their IDF mass.
        let rare: [[Int32]]
        let rareMass: [Double]
        /// Articles holding each rare word (CSR: `postings[offsets[w]..<offsets[w + 1]]`), ascending.
        let offsets: [Int32]
        let postings: [Int32]

        init(_ articles: [Article]) {
            self.articles = articles
            let n = articles.count
            var vocabulary: [UInt64: Int32] = [:]
            vocabulary.reserveCapacity(1 << 18)
            var df: [Int32] = []
            var ids: [[Int32]] = []
            ids.reserveCapacity(n)
            for a in articles {
                var row = [Int32]()
                row.reserveCapacity(a.words.count)
                for h in a.words {
                    if let id = vocabulary[h] {
                        df[Int(id)] += 1
                        row.append(id)
                    } else {
                        let id = Int32(df.count)
                        vocabulary[h] = id
                        df.append(1)
                        row.append(id)
                    }
                }
                ids.append(row)
            }
            let idf = df.map { log(Double(n) / Double($0)) }
            let cap = Int32(max(2, Int(rareShare * Double(n))))
            // Rare words are counted over the articles that may merge.
            var rareDF = [Int32](repeating: 0, count: df.count)
            for (i, a) in articles.enumerated() where a.mergeable { for id in ids[i] { rareDF[Int(id)] += 1 } }
            let isRare = rareDF.map { $0 >= 2 && $0 <= cap }
            var rare: [[Int32]] = []
            rare.reserveCapacity(n)
            var offsets = [Int32](repeating: 0, count: df.count + 1)
            for (i, a) in articles.enumerated() {
                let row = a.mergeable ? ids[i].filter { isRare[Int($0)] } : []
                for id in row { offsets[Int(id) + 1] += 1 }
                rare.append(row)
            }
            for w in 0..<df.count { offsets[w + 1] += offsets[w] }
            var fill = offsets
            var postings = [Int32](repeating: 0, count: Int(offsets[df.count]))
            for (i, row) in rare.enumerated() {
                for id in row {
                    postings[Int(fill[Int(id)])] = Int32(i)
                    fill[Int(id)] += 1
                }
            }
            self.ids = ids
            self.idf = idf
            self.mass = ids.map { $0.reduce(0.0) { $0 + idf[Int($1)] } }
            self.rare = rare
            self.rareMass = rare.map { $0.reduce(0.0) { $0 + idf[Int($1)] } }
            self.offsets = offsets
            self.postings = postings
        }

        /// Pairs of articles of different videos whose shared rare words
        /// carry at least `crossMinCoverage` of the larger rare mass. Each
        /// block of articles accumulates into its own dense array.
        func crossVideoCandidates() -> [(Int, Int)] {
            let n = articles.count
            let block = 512
            let starts = Array(stride(from: 0, to: n, by: block))
            return starts.parallelMap(chunk: 1) { start -> [(Int, Int)] in
                var shared = [Double](repeating: 0, count: n)
                var touched: [Int32] = []
                var out: [(Int, Int)] = []
                for i in start..<min(start + block, n) where articles[i].mergeable {
                    for id in rare[i] {
                        let w = idf[Int(id)]
                        for k in Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1]) {
                            let j = Int(postings[k])
                            if j <= i { continue }
                            if shared[j] == 0 { touched.append(Int32(j)) }
                            shared[j] += w
                        }
                    }
                    for j32 in touched {
                        let j = Int(j32)
                        if articles[j].videoID != articles[i].videoID,
                           shared[j] >= crossMinCoverage * max(rareMass[i], rareMass[j]) {
                            out.append((i, j))
                        }
                        shared[j] = 0
                    }
                    touched.removeAll(keepingCapacity: true)
                }
                return out
            }.flatMap { $0 }
        }

        func score(_ i: Int, _ j: Int) -> Double {
            let a = articles[i], b = articles[j]
            // IDF mass of the words both hold: a merge of two sorted lists.
            let wa = a.words, wb = b.words, ia = ids[i]
            var x = 0, y = 0, shared = 0.0
            while x < wa.count && y < wb.count {
                if wa[x] < wb[y] { x += 1 } else if wa[x] > wb[y] { y += 1 } else {
                    shared += idf[Int(ia[x])]
                    x += 1
                    y += 1
                }
            }
            let covMin = shared / max(mass[i], mass[j], 1e-9)
            let headShared = Deduplicator.sharedCount(a.headingWords, b.headingWords)
            let headUnion = Double(a.headingWords.count + b.headingWords.count - headShared) + headingPrior
            let headJac = Double(headShared) / headUnion
            let sameVideo = a.videoID == b.videoID
            let tsMatch = sameVideo ? min(momentShare(a.moments, b.moments), momentShare(b.moments, a.moments)) : 0
            return 11.847 * covMin + 7.873 * headJac + 3.423 * tsMatch - (sameVideo ? 2.422 : 0) - 5.244
        }
    }

    /// How many values two sorted, unique lists share.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var x = 0, y = 0, n = 0
        while x < a.count && y < b.count {
            if a[x] < b[y] { x += 1 } else if a[x] > b[y] { y += 1 } else { n += 1; x += 1; y += 1 }
        }
        return n
    }

    /// The share of `a`'s moments that `b` also cites within the tolerance, under any reading.
    static func momentShare(_ a: [[Int]], _ b: [[Int]]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let all = b.flatMap { $0 }.sorted()
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

    /// Complete linkage: strongest pairs first; two groups merge only when
    /// every pair across them passed.
    static func group(_ n: Int, _ pairs: [Pair], articles: [Article]) -> Result {
        let edges = pairs.sorted { ($1.score, $0.a, $0.b) < ($0.score, $1.a, $1.b) }
        func key(_ x: Int, _ y: Int) -> UInt64 { UInt64(min(x, y)) << 32 | UInt64(max(x, y)) }
        let passed = Set(pairs.map { key($0.a, $0.b) })
        var groupOf = Array(0..<n)
        var members: [Int: [Int]] = [:]
        for e in edges {
            let ga = groupOf[e.a], gb = groupOf[e.b]
            if ga == gb { continue }
            let left = members[ga] ?? [ga], right = members[gb] ?? [gb]
            let complete = left.allSatisfy { x in right.allSatisfy { y in passed.contains(key(x, y)) } }
            guard complete else { continue }
            for y in right { groupOf[y] = ga }
            members[ga] = left + right
            members[gb] = nil
        }
        var canonical = Array(0..<n)
        var groups: [[Int]] = []
        for (_, group) in members.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            // Most inbound links, then the longest, then the first path.
            let best = group.min { x, y in
                let a = articles[x], b = articles[y]
                return (-a.inbound, -a.length, a.path) < (-b.inbound, -b.length, b.path)
            }!
            for m in group { canonical[m] = best }
            groups.append([best] + group.filter { $0 != best }.sorted())
        }
        return Result(canonical: canonical, groups: groups, pairs: pairs)
    }

}
