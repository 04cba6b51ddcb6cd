/// Link's result from the last build, kept in `.wikisite-cache/<output>.links`
/// and used again when nothing Link reads has changed: most edits change an
/// article's prose, not its title, links or headings, and then every link of
/// the wiki still lands where it did (1.2 s of a one-article rebuild of the
/// shared corpus).
///
/// The file holds a key and Link's result. The key is this binary's stamp and
/// a hash of everything `LinkResolver.link` reads: every source as the cache
/// records it, every link (but where it stands), the blocks topic quotes are
/// cut from, and every heading. The layout is not kept: it is assembled again
/// from the sources (with its diagnostics). The bytes carry a hash of their own;
/// a damaged file, or one from another binary, is never used.
enum LinkCache {
    static let header = Array("wikisite-links 1\n".utf8)

    /// Where the result of a build into `output` lives.
    static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".links"
    }

    /// The key of Link's inputs, or nil when this build cannot cache.
    /// Each article's hash (`articleHash`) is made in Parse and kept in the
    /// article cache, so a rebuild hashes only the articles it parsed again.
    static func key(articleHashes: IDArray<SourceID, UInt64>, io: FileIO) -> String? {
        guard let binary = ArticleCache.key(io: io) else { return nil }
        var all = ByteWriter()
        for h in articleHashes { all.word(h) }
        return binary + ":" + String(articleHashes.count) + ":" + String(FNV1a.hashWords(all.bytes), radix: 16)
    }

    /// A hash of what Link reads of one source: the source as the cache
    /// records it, its links (but where they stand), the blocks topic quotes
    /// are cut from, and its headings.
    static func articleHash(_ source: SourceArticle, _ article: ParsedArticle, headings: [Heading]) -> UInt64 {
        var w = ByteWriter()
        source.encode(into: &w)
        w.array(article.links) { w, link in
            w.string(link.target)
            w.optional(link.fragment)
            w.string(link.label)
            w.bool(link.isEmbed)
        }
        w.array(article.blockTexts) { $0.string($1) }
        w.array(article.linkBlocks) { $0.int($1) }
        w.array(headings) { w, h in
            w.int(h.level)
            w.string(h.text)
            w.string(h.id)
        }
        return FNV1a.hashWords(w.bytes)
    }

    /// Link's result of the last build, when its key is `key` and it reads back whole.
    static func read(for output: String, key: String, layout: SiteLayout, io: FileIO) -> LinkedSite? {
        guard let payload = CacheFrame.payload(at: path(for: output), header: header, key: key, io: io) else { return nil }
        var p = ByteReader(payload)
        guard let linked = try? LinkedSite(from: &p, layout: layout), p.isAtEnd else { return nil }
        return linked
    }

    /// The file for `linked`, made under `key`.
    static func encoded(_ linked: LinkedSite, key: String) -> [UInt8] {
        var p = ByteWriter()
        linked.encode(into: &p)
        return CacheFrame.framed(p.bytes, header: header, key: key)
    }
}

extension LinkedSite {
    /// Every field but the layout and the diagnostics (the layout's, made again with it).
    func encode(into w: inout ByteWriter) {
        w.array(targets.elements) { w, row in
            w.array(row) { w, target in
                switch target {
                case .article(let a, let fragment):
                    w.int(0)
                    w.int(a.index)
                    w.optional(fragment)
                case .channel(let c):
                    w.int(1)
                    w.int(c.index)
                case .topic(let t):
                    w.int(2)
                    w.int(t.index)
                case .external(let url):
                    w.int(3)
                    w.string(url)
                case .missingImage:
                    w.int(4)
                }
            }
        }
        w.array(backlinks.elements) { w, row in w.array(row) { $0.int($1.index) } }
        w.array(topics.elements) { w, topic in
            w.string(topic.name)
            w.string(topic.slug)
            w.string(topic.outputPath)
            w.array(topic.mentions) { w, mention in
                w.int(mention.article.index)
                w.string(mention.sentence)
            }
            w.array(topic.related) { $0.int($1.index) }
        }
        w.array(ResolutionRule.allCases) { $0.int(ruleCounts[$1] ?? -1) }
    }

    /// The result `encode` wrote, over `layout`; every id is checked against
    /// the layout, so a result from another wiki cannot point past it.
    init(from r: inout ByteReader, layout: SiteLayout) throws(ByteReader.Truncated) {
        let articles = layout.articles.count, channels = layout.channels.count
        func id(_ r: inout ByteReader, below count: Int) throws(ByteReader.Truncated) -> Int {
            let i = try r.int()
            guard i >= 0, i < count else { throw ByteReader.Truncated() }
            return i
        }
        var topicCount = 0
        let rows = try r.array { r throws(ByteReader.Truncated) -> [(kind: Int, id: Int, text: String?)] in
            try r.array { r throws(ByteReader.Truncated) in
                switch try r.int() {
                case 0: return (0, try id(&r, below: articles), try r.optional())
                case 1: return (1, try id(&r, below: channels), nil)
                case 2:
                    let t = try r.int()
                    guard t >= 0 else { throw ByteReader.Truncated() }
                    topicCount = max(topicCount, t + 1)
                    return (2, t, nil)
                case 3: return (3, 0, try r.string())
                case 4: return (4, 0, nil)
                default: throw ByteReader.Truncated()
                }
            }
        }
        let backlinks = try r.array { r throws(ByteReader.Truncated) in
            try r.array { r throws(ByteReader.Truncated) in ArticleID(try id(&r, below: articles)) }
        }
        let topics = try r.array { r throws(ByteReader.Truncated) in
            Topic(name: try r.string(), slug: try r.string(), outputPath: try r.string(),
                  mentions: try r.array { r throws(ByteReader.Truncated) in (ArticleID(try id(&r, below: articles)), try r.string()) },
                  related: try r.array { r throws(ByteReader.Truncated) in ArticleID(try id(&r, below: articles)) })
        }
        let counts = try r.array { r throws(ByteReader.Truncated) in try r.int() }
        guard rows.count == layout.articleOfSource.count, backlinks.count == articles, topicCount <= topics.count, counts.count == ResolutionRule.allCases.count else {
            throw ByteReader.Truncated()
        }
        self.layout = layout
        self.targets = IDArray(rows.map { row in
            row.map { target -> LinkTarget in
                switch target.kind {
                case 0: return .article(ArticleID(target.id), fragment: target.text)
                case 1: return .channel(ChannelID(target.id))
                case 2: return .topic(TopicID(target.id))
                case 3: return .external(target.text ?? "")
                default: return .missingImage
                }
            }
        })
        self.backlinks = IDArray(backlinks)
        self.topics = IDArray(topics)
        var ruleCounts: [ResolutionRule: Int] = [:]
        for (rule, count) in zip(ResolutionRule.allCases, counts) where count >= 0 { ruleCounts[rule] = count }
        self.ruleCounts = ruleCounts
        self.diagnostics = []
    }
}
