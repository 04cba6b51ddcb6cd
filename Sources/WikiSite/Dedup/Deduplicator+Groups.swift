extension Deduplicator {
    /// Star groups: strongest pairs first; two groups join only when the
    /// broadest article of the two (the most substance, then the lower index)
    /// passed with every other member, and every two other members either
    /// passed with each other or land on separate sections of it.
    ///
    /// A broad article so gathers narrow ones that share nothing with each
    /// other, each on its own section; two broad articles holding one narrow
    /// article stay apart (they never passed with each other); and two
    /// articles that would send their readers to the same place (or to
    /// nested sections) must be one article themselves. This is the question
    /// the eval asks of a labelled pair (`lands-within`, docs/dedup.md): two
    /// articles are merged when one's readers land within the other's place.
    static func group(_ n: Int, _ pairs: [Pair], corpus: Corpus) -> Result {
        let articles = corpus.articles, mass = corpus.mass
        let edges = pairs.sorted { ($1.score, $0.a, $0.b) < ($0.score, $1.a, $1.b) }
        func key(_ x: Int, _ y: Int) -> UInt64 { UInt64(min(x, y)) << 32 | UInt64(max(x, y)) }
        var passed: [UInt64: Pair] = [:]
        for p in pairs { passed[key(p.a, p.b)] = p }
        func broader(_ x: Int, _ y: Int) -> Bool { (mass[x], -x) > (mass[y], -y) }
        // Where a member would land on a centre, worked out only for the
        // members that did not pass with each other.
        var segmentsOfCentre: [Int: [Segment]] = [:]
        var sections: [UInt64: Range<Int>?] = [:]
        func section(_ m: Int, on c: Int) -> Range<Int>? {
            let k = UInt64(m) << 32 | UInt64(c)
            if let known = sections[k] { return known }
            if segmentsOfCentre[c] == nil { segmentsOfCentre[c] = segmentsOf(articles[c]) }
            let found = landing(of: m, on: c, segments: segmentsOfCentre[c]!, corpus: corpus)
            sections[k] = found
            return found
        }
        func apart(_ x: Int, _ y: Int, on c: Int) -> Bool {
            guard let sx = section(x, on: c), let sy = section(y, on: c) else { return false }
            return !sx.overlaps(sy)
        }
        var groupOf = Array(0..<n)
        var members: [Int: [Int]] = [:]
        for e in edges {
            let ga = groupOf[e.a], gb = groupOf[e.b]
            if ga == gb { continue }
            let left = members[ga] ?? [ga], right = members[gb] ?? [gb]
            let union = left + right
            let centre = union.max { broader($1, $0) }!
            guard union.allSatisfy({ $0 == centre || passed[key($0, centre)] != nil }) else { continue }
            let fits = left.allSatisfy { x in
                right.allSatisfy { y in x == centre || y == centre || passed[key(x, y)] != nil || apart(x, y, on: centre) }
            }
            guard fits else { continue }
            for y in right { groupOf[y] = ga }
            members[ga] = union
            members[gb] = nil
        }
        // How strongly `x` is held by `y`: the pair's score when x is the smaller article.
        func held(_ x: Int, by y: Int) -> Double {
            guard let p = passed[key(x, y)] else { return -.infinity }
            return broader(y, x) ? p.score : p.reverse
        }
        var canonical = Array(0..<n)
        var groups: [[Int]] = []
        for (_, group) in members.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            // The members that hold every other member (the centre, and any
            // reworded copy of it), the most linked to first.
            let holders = group.filter { c in group.allSatisfy { $0 == c || held($0, by: c) > threshold } }
            let best = holders.min { x, y in
                let a = articles[x], b = articles[y]
                return (-a.inbound, -mass[x], a.path) < (-b.inbound, -mass[y], b.path)
            }!
            for m in group { canonical[m] = best }
            groups.append([best] + group.filter { $0 != best }.sorted())
        }
        return Result(canonical: canonical, groups: groups, pairs: pairs)
    }
}
