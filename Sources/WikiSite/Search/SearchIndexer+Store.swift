extension SearchIndexer {
    /// The document store: URL, title, text and sections of each document, a
    /// block per file, each handed to `emit`, which gives its digest. A block
    /// whose documents all have a `storeKey` and whose digest `known` holds by
    /// them and the block's place is handed to `reuse` instead, and made only
    /// when the previous site does not have it. Returns every file's digest,
    /// and each block's digest by its place and its documents' keys (for the
    /// next build).
    static func documentFiles(_ docs: Documents, known: TermCache? = nil, reuse: Reuse? = nil,
                              emit: @Sendable (IndexFile) -> UInt64) -> (files: [Digested], kept: [(key: UInt64, digest: UInt64)]) {
        let n = docs.count
        let made = Array(stride(from: 0, to: n, by: docBlock)).parallelMap(chunk: 32) { k -> (Digested, (UInt64, UInt64)?) in
            let range = k..<min(n, k + docBlock)
            let path = "d/\(k / docBlock).js"
            func bytes() -> [UInt8] {
                let block = range.map { i in
                    let d = docs.document(i)
                    let sections = sectionEntries(d)
                    return "[" + jsString(d.url) + "," + jsString(d.title) + "," + jsString(displayText(d.lines))
                        + (sections.isEmpty ? "" : ",[" + sections.joined(separator: ",") + "]") + "]"
                }
                return shardFile("d/\(k / docBlock)", "[" + block.joined(separator: ",") + "]")
            }
            guard let storeKey = docs.storeKey else { return ((path, emit((path, bytes()))), nil) }
            // The file's name is in its bytes: the same documents in another file are another file.
            var mix = PageKey.Mix(UInt64(range.count))
            mix.word(UInt64(k))
            for i in range { mix.word(storeKey(i)) }
            let key = mix.value
            if let reuse, let digest = known?.storeDigest(key) {
                reuse(path, digest, bytes)
                return ((path, digest), (key, digest))
            }
            let digest = emit((path, bytes()))
            return ((path, digest), (key, digest))
        }
        return (made.map(\.0), made.compactMap(\.1))
    }

    /// The first ~400 characters of an article, for result snippets.
    static func displayText(_ lines: [(isHeading: Bool, text: String)]) -> String {
        var parts: [String] = []
        var count = 0
        for (isHeading, text) in lines {
            var t = text
            if isHeading, let last = t.last, !".:!?".contains(last) { t += ":" }
            parts.append(t)
            count += t.unicodeScalars.count + 1
            if count > textMax { break }
        }
        let joined = parts.joined(separator: " ")
        let scalars = Array(joined.unicodeScalars)
        guard scalars.count > textMax else { return joined }
        var cut = Array(scalars.prefix(textMax))
        if let space = cut.lastIndex(of: " "), space > 0 { cut = Array(cut[..<space]) }
        return String(String.UnicodeScalarView(cut))
    }

    /// The document's headings, in order, as the store lists them (§10):
    /// section k is heading k. A heading whose id is what the client derives
    /// from its text (`clientSlug`) is its text alone, else `[text, id]`
    /// (id "" when the page has no such heading to link to).
    static func sectionEntries(_ d: SearchDocument) -> [String] {
        var entries: [String] = []
        var k = 0
        for line in d.lines where line.isHeading {
            let id = k < d.headingIDs.count ? d.headingIDs[k] : ""
            k += 1
            var scalars = Array(line.text.unicodeScalars)
            if scalars.count > headingMax {
                scalars = Array(scalars.prefix(headingMax))
                if let space = scalars.lastIndex(of: " "), space > 0 { scalars = Array(scalars[..<space]) }
                scalars.append("\u{2026}")
            }
            let text = String(String.UnicodeScalarView(scalars))
            entries.append(clientSlug(text) == id ? jsString(text) : "[" + jsString(text) + "," + jsString(id) + "]")
        }
        return entries
    }

    /// The heading id the client derives from an ASCII heading text (as
    /// `HeadingIDs.slug` does for ASCII: runs of letters and digits, lower
    /// case, joined by hyphens, at most 80 characters, "section" if none);
    /// nil for other text, whose id the store always spells out.
    static func clientSlug(_ text: String) -> String? {
        guard Fold.isASCII(text) else { return nil }
        var out: [UInt8] = []
        var pendingHyphen = false
        for b in text.utf8 {
            if let c = Fold.asciiWordByte(b) {
                if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                out.append(c)
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "section" : String(decoding: out.prefix(80), as: UTF8.self)
    }
}
