import Foundation

/// A small map of an article's neighbours, drawn at build time as inline
/// SVG with real links: what it links to, what links to it, and its
/// siblings from the same video. No script; at most `maxNodes` neighbours,
/// so the drawing stays a few kilobytes on any article.
enum LocalGraph {
    static let maxNodes = 12
    static let width = 760.0, height = 320.0

    enum Relation: String { case out = "links to", back = "links here", sibling = "same video" }

    /// The drawing of `a`'s neighbours on `page`, made when the page is
    /// rendered (`GraphDrawing`); nil when it has none.
    static func drawing(around a: ArticleID, from page: String, _ wiki: Wiki) -> GraphDrawing? {
        let neighbours = self.neighbours(of: a, wiki)
        guard !neighbours.isEmpty else { return nil }
        return GraphDrawing(page: page, title: wiki.source(of: a).title, neighbours: neighbours.map { b, relation in
            (wiki.source(of: b).title, wiki.layout.articles[b].outputPath, relation)
        })
    }

    /// The inline SVG of a drawing.
    static func draw(_ graph: GraphDrawing) -> String {
        let neighbours = graph.neighbours
        let cx = width / 2, cy = height / 2
        var edges = "", nodes = ""
        for (i, (title, path, relation)) in neighbours.enumerated() {
            // Evenly round an ellipse, starting at the top.
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(neighbours.count)
            let x = cx + 0.2 * width * cos(angle), y = cy + 0.38 * height * sin(angle)
            edges += "<line x1=\"\(fmt(cx))\" y1=\"\(fmt(cy))\" x2=\"\(fmt(x))\" y2=\"\(fmt(y))\" class=\"g-\(relation == .sibling ? "sib" : relation == .out ? "out" : "back")\"/>"
            let anchor = abs(x - cx) < 1 ? "middle" : (x > cx ? "start" : "end")
            let tx = anchor == "middle" ? x : (x > cx ? x + 9 : x - 9)
            let ty = anchor == "middle" ? (y < cy ? y - 10 : y + 18) : y + 4
            nodes += "<a href=\"\(HTMLEscape.attribute(SiteURL.relative(from: graph.page, to: path)))\">"
                + "<title>\(HTMLEscape.text(title)) (\(relation.rawValue))</title>"
                + "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"6\"/>"
                + "<text x=\"\(fmt(tx))\" y=\"\(fmt(ty))\" text-anchor=\"\(anchor)\">\(HTMLEscape.text(label(title)))</text></a>"
        }
        let me = label(graph.title)
        return "<svg class=\"local-graph\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
            + edges + nodes
            + "<circle class=\"g-me\" cx=\"\(fmt(cx))\" cy=\"\(fmt(cy))\" r=\"9\"/>"
            + "<text class=\"g-me\" x=\"\(fmt(cx))\" y=\"\(fmt(cy + 26))\" text-anchor=\"middle\">\(HTMLEscape.text(me))</text></svg>"
    }

    /// Outbound links first (in link order), then backlinks, then siblings; each article once.
    static func neighbours(of a: ArticleID, _ wiki: Wiki) -> [(ArticleID, Relation)] {
        var seen: Set<ArticleID> = [a]
        var out: [(ArticleID, Relation)] = []
        let source = wiki.layout.articles[a].source
        let share = maxNodes / 3
        var outbound: [ArticleID] = []
        for case .article(let b, _) in wiki.targets[source] where seen.insert(b).inserted { outbound.append(b) }
        let back = wiki.backlinks[a].filter { seen.insert($0).inserted }
        var siblings: [ArticleID] = []
        if let id = wiki.sources[source].videoID, let v = wiki.layout.videoIndex[id] {
            siblings = wiki.layout.videos[v].articles.filter { seen.insert($0).inserted }
        }
        // Each kind gets a third of the places; places a kind leaves go to the others in order.
        var quota = [share, share, share]
        let counts = [outbound.count, back.count, siblings.count]
        var spare = maxNodes - zip(quota, counts).map { min($0, $1) }.reduce(0, +)
        for k in 0..<3 {
            let extra = min(spare, max(0, counts[k] - quota[k]))
            quota[k] += extra
            spare -= extra
        }
        out += outbound.prefix(quota[0]).map { ($0, .out) }
        out += back.prefix(quota[1]).map { ($0, .back) }
        out += siblings.prefix(quota[2]).map { ($0, .sibling) }
        return out
    }

    /// The title as a node's label: up to 22 characters, else the first 21
    /// without the spaces at either end, and "…".
    static func label(_ title: String) -> String {
        // At most 22 bytes is at most 22 characters, without counting them.
        if title.utf8.count <= 22 || title.count <= 22 { return title }
        // Foundation's `.whitespaces`: the space separators (Zs) and tab, all in the BMP, so
        // trimming scalars trims what Foundation's UTF-16 trimming did.
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        let scalars = String(title.prefix(21)).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "…" }
        return String(scalars[first...last]) + "…"
    }

    /// `v` with one decimal, as C's `%.1f` writes it. Foundation's
    /// `String(format:)` cost half of every graph (1.4 % of a build); a
    /// coordinate is rounded here unless it sits on a tie, where C decides.
    static func fmt(_ v: Double) -> String {
        let scaled = v * 10
        let fraction = abs(scaled - scaled.rounded(.towardZero))
        if abs(scaled) < 1e12, abs(fraction - 0.5) > 1e-6 {
            let tenths = Int(scaled.rounded())
            let sign = tenths < 0 ? "-" : (v < 0 || (v == 0 && v.sign == .minus) ? "-" : "")
            let magnitude = tenths.magnitude
            return sign + String(magnitude / 10) + "." + String(magnitude % 10)
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            let n = withVaList([v]) { vsnprintf(buffer.baseAddress, 48, "%.1f", $0) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(max(0, min(n, 47)))), as: UTF8.self)
        }
    }
}
