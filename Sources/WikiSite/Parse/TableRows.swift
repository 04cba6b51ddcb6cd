/// Keeps wiki links whole inside GFM table rows.
///
/// A table row splits at every unescaped `|`, so `| [[mcp | MCP]] | …`
/// would cut the link in two cells. Before parsing, pipes inside `[[…]]` on
/// table rows (outside fenced code) are escaped as `\|`, which the table
/// extension turns back into `|` within the cell.
enum TableRows {
    static func protectWikiLinks(_ markdown: String) -> String {
        guard markdown.hasPrefix("|") || markdown.containsBytes("\n|") || markdown.containsBytes("\n |") else { return markdown }
        guard markdown.containsBytes("[[") else { return markdown }
        var out: [UInt8] = []
        out.reserveCapacity(markdown.utf8.count + 16)
        var fence: UInt8? = nil  // '`' or '~' while inside a fenced block
        let bytes = Array(markdown.utf8)
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            let trimmed = line.drop(while: { $0 == 0x20 })
            let fenceChar = trimmed.first.flatMap { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") ? $0 : nil }
            let opensFence = fenceChar != nil && trimmed.prefix(3).allSatisfy { $0 == fenceChar } && trimmed.count >= 3
            if let open = fence {
                if opensFence && fenceChar == open { fence = nil }
                out.append(contentsOf: line)
            } else if opensFence {
                fence = fenceChar
                out.append(contentsOf: line)
            } else if trimmed.first == UInt8(ascii: "|") {
                escapePipesInLinks(line, into: &out)
            } else {
                out.append(contentsOf: line)
            }
            if end < bytes.count { out.append(0x0A) }
            start = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies a table row, escaping each `|` that stands between `[[` and `]]`.
    static func escapePipesInLinks(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var depth = 0
        var previous: UInt8 = 0x20
        for b in line {
            if b == UInt8(ascii: "[") && previous == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") && previous == UInt8(ascii: "]") && depth > 0 { depth -= 1 }
            if b == UInt8(ascii: "|") && depth > 0 && previous != UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(b)
            previous = b
        }
    }
}
