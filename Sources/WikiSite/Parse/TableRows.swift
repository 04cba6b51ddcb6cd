/// Keeps wiki links whole inside GFM table rows.
///
/// A table row splits at every unescaped `|`, so `| [[mcp | MCP]] | …`
/// would cut the link in two cells. Before parsing, pipes inside `[[…]]` on
/// table rows (outside fenced code) are escaped as `\|`, which the table
/// extension turns back into `|` within the cell.
enum TableRows {
    static func protectWikiLinks(_ markdown: String) -> String {
        guard markdown.contains("[[") && markdown.contains("|") else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count + 16)
        var fence: Substring? = nil
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
            } else if trimmed.hasPrefix("|") && line.contains("[[") {
                out += escapePipesInLinks(line)
                out += "\n"
                continue
            }
            out += line
            out += "\n"
        }
        out.removeLast()
        return out
    }

    static func escapePipesInLinks(_ line: Substring) -> String {
        var out = ""
        var depth = 0
        var previous: Character = " "
        for ch in line {
            if ch == "[" && previous == "[" { depth += 1 }
            if ch == "]" && previous == "]" && depth > 0 { depth -= 1 }
            if ch == "|" && depth > 0 && previous != "\\" { out.append("\\") }
            out.append(ch)
            previous = ch
        }
        return out
    }
}
