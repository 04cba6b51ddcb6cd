import Foundation

/// A maintainer's corrections to Dedup, from `dedup-overrides.txt` in the input folder:
///
///     # lines: apart|together, then two article paths relative to the input
///     apart    lennyspodcast/a.md lennyspodcast/b.md
///     together redpointai/x.md redpointai/y.md
public struct DedupOverrides: Sendable {
    public static let fileName = "dedup-overrides.txt"
    var pairs: [(apart: Bool, a: String, b: String)] = []
    var diagnostics: [Diagnostic] = []

    static func load(input: String, io: FileIO) throws -> DedupOverrides {
        let prefix = input.hasSuffix("/") ? input : input + "/"
        guard let bytes = try? io.read(prefix + fileName) else { return DedupOverrides() }
        return parse(String(decoding: bytes, as: UTF8.self), path: prefix + fileName)
    }

    static func parse(_ text: String, path: String) -> DedupOverrides {
        var result = DedupOverrides()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if words.isEmpty { continue }
            guard words.count == 3, words[0] == "apart" || words[0] == "together" else {
                result.diagnostics.append(Diagnostic(path: path, line: i + 1, code: "dedup.override",
                                                     message: "expected `apart|together PATH PATH`; line ignored"))
                continue
            }
            result.pairs.append((words[0] == "apart", words[1], words[2]))
        }
        return result
    }

    func resolve(_ apart: Bool, site: Site, sources: [SourceArticle]) -> Set<[Int]> {
        var index: [String: Int] = [:]
        for (a, article) in site.articles.enumerated() { index[sources[article.source].path] = a }
        var out = Set<[Int]>()
        for p in pairs where p.apart == apart {
            if let x = index[p.a], let y = index[p.b], x != y { out.insert([min(x, y), max(x, y)]) }
        }
        return out
    }

    func apart(site: Site, sources: [SourceArticle]) -> Set<[Int]> { resolve(true, site: site, sources: sources) }
    func together(site: Site, sources: [SourceArticle]) -> Set<[Int]> { resolve(false, site: site, sources: sources) }
}

/// `--dedup-report`: one line per merged article, for a maintainer to review.
enum DedupReport {
    static func tsv(_ result: Deduplicator.Result, site: Site, sources: [SourceArticle]) -> String {
        var score: [[Int]: Double] = [:]
        for p in result.pairs { score[[p.a, p.b]] = p.score }
        var out = "group\tcanonical\tarticle\tscore\n"
        for (g, group) in result.groups.enumerated() {
            let canonical = group[0]
            for member in group {
                let z = member == canonical ? "" : String(format: "%.3f", score[[min(member, canonical), max(member, canonical)]] ?? 0)
                out += "\(g)\t\(sources[site.articles[canonical].source].path)\t\(sources[site.articles[member].source].path)\t\(z)\n"
            }
        }
        return out
    }
}
