extension ArticleBody {
    /// For the build cache (`ArticleCache`).
    func encode(into w: inout ByteWriter) {
        w.string(html)
        w.array(headings) { w, h in
            w.int(h.level)
            w.string(h.text)
            w.string(h.id)
        }
        w.array(removed.sorted { $0.key < $1.key }) { w, kind in
            w.string(kind.key)
            w.int(kind.value)
        }
    }

    func cachePart() -> [UInt8] {
        var w = ByteWriter()
        encode(into: &w)
        return w.bytes
    }

    init(from r: inout ByteReader) throws(ByteReader.Truncated) {
        html = try r.string()
        headings = try r.array { r throws(ByteReader.Truncated) in Heading(level: try r.int(), text: try r.string(), id: try r.string()) }
        var removed: [String: Int] = [:]
        for (kind, count) in try r.array({ r throws(ByteReader.Truncated) in (try r.string(), try r.int()) }) { removed[kind] = count }
        self.removed = removed
    }
}
