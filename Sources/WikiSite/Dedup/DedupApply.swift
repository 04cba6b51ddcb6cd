/// Folds Dedup's groups into the site: every link, list and backlink that
/// named a merged article names its canonical page instead.
enum DedupApply {
    static func apply(_ result: Deduplicator.Result, site: inout Site, graph: inout LinkGraph) {
        let canonical = result.canonical
        site.canonical = canonical
        site.mergedInto = [:]
        for group in result.groups { site.mergedInto[group[0]] = Array(group.dropFirst()) }
        guard !result.groups.isEmpty else { return }

        // Wiki links land on the canonical page (a section of the merged
        // article may not exist there, so its fragment goes).
        for s in graph.targets.indices {
            for l in graph.targets[s].indices {
                if case .article(let b, let fragment) = graph.targets[s][l], canonical[b] != b {
                    graph.targets[s][l] = .article(canonical[b], fragment: fragment.flatMap { _ in nil })
                }
            }
        }
        // Backlinks of a group gather on its canonical page.
        var backlinks = [Set<Int>](repeating: [], count: graph.backlinks.count)
        for (b, sources) in graph.backlinks.enumerated() {
            for a in sources where canonical[a] != canonical[b] { backlinks[canonical[b]].insert(canonical[a]) }
        }
        graph.backlinks = backlinks.enumerated().map { canonical[$0.offset] == $0.offset ? $0.element.sorted() : [] }
        for t in graph.topics.indices {
            var seen = Set<Int>()
            graph.topics[t].mentions = graph.topics[t].mentions.compactMap { m in
                seen.insert(canonical[m.article]).inserted ? (canonical[m.article], m.sentence) : nil
            }
            var related = Set<Int>()
            graph.topics[t].related = graph.topics[t].related.compactMap { related.insert(canonical[$0]).inserted ? canonical[$0] : nil }
        }
        for c in site.channels.indices { site.channels[c].articles.removeAll { canonical[$0] != $0 } }
        for v in site.videos.indices { site.videos[v].articles.removeAll { canonical[$0] != $0 } }
    }
}
