extension Deduplicator {
    /// A section covers a merged article when more than this share of what
    /// the article shares with the canonical page sits in it.
    static let landingCover = 0.5

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
    /// `#`) counts as the top. Within one video the cited moments are
    /// credited as well (`credit(of:on:corpus:)`).
    static func landing(of m: Int, on c: Int, corpus: Corpus) -> Range<Int>? {
        landing(credit: credit(of: m, on: c, corpus: corpus), levels: corpus.articles[c].segmentLevels)
    }

    /// The credit a landing reads: by words, and, within one video, the mean
    /// of that and the credit by cited moments (`momentCredit`), so that a
    /// section covers `m` when it holds more than half of what `m` shares
    /// with the page by words and by moments alike. Empty when the page has
    /// no headings or the two share no word (`m` lands on the top).
    static func credit(of m: Int, on c: Int, corpus: Corpus) -> [Double] {
        guard let credits = corpus.credits else { return measuredCredit(of: m, on: c, corpus: corpus) }
        return credits.credit(of: m, on: c) { measuredCredit(of: m, on: c, corpus: corpus) }
    }

    /// The credit, measured (`credit(of:on:corpus:)` takes the last build's when it can).
    static func measuredCredit(of m: Int, on c: Int, corpus: Corpus) -> [Double] {
        let words = wordCredit(of: m, on: c, corpus: corpus)
        guard !words.isEmpty, let moments = momentCredit(of: m, on: c, corpus: corpus) else { return words }
        return zip(words, moments).map { momentWeight * $1 + (1 - momentWeight) * $0 }
    }

    /// The weight of the moments in a landing's credit.
    static let momentWeight = 0.5

    /// The share of `m`'s cited moments credited to each of `c`'s segments:
    /// each moment of `m` that `c` also cites under a heading (within the
    /// tolerance, either reading) is split evenly among the segments citing
    /// it; a moment `c` does not cite under a heading counts, uncredited.
    /// nil across videos, when `m` cites nothing, or when `c` cites nothing
    /// under its headings (or where it does is not known).
    static func momentCredit(of m: Int, on c: Int, corpus: Corpus) -> [Double]? {
        let a = corpus.articles[m], page = corpus.articles[c]
        let readings = page.segmentReadings, segments = page.readingSegments
        guard a.videoID != nil, a.videoID == page.videoID, !a.moments.isEmpty, !readings.isEmpty else { return nil }
        var credit = [Double](repeating: 0, count: page.segmentLevels.count)
        var hit: [Int32] = []
        for moment in a.moments {
            hit.removeAll(keepingCapacity: true)
            for r in moment {
                var lo = 0, hi = readings.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if readings[mid] < r - momentTolerance { lo = mid + 1 } else { hi = mid }
                }
                while lo < readings.count && readings[lo] <= r + momentTolerance {
                    if !hit.contains(segments[lo]) { hit.append(segments[lo]) }
                    lo += 1
                }
            }
            guard !hit.isEmpty else { continue }
            let share = 1 / Double(hit.count)
            for k in hit { credit[Int(k)] += share }
        }
        let count = Double(a.moments.count)
        return credit.map { $0 / count }
    }

    /// The share of what `m` shares with `c` credited to each of `c`'s
    /// segments by words (empty when `c` has no headings or they share nothing).
    static func wordCredit(of m: Int, on c: Int, corpus: Corpus) -> [Double] {
        let page = corpus.articles[c], count = page.segmentLevels.count
        guard count > 0 else { return [] }
        let width = page.segmentWidth, masks = page.segmentMasks, pageWords = page.words
        // Words are positions in `m`'s sorted word list, so IDF is an array read.
        let words = corpus.articles[m].words, ids = corpus.ids[m]
        var credit = [Double](repeating: 0, count: count), total = 0.0
        var x = 0, y = 0
        while x < pageWords.count && y < words.count {
            if pageWords[x] < words[y] { x += 1; continue }
            if pageWords[x] > words[y] { y += 1; continue }
            let idf = corpus.idf[Int(ids[y])]
            total += idf
            var holders = 0
            for w in 0..<width { holders += masks[x * width + w].nonzeroBitCount }
            if holders > 0 {
                let share = idf / Double(holders)
                for w in 0..<width {
                    var bits = masks[x * width + w]
                    while bits != 0 {
                        credit[w * 8 + bits.trailingZeroBitCount] += share
                        bits &= bits - 1
                    }
                }
            }
            x += 1
            y += 1
        }
        guard total > 0 else { return [] }
        return credit.map { $0 / total }
    }

    /// The section the credit points to (see `landing(of:on:corpus:)`).
    static func landing(credit: [Double], levels: [Int]) -> Range<Int>? {
        best(of: sections(credit, levels: levels).filter { $0.cover > landingCover }) { ($0.level, $0.cover) > ($1.level, $1.cover) }
    }

    /// Each section of a page whose segments have heading `levels` (a heading
    /// to the next one of its level or higher), with the share of `credit` it
    /// holds; a first heading whose section is the whole page is left out.
    static func sections(_ credit: [Double], levels: [Int]) -> [Section] {
        guard !credit.isEmpty else { return [] }
        return levels.indices.compactMap { k in
            var end = k + 1
            while end < levels.count && levels[end] > levels[k] { end += 1 }
            return k == 0 && end == levels.count ? nil : (levels[k], credit[k..<end].reduce(0, +), k..<end)
        }
    }

    /// A section of a page: its heading's level, the share of a credit it holds, its headings.
    typealias Section = (level: Int, cover: Double, range: Range<Int>)

    /// The range of the first section no later one is `better` than.
    static func best(of sections: [Section], by better: (Section, Section) -> Bool) -> Range<Int>? {
        var best: Section?
        for s in sections where best.map({ better(s, $0) }) ?? true { best = s }
        return best?.range
    }

    /// A section holds enough of a merged article to take it, when the
    /// article would otherwise share the top with a sibling (`spread`), when it
    /// holds at least this share of the credit.
    static let spreadCover = 0.15

    /// The section of `c` holding the most of `m`'s credit (the deepest of
    /// equals), when that is at least `spreadCover`; nil when none does.
    static func plurality(of m: Int, on c: Int, corpus: Corpus) -> Range<Int>? {
        let held = sections(credit(of: m, on: c, corpus: corpus), levels: corpus.articles[c].segmentLevels)
        return best(of: held.filter { $0.cover >= spreadCover }) { ($0.cover, $0.level) > ($1.cover, $1.level) }
    }

    /// The section strictly inside `outer` of `c` holding the most of `m`'s
    /// credit (the deepest of equals), when that is at least `spreadCover`;
    /// nil when none does (`spread`, when `outer` is taken).
    static func plurality(of m: Int, on c: Int, within outer: Range<Int>, corpus: Corpus) -> Range<Int>? {
        let held = sections(credit(of: m, on: c, corpus: corpus), levels: corpus.articles[c].segmentLevels)
        return best(of: held.filter { $0.cover >= spreadCover && $0.range != outer && within($0.range, outer) }) {
            ($0.cover, $0.level) > ($1.cover, $1.level)
        }
    }

    /// Within `section` of `c`, the child section holding more than
    /// `landingCover` of the section's credit for `m`, and on down while one
    /// does: a spread article lands on the part of its section that is about it.
    static func drillDown(of m: Int, on c: Int, from section: Range<Int>, corpus: Corpus) -> Range<Int> {
        let all = sections(credit(of: m, on: c, corpus: corpus), levels: corpus.articles[c].segmentLevels)
        var at = section, cover = all.first { $0.range == section }?.cover ?? 0
        while true {
            let inside = all.filter { $0.range.lowerBound > at.lowerBound && $0.range.upperBound <= at.upperBound }
            guard let top = inside.map(\.level).min() else { return at }
            let children = inside.filter { $0.level == top && $0.cover > landingCover * cover }
            guard let next = children.max(by: { $0.cover < $1.cover }) else { return at }
            (at, cover) = (next.range, next.cover)
        }
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
