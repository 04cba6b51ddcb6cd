import Synchronization

extension Deduplicator {
    /// What Dedup measured in the last build, kept in
    /// `.wikisite-cache/<output>.dedup` so that a rebuild measures again only
    /// what an edit can have moved (half of the stage's work on the shared
    /// corpus: finding the pairs across videos, and scoring every pair).
    ///
    /// A pair's score reads only its two articles' fingerprints and the IDF of
    /// their words, and IDF reads only how many articles hold each word. So
    /// when the articles are the same in number and order, an article is
    /// *unchanged* when its fingerprint is the last build's (its hash, kept
    /// with it in the article cache's store) and every one of its words is
    /// held by as many articles, and mergeable ones, as then. A pair of
    /// unchanged articles is a candidate across videos exactly when it was,
    /// and scores, and credits one article's words to the other's sections
    /// (`credit(of:on:corpus:)`), exactly what it did, to the last bit: its
    /// sums are the same additions in the same order. Everything else is
    /// measured again: the pairs within one video (cheap), the pairs with a
    /// changed article, their scores and credits. Groups, canonical pages and
    /// landings are always made again from them.
    ///
    /// The file is framed with the binary's stamp and a hash of its bytes
    /// (`CacheFrame`); one that does not read back whole, or holds another
    /// number of articles, is not used.
    public struct Memo: Sendable {
        /// Each article's fingerprint hash, in article order.
        var digests: [UInt64]
        /// Each word's hash, and how many articles (and mergeable ones) held it.
        var vocabulary: [UInt64]
        var df: [Int32]
        var rareDF: [Int32]
        /// Every candidate pair (`a << 32 | b`, ascending) and its scores (`Corpus.score`).
        var pairs: [UInt64]
        var scores: [Double]
        var reverses: [Double]
        /// Every landing credit asked for (`m << 32 | c`, ascending: `credit(of: m, on: c)`),
        /// each one's values at `creditValues[creditStarts[k]..<creditStarts[k + 1]]`.
        var credits: [UInt64] = []
        var creditStarts: [Int32] = [0]
        var creditValues: [Double] = []

        static let header = Array("wikisite-dedup 1\n".utf8)

        /// Where the memo of a build into `output` lives.
        static func path(for output: String) -> String {
            String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".dedup"
        }

        static func key(binary: String, articles: Int) -> String { binary + ":" + String(articles) }

        /// The last build's memo, when it was made by this binary for as many articles and reads back whole.
        static func read(for output: String, binary: String, articles: Int, io: FileIO) -> Memo? {
            guard let payload = CacheFrame.payload(at: path(for: output), header: header, key: key(binary: binary, articles: articles), io: io)
            else { return nil }
            var r = ByteReader(payload)
            return try? Memo(from: &r, articles: articles)
        }

        func encoded(binary: String) -> [UInt8] {
            var w = ByteWriter()
            w.bytes.reserveCapacity(16 + 8 * digests.count + 16 * vocabulary.count + 24 * pairs.count)
            w.int(digests.count)
            w.raw(digests)
            w.int(vocabulary.count)
            w.raw(vocabulary)
            w.raw(df)
            w.raw(rareDF)
            w.int(pairs.count)
            w.raw(pairs)
            w.raw(scores)
            w.raw(reverses)
            w.int(credits.count)
            w.raw(credits)
            w.raw(creditStarts)
            w.int(creditValues.count)
            w.raw(creditValues)
            return CacheFrame.framed(w.bytes, header: Self.header, key: Self.key(binary: binary, articles: digests.count))
        }

        init(digests: [UInt64], vocabulary: [UInt64], df: [Int32], rareDF: [Int32], pairs: [UInt64], scores: [Double], reverses: [Double]) {
            self.digests = digests
            self.vocabulary = vocabulary
            self.df = df
            self.rareDF = rareDF
            self.pairs = pairs
            self.scores = scores
            self.reverses = reverses
        }

        init(from r: inout ByteReader, articles: Int) throws(ByteReader.Truncated) {
            let n = try r.int()
            guard n == articles else { throw ByteReader.Truncated() }
            digests = try r.raw(n, of: UInt64.self)
            let words = try r.int()
            vocabulary = try r.raw(words, of: UInt64.self)
            df = try r.raw(words, of: Int32.self)
            rareDF = try r.raw(words, of: Int32.self)
            let count = try r.int()
            pairs = try r.raw(count, of: UInt64.self)
            scores = try r.raw(count, of: Double.self)
            reverses = try r.raw(count, of: Double.self)
            let asked = try r.int()
            credits = try r.raw(asked, of: UInt64.self)
            creditStarts = try r.raw(asked + 1, of: Int32.self)
            creditValues = try r.raw(try r.int(), of: Double.self)
            guard r.isAtEnd, creditStarts.first == 0, Int(creditStarts.last!) == creditValues.count,
                  zip(creditStarts, creditStarts.dropFirst()).allSatisfy({ $0 <= $1 }),
                  credits.allSatisfy({ let (m, c) = Deduplicator.pair(of: $0); return m < n && c < n }),
                  zip(pairs, pairs.dropFirst()).allSatisfy({ $0 < $1 }),
                  pairs.allSatisfy({ let (a, b) = Deduplicator.pair(of: $0); return a < b && b < n }) else { throw ByteReader.Truncated() }
        }

        /// Which articles are unchanged since this memo was made (see `Memo`),
        /// given each one's fingerprint hash now.
        func unchanged(_ corpus: Corpus, digests now: [UInt64]) -> [Bool] {
            guard now.count == digests.count else { return [Bool](repeating: false, count: now.count) }
            var last = HashIDTable(capacity: vocabulary.count)
            for h in vocabulary { _ = last.id(of: h) }
            guard last.count == vocabulary.count else { return [Bool](repeating: false, count: now.count) }
            // The words held by another number of articles (or that are new).
            var moved = [Bool](repeating: false, count: corpus.hashes.count)
            for (id, h) in corpus.hashes.enumerated() {
                let (old, isNew) = last.id(of: h)
                moved[id] = isNew || df[Int(old)] != corpus.df[id] || rareDF[Int(old)] != corpus.rareDF[id]
            }
            let changed = moved
            return Array(now.indices).parallelMap(chunk: 256) { i in
                now[i] == digests[i] && !corpus.ids[i].contains { changed[Int($0)] }
            }
        }

        /// The score of each candidate pair (ascending, as `run` makes them):
        /// this memo's when both articles are unchanged and it measured the
        /// pair, else measured now; and how many were this memo's.
        func scores(_ candidates: [(Int, Int)], unchanged: [Bool], corpus: Corpus) -> (scores: [(score: Double, reverse: Double)], kept: Int) {
            var at = [Int](repeating: -1, count: candidates.count)
            var k = 0
            for (c, (i, j)) in candidates.enumerated() {
                let key = Deduplicator.pairKey(i, j)
                while k < pairs.count && pairs[k] < key { k += 1 }
                if k < pairs.count && pairs[k] == key && unchanged[i] && unchanged[j] { at[c] = k }
            }
            let known = at
            return (Array(candidates.indices).parallelMap(chunk: 64) { c in
                known[c] >= 0 ? (scores[known[c]], reverses[known[c]]) : corpus.score(candidates[c].0, candidates[c].1)
            }, known.count(where: { $0 >= 0 }))
        }

        /// The landing credits of pairs of unchanged articles, to take again.
        func credits(unchanged: [Bool]) -> Credits {
            var known: [UInt64: ArraySlice<Double>] = [:]
            for (k, key) in credits.enumerated() {
                let (m, c) = Deduplicator.pair(of: key)
                guard unchanged[m] && unchanged[c] else { continue }
                known[key] = creditValues[Int(creditStarts[k])..<Int(creditStarts[k + 1])]
            }
            return Credits(last: known)
        }

        /// The candidate pairs across videos: the memo's of two unchanged
        /// articles, and those of a changed article found again.
        func crossVideoCandidates(unchanged: [Bool], corpus: Corpus) -> [(Int, Int)] {
            let articles = corpus.articles
            var kept: [(Int, Int)] = []
            for p in pairs {
                let (i, j) = Deduplicator.pair(of: p)
                if unchanged[i] && unchanged[j] && articles[i].videoID != articles[j].videoID { kept.append((i, j)) }
            }
            let changed = unchanged.indices.filter { !unchanged[$0] }
            return kept + corpus.crossVideoCandidates(of: changed, earlier: unchanged)
        }
    }
}

extension Deduplicator {
    /// The landing credits a build asks for (`credit(of:on:corpus:)`), from
    /// any core: the last build's when it holds the pair (the memo gives only
    /// those of two unchanged articles), else measured; each one is kept for
    /// the next build's memo.
    final class Credits: Sendable {
        private let last: [UInt64: ArraySlice<Double>]
        private let asked = Mutex<[UInt64: [Double]]>([:])

        init(last: [UInt64: ArraySlice<Double>] = [:]) { self.last = last }

        func credit(of m: Int, on c: Int, measure: () -> [Double]) -> [Double] {
            let key = Deduplicator.pairKey(m, c)
            let value = last[key].map(Array.init) ?? measure()
            asked.withLock { $0[key] = value }
            return value
        }

        /// Every credit asked for, ascending by pair: keys, starts and values as the memo keeps them.
        func recorded() -> (keys: [UInt64], starts: [Int32], values: [Double]) {
            let all = asked.withLock { $0 }
            var starts: [Int32] = [0], values: [Double] = []
            let keys = all.keys.sorted()
            for key in keys {
                values += all[key]!
                starts.append(Int32(values.count))
            }
            return (keys, starts, values)
        }
    }
}
