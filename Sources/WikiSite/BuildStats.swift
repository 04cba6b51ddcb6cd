/// The counts a build's summary line shows, in its order.
enum BuildStats {
    static func collect(parsed: IDArray<SourceID, ParsedArticle>, bodies: IDArray<SourceID, ArticleBody>, linked: LinkedSite,
                        merges: Merges, times: ResolvedTimes) -> [(name: String, count: Int)] {
        var stats: [(String, Int)] = ResolutionRule.allCases.map { ("links: \($0.rawValue)", linked.ruleCounts[$0] ?? 0) }
        stats.append(("topic pages", linked.topics.count))
        stats.append(("dedup groups", merges.groups.count))
        stats.append(("articles merged", merges.groups.reduce(0) { $0 + $1.count - 1 }))
        stats.append(("dedup candidates, same video", merges.sameVideoCandidates))
        stats.append(("dedup candidates, across videos", merges.crossVideoCandidates))
        stats.append(("dedup groups across videos", merges.crossVideoGroups))
        // One pass over the articles, reading each field in place (a filter or a
        // copy of each article was 0.1 s of a rebuild, on one core).
        var callouts = 0, sanitised = 0
        var forms = [Int](repeating: 0, count: CitedTimestamp.Form.allCases.count)
        let allForms = CitedTimestamp.Form.allCases
        parsed.elements.withUnsafeBufferPointer { all in
            for i in all.indices {
                callouts += all[i].callouts
                if all[i].hasRawHTML { sanitised += 1 }
                for t in all[i].timestamps { forms[allForms.firstIndex(of: t.form)!] += 1 }
            }
        }
        stats.append(("callouts", callouts))
        stats.append(("bodies sanitised", sanitised))
        var removed: [String: Int] = [:]
        bodies.elements.withUnsafeBufferPointer { all in
            for i in all.indices { for (kind, count) in all[i].removed { removed[kind, default: 0] += count } }
        }
        for (kind, count) in removed.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            stats.append(("html removed: \(kind)", count))
        }
        stats.append(("timestamps", times.total))
        for (k, form) in CitedTimestamp.Form.allCases.enumerated() {
            stats.append(("timestamps as \(form.rawValue)", forms[k]))
        }
        stats.append(("timestamps repaired", times.repaired))
        stats.append(("timestamps unreadable", times.unreadable))
        return stats
    }
}
