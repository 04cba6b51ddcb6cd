extension SearchIndexer {
    /// Counts each document's terms by field and inverts them, on every core.
    static func invert(_ docs: [SearchDocument]) -> Postings {
        let n = docs.count
        // The terms are split into as many partitions as there are cores, by
        // hash, so that inverting runs on every core too.
        let partitions = max(1, min(8, Parallelism.jobs))
        let perDoc: [(counts: [[(String, TermCounts)]], lengths: (Int, Int, Int))] = docs.parallelMap(chunk: 16) { d in
            var counts: [String: TermCounts] = [:]
            counts.reserveCapacity(512)
            var title = 0, headings = 0, body = 0
            for text in [d.title] + d.otherTitles {
                SearchText.forEachTerm(text) { t in
                    title += 1
                    counts[t, default: TermCounts()].title &+= 1
                }
            }
            for text in d.otherHeadings {
                SearchText.forEachTerm(text) { t in
                    headings += 1
                    counts[t, default: TermCounts()].headings &+= 1
                }
            }
            // Section 0 is the text before the first heading; heading k starts section k.
            var section: UInt16 = 0
            for line in d.lines {
                if line.isHeading {
                    section &+= 1
                    SearchText.forEachTerm(line.text) { t in
                        headings += 1
                        counts[t, default: TermCounts()].heading(in: section, weight: sectionHeadingWeight)
                    }
                } else {
                    SearchText.forEachTerm(line.text) { t in
                        body += 1
                        counts[t, default: TermCounts()].body(in: section)
                    }
                }
            }
            var split = [[(String, TermCounts)]](repeating: [], count: partitions)
            for (t, c) in counts { split[partitions == 1 ? 0 : Int(FNV1a.hash(t) % UInt64(partitions))].append((t, c)) }
            return (split, (title, headings, body))
        }
        // Invert: term → postings, one partition of the terms per core.
        let inverted: [(names: [String], postings: [[(doc: Int32, counts: TermCounts)]])] =
            Array(0..<partitions).parallelMap(chunk: 1) { part in
                var ids: [String: Int] = [:]
                var names: [String] = []
                var lists: [[(doc: Int32, counts: TermCounts)]] = []
                for (i, doc) in perDoc.enumerated() {
                    for (t, counts) in doc.counts[part] {
                        if let known = ids[t] {
                            lists[known].append((Int32(i), counts))
                        } else {
                            ids[t] = names.count
                            names.append(t)
                            lists.append([(Int32(i), counts)])
                        }
                    }
                }
                return (names, lists)
            }
        let termNames = inverted.flatMap(\.names)
        let postings = inverted.flatMap(\.postings)
        let fieldLength = [perDoc.map(\.lengths.0), perDoc.map(\.lengths.1), perDoc.map(\.lengths.2)]
        let average = (0..<3).map { Double(fieldLength[$0].reduce(0, +)) / Double(n) }

        @Sendable func impact(_ doc: Int, _ counts: TermCounts) -> Int {
            var tfw = 0.0
            let tf = [Int(counts.title), Int(counts.headings), Int(counts.body)]
            for f in 0..<3 where tf[f] > 0 {
                let b = fieldB[f]
                let norm = (1.0 - b) + b * (Double(fieldLength[f][doc]) / average[f])
                tfw += (fieldWeight[f] * Double(tf[f])) / norm
            }
            let s = tfw / (k1 + tfw)
            return min(quant - 1, Int(s * Double(quant)))
        }
        // Each term's postings in document order, with impacts, on every core.
        let lists: [[Posting]] = postings.parallelMap(chunk: 64) { list in
            list.sorted { $0.doc < $1.doc }.map {
                Posting(doc: Int($0.doc), impact: impact(Int($0.doc), $0.counts), section: Int($0.counts.section))
            }
        }
        let order = termNames.indices.sorted { termNames[$0].utf8.lexicographicallyPrecedes(termNames[$1].utf8) }
        return Postings(terms: order.map { Array(termNames[$0].unicodeScalars) }, lists: order.map { lists[$0] })

    }
}
