extension Deduplicator {
    /// Containment trees: each article hangs under at most one broader
    /// article it passed with (its parent); a tree's root, its broadest
    /// member, is its canonical page (or a reworded copy of the root).
    ///
    /// Passed pairs are taken broadest parent first (then the strongest), and
    /// a pair hangs the narrower article, with everything under it, under the
    /// broader one only when the narrower one has no parent yet. So a chain
    /// A ⊂ B ⊂ C joins C when B passes with C, although A does not; two broad
    /// articles that share a narrow one never join through it (it has one
    /// parent, and they did not pass with each other); and a deep-dive, which
    /// fails the rule, stays apart.
    ///
    /// A member lands on the root's section that covers it when its parent is
    /// the root; deeper, on its own landing on the root when that lies within
    /// its parent's (and the pair was a candidate), else on its parent's: A
    /// lands within B's place. Two members neither of which is the other's
    /// ancestor, and that did not pass with each other, may not land on the
    /// same place (the same section, or both the top): they would send their
    /// readers to one place, so they must be one article themselves. This is
    /// the question the eval asks of a labelled pair (`lands-within`,
    /// docs/dedup.md): two articles are merged when one's readers land within
    /// the other's place.
    static func group(_ n: Int, _ pairs: [Pair], candidates: [(Int, Int)], corpus: Corpus) -> Result {
        let articles = corpus.articles, mass = corpus.mass
        func key(_ x: Int, _ y: Int) -> UInt64 { UInt64(min(x, y)) << 32 | UInt64(max(x, y)) }
        func broader(_ x: Int, _ y: Int) -> Bool { (mass[x], -x) > (mass[y], -y) }
        var passed: [UInt64: Pair] = [:]
        for p in pairs { passed[key(p.a, p.b)] = p }
        let measured = Set(candidates.map { key($0.0, $0.1) })
        // (narrow, wide) of each pair, broadest wide article first, then the strongest.
        let edges = pairs.map { p in broader(p.a, p.b) ? (p.b, p.a, p) : (p.a, p.b, p) }.sorted { l, r in
            (mass[r.1], r.2.score, l.2.a, l.2.b) < (mass[l.1], l.2.score, r.2.a, r.2.b)
        }
        // Where a narrow article lands on a broader one: worked out for every
        // pair that passed, on every core, and for the rest when asked.
        let wides = Set(edges.map(\.1)).sorted()
        let wideSegments = Dictionary(uniqueKeysWithValues: zip(wides, wides.parallelMap(chunk: 16) { segmentsOf(articles[$0]) }))
        var segmentsOfArticle = wideSegments
        var sections: [UInt64: Range<Int>?] = [:]
        let found = edges.parallelMap(chunk: 32) { e in landing(of: e.0, on: e.1, segments: wideSegments[e.1]!, corpus: corpus) }
        for (e, s) in zip(edges, found) { sections[UInt64(e.0) << 32 | UInt64(e.1)] = s }
        func section(_ m: Int, on c: Int) -> Range<Int>? {
            let k = UInt64(m) << 32 | UInt64(c)
            if let known = sections[k] { return known }
            if segmentsOfArticle[c] == nil { segmentsOfArticle[c] = segmentsOf(articles[c]) }
            let s = landing(of: m, on: c, segments: segmentsOfArticle[c]!, corpus: corpus)
            sections[k] = s
            return s
        }
        /// Where `m` lands on `c`, given where its parent lands there.
        func place(_ m: Int, on c: Int, parentPlace: Range<Int>?, parentIsC: Bool) -> Range<Int>? {
            if parentIsC { return section(m, on: c) }
            if measured.contains(key(m, c)) {
                let own = section(m, on: c)
                if within(own, parentPlace) { return own }
            }
            return parentPlace
        }
        var parent = [Int](repeating: -1, count: n)
        var root = Array(0..<n)
        var members: [Int: [Int]] = [:]
        var land: [Int: Range<Int>?] = [:]
        for (x, y, _) in edges where parent[x] < 0 {
            let r = root[y]
            if r == x { continue }
            let sub = members[x] ?? [x], tree = members[r] ?? [r]
            parent[x] = y
            var new: [Int: Range<Int>?] = [:]
            for m in sub {  // parents before children
                let p = parent[m]
                new[m] = place(m, on: r, parentPlace: p == r ? nil : (new[p] ?? land[p]!), parentIsC: p == r)
            }
            var above: Set<Int> = [y]
            var z = y
            while parent[z] >= 0 { z = parent[z]; above.insert(z) }
            let clash = sub.contains { m in
                tree.contains { t in !above.contains(t) && new[m]! == land[t]! && passed[key(m, t)] == nil }
            }
            if clash { parent[x] = -1; continue }
            for (m, s) in new { land[m] = s; root[m] = r }
            members[r] = tree + sub
            members[x] = nil
        }
        // How strongly `x` is held by `y`: the pair's score when x is the smaller article.
        func held(_ x: Int, by y: Int) -> Double {
            guard let p = passed[key(x, y)] else { return -.infinity }
            return broader(y, x) ? p.score : p.reverse
        }
        var canonical = Array(0..<n)
        var landed = [Range<Int>?](repeating: nil, count: n)
        var groups: [[Int]] = []
        for (r, group) in members.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            // The canonical page: the root, or a reworded copy of it among its
            // children that holds the root and every other child; the most linked to first.
            let need = group.filter { $0 == r || parent[$0] == r }
            let holders = need.filter { c in need.allSatisfy { $0 == c || held($0, by: c) > threshold } }
            let best = holders.min { x, y in
                let a = articles[x], b = articles[y]
                return (-a.inbound, -mass[x], a.path) < (-b.inbound, -mass[y], b.path)
            }!
            var places: [Int: Range<Int>?] = [:]
            for m in group where m != best {
                if best == r {
                    places[m] = land[m]!
                } else {
                    let p = parent[m]
                    let direct = p < 0 || p == r || p == best
                    places[m] = place(m, on: best, parentPlace: direct ? nil : places[p]!, parentIsC: direct)
                }
            }
            for m in group {
                canonical[m] = best
                landed[m] = m == best ? nil : places[m]!
            }
            groups.append([best] + group.filter { $0 != best }.sorted())
        }
        return Result(canonical: canonical, groups: groups, pairs: pairs, landing: landed)
    }

    /// Whether a landing (a range of headings, nil for the top) lies within another.
    static func within(_ inner: Range<Int>?, _ outer: Range<Int>?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return outer.lowerBound <= inner.lowerBound && inner.upperBound <= outer.upperBound
    }
}
