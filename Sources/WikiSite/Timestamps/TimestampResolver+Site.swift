/// Every cited time of the site, decided.
public struct ResolvedTimes: Sendable {
    /// Each source's timestamps, in the order Parse numbered them.
    public var decisions: IDArray<SourceID, [TimestampResolver.Decision]>
    public var diagnostics: [Diagnostic]
    public var total = 0
    public var repaired = 0
    public var unreadable = 0
}

extension TimestampResolver {
    /// Decides every cited second, one video at a time: every article of a
    /// video is evidence for its siblings, merged ones included.
    public static func resolveAll(sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>) -> ResolvedTimes {
        var result = ResolvedTimes(decisions: parsed.mapValues { $0.timestamps.map { Decision(seconds: $0.time.literal, repaired: false) } },
                                   diagnostics: [])
        var byVideo: [String: [SourceID]] = [:]
        var groups: [[SourceID]] = []
        for s in sources.ids {
            if let id = sources[s].videoID { byVideo[id, default: []].append(s) } else { groups.append([s]) }
        }
        groups += byVideo.keys.sorted().map { byVideo[$0]! }
        // Each video's times are decided on their own, on every core; the results are put together in order.
        let made = groups.parallelMap(chunk: 16) { group -> (rows: [[Decision]], diagnostics: [Diagnostic], total: Int, unreadable: Int, repaired: Int) in
            let resolved = resolve(group.map { parsed[$0].timestamps.map(\.time) })
            var diagnostics: [Diagnostic] = []
            var total = 0, unreadable = 0, repaired = 0
            for (s, row) in zip(group, resolved) {
                for (cited, decision) in zip(parsed[s].timestamps, row) {
                    total += 1
                    if decision.seconds == nil {
                        unreadable += 1
                        diagnostics.append(Diagnostic(path: sources[s].displayPath, line: cited.line, column: cited.column,
                                                      code: "timestamp.malformed",
                                                      message: "timestamp \(cited.time.written) lies past the end of any video; shown as text"))
                    } else if decision.repaired, let seconds = decision.seconds {
                        repaired += 1
                        diagnostics.append(Diagnostic(.note, path: sources[s].displayPath, line: cited.line, column: cited.column,
                                                      code: "timestamp.repaired",
                                                      message: "timestamp \(cited.time.written) read as \(TimeReader.display(seconds)) (minutes written as hours)"))
                    }
                }
            }
            return (resolved, diagnostics, total, unreadable, repaired)
        }
        for (group, m) in zip(groups, made) {
            for (s, row) in zip(group, m.rows) { result.decisions[s] = row }
            result.diagnostics += m.diagnostics
            result.total += m.total
            result.unreadable += m.unreadable
            result.repaired += m.repaired
        }
        return result
    }
}
