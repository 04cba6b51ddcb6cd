/// A maintainer's corrections to Dedup, from `dedup-overrides.txt` in the input folder:
///
///     # lines: apart|together, then two article paths relative to the input
///     apart    lennyspodcast/a.md lennyspodcast/b.md
///     together redpointai/x.md redpointai/y.md
public struct DedupOverrides: Sendable {
    public static let fileName = "dedup-overrides.txt"
    var pairs: [(apart: Bool, a: String, b: String)] = []
    var diagnostics: [Diagnostic] = []

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

}
