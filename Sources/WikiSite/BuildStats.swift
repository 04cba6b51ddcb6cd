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
        stats.append(("callouts", parsed.reduce(0) { $0 + $1.callouts }))
        stats.append(("bodies sanitised", parsed.filter(\.hasRawHTML).count))
        var removed: [String: Int] = [:]
        for body in bodies { for (kind, count) in body.removed { removed[kind, default: 0] += count } }
        for (kind, count) in removed.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            stats.append(("html removed: \(kind)", count))
        }
        stats.append(("timestamps", times.total))
        for form in CitedTimestamp.Form.allCases {
            stats.append(("timestamps as \(form.rawValue)", parsed.reduce(0) { $0 + $1.timestamps.filter { $0.form == form }.count }))
        }
        stats.append(("timestamps repaired", times.repaired))
        stats.append(("timestamps unreadable", times.unreadable))
        return stats
    }
}
