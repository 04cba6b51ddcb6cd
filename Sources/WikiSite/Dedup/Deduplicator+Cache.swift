extension Deduplicator {
    /// What Dedup compares of one source, made while it is parsed (its
    /// search lines are still in memory then) and kept in its build-cache
    /// record: a rebuild does not read every article's words again. Inbound
    /// links are Link's, so they are 0 here until Dedup sets them.
    static func fingerprint(_ source: SourceArticle, _ p: ParsedArticle, lines: [(text: String, isHeading: Bool)]) -> Article {
        let moments = p.timestamps.map { t in [t.time.literal] + (t.time.asMinutes.map { [$0] } ?? []) }
        // The heading each moment is cited under (the last one starting on its line or before).
        let segments = p.headingLines.count == p.headings.count
            ? p.timestamps.map { t in segment(ofLine: t.line, headings: p.headingLines) } : []
        // Stubs are never merged: their likeness is the refusal's boilerplate.
        return Article(videoID: source.videoID, mergeable: !source.isStub, title: source.title,
                       lines: lines, levels: p.headings.map(\.level),
                       moments: moments, momentSegments: segments, inbound: 0, path: source.path)
    }
}

/// Each source's fingerprint, encoded, waiting from Parse to Dedup in the
/// scratch file beside the bodies (in memory without one): a wiki ten times
/// the corpus does not hold 1.5 GB of word hashes through Parse and Link.
public struct Fingerprints: Sendable {
    public enum Place: Sendable {
        case spilled(TextSpill.Span)
        case inMemory([UInt8])
    }

    let places: IDArray<SourceID, Place>
    let spill: TextSpill?

    /// Where one source's encoded fingerprint goes.
    static func place(_ bytes: [UInt8], in spill: TextSpill?, hashed: Bool = false) -> Place {
        guard !bytes.isEmpty, let span = spill?.put(bytes: bytes, hashed: hashed) else { return .inMemory(bytes) }
        return .spilled(span)
    }

    /// The hash of a source's encoded fingerprint, when it was stored with one.
    func digest(_ s: SourceID) -> UInt64? {
        guard case .spilled(let span) = places[s] else { return nil }
        return span.hash
    }

    /// The fingerprint of a source, or nil when it has none or it does not read back.
    func article(_ s: SourceID) -> Deduplicator.Article? {
        let bytes: [UInt8]
        switch places[s] {
        case .spilled(let span): bytes = spill?.bytes(span) ?? []
        case .inMemory(let b): bytes = b
        }
        guard !bytes.isEmpty else { return nil }
        var r = ByteReader(ArraySlice(bytes))
        guard let article = try? Deduplicator.Article(from: &r), r.isAtEnd else { return nil }
        return article
    }
}

extension Deduplicator {
    /// The fingerprint of an article as Parse made it (its search lines still in it).
    static func fingerprint(article p: ParsedArticle, of source: SourceArticle) -> Article {
        fingerprint(source, p, lines: p.searchLines.map { ($0.text, $0.isHeading) })
    }

    /// A fingerprint's bytes, as the cache record and the scratch file hold it.
    static func encoded(_ article: Article) -> [UInt8] {
        var w = ByteWriter()
        article.encode(into: &w)
        return w.bytes
    }
}

extension Deduplicator.Article {
    /// For the build cache: every field but `inbound`.
    func encode(into w: inout ByteWriter) {
        w.optional(videoID)
        w.bool(mergeable)
        w.words(words)
        w.words(headingWords)
        w.words(titleWords)
        w.array(moments) { w, m in
            w.int(m.first)
            w.int(m.second)
        }
        w.int(length)
        w.string(path)
        w.array(segmentLevels) { $0.int($1) }
        w.blob(segmentMasks)
        w.array(segmentReadings) { $0.int($1) }
        w.array(readingSegments) { $0.int(Int($1)) }
    }

    /// The fingerprint `encode` wrote, with no inbound links.
    init(from r: inout ByteReader) throws(ByteReader.Truncated) {
        let videoID = try r.optional()
        let mergeable = try r.bool()
        self.init(videoID: videoID, words: try r.words(), headingWords: try r.words(), titleWords: try r.words(), moments: [], inbound: 0,
                  length: 0, path: "")
        self.mergeable = mergeable
        moments = try r.array { r throws(ByteReader.Truncated) in
            var m = Deduplicator.Moment([])
            m.first = try r.int()
            m.second = try r.int()
            return m
        }
        length = try r.int()
        path = try r.string()
        segmentLevels = try r.array { r throws(ByteReader.Truncated) in try r.int() }
        segmentMasks = Array(try r.blob())
        segmentReadings = try r.array { r throws(ByteReader.Truncated) in try r.int() }
        readingSegments = try r.array { r throws(ByteReader.Truncated) in Int32(truncatingIfNeeded: try r.int()) }
        guard segmentMasks.count == words.count * segmentWidth, segmentReadings.count == readingSegments.count else {
            throw ByteReader.Truncated()
        }
    }
}
