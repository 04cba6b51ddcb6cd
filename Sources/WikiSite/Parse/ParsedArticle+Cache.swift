extension ParsedArticle {
    /// For the build cache (`ArticleCache`): every field but `html`, which
    /// the build lets go once Sanitize has read it (the cache keeps the body).
    func encode(into w: inout ByteWriter) {
        w.array(links) { w, link in
            w.string(link.target)
            w.optional(link.fragment)
            w.string(link.label)
            w.bool(link.isEmbed)
            w.int(link.line)
            w.int(link.column)
        }
        w.array(blockTexts) { $0.string($1) }
        w.array(linkBlocks) { $0.int($1) }
        w.array(timestamps) { w, t in
            w.int(t.time.hours)
            w.int(t.time.minutes)
            w.int(t.time.seconds)
            w.bool(t.time.hadHours)
            w.int(t.line)
            w.int(t.column)
            w.int(t.form == .anchor ? 0 : t.form == .plain ? 1 : 2)
        }
        w.bool(hasRawHTML)
        w.array(headings) { w, h in
            w.int(h.level)
            w.string(h.text)
        }
        w.int(callouts)
        w.array(searchLines) { w, line in
            w.bool(line.isHeading)
            w.string(line.text)
        }
        w.array(diagnostics) { $0.diagnostic($1) }
        w.array(headingLines) { $0.int($1) }
    }

    static func readLinks(_ r: inout ByteReader) throws(ByteReader.Truncated) -> ([WikiLink], [String], [Int]) {
        let links = try r.array { r throws(ByteReader.Truncated) in
            WikiLink(target: try r.string(), fragment: try r.optional(), label: try r.string(), isEmbed: try r.bool(),
                     line: try r.int(), column: try r.int())
        }
        let blockTexts = try r.array { r throws(ByteReader.Truncated) in try r.string() }
        let linkBlocks = try r.array { r throws(ByteReader.Truncated) in try r.int() }
        return (links, blockTexts, linkBlocks)
    }

    /// Reads past what `readLinks` reads, making nothing.
    static func skipLinks(_ r: inout ByteReader) throws(ByteReader.Truncated) {
        func count(_ r: inout ByteReader) throws(ByteReader.Truncated) -> Int {
            let n = try r.int()
            guard n >= 0, n <= r.remaining else { throw ByteReader.Truncated() }
            return n
        }
        for _ in 0..<(try count(&r)) {
            _ = try r.blob()
            if try r.bool() { _ = try r.blob() }
            _ = try r.blob()
            _ = try r.bool()
            _ = try r.int()
            _ = try r.int()
        }
        for _ in 0..<(try count(&r)) { _ = try r.blob() }
        for _ in 0..<(try count(&r)) { _ = try r.int() }
    }

    /// The article with its links decoded (`unreadLinks`).
    var readingLinks: ParsedArticle {
        guard let bytes = unreadLinks else { return self }
        var article = self
        var r = ByteReader(bytes)
        // The bytes were read through once already (`skipLinks`): they decode.
        (article.links, article.blockTexts, article.linkBlocks) = (try? Self.readLinks(&r)) ?? ([], [], [])
        article.unreadLinks = nil
        return article
    }

    func cachePart() -> [UInt8] {
        var w = ByteWriter()
        encode(into: &w)
        return w.bytes
    }

    /// The article as `encode` wrote it, with an empty `html`; with
    /// `deferringLinks`, its links, block texts and link blocks are checked
    /// but left in the bytes (`unreadLinks`, `readingLinks`).
    init(from r: inout ByteReader, deferringLinks: Bool = false) throws(ByteReader.Truncated) {
        html = ""
        if deferringLinks {
            let start = r.at
            try Self.skipLinks(&r)
            (links, blockTexts, linkBlocks, unreadLinks) = ([], [], [], r.bytes[start..<r.at])
        } else {
            (links, blockTexts, linkBlocks) = try Self.readLinks(&r)
        }
        timestamps = try r.array { r throws(ByteReader.Truncated) in
            let time = CitedTime(hours: try r.int(), minutes: try r.int(), seconds: try r.int(), hadHours: try r.bool())
            let (line, column) = (try r.int(), try r.int())
            let forms: [CitedTimestamp.Form] = [.anchor, .plain, .link]
            let form = try r.int()
            guard forms.indices.contains(form) else { throw ByteReader.Truncated() }
            return CitedTimestamp(time: time, line: line, column: column, form: forms[form])
        }
        hasRawHTML = try r.bool()
        headings = try r.array { r throws(ByteReader.Truncated) in (level: try r.int(), text: try r.string()) }
        callouts = try r.int()
        searchLines = try r.array { r throws(ByteReader.Truncated) in (isHeading: try r.bool(), text: try r.string()) }
        diagnostics = try r.array { r throws(ByteReader.Truncated) in try r.diagnostic() }
        headingLines = try r.array { r throws(ByteReader.Truncated) in try r.int() }
    }
}
