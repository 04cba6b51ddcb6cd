import Foundation

/// Dedup: finds groups of near-identical articles and picks one canonical
/// page per group.
///
/// Channels generated twice hold the same article reworded under another
/// title; a reader should meet it once. Candidates are the pairs of
/// articles of one video (blocking on videoId, so the work is linear in the
/// number of articles). Each pair is scored with the rule measured on the
/// hand-labelled pairs (docs/dedup.md §3):
///
///     z = 11.847·cov_min + 7.873·head_jac + 3.423·ts_match − 2.422·same_video − 5.244
///
/// - cov_min: of the two articles' IDF-weighted word sets, the share of the
///   larger that both hold (body containment, the weaker direction);
/// - head_jac: overlap of heading words, with 4 pseudo-words in the union so
///   that two tiny generic outlines count for little;
/// - ts_match: the share of one article's cited moments the other also
///   cites within 15 s, under either reading of a time, the weaker direction.
///
/// A pair with z > 1.53 is the same article (the precision-first threshold:
/// a wrong merge hides an article, which is worse than a miss). Groups form
/// by complete linkage, so every member matches every other directly and no
/// chain of "A≈B, B≈C" merges A with C. A maintainer's overrides force pairs
/// apart or together.
public enum Deduplicator {
    static let threshold = 1.53
    static let momentTolerance = 15
    static let headingPrior = 4.0

    public struct Article: Sendable {
        public var videoID: String?
        /// The article's words (body and headings), folded.
        public var words: Set<String>
        /// Heading words, without stop words.
        public var headingWords: Set<String>
        /// Every reading of every cited moment, in seconds.
        public var moments: [[Int]]
        /// Inbound wiki links, for choosing the canonical page.
        public var inbound: Int
        /// Text length, the tie-breaker.
        public var length: Int
        public var path: String
    }

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
    }

    /// - Parameters:
    ///   - apart: pairs of article indexes never to merge; `together`: pairs always to merge.
    public static func run(_ articles: [Article], apart: Set<[Int]> = [], together: Set<[Int]> = []) -> Result {
        let n = articles.count
        // Corpus IDF of words.
        var df: [String: Int] = [:]
        df.reserveCapacity(1 << 18)
        for a in articles { for w in a.words { df[w, default: 0] += 1 } }
        let idf = df.mapValues { log(Double(n) / Double($0)) }
        let mass = articles.map { $0.words.reduce(0.0) { $0 + (idf[$1] ?? 0) } }

        // Candidates: the pairs within each video.
        var byVideo: [String: [Int]] = [:]
        for (i, a) in articles.enumerated() { if let v = a.videoID { byVideo[v, default: []].append(i) } }
        var candidates: [(Int, Int)] = []
        for members in byVideo.values where members.count > 1 && members.count <= 40 {
            for x in 0..<members.count { for y in (x + 1)..<members.count { candidates.append((members[x], members[y])) } }
        }
        candidates.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let scored: [Pair?] = candidates.parallelMap(chunk: 64) { pair in
            let (i, j) = pair
            if apart.contains([i, j]) { return nil }
            let z = together.contains([i, j]) ? 99 : score(articles[i], articles[j], idf: idf, massA: mass[i], massB: mass[j])
            return z > threshold ? Pair(a: i, b: j, score: z) : nil
        }
        var positive = scored.compactMap { $0 }
        for pair in together where pair.count == 2 && !positive.contains(where: { [$0.a, $0.b] == pair }) {
            positive.append(Pair(a: pair[0], b: pair[1], score: 99))
        }
        return group(n, positive, articles: articles)
    }

    static func score(_ a: Article, _ b: Article, idf: [String: Double], massA: Double, massB: Double) -> Double {
        let (small, large) = a.words.count <= b.words.count ? (a.words, b.words) : (b.words, a.words)
        var shared = 0.0
        for w in small where large.contains(w) { shared += idf[w] ?? 0 }
        let covMin = shared / max(massA, massB, 1e-9)
        let headingUnion = Double(a.headingWords.union(b.headingWords).count) + headingPrior
        let headJac = Double(a.headingWords.intersection(b.headingWords).count) / headingUnion
        let sameVideo = a.videoID != nil && a.videoID == b.videoID
        let tsMatch = sameVideo ? min(momentShare(a.moments, b.moments), momentShare(b.moments, a.moments)) : 0
        return 11.847 * covMin + 7.873 * headJac + 3.423 * tsMatch - (sameVideo ? 2.422 : 0) - 5.244
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
        var passed = Set<[Int]>()
        for p in pairs { passed.insert([p.a, p.b]) }
        var groupOf = Array(0..<n)
        var members: [Int: [Int]] = [:]
        for i in 0..<n { members[i] = [i] }
        for e in edges {
            let ga = groupOf[e.a], gb = groupOf[e.b]
            if ga == gb { continue }
            let left = members[ga]!, right = members[gb]!
            let complete = left.allSatisfy { x in right.allSatisfy { y in passed.contains([min(x, y), max(x, y)]) } }
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

    /// Stop words left out of heading words.
    static let headingStopWords: Set<String> = [
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "is",
        "are", "its", "it", "this", "that", "how", "what", "why", "vs", "into", "about", "s", "be", "their",
        "his", "her", "our", "your", "key",
    ]

    /// The words of a text for dedup: letters and digits folded like search terms, unstemmed.
    static func words(_ text: String) -> [String] {
        var text = text
        if let ascii = text.withUTF8({ bytes -> [String]? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var out: [String] = []
            var word: [UInt8] = []
            for b in bytes {
                if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) {
                    word.append(b)
                } else if b >= 0x41 && b <= 0x5A {
                    word.append(b + 32)
                } else if !word.isEmpty {
                    out.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
            return out
        }) { return ascii }
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for s in SearchText.fold(text) {
            if s == " " || s == "'" {
                if !current.isEmpty { out.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }
}
