import Foundation

extension Deduplicator {
    /// A candidate pair with everything the rule and the grouping read of it,
    /// for `--dedup-candidates`: `scripts/eval/dedup_groups.py --candidates`
    /// refits the rule on some labelled pairs and replays the grouping on the
    /// rest, so that the figures of the groups are measured held out.
    struct Measured: Sendable {
        var features: Features
        /// Whether the titles name the same thing (always within one video).
        var sameTopic: Bool
        /// Where the smaller article would land on the larger one, and the
        /// larger on the smaller: a range of the other's headings, nil for the top.
        var smallOnLarge: Range<Int>?
        var largeOnSmall: Range<Int>?
        /// The credit behind each landing, per segment of the other article
        /// (words and cited moments), and the part of it by moments (nil when
        /// the landing reads words only).
        var smallCredit: [Double]
        var largeCredit: [Double]
        var smallMoments: [Double]?
        var largeMoments: [Double]?
    }

    /// Every candidate pair, measured (run only when the candidates are asked for).
    static func measure(_ candidates: [(Int, Int)], corpus: Corpus) -> [Measured] {
        let articles = corpus.articles
        return candidates.parallelMap(chunk: 64) { pair in
            let f = corpus.features(pair.0, pair.1)
            let small = credit(of: f.small, on: f.large, corpus: corpus), large = credit(of: f.large, on: f.small, corpus: corpus)
            return Measured(features: f, sameTopic: sameTopicName(articles[pair.0], articles[pair.1]),
                            smallOnLarge: landing(credit: small, levels: articles[f.large].segmentLevels),
                            largeOnSmall: landing(credit: large, levels: articles[f.small].segmentLevels),
                            smallCredit: small, largeCredit: large,
                            smallMoments: small.isEmpty ? nil : momentCredit(of: f.small, on: f.large, corpus: corpus),
                            largeMoments: large.isEmpty ? nil : momentCredit(of: f.large, on: f.small, corpus: corpus))
        }
    }

    /// The measured candidates as TSV: one line per pair, smaller article
    /// first, each with its index (the grouping breaks ties by it).
    static func candidatesTSV(_ measured: [Measured], corpus: Corpus) -> String {
        func range(_ r: Range<Int>?) -> String { r.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "top" }
        func shares(_ c: [Double]) -> String { c.map { String(format: "%.5f", $0) }.joined(separator: ",") }
        func levels(_ a: Article) -> String { a.segmentLevels.map(String.init).joined(separator: ",") }
        var out = "small_index\tlarge_index\tsmall\tlarge\tsame_video\tsame_topic\tcontained\tmoments\tcontained_reverse\tmoments_reverse"
            + "\tmass_small\tmass_large\tinbound_small\tinbound_large\tsmall_lands_on\tlarge_lands_on"
            + "\tsmall_credit\tlarge_credit\tsmall_levels\tlarge_levels\tsmall_moment_credit\tlarge_moment_credit\n"
        for m in measured {
            let f = m.features, s = corpus.articles[f.small], l = corpus.articles[f.large]
            out += "\(f.small)\t\(f.large)\t\(s.path)\t\(l.path)\t\(s.videoID == l.videoID ? 1 : 0)\t\(m.sameTopic ? 1 : 0)\t"
            out += String(format: "%.6f\t%.6f\t%.6f\t%.6f\t%.4f\t%.4f\t", f.contained, f.moments, f.containedReverse, f.momentsReverse,
                          corpus.mass[f.small], corpus.mass[f.large])
            out += "\(s.inbound)\t\(l.inbound)\t\(range(m.smallOnLarge))\t\(range(m.largeOnSmall))\t"
            out += "\(shares(m.smallCredit))\t\(shares(m.largeCredit))\t\(levels(s))\t\(levels(l))\t"
            out += "\(shares(m.smallMoments ?? []))\t\(shares(m.largeMoments ?? []))\n"
        }
        return out
    }
}
