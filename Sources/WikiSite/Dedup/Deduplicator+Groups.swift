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
    /// readers to one place, so they must be one article themselves, unless
    /// the rule scores them within `siblingFloor` of the threshold (near
    /// alike). This is the question the eval asks of a labelled pair
    /// (`lands-within`, docs/dedup.md): two articles are merged when one's
    /// readers land within the other's place.
    ///
    /// Once the trees are made, a narrow member left on its root's top, where
    /// every other member's place lies within its own, moves to the root's
    /// section holding the most of it when more of the members that would then
    /// no longer lie within its place failed the rule against it than passed
    /// (`reland`).
    ///
    /// `scores` are the candidates' (`Corpus.score` of each, smaller index first).
    static func group(_ n: Int, _ pairs: [Pair], candidates: [(Int, Int)], scores: [Double], corpus: Corpus, apart: Set<[Int]> = []) -> Result {
        let articles = corpus.articles, mass = corpus.mass
        @Sendable func key(_ x: Int, _ y: Int) -> UInt64 { pairKey(min(x, y), max(x, y)) }
        func broader(_ x: Int, _ y: Int) -> Bool { (mass[x], -x) > (mass[y], -y) }
        var passed: [UInt64: Pair] = [:]
        for p in pairs { passed[key(p.a, p.b)] = p }
        var scored: [UInt64: Double] = [:]
        scored.reserveCapacity(candidates.count)
        for (pair, z) in zip(candidates, scores) { scored[key(pair.0, pair.1)] = z }
        let measured = scored, passedPairs = Set(passed.keys)
        // Two members that did not pass may still land on one place when the
        // rule scores them near a pass (the smaller asked of the larger). The
        // score is the same asked either way round, but for two articles of
        // equal mass (then the first one asked is the smaller).
        @Sendable func nearPass(_ x: Int, _ y: Int) -> Bool {
            guard let z = measured[key(x, y)], !apart.contains([min(x, y), max(x, y)]),
                  sameTopicName(articles[x], articles[y]) else { return false }
            return (x < y || mass[x] != mass[y] ? z : corpus.score(x, y).score) > threshold - siblingFloor
        }
        // Members that may land on one place: they passed, or nearly.
        @Sendable func alike(_ x: Int, _ y: Int) -> Bool { passedPairs.contains(key(x, y)) || nearPass(x, y) }
        // (narrow, wide) of each pair, broadest wide article first, then the strongest.
        let edges = pairs.map { p in broader(p.a, p.b) ? (p.b, p.a, p) : (p.a, p.b, p) }.sorted { l, r in
            (mass[r.1], r.2.score, l.2.a, l.2.b) < (mass[l.1], l.2.score, r.2.a, r.2.b)
        }
        // Where a member lands on its tree's root, worked out only where two
        // members that did not pass with each other might clash; the rest at the end.
        var sections: [UInt64: Range<Int>?] = [:]
        func section(_ m: Int, on c: Int) -> Range<Int>? {
            let k = pairKey(m, c)
            if let known = sections[k] { return known }
            let s = landing(of: m, on: c, corpus: corpus)
            sections[k] = s
            return s
        }
        var parent = [Int](repeating: -1, count: n)
        var root = Array(0..<n)
        var members: [Int: [Int]] = [:]
        /// Where the members of a tree land on its root (filled on demand).
        var placed: [UInt64: Range<Int>?] = [:]
        /// Members that went to the section holding the most of them (`spread`).
        var spreadOnes = Set<Int>()
        for (x, y, _) in edges where parent[x] < 0 {
            let r = root[y]
            if r == x { continue }
            let sub = members[x] ?? [x], tree = members[r] ?? [r]
            parent[x] = y
            var above: Set<Int> = [y]
            var z = y
            while parent[z] >= 0 { z = parent[z]; above.insert(z) }
            // Where a member of either side lands on r (the hung subtree's for now only).
            var tentative: [Int: Range<Int>?] = [:]
            func onRoot(_ m: Int) -> Range<Int>? {
                if let v = tentative[m] { return v }
                if let v = placed[pairKey(m, r)] { return v }
                let p = parent[m]
                var v = p == r ? section(m, on: r) : onRoot(p)
                if p != r && measured[key(m, r)] != nil {
                    let own = section(m, on: r)
                    if within(own, v) { v = own }
                }
                if root[m] == r { placed[pairKey(m, r)] = v } else { tentative[m] = v }
                return v
            }
            var clash = false
            search: for m in sub {
                for t in tree where !above.contains(t) && !alike(m, t) {
                    if onRoot(m) == onRoot(t) { clash = true; break search }
                }
            }
            // A narrow article (without members of its own) hung on the root may
            // still join by spreading: it and the siblings it would meet on the
            // top each go to the section that holds the most of them.
            if clash, sub == [x], y == r,
               let spread = spread(x, over: tree, root: r, alike: alike, place: onRoot, parent: { parent[$0] },
                                   plurality: { plurality(of: $0, on: r, corpus: corpus) },
                                   inner: { plurality(of: $0, on: r, within: $1, corpus: corpus) }) {
                clash = false
                tentative[x] = spread.x
                for (t, v) in spread.moved { placed[pairKey(t, r)] = v }
                spreadOnes.insert(x)
                spreadOnes.formUnion(spread.moved.map(\.0))
            }
            if clash { parent[x] = -1; continue }
            for m in sub {
                root[m] = r
                if let v = tentative[m] { placed[pairKey(m, r)] = v }
            }
            members[r] = tree + sub
            members[x] = nil
        }
        // How strongly `x` is held by `y`: the pair's score when x is the smaller article.
        func held(_ x: Int, by y: Int) -> Double {
            guard let p = passed[key(x, y)] else { return -.infinity }
            return broader(y, x) ? p.score : p.reverse
        }
        // The canonical page of each tree: the root, or a reworded copy of it
        // among its children that holds the root and every other child; the
        // most linked to first.
        let trees = members.sorted(by: { $0.key < $1.key }).filter { $0.value.count > 1 }
        let best = trees.map { r, group -> Int in
            let need = group.filter { $0 == r || parent[$0] == r }
            let holders = need.filter { c in need.allSatisfy { $0 == c || held($0, by: c) > threshold } }
            return holders.min { x, y in
                let a = articles[x], b = articles[y]
                return (-a.inbound, -mass[x], a.path) < (-b.inbound, -mass[y], b.path)
            }!
        }
        // Where each member lands on it, on every core: directly when its
        // parent is the root (or the canonical page, or it is the root), else
        // within its parent's place.
        // A spread member that nothing hangs under lands, within its section,
        // on the part that is about it (`drillDown`), once the trees are made.
        let known = placed, parentOf = parent, parents = Set(parent.filter { $0 >= 0 })
        let drilled = spreadOnes.subtracting(parents)
        let places = zip(trees, best).map { ($0.0.key, $0.0.value, $0.1) }.parallelMap(chunk: 8) { r, group, c -> [Range<Int>?] in
            var at: [Int: Range<Int>?] = [:]
            // Where each member lands on the root before drilling down (the root is canonical).
            var before: [Int: Range<Int>?] = [:]
            for m in group where m != c {  // parents before children
                if c == r, let v = known[pairKey(m, r)] {
                    before[m] = v
                    at[m] = drilled.contains(m) ? v.map { drillDown(of: m, on: r, from: $0, corpus: corpus) } : v
                    continue
                }
                let p = parentOf[m]
                if p < 0 || p == r || p == c {
                    at[m] = landing(of: m, on: c, corpus: corpus)
                } else {
                    var v = at[p]!
                    if measured[key(m, c)] != nil {
                        let own = landing(of: m, on: c, corpus: corpus)
                        if within(own, v) { v = own }
                    }
                    at[m] = v
                }
                before[m] = at[m]
            }
            if c == r && group.count >= 3 {
                reland(group, root: r, before: &before, at: &at, parent: { parentOf[$0] }, hasMembers: { parents.contains($0) },
                       alike: alike, measured: { measured[key($0, $1)] != nil },
                       passed: { passedPairs.contains(key($0, $1)) }, corpus: corpus)
            }
            return group.map { $0 == c ? nil : at[$0]! }
        }
        var canonical = Array(0..<n)
        var landed = [Range<Int>?](repeating: nil, count: n)
        var groups: [[Int]] = []
        for ((_, group), (c, place)) in zip(trees, zip(best, places)) {
            for (m, v) in zip(group, place) {
                canonical[m] = c
                landed[m] = v
            }
            groups.append([c] + group.filter { $0 != c }.sorted())
        }
        return Result(canonical: canonical, groups: groups, pairs: pairs, landing: landed)
    }

    /// Members left on the root's top move to a section, when that is where
    /// fewer wrong merges lie. On the top, a member's place holds every other
    /// member's, so it counts as merged with all of them. Each direct child of
    /// the root with no members of its own that lands on the top, in the tree's
    /// order, is tried on the root's section holding the most of it
    /// (`plurality`), unless a member it is not alike lands exactly there: it
    /// moves when, of the members whose places would then lie neither within
    /// that section nor around it, more failed the rule against it (measured
    /// pairs) than passed. It then lands, like a spread member, on the part of
    /// that section about it (`drillDown`).
    static func reland(_ group: [Int], root r: Int, before: inout [Int: Range<Int>?], at: inout [Int: Range<Int>?],
                       parent: (Int) -> Int, hasMembers: (Int) -> Bool, alike: (Int, Int) -> Bool,
                       measured: (Int, Int) -> Bool, passed: (Int, Int) -> Bool, corpus: Corpus) {
        for m in group where m != r && parent(m) == r && !hasMembers(m) && before[m]! == nil {
            guard let to = plurality(of: m, on: r, corpus: corpus),
                  !group.contains(where: { n in n != r && n != m && before[n]! == to && !alike(m, n) }) else { continue }
            var gain = 0
            for n in group where n != r && n != m && measured(m, n) {
                let place = at[n]!
                if within(place, to) || within(to, place) { continue }  // still within each other's place
                gain += passed(m, n) ? -1 : 1
            }
            guard gain > 0 else { continue }
            before[m] = to
            at[m] = drillDown(of: m, on: r, from: to, corpus: corpus)
        }
    }

    /// Where `x` and the members of `tree` it would share the root's top
    /// with land instead when each goes to the root's section holding the
    /// most of it (`spreadCover` at least): `x`'s place, and each moved
    /// member's; nil when one of them has no such section, a moved member has
    /// members of its own, or two of them (or a moved one and a member that
    /// stays) would still share a place. Members that passed with each other,
    /// or tell the same part of the video, may share one (`alike`).
    ///
    /// When `x`'s section is taken by a member it is not alike, the section
    /// is split: `x` and the members on it (direct children of the root with
    /// no members of their own) go to the sections inside it holding the most
    /// of each (`inner`), and the members on the top to theirs, none of them
    /// on or around `x`'s.
    static func spread(_ x: Int, over tree: [Int], root r: Int, alike: (Int, Int) -> Bool, place: (Int) -> Range<Int>?,
                       parent: (Int) -> Int, plurality: (Int) -> Range<Int>?,
                       inner: (Int, Range<Int>) -> Range<Int>?) -> (x: Range<Int>, moved: [(Int, Range<Int>)])? {
        guard let own = place(x) ?? plurality(x) else { return nil }
        func movable(_ t: Int) -> Bool { parent(t) == r && !tree.contains { parent($0) == t } }
        func attempt(_ own: Range<Int>, splitting outer: Range<Int>?) -> (x: Range<Int>, moved: [(Int, Range<Int>)])? {
            var moved: [(Int, Range<Int>)] = []
            for t in tree where t != r && !alike(x, t) {
                let at = place(t), to: Range<Int>?
                if at == nil {
                    guard movable(t) else { return nil }
                    to = plurality(t)
                } else if at == own {
                    return nil
                } else if let outer, at == outer {
                    guard movable(t) else { return nil }
                    to = inner(t, outer)
                } else {
                    continue
                }
                guard let to, to != own, outer == nil || !(within(to, own) || within(own, to)) else { return nil }
                moved.append((t, to))
            }
            for (t, to) in moved {
                for q in tree where q != t && q != r && !alike(t, q) {
                    if (moved.first { $0.0 == q }?.1 ?? place(q)) == to { return nil }
                }
            }
            return (own, moved)
        }
        if let done = attempt(own, splitting: nil) { return done }
        guard tree.contains(where: { $0 != r && !alike(x, $0) && place($0) == own }), let inside = inner(x, own) else { return nil }
        return attempt(inside, splitting: own)
    }

    /// Whether a landing (a range of headings, nil for the top) lies within another.
    static func within(_ inner: Range<Int>?, _ outer: Range<Int>?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return outer.lowerBound <= inner.lowerBound && inner.upperBound <= outer.upperBound
    }
}
