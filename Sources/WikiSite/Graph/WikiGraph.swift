/// Graph: the page model from the stages before it, in one pass. Every link,
/// list, backlink and mention that names a merged article names its
/// canonical page instead.
public enum WikiGraph {
    public static func build(sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>,
                             bodies: IDArray<SourceID, ArticleBody>, linked: LinkedSite, merges: Merges,
                             times: ResolvedTimes, bodyHTML: BodyText? = nil, searchLines: SearchLineText? = nil,
                             firstParagraphs: IDArray<SourceID, String>? = nil) -> Wiki {
        let canonical = merges.canonical
        var layout = linked.layout
        for c in layout.channels.ids { layout.channels[c].articles = linked.layout.channels[c].articles.filter { canonical[$0] == $0 } }
        for v in layout.videos.ids { layout.videos[v].articles = linked.layout.videos[v].articles.filter { canonical[$0] == $0 } }

        // A link to a merged article lands on the canonical page's section that covers it.
        let landing = merges.landing
        let targets = linked.targets.mapValues { row in
            row.map { target -> LinkTarget in
                if case .article(let b, _) = target, canonical[b] != b { return .article(canonical[b], fragment: landing[b]) }
                return target
            }
        }
        // The backlinks of a group gather on its canonical page.
        var gathered = [Set<ArticleID>](repeating: [], count: linked.backlinks.count)
        for (b, from) in linked.backlinks.withIDs {
            for a in from where canonical[a] != canonical[b] { gathered[canonical[b].index].insert(canonical[a]) }
        }
        let backlinks = IDArray<ArticleID, [ArticleID]>(gathered.enumerated().map { a, set in
            canonical[ArticleID(a)] == ArticleID(a) ? set.sorted() : []
        })
        let topics = linked.topics.mapValues { topic -> Topic in
            var topic = topic
            var seen = Set<ArticleID>()
            topic.mentions = topic.mentions.compactMap { m in
                seen.insert(canonical[m.article]).inserted ? (canonical[m.article], m.sentence) : nil
            }
            var related = Set<ArticleID>()
            topic.related = topic.related.compactMap { related.insert(canonical[$0]).inserted ? canonical[$0] : nil }
            return topic
        }
        let decisions = times.decisions, pages = layout
        let momentCounts = pages.videos.ids.parallelMap(chunk: 64) { v in
            var moments = Set<Int>()
            for a in pages.videos[v].articles { for d in decisions[pages.articles[a].source] { if let s = d.seconds { moments.insert(s) } } }
            return moments.count
        }
        return Wiki(sources: sources, layout: layout, canonical: canonical, mergedInto: merges.mergedInto, landing: landing, targets: targets,
                    backlinks: backlinks, topics: topics,
                    bodies: bodies.mapValues { ArticleBody(html: "", headings: $0.headings, removed: $0.removed) },
                    bodyHTML: bodyHTML ?? BodyText(bodies.mapValues(\.html)), times: times.decisions,
                    cited: parsed.mapValues(\.timestamps), searchLines: searchLines ?? SearchLineText(parsed.mapValues(\.searchLines)),
                    firstParagraphs: firstParagraphs ?? parsed.mapValues { $0.searchLines.first { !$0.isHeading }?.text ?? "" },
                    momentCounts: IDArray(momentCounts))
    }
}
