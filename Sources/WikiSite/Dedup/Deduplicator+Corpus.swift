import Foundation

extension Deduplicator {
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
        /// Every reading of each article's cited moments, ascending: what
        /// `momentShare` searches, sorted once instead of once per pair.
        let readings: [[Int]]
        /// Each word id's hash, and how many articles hold it: all of them,
        /// and the mergeable ones (what a rebuild compares with the last
        /// build's, `Memo`).
        let hashes: [UInt64]
        let df: [Int32]
        let rareDF: [Int32]
        /// The landing credits asked for in this build, and the last build's
        /// to take again (`Memo`); nil for a build that keeps no memo.
        var credits: Credits?

        init(_ articles: [Article]) {
            self.articles = articles
            let n = articles.count
            // Rare words are counted over the articles that may merge (`rareDF`).
            let (ids, df, rareDF, hashes) = Self.intern(articles)
            let idf = df.map { log(Double(n) / Double($0)) }
            let cap = Int32(max(2, min(Int(rareShare * Double(n)), rareMaxArticles)))
            let isRare = rareDF.map { $0 >= 2 && $0 <= cap }
            let rare = Array(0..<n).parallelMap(chunk: 256) { i in articles[i].mergeable ? ids[i].filter { isRare[Int($0)] } : [] }
            var offsets = [Int32](repeating: 0, count: df.count + 1)
            for row in rare { for id in row { offsets[Int(id) + 1] += 1 } }
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
            self.hashes = hashes
            self.df = df
            self.rareDF = rareDF
            self.idf = idf
            self.mass = ids.parallelMap(chunk: 256) { $0.reduce(0.0) { $0 + idf[Int($1)] } }
            self.rare = rare
            self.rareMass = rare.parallelMap(chunk: 256) { $0.reduce(0.0) { $0 + idf[Int($1)] } }
            self.offsets = offsets
            self.postings = postings
            self.readings = articles.parallelMap(chunk: 256) { a in a.moments.flatMap { $0 }.sorted() }
        }

        /// Each article's words as dense ids, and each id's document frequency and hash.
        /// The words are split by their hash's top bits into `internParts`
        /// parts, each interned on its own core (ids in the order the part's
        /// words first appear, the parts one after another) and written where
        /// the word stands; nothing downstream reads the ids' order, only
        /// which words are the same.
        static func intern(_ articles: [Article]) -> (ids: [[Int32]], df: [Int32], rareDF: [Int32], hashes: [UInt64]) {
            var start = [Int](repeating: 0, count: articles.count + 1)
            for (i, a) in articles.enumerated() { start[i + 1] = start[i] + a.words.count }
            let starts = start
            var local = [Int32](repeating: 0, count: starts[articles.count])
            let parts = local.withUnsafeMutableBufferPointer { buffer -> [(df: [Int32], rareDF: [Int32], hashes: [UInt64])] in
                let slots = Slots(base: buffer.baseAddress)
                return Array(0..<internParts).parallelMap(chunk: 1) { part -> (df: [Int32], rareDF: [Int32], hashes: [UInt64]) in
                    var vocabulary = HashIDTable(capacity: 1 << 14)
                    var df: [Int32] = [], rareDF: [Int32] = [], hashes: [UInt64] = []
                    for (i, a) in articles.enumerated() {
                        let mergeable: Int32 = a.mergeable ? 1 : 0
                        for (k, h) in a.words.enumerated() where Int(h >> 62) == part {
                            let (id, isNew) = vocabulary.id(of: h)
                            if isNew {
                                df.append(1)
                                rareDF.append(mergeable)
                                hashes.append(h)
                            } else {
                                df[Int(id)] += 1
                                rareDF[Int(id)] += mergeable
                            }
                            slots.base![starts[i] + k] = id  // each part writes only its own words' slots
                        }
                    }
                    return (df, rareDF, hashes)
                }
            }
            var base: [Int32] = []
            var next: Int32 = 0
            for part in parts {
                base.append(next)
                next += Int32(part.df.count)
            }
            let interned = local, offsets = base
            let ids = Array(articles.indices).parallelMap(chunk: 256) { i -> [Int32] in
                zip(articles[i].words, interned[starts[i]..<starts[i + 1]]).map { h, id in id + offsets[Int(h >> 62)] }
            }
            return (ids, Array(parts.map(\.df).joined()), Array(parts.map(\.rareDF).joined()), Array(parts.map(\.hashes).joined()))
        }

        /// The parts words are interned in (by the top two bits of their hash).
        static let internParts = 4

        /// Where the interning parts write their ids.
        private struct Slots: @unchecked Sendable { let base: UnsafeMutablePointer<Int32>? }

        /// Pairs of articles of different videos whose shared rare words
        /// carry at least `crossMinCoverage` of the larger rare mass, each
        /// with the smaller article first. Each block of articles accumulates
        /// into its own dense array (one slot per article: a few blocks per
        /// core, or zeroing them grows with the wiki squared).
        ///
        /// - Parameters:
        ///   - rows: the articles whose pairs are looked for (every article
        ///     when nil), each paired with every later article, and with an
        ///     earlier one when `earlier` says so (a rebuild's `Memo`: the
        ///     changed articles, with each unchanged one).
        func crossVideoCandidates(of rows: [Int]? = nil, earlier: [Bool]? = nil) -> [(Int, Int)] {
            let n = articles.count
            let rows = rows ?? Array(0..<n)
            let block = Parallelism.runLength(rows.count, minimum: 512)
            let starts = Array(stride(from: 0, to: rows.count, by: block))
            return starts.parallelMap(chunk: 1) { start -> [(Int, Int)] in
                var shared = [Double](repeating: 0, count: n)
                var touched: [Int32] = []
                var out: [(Int, Int)] = []
                for i in rows[start..<min(start + block, rows.count)] where articles[i].mergeable {
                    // The shared mass adds up over the shared words in the order of their hashes, from
                    // either article's side: the same sum, to the last bit, as a clean build's.
                    for id in rare[i] {
                        let w = idf[Int(id)]
                        for k in Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1]) {
                            let j = Int(postings[k])
                            if j <= i && (j == i || earlier?[j] != true) { continue }
                            if shared[j] == 0 { touched.append(Int32(j)) }
                            shared[j] += w
                        }
                    }
                    for j32 in touched {
                        let j = Int(j32)
                        if articles[j].videoID != articles[i].videoID,
                           shared[j] >= crossMinCoverage * max(rareMass[i], rareMass[j]) {
                            out.append((min(i, j), max(i, j)))
                        }
                        shared[j] = 0
                    }
                    touched.removeAll(keepingCapacity: true)
                }
                return out
            }.flatMap { $0 }
        }

        /// The rule's score of a pair, the smaller article asked of the larger,
        /// and the reverse (the larger asked of the smaller).
        func score(_ i: Int, _ j: Int) -> (score: Double, reverse: Double) {
            let f = features(i, j), w = Deduplicator.weights
            return (w.contained * f.contained + w.moments * f.moments + w.bias,
                    w.contained * f.containedReverse + w.moments * f.momentsReverse + w.bias)
        }

        /// What the rule reads of a pair: of the smaller article (by IDF
        /// mass), the share of its word mass and of its cited moments the
        /// larger holds, and the same of the larger in the smaller.
        func features(_ i: Int, _ j: Int) -> Features {
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
            let sameVideo = a.videoID == b.videoID
            func moments(_ s: Int, in l: Int) -> Double {
                sameVideo ? Deduplicator.momentShare(articles[s].moments, sorted: readings[l]) : 0
            }
            let (small, large) = mass[i] <= mass[j] ? (i, j) : (j, i)
            return Features(small: small, large: large, contained: shared / max(mass[small], 1e-9), moments: moments(small, in: large),
                            containedReverse: shared / max(mass[large], 1e-9), momentsReverse: moments(large, in: small))
        }
    }

    /// A pair's measures, the smaller article's against the larger first.
    struct Features {
        var small: Int
        var large: Int
        var contained: Double
        var moments: Double
        var containedReverse: Double
        var momentsReverse: Double
    }
}
