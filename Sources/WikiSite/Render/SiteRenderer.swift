import Mustache
import Synchronization

/// Site-wide settings the pages show.
public struct RenderSettings: Sendable {
    public var siteName: String
    /// Absolute URL the site is published at, for canonical links; nil leaves them out.
    public var baseURL: String?

    public init(siteName: String, baseURL: String?) {
        self.siteName = siteName
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }
}

/// Render: view models → Mustache templates → HTML files.
public struct SiteRenderer: Sendable {
    let library: MustacheLibrary
    let settings: RenderSettings
    /// The theme's part of every page's key.
    let themeKey: UInt64
    static let requiredTemplates = ["article", "channel", "home", "topic", "video", "search", "redirect"]

    /// The page kinds a theme may have besides the required ones.
    static let optionalTemplates = ["404"]

    /// Parses and checks every template of the theme (see `ThemeCheck`).
    public init(theme: Theme, settings: RenderSettings) throws {
        self.library = try ThemeCheck.library(theme, pages: Self.requiredTemplates, optional: Self.optionalTemplates)
        self.themeKey = PageKey.theme(theme.templates)
        self.settings = settings
    }

    /// Every page of the site, and the theme's assets, each handed to `site`
    /// as soon as it is rendered (no page is kept). A page the previous site
    /// already holds with the same key is not rendered at all (`PageKey`).
    public func render(_ wiki: Wiki, theme: Theme, into site: SiteOutput) {
        let layout = wiki.layout
        _ = layout.articles.ids.parallelMap { a in emit(layout.articles[a].outputPath, articlePage(a, wiki), into: site) }
        _ = wiki.topics.ids.parallelMap { t in emit(wiki.topics[t].outputPath, topicPage(t, wiki), into: site) }
        _ = layout.videos.ids.parallelMap { v in emit(layout.videos[v].outputPath, videoPage(v, wiki), into: site) }
        _ = layout.channels.ids.parallelMap(chunk: 1) { c in emit(layout.channels[c].outputPath, channelPage(c, wiki), into: site) }
        emit("index.html", homePage(wiki), into: site)
        var search = common(page: "search/index.html", title: "Search", kind: "search")
        search["description"] = "Search the \(wiki.layout.articles.count) articles of \(settings.siteName)."
        emit("search/index.html", Page(template: "search", context: search), into: site)
        writePreviews(wiki, into: site)
        if library.getTemplate(named: "404") != nil {
            var context = common(page: "404.html", title: "Page not found", kind: "404")
            context["noindex"] = true
            // Served at any depth, so its links start from the site's root.
            context["root"] = settings.baseURL.flatMap { SiteURL.path(of: $0) } ?? "/"
            emit("404.html", Page(template: "404", context: context), into: site)
        }
        for (path, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
            site.add(OutputFile(path: "assets/" + path.replacingPrefix("assets/"), bytes: bytes))
        }
        if let base = settings.baseURL { site.add(Sitemap.files(pages: sitemapPages(wiki), baseURL: base)) }
    }

    func emit(_ path: String, _ page: Page, into site: SiteOutput) {
        site.add(path, key: site.keyed ? PageKey.of(page, theme: themeKey) : nil) { Array(render(page).utf8) }
    }

    /// Every page of the site, and the theme's assets, in one array (tests).
    public func render(_ wiki: Wiki, theme: Theme) throws -> [OutputFile] {
        let files = Mutex<[OutputFile]>([])
        let site = SiteOutput(put: { file, _ in files.withLock { $0.append(file) } }, finish: {})
        render(wiki, theme: theme, into: site)
        try site.commit()
        return files.withLock { $0 }
    }

    // MARK: - Pages

    func common(page: String, title: String, kind: String) -> [String: Any] {
        var context: [String: Any] = [
            "pageKind": kind,
            "root": SiteURL.root(from: page),
            "siteName": settings.siteName,
            "pageTitle": title == settings.siteName ? title : "\(title) · \(settings.siteName)",
        ]
        if let base = settings.baseURL {
            context["canonical"] = base + SiteURL.encodePath(page.replacingSuffix("index.html"))
            context["ogType"] = kind == "article" ? "article" : "website"
            context["ogTitle"] = title
        }
        return context
    }

    /// The relative URL and class a wiki link gets on `page`.
    func href(for target: LinkTarget, from page: String, _ wiki: Wiki) -> (href: String, cssClass: String)? {
        switch target {
        case .article(let b, let fragment):
            let url = SiteURL.relative(from: page, to: wiki.layout.articles[b].outputPath)
            return (fragment.map { url + "#" + SiteURL.encodePath($0) } ?? url, "wikilink")
        case .channel(let c):
            return (SiteURL.relative(from: page, to: wiki.layout.channels[c].outputPath), "wikilink")
        case .topic(let t):
            return (SiteURL.relative(from: page, to: wiki.topics[t].outputPath), "topic")
        case .external(let url):
            return LinkURLPolicy.safeURL(url, forImage: false).map { ($0, "external") }
        case .missingImage:
            return nil
        }
    }

    /// The page left at a merged article's address: it sends the reader on.
    func redirectPage(_ a: ArticleID, _ wiki: Wiki) -> Page {
        let page = wiki.layout.articles[a].outputPath
        let target = wiki.canonical[a]
        var context = common(page: page, title: wiki.source(of: a).title, kind: "redirect")
        context["title"] = wiki.source(of: a).title
        let canonicalURL = SiteURL.relative(from: page, to: wiki.layout.articles[target].outputPath)
        // Readers land on the section that covers the merged article; search engines see the page.
        context["url"] = wiki.landing[a].map { canonicalURL + "#" + SiteURL.encodePath($0) } ?? canonicalURL
        context["canonicalURL"] = canonicalURL
        context["canonicalTitle"] = wiki.source(of: target).title
        redirectMeta(&context, to: target, wiki)
        return Page(template: "redirect", context: context)
    }

    func articlePage(_ a: ArticleID, _ wiki: Wiki) -> Page {
        let site = wiki.layout
        if !wiki.isCanonical(a) { return redirectPage(a, wiki) }
        let article = site.articles[a]
        let s = article.source
        let source = wiki.sources[s]
        let channel = site.channels[article.channel]
        let page = article.outputPath
        var context = common(page: page, title: source.title, kind: "article")
        context["title"] = source.title
        context["description"] = articleDescription(a, wiki)
        context["channelName"] = channel.name
        context["channelURL"] = SiteURL.relative(from: page, to: channel.outputPath)
        let filler = BodyFiller(
            links: wiki.targets[s].map { href(for: $0, from: page, wiki) },
            timestamps: zip(wiki.times[s], wiki.cited[s]).map { ($0.seconds, $1.time.written) },
            videoID: source.videoID)
        context["body"] = FilledBody(filler: filler, bodies: wiki.bodyHTML, source: s)
        let toc = tableOfContents(wiki.bodies[s].headings)
        context["toc"] = toc
        context["hasToc"] = toc.count >= 2
        if let graph = LocalGraph.drawing(around: a, from: page, wiki) { context["graphSVG"] = graph }
        if let id = source.videoID, let v = site.videoIndex[id] {
            let video = site.videos[v]
            context["videoID"] = id
            context["videoURL"] = SiteURL.youtube(id)
            context["videoPageURL"] = SiteURL.relative(from: page, to: video.outputPath)
            context["videoTitle"] = video.title
            context["videoCard"] = videoCard(v, from: page, wiki)
            let siblings = video.articles.filter { $0 != a }
            context["siblings"] = links(to: siblings, from: page, wiki)
            context["hasSiblings"] = !siblings.isEmpty
        }
        if let merged = wiki.mergedInto[a], !merged.isEmpty {
            // Each title links to the section that covers it (or the top).
            context["alsoTitles"] = merged.map { m -> [String: String] in
                ["title": wiki.source(of: m).title, "url": "#" + (wiki.landing[m].map(SiteURL.encodePath) ?? "main")]
            }
            context["hasAlso"] = true
        }
        let backlinks = wiki.backlinks[a]
        if !backlinks.isEmpty {
            var byChannel: [ChannelID: [ArticleID]] = [:]
            for b in backlinks { byChannel[site.articles[b].channel, default: []].append(b) }
            context["backlinkGroups"] = byChannel.keys.sorted().map { c -> [String: Any] in
                ["channelName": site.channels[c].name,
                 "items": links(to: byChannel[c]!, from: page, wiki)]
            }
            context["backlinkCount"] = backlinks.count
        }
        return Page(template: "article", context: context)
    }

    func topicPage(_ t: TopicID, _ wiki: Wiki) -> Page {
        let topic = wiki.topics[t]
        let page = topic.outputPath
        var context = common(page: page, title: topic.name, kind: "topic")
        context["name"] = topic.name
        context["description"] = topicDescription(t, wiki)
        context["mentionCount"] = topic.mentions.count
        context["mentionText"] = Self.counted(topic.mentions.count, "article links", "articles link")
        context["mentions"] = MentionList(page: page, items: topic.mentions.map { mention in
            let article = wiki.layout.articles[mention.article]
            return (wiki.source(of: mention.article).title, article.outputPath, wiki.layout.channels[article.channel].name, mention.sentence)
        })
        context["related"] = topic.related.map { link(to: $0, from: page, wiki) }
        context["hasRelated"] = !topic.related.isEmpty
        return Page(template: "topic", context: context)
    }

    func videoPage(_ v: VideoPageID, _ wiki: Wiki) -> Page {
        let site = wiki.layout
        let video = site.videos[v]
        let page = video.outputPath
        let channel = site.channels[video.channel]
        var context = common(page: page, title: video.title ?? "Video \(video.id)", kind: "video")
        context["title"] = video.title ?? "Video \(video.id)"
        context["description"] = videoDescription(v, wiki)
        context["videoID"] = video.id
        context["videoURL"] = SiteURL.youtube(video.id)
        context["channelName"] = channel.name
        context["channelURL"] = SiteURL.relative(from: page, to: channel.outputPath)
        // Articles in the order of the earliest moment each cites.
        func firstMoment(_ a: ArticleID) -> Int {
            wiki.times[site.articles[a].source].compactMap(\.seconds).min() ?? Int.max
        }
        let ordered = video.articles.sorted { (firstMoment($0), $0) < (firstMoment($1), $1) }
        context["articles"] = links(to: ordered, from: page, wiki)
        var moments: [(seconds: Int, article: ArticleID)] = []
        for a in ordered {
            var seen = Set<Int>()
            for decision in wiki.times[site.articles[a].source] {
                if let s = decision.seconds, seen.insert(s).inserted { moments.append((s, a)) }
            }
        }
        moments.sort { ($0.seconds, $0.article) < ($1.seconds, $1.article) }
        context["moments"] = MomentList(page: page, videoID: video.id, items: moments.map { moment in
            (moment.seconds, wiki.source(of: moment.article).title, site.articles[moment.article].outputPath)
        })
        context["hasMoments"] = !moments.isEmpty
        return Page(template: "video", context: context)
    }

    func channelPage(_ c: ChannelID, _ wiki: Wiki) -> Page {
        let site = wiki.layout
        let channel = site.channels[c]
        let page = channel.outputPath
        var context = common(page: page, title: channel.name, kind: "channel")
        context["channelName"] = channel.name
        context["description"] = channelDescription(c, wiki)
        context["articleCount"] = channel.articles.count
        context["videoCount"] = channel.videos.count
        context["countText"] = "\(Self.counted(channel.articles.count, "article", "articles")) from \(Self.counted(channel.videos.count, "video", "videos"))"
        // The channel's own page leads when it says something besides its
        // list of videos; the videos follow, each with its articles (the
        // page's own lists of them would only repeat that, unfiltered).
        var intro: String?
        if let p = channel.pageSource, Self.hasProse(wiki.sources[p].body), case let html = wiki.bodyHTML[p], !html.isEmpty {
            let filler = BodyFiller(links: wiki.targets[p].map { href(for: $0, from: page, wiki) }, timestamps: [], videoID: nil)
            intro = filler.fill(html)
        }
        context["intro"] = intro
        context["videos"] = channel.videos.map { v -> [String: Any] in
            let video = site.videos[v]
            var item: [String: Any] = [
                "id": video.id,
                "url": SiteURL.youtube(video.id),
                "pageURL": SiteURL.relative(from: page, to: video.outputPath),
                "articles": links(to: video.articles, from: page, wiki),
                "level": intro == nil ? 2 : 3,
            ]
            item["title"] = video.title
            return item
        }
        let pages = channel.articles.filter { wiki.source(of: $0).videoID == nil }
        context["pages"] = pages.map { link(to: $0, from: page, wiki) }
        context["hasPages"] = !pages.isEmpty
        return Page(template: "channel", context: context)
    }

    func homePage(_ wiki: Wiki) -> Page {
        let site = wiki.layout
        let page = "index.html"
        var context = common(page: page, title: settings.siteName, kind: "home")
        context["description"] = "\(site.articles.count) articles written from \(site.videos.count) videos of \(site.channels.count) "
            + (site.channels.count == 1 ? "channel" : "channels") + ", every timestamp linked to the moment it cites."
        context["articleCount"] = site.articles.count
        context["videoCount"] = site.videos.count
        context["channelCount"] = site.channels.count
        let articles: String = Self.counted(site.articles.count, "article", "articles")
        let videos: String = Self.counted(site.videos.count, "video", "videos")
        let channels: String = Self.counted(site.channels.count, "channel", "channels")
        context["countText"] = "\(articles) from \(videos) on \(channels)"
        context["topicCount"] = wiki.topics.count
        context["channels"] = site.channels.map { channel -> [String: Any] in
            ["name": channel.name, "url": SiteURL.relative(from: page, to: channel.outputPath),
             "articleCount": channel.articles.count, "videoCount": channel.videos.count,
             "countText": "\(Self.counted(channel.articles.count, "article", "articles")) · \(Self.counted(channel.videos.count, "video", "videos"))",
             "topArticles": mostLinked(channel.articles, wiki, limit: 3).map { link(to: $0, from: page, wiki) }]
        }
        context["topTopics"] = mostMentionedTopics(wiki, limit: 12).map { t -> [String: Any] in
            ["name": wiki.topics[t].name, "url": SiteURL.relative(from: page, to: wiki.topics[t].outputPath),
             "count": wiki.topics[t].mentions.count]
        }
        return Page(template: "home", context: context)
    }

    func linkItem(to a: ArticleID, from page: String, _ wiki: Wiki) -> (title: String, url: String) {
        (wiki.source(of: a).title, SiteURL.relative(from: page, to: wiki.layout.articles[a].outputPath))
    }

    /// List items linking to articles, made when the page is rendered (`ArticleLinks`).
    func links(to articles: [ArticleID], from page: String, _ wiki: Wiki) -> ArticleLinks {
        ArticleLinks(page: page, items: articles.map { (wiki.source(of: $0).title, wiki.layout.articles[$0].outputPath) })
    }

    func link(to a: ArticleID, from page: String, _ wiki: Wiki) -> [String: Any] {
        let item = linkItem(to: a, from: page, wiki)
        return ["title": item.title, "url": item.url]
    }

    func render(_ page: Page) -> String {
        // The templates were checked in init, so a missing one is a bug here.
        library.render(TemplateValues.wrapped(page.context), withTemplate: page.template) ?? ""
    }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }

    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
