extension Deduplicator {
    /// A section covers a merged article when more than this share of what
    /// the article shares with the canonical page sits in it.
    static let landingCover = 0.5

    /// The text from one heading to the next, as word hashes.
    struct Segment {
        var level: Int
        /// Sorted, unique; the heading's own words included.
        var words: [UInt64]
    }

    /// The section of `c` that covers `m`, as the range of `c`'s headings it
    /// spans (its own first); nil for the top of the page.
    ///
    /// Each word `m` shares with the page is credited to the page's segments
    /// (heading to next heading) that hold it, its IDF split evenly among
    /// them, so a word every section uses says little about where `m` belongs
    /// and a word one section alone uses points there. A heading's section
    /// runs to the next heading of the same or a higher level and gathers the
    /// credit of its segments. Of the sections holding more than
    /// `landingCover` of the credit, the deepest wins (then the one holding
    /// the most): a narrow article lands on its subsection, and a reworded copy
    /// of the whole page, which no single section holds, on the top. A first
    /// heading whose section is the whole page (an article's own title as
    /// `#`) counts as the top.
    static func landing(of m: Int, on c: Int, corpus: Corpus) -> Range<Int>? {
        landing(credit: credit(of: m, on: c, corpus: corpus), segments: corpus.articles[c].segments)
    }

    /// The share of what `m` shares with `c` credited to each of `c`'s
    /// segments (empty when `c` has no headings or they share nothing).
    static func credit(of m: Int, on c: Int, corpus: Corpus) -> [Double] {
        let segments = corpus.articles[c].segments
        guard !segments.isEmpty else { return [] }
        // Words are positions in `m`'s sorted word list, so IDF is an array read.
        let words = corpus.articles[m].words, ids = corpus.ids[m]
        let shared = segments.map { positions(of: $0.words, in: words) }
        var holders = [Int32](repeating: 0, count: words.count)
        for segment in shared { for x in segment { holders[x] += 1 } }
        let total = positions(of: corpus.articles[c].words, in: words).reduce(0.0) { $0 + corpus.idf[Int(ids[$1])] }
        guard total > 0 else { return [] }
        return shared.map { $0.reduce(0.0) { $0 + corpus.idf[Int(ids[$1])] / Double(holders[$1]) } / total }
    }

    /// The section the credit points to (see `landing(of:on:corpus:)`).
    static func landing(credit: [Double], segments: [Segment]) -> Range<Int>? {
        guard !credit.isEmpty else { return nil }
        var best: (level: Int, cover: Double, range: Range<Int>)?
        for (k, segment) in segments.enumerated() {
            var end = k + 1
            while end < segments.count && segments[end].level > segment.level { end += 1 }
            if k == 0 && end == segments.count { continue }
            let cover = credit[k..<end].reduce(0, +)
            guard cover > landingCover else { continue }
            if best.map({ (segment.level, cover) > ($0.level, $0.cover) }) ?? true { best = (segment.level, cover, k..<end) }
        }
        return best?.range
    }

    /// The positions in `words` of the values `a` shares with it (both sorted, unique).
    static func positions(of a: [UInt64], in words: [UInt64]) -> [Int] {
        var x = 0, y = 0, out: [Int] = []
        while x < a.count && y < words.count {
            if a[x] < words[y] { x += 1 } else if a[x] > words[y] { y += 1 } else { out.append(y); x += 1; y += 1 }
        }
        return out
    }
}
