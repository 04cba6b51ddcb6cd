extension SearchIndexer {
    /// A term's counts in one document, kept until every document is counted
    /// (an impact needs the average field lengths): 12 bytes a posting, its
    /// document known from where it lies.
    struct Counted {
        var term: Int32
        var title: UInt16
        var headings: UInt16
        var body: UInt16
        var section: UInt16
    }

    /// The terms of one partition (terms are split among the cores by hash)
    /// and their postings so far, in one list in document order (`first[d]`
    /// is where document d's begin); only one worker touches it at a time.
    /// One list, not one per term: a posting is an append to memory just
    /// written, where a list per term made each posting a read of a list
    /// header far from the last one, and every new term an allocation
    /// (ten times the wiki has ten times the terms, and none of it fits a cache).
    final class Partition: @unchecked Sendable {
        var table = TermTable(capacity: 2048)
        var counted: [Counted] = []
        var first: [Int] = [0]
        var names: [String] { table.terms }

        /// Adds a batch of documents' terms, numbered after the ones added before.
        func add(_ docs: [[Term]]) {
            var table = TermTable(capacity: 0), counted: [Counted] = []
            swap(&table, &self.table)
            swap(&counted, &self.counted)
            for terms in docs {
                for term in terms {
                    let c = term.counts
                    let id = table.id(of: term.text, hash: term.hash).id
                    counted.append(Counted(term: Int32(id), title: c.title, headings: c.headings, body: c.body, section: c.section))
                }
                first.append(counted.count)
            }
            swap(&table, &self.table)
            swap(&counted, &self.counted)
        }

        /// Every term's postings, in document order, with their counts: a
        /// counting sort of the list by term (each term's range of one
        /// array), the list let go.
        func postings() -> (all: [RawPosting], starts: [Int]) {
            var starts = [Int](repeating: 0, count: names.count + 1)
            for c in counted { starts[Int(c.term) + 1] += 1 }
            for t in names.indices { starts[t + 1] += starts[t] }
            var next = starts
            let all = [RawPosting](unsafeUninitializedCapacity: counted.count) { out, written in
                for d in 0..<(first.count - 1) {
                    for k in first[d]..<first[d + 1] {
                        let c = counted[k], t = Int(c.term)
                        out.initializeElement(at: next[t], to: RawPosting(doc: Int32(d), title: c.title, headings: c.headings,
                                                                          body: c.body, section: c.section))
                        next[t] += 1
                    }
                }
                written = counted.count
            }
            counted = []
            first = []
            return (all, starts)
        }
    }

    /// A document's term, with its hash (which picks its partition) and counts.
    struct Term {
        var text: String
        var hash: UInt64
        var counts: TermCounts
    }

    /// Documents counted at a time: their per-document term tables are let go
    /// once they are added to the postings.
    static let countBatch = 4096

    /// One document's counts of one term, by the document's place in the
    /// index: what its impact is made from once every document is counted
    /// (an impact needs the average field lengths), and what the next build's
    /// index is patched from (`TermCache`). 12 bytes.
    struct RawPosting: Equatable {
        var doc: Int32
        var title: UInt16
        var headings: UInt16
        var body: UInt16
        var section: UInt16
    }

    /// The index before impacts: every term, in byte order, with its
    /// documents' counts in document order, and each document's field
    /// lengths (title, headings, body).
    struct Inverted {
        var terms: [[Unicode.Scalar]]
        var lists: [ArraySlice<RawPosting>]
        var lengths: [[Int32]]
    }

    /// The index of `docs`: the last build's (`terms`) patched where it can be
    /// (`TermCache.patched`, by each document's key in `keys`), else every
    /// document counted.
    static func invert(_ docs: Documents, keys: [UInt64]?, terms: TermCache?) -> Inverted {
        if let terms, let keys, let patched = terms.patched(docs, keys: keys) { return patched }
        return count(docs)
    }

    /// Counts every document's terms by field and inverts them, on every core,
    /// a batch of documents at a time.
    static func count(_ docs: Documents) -> Inverted {
        let n = docs.count
        let partitions = (0..<max(1, min(8, Parallelism.jobs))).map { _ in Partition() }
        var fieldLength: [[Int32]] = [[], [], []]
        for start in stride(from: 0, to: n, by: countBatch) {
            let batch = Array(start..<min(n, start + countBatch))
            let counted = batch.parallelMap(chunk: 16) { i -> (split: [[Term]], lengths: (Int, Int, Int)) in
                let c = counts(docs.document(i))
                return (split(c.terms, partitions: partitions.count), c.lengths)
            }
            for c in counted {
                fieldLength[0].append(Int32(c.lengths.0))
                fieldLength[1].append(Int32(c.lengths.1))
                fieldLength[2].append(Int32(c.lengths.2))
            }
            Array(partitions.indices).parallelMap(chunk: 1) { p in
                partitions[p].add(counted.map { $0.split[p] })
            }
        }
        // Each partition's postings grouped by term, one partition per core.
        let grouped = Array(partitions.indices).parallelMap(chunk: 1) { p -> (all: [RawPosting], starts: [Int]) in
            defer { partitions[p].table.forgetLookup() }
            return partitions[p].postings()
        }
        // Each partition's terms sorted on its own core, then merged (a term is in one partition only).
        let sorted = Array(partitions.indices).parallelMap(chunk: 1) { p -> [Int] in
            let names = partitions[p].names
            return names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        }
        var terms: [[Unicode.Scalar]] = [], lists: [ArraySlice<RawPosting>] = []
        terms.reserveCapacity(sorted.reduce(0) { $0 + $1.count })
        lists.reserveCapacity(terms.capacity)
        var next = [Int](repeating: 0, count: partitions.count)
        while true {
            var best = -1
            for p in partitions.indices where next[p] < sorted[p].count {
                if best < 0 || partitions[p].names[sorted[p][next[p]]].utf8
                    .lexicographicallyPrecedes(partitions[best].names[sorted[best][next[best]]].utf8) { best = p }
            }
            guard best >= 0 else { break }
            let i = sorted[best][next[best]]
            next[best] += 1
            terms.append(Array(partitions[best].names[i].unicodeScalars))
            lists.append(grouped[best].all[grouped[best].starts[i]..<grouped[best].starts[i + 1]])
        }
        return Inverted(terms: terms, lists: lists, lengths: fieldLength)
    }

    /// Terms' postings made at a time: each run's impacts go to one array.
    static let impactRun = 4096

    /// The index with each document's counts of a term made into its impact
    /// (BM25F over the fields, by the average field lengths; docs/search-index.md §5).
    static func postings(_ index: Inverted) -> Postings {
        let lengths = index.lengths
        let n = lengths[0].count
        let average = (0..<3).map { f in Double(lengths[f].reduce(0) { $0 + Int($1) }) / Double(max(n, 1)) }

        @Sendable func impact(_ c: RawPosting) -> UInt8 {
            var tfw = 0.0
            let tf = [Int(c.title), Int(c.headings), Int(c.body)]
            for f in 0..<3 where tf[f] > 0 {
                let b = fieldB[f]
                let norm = (1.0 - b) + b * (Double(lengths[f][Int(c.doc)]) / average[f])
                tfw += (fieldWeight[f] * Double(tf[f])) / norm
            }
            let s = tfw / (k1 + tfw)
            return UInt8(min(quant - 1, Int(s * Double(quant))))
        }
        let lists = index.lists
        let runs = Array(stride(from: 0, to: lists.count, by: impactRun)).parallelMap(chunk: 1) { start -> [ArraySlice<Posting>] in
            let range = start..<min(lists.count, start + impactRun)
            var all: [Posting] = []
            all.reserveCapacity(range.reduce(0) { $0 + lists[$1].count })
            var bounds: [Int] = [0]
            for t in range {
                for c in lists[t] { all.append(Posting(doc: c.doc, impact: impact(c), section: c.section)) }
                bounds.append(all.count)
            }
            return (0..<range.count).map { all[bounds[$0]..<bounds[$0 + 1]] }
        }
        return Postings(terms: index.terms, lists: Array(runs.joined()))
    }

    /// One document's terms with their counts by field, and its field lengths (title, headings, body).
    static func counts(_ d: SearchDocument) -> TermCache.Counts {
        var counts = DocumentTerms()
        var title = 0, headings = 0, body = 0
        for text in [d.title] + d.otherTitles {
            SearchText.forEachTerm(text) { t in
                title += 1
                let i = counts.index(t)
                counts.values[i].title &+= 1
            }
        }
        for text in d.otherHeadings {
            SearchText.forEachTerm(text) { t in
                headings += 1
                let i = counts.index(t)
                counts.values[i].headings &+= 1
            }
        }
        // Section 0 is the text before the first heading; heading k starts section k.
        var section: UInt16 = 0
        for line in d.lines {
            if line.isHeading {
                section &+= 1
                SearchText.forEachTerm(line.text) { t in
                    headings += 1
                    let i = counts.index(t)
                    counts.values[i].heading(in: section, weight: sectionHeadingWeight)
                }
            } else {
                SearchText.forEachTerm(line.text) { t in
                    body += 1
                    let i = counts.index(t)
                    counts.values[i].body(in: section)
                }
            }
        }
        return TermCache.Counts(terms: Array(zip(counts.terms, counts.values)), lengths: (title, headings, body))
    }

    /// One document's terms in the order first read, each with its counts
    /// (a document reads each of its ~500 terms three times on average).
    struct DocumentTerms {
        var table = TermTable(capacity: 512)
        var values: [TermCounts] = []
        var terms: [String] { table.terms }

        mutating func index(_ term: String) -> Int {
            let (id, isNew) = table.id(of: term, hash: FNV1a.hash(term))
            if isNew { values.append(TermCounts()) }
            return id
        }
    }

    /// Terms by id, in the order first seen, found by the FNV-1a hash of their
    /// text the caller has (`HashedSlots`). The text a hit is compared with
    /// lies in the slot, not in a second array: ten times the wiki has ten
    /// times the terms, and its tables no longer fit any cache.
    struct TermTable {
        private struct Slot: HashedSlot {
            var hash: UInt64
            var id: Int32
            var text: String
            static let empty = Slot(hash: 0, id: -1, text: "")
        }
        private(set) var terms: [String] = []
        private var slots: HashedSlots<Slot>

        init(capacity: Int) { slots = HashedSlots(capacity: capacity) }

        /// The id of `term` (whose hash is `hash`), and whether it was added now.
        mutating func id(of term: String, hash: UInt64) -> (id: Int, isNew: Bool) {
            let (i, found) = slots.find(hash) { $0.text == term }
            if found { return (Int(slots[i].id), false) }
            terms.append(term)
            slots.fill(i, with: Slot(hash: hash, id: Int32(terms.count - 1), text: term), filled: terms.count)
            return (terms.count - 1, true)
        }

        /// Lets the lookup table go; the terms stay.
        mutating func forgetLookup() {
            slots.removeAll()
        }
    }

    /// A document's terms split into `partitions` by hash.
    static func split(_ terms: [(String, TermCounts)], partitions: Int) -> [[Term]] {
        var split = [[Term]](repeating: [], count: partitions)
        for (t, c) in terms {
            let hash = FNV1a.hash(t)
            split[Int(hash % UInt64(partitions))].append(Term(text: t, hash: hash, counts: c))
        }
        return split
    }
}
