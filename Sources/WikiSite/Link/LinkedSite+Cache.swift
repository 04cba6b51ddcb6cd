/// Link's result from the last build, kept in `.wikisite-cache/<output>.links`
/// and used again when nothing Link reads has changed: most edits change an
/// article's prose, not its title, links or headings, and then every link of
/// the wiki still lands where it did (1.2 s of a one-article rebuild of the
/// shared corpus).
///
/// The file holds a key and Link's result. The key is this binary's stamp and
/// a hash of everything `LinkResolver.link` reads: every source as the cache
/// records it, every link (but where it stands), the blocks topic quotes are
/// cut from, and every heading. The layout and its diagnostics are kept too:
/// they are made from the sources alone (paths, titles, channels, videos and
/// the channel pages' Markdown, all in the key). The bytes carry a hash of
/// their own; a damaged file, or one from another binary, is never used.
enum LinkCache {
    static let header = Array("wikisite-links 2\n".utf8)

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
    static func read(for output: String, key: String, sources: Int, io: FileIO) -> LinkedSite? {
        guard let payload = CacheFrame.payload(at: path(for: output), header: header, key: key, io: io) else { return nil }
        var p = ByteReader(payload)
        guard let layout = try? SiteLayout(from: &p, sources: sources),
              let diagnostics = try? p.array({ r throws(ByteReader.Truncated) in try r.diagnostic() }),
              var linked = try? LinkedSite(from: &p, layout: layout), p.isAtEnd else { return nil }
        linked.diagnostics = diagnostics
        return linked
    }

    /// The file for `linked`, made under `key`.
    static func encoded(_ linked: LinkedSite, key: String) -> [UInt8] {
        var p = ByteWriter()
        linked.layout.encode(into: &p)
        p.array(linked.diagnostics) { $0.diagnostic($1) }
        linked.encode(into: &p)
        return CacheFrame.framed(p.bytes, header: header, key: key)
    }
}

extension SiteLayout {
    func encode(into w: inout ByteWriter) {
        w.array(articles.elements) { w, a in
            w.int(a.source.index)
            w.int(a.channel.index)
            w.string(a.outputPath)
        }
        w.array(channels.elements) { w, c in
            w.string(c.name)
            w.string(c.slug)
            w.string(c.outputPath)
            w.array(c.articles) { $0.int($1.index) }
            w.array(c.videos) { $0.int($1.index) }
            w.int(c.pageSource?.index ?? -1)
        }
        w.array(videos.elements) { w, v in
            w.string(v.id)
            w.optional(v.title)
            w.int(v.channel.index)
            w.array(v.articles) { $0.int($1.index) }
            w.string(v.outputPath)
        }
    }

    /// The layout `encode` wrote, for a wiki of `sources` sources; every id is
    /// checked, so a layout from another wiki cannot point past it.
    init(from r: inout ByteReader, sources: Int) throws(ByteReader.Truncated) {
        func id(_ r: inout ByteReader, below count: Int) throws(ByteReader.Truncated) -> Int {
            let i = try r.int()
            guard i >= 0, i < count else { throw ByteReader.Truncated() }
            return i
        }
        // Channels and videos name articles and each other: read first, checked once all counts are known.
        let articles = try r.array { r throws(ByteReader.Truncated) in
            (source: try id(&r, below: sources), channel: try r.int(), path: try r.string())
        }
        let channels = try r.array { r throws(ByteReader.Truncated) in
            (name: try r.string(), slug: try r.string(), path: try r.string(),
             articles: try r.array { r throws(ByteReader.Truncated) in try id(&r, below: articles.count) },
             videos: try r.array { r throws(ByteReader.Truncated) in try r.int() }, page: try r.int())
        }
        let videos = try r.array { r throws(ByteReader.Truncated) in
            (id: try r.string(), title: try r.optional(), channel: try id(&r, below: channels.count),
             articles: try r.array { r throws(ByteReader.Truncated) in try id(&r, below: articles.count) }, path: try r.string())
        }
        guard articles.allSatisfy({ $0.channel >= 0 && $0.channel < channels.count }),
              channels.allSatisfy({ c in c.videos.allSatisfy { $0 >= 0 && $0 < videos.count } && c.page >= -1 && c.page < sources })
        else { throw ByteReader.Truncated() }
        self.articles = IDArray(articles.map { SiteArticle(source: SourceID($0.source), channel: ChannelID($0.channel), outputPath: $0.path) })
        self.channels = IDArray(channels.map { c in
            SiteChannel(name: c.name, slug: c.slug, outputPath: c.path, articles: c.articles.map(ArticleID.init),
                        videos: c.videos.map(VideoPageID.init), pageSource: c.page < 0 ? nil : SourceID(c.page))
        })
        self.videos = IDArray(videos.map { v in
            SiteVideo(id: v.id, title: v.title, channel: ChannelID(v.channel), articles: v.articles.map(ArticleID.init), outputPath: v.path)
        })
        var videoIndex: [String: VideoPageID] = [:]
        for (v, video) in videos.enumerated() { videoIndex[video.id] = VideoPageID(v) }
        self.videoIndex = videoIndex
        var articleOfSource = [ArticleID?](repeating: nil, count: sources)
        for (a, article) in articles.enumerated() { articleOfSource[article.source] = ArticleID(a) }
        self.articleOfSource = IDArray(articleOfSource)
    }
}

extension LinkedSite {
    /// Every field but the layout and the diagnostics (`LinkCache.encoded` writes those first).
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
