import Foundation

/// Dedup's decision for the whole site: which article each one shows as.
public struct Merges: Sendable {
    /// The canonical article of each article's group (itself when alone).
    public var canonical: IDArray<ArticleID, ArticleID>
    /// Groups of two or more, canonical first.
    public var groups: [[ArticleID]]
    /// For each merged article, the id of the heading on its canonical page
    /// whose section covers it; nil for the top of the page.
    public var landing: IDArray<ArticleID, String?>
    /// Groups whose articles come from more than one video.
    public var crossVideoGroups: Int
    /// Candidate pairs scored: within one video, and across videos.
    public var sameVideoCandidates: Int
    public var crossVideoCandidates: Int
    /// The groups with their scores, as TSV (`--dedup-report`); empty unless asked for.
    public var report: String
    /// Every candidate pair measured, as TSV (`--dedup-candidates`); empty unless asked for.
    public var candidates = ""
    /// What the next build may measure again from (`Deduplicator.Memo`), when this one keeps a cache.
    public var memo: Deduplicator.Memo?
    /// Candidate pairs whose scores were taken from the last build's memo.
    public var pairsRemembered = 0

    /// The articles merged into each canonical article.
    public var mergedInto: [ArticleID: [ArticleID]] {
        var out: [ArticleID: [ArticleID]] = [:]
        for group in groups { out[group[0]] = Array(group.dropFirst()) }
        return out
    }
}

extension Deduplicator {
    /// Decides the groups of near-identical articles (or none, when dedup is off).
    public static func decide(_ linked: LinkedSite, sources: IDArray<SourceID, SourceArticle>,
                              parsed: IDArray<SourceID, ParsedArticle>, lines: SearchLineText? = nil,
                              fingerprints: Fingerprints? = nil, bodies: IDArray<SourceID, ArticleBody>,
                              overrides: DedupOverrides, enabled: Bool, measure: Bool = false, report: Bool = false,
                              last: Memo? = nil) -> Merges {
        let layout = linked.layout
        // The search lines, from the scratch file (or, with none given, from `parsed`).
        let lines = lines ?? SearchLineText(parsed.mapValues(\.searchLines))
        // Each article's fingerprint hash, when every one was stored with one (a build that keeps a cache).
        let digests = fingerprints.flatMap { f -> [UInt64]? in
            let known = layout.articles.ids.compactMap { f.digest(layout.articles[$0].source) }
            return known.count == layout.articles.count ? known : nil
        }
        let compared = enabled ? articles(linked, sources: sources, parsed: parsed, lines: lines, fingerprints: fingerprints) : []
        let result = enabled
            ? run(compared, apart: overrides.pairs(apart: true, layout: layout, sources: sources),
                  together: overrides.pairs(apart: false, layout: layout, sources: sources), measure: measure,
                  digests: digests, last: last)
            : .none(layout.articles.count)
        // Each article's heading lines: one segment each in its fingerprint.
        let headingLines = compared.map(\.segmentLevels.count)
        // 17k fingerprints' arrays are let go on another core.
        Parallelism.release(compared)
        let groups = result.groups.map { $0.map(ArticleID.init) }
        let crossVideo = groups.filter { g in Set(g.map { sources[layout.articles[$0].source].videoID }).count > 1 }.count
        let landing = sectionIDs(result, layout: layout, parsed: parsed, headingLines: headingLines, bodies: bodies)
        return Merges(canonical: IDArray(result.canonical.map(ArticleID.init)), groups: groups,
                      landing: landing, crossVideoGroups: crossVideo,
                      sameVideoCandidates: result.sameVideoCandidates, crossVideoCandidates: result.crossVideoCandidates,
                      report: report ? DedupReport.tsv(result, landing: landing, layout: layout, sources: sources) : "",
                      candidates: result.candidates, memo: result.memo, pairsRemembered: result.pairsRemembered)
    }

    /// The id of the heading each merged article lands on, on its canonical
    /// page; nil for the top. The landing names the heading by its place among
    /// the heading lines; when the page's headings are not those one for one
    /// (a heading written in raw HTML), the reader lands on the top.
    /// `headingLines`: each article's heading lines among its search lines (by article index).
    static func sectionIDs(_ result: Result, layout: SiteLayout, parsed: IDArray<SourceID, ParsedArticle>, headingLines: [Int],
                           bodies: IDArray<SourceID, ArticleBody>) -> IDArray<ArticleID, String?> {
        IDArray(result.landing.enumerated().map { a, section -> String? in
            guard let k = section?.lowerBound, result.canonical[a] != a else { return nil }
            let s = layout.articles[ArticleID(result.canonical[a])].source
            let headings = bodies[s].headings
            guard headings.count == parsed[s].headings.count, headings.count == headingLines[result.canonical[a]],
                  k < headings.count else { return nil }
            return headings[k].id
        })
    }

    /// What Dedup compares of each article: words, heading words, cited
    /// moments (both readings of an `HH:MM:00` time), inbound links; each
    /// source's fingerprint made while it was parsed, when there are any.
    static func articles(_ linked: LinkedSite, sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>,
                         lines: SearchLineText, fingerprints: Fingerprints?) -> [Article] {
        let layout = linked.layout
        return layout.articles.ids.parallelMap(chunk: 16) { a in
            let s = layout.articles[a].source
            var article = fingerprints?.article(s) ?? fingerprint(sources[s], parsed[s], lines: lines[s].map { ($0.text, $0.isHeading) })
            article.inbound = linked.backlinks[a].count
            return article
        }
    }
}

extension Deduplicator {
    /// The segment a line of the file belongs to: the last heading starting
    /// on it or before (from 0), -1 before the first.
    static func segment(ofLine line: Int, headings: [Int]) -> Int {
        var lo = 0, hi = headings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if headings[mid] <= line { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }
}

extension DedupOverrides {
    /// The overridden pairs as article numbers (smaller first); pairs naming no article are skipped.
    func pairs(apart: Bool, layout: SiteLayout, sources: IDArray<SourceID, SourceArticle>) -> Set<[Int]> {
        guard pairs.contains(where: { $0.apart == apart }) else { return [] }
        var index: [String: Int] = [:]
        for (a, article) in layout.articles.withIDs { index[sources[article.source].path] = a.index }
        var out = Set<[Int]>()
        for p in self.pairs where p.apart == apart {
            if let x = index[p.a], let y = index[p.b], x != y { out.insert([min(x, y), max(x, y)]) }
        }
        return out
    }
}

/// `--dedup-report`: one line per merged article, for a maintainer to review.
enum DedupReport {
    /// One line per member: its group, where its readers land (the canonical
    /// article, and `#heading-id` when a section covers it), the member, its
    /// score against the canonical article, and the canonical article's
    /// headings the landing section spans (`3-6`: the fourth heading up to,
    /// not including, the seventh; empty for the top), which tells
    /// `scripts/eval/dedup_eval.py` whether one member's readers land within
    /// another's.
    static func tsv(_ result: Deduplicator.Result, landing: IDArray<ArticleID, String?>, layout: SiteLayout,
                    sources: IDArray<SourceID, SourceArticle>) -> String {
        var score: [[Int]: Double] = [:]
        for p in result.pairs { score[[p.a, p.b]] = p.score }
        func path(_ a: Int) -> String { sources[layout.articles[ArticleID(a)].source].path }
        var out = "group\tcanonical\tarticle\tscore\tspan\n"
        for (g, group) in result.groups.enumerated() {
            let canonical = group[0]
            for member in group {
                let z = member == canonical ? "" : String(format: "%.3f", score[[min(member, canonical), max(member, canonical)]] ?? 0)
                let section = landing[ArticleID(member)].map { "#" + $0 } ?? ""
                let span = section.isEmpty ? "" : result.landing[member].map { "\($0.lowerBound)-\($0.upperBound)" } ?? ""
                out += "\(g)\t\(path(canonical))\(section)\t\(path(member))\t\(z)\t\(span)\n"
            }
        }
        return out
    }
}
