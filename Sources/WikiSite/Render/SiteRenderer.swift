import Mustache

/// The body of one article, ready to be placed in its page.
public struct ArticleBody: Sendable {
    public var html: String
    public var headings: [Heading]
    /// What the sanitiser took out, by kind.
    public var removed: [String: Int]

    public init(html: String, headings: [Heading], removed: [String: Int] = [:]) {
        self.html = html
        self.headings = headings
        self.removed = removed
    }
}

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

/// An error in the theme (a template that does not parse or is missing):
/// the site's own fault, not an article's, so it stops the build.
public struct ThemeError: Error, CustomStringConvertible {
    public var description: String
}

/// Render: view models → Mustache templates → HTML files.
public struct SiteRenderer: Sendable {
    let library: MustacheLibrary
    let settings: RenderSettings
    static let requiredTemplates = ["article", "channel", "home", "topic", "video", "search", "redirect"]

    public init(theme: Theme, settings: RenderSettings) throws {
        var library = MustacheLibrary()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw ThemeError(description: "template \(name).mustache does not parse: \(error)")
            }
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw ThemeError(description: "the theme has no \(name).mustache template")
        }
        self.library = library
        self.settings = settings
    }

    /// Every page of the site, and the theme's assets.
    public func render(site: Site, sources: [SourceArticle], bodies: [ArticleBody?], graph: LinkGraph,
                       times: [[TimestampResolver.Decision]], cited: [[CitedTimestamp]], theme: Theme) -> [OutputFile] {
        let input = PageInput(site: site, sources: sources, bodies: bodies, graph: graph, times: times, cited: cited)
        var files = Array(site.articles.indices).parallelMap { a in
            OutputFile(path: site.articles[a].outputPath, text: articlePage(a, input))
        }
        files += Array(graph.topics.indices).parallelMap { t in
            OutputFile(path: graph.topics[t].outputPath, text: topicPage(t, input))
        }
        files += Array(site.videos.indices).parallelMap { v in
            OutputFile(path: site.videos[v].outputPath, text: videoPage(v, input))
        }
        for c in site.channels.indices {
            files.append(OutputFile(path: site.channels[c].outputPath, text: channelPage(c, input)))
        }
        files.append(OutputFile(path: "index.html", text: homePage(site: site, topics: graph.topics.count)))
        files.append(OutputFile(path: "search/index.html", text: render("search", common(page: "search/index.html", title: "Search"))))
        for (path, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: "assets/" + path.replacingPrefix("assets/"), bytes: bytes))
        }
        return files
    }

    /// Everything the page functions read, in one value.
    struct PageInput: Sendable {
        var site: Site
        var sources: [SourceArticle]
        var bodies: [ArticleBody?]
        var graph: LinkGraph
        var times: [[TimestampResolver.Decision]]
        var cited: [[CitedTimestamp]]
    }

    // MARK: - Pages

    func common(page: String, title: String) -> [String: Any] {
        var context: [String: Any] = [
            "root": SiteURL.root(from: page),
            "siteName": settings.siteName,
            "pageTitle": title == settings.siteName ? title : "\(title) · \(settings.siteName)",
        ]
        if let base = settings.baseURL {
            context["canonical"] = base + SiteURL.encodePath(page.replacingSuffix("index.html"))
        }
        return context
    }

    /// The relative URL and class a wiki link gets on `page`.
    func href(for target: LinkTarget, from page: String, _ input: PageInput) -> (href: String, cssClass: String)? {
        switch target {
        case .article(let b, let fragment):
            let url = SiteURL.relative(from: page, to: input.site.articles[b].outputPath)
            return (fragment.map { url + "#" + SiteURL.encodePath($0) } ?? url, "wikilink")
        case .channel(let c):
            return (SiteURL.relative(from: page, to: input.site.channels[c].outputPath), "wikilink")
        case .topic(let t):
            return (SiteURL.relative(from: page, to: input.graph.topics[t].outputPath), "topic")
        case .external(let url):
            return LinkURLPolicy.safeURL(url, forImage: false).map { ($0, "external") }
        case .missingImage:
            return nil
        }
    }

    /// The page left at a merged article's address: it sends the reader on.
    func redirectPage(_ a: Int, _ input: PageInput) -> String {
        let page = input.site.articles[a].outputPath
        let target = input.site.canonical[a]
        var context = common(page: page, title: input.sources[input.site.articles[a].source].title)
        context["title"] = input.sources[input.site.articles[a].source].title
        context["url"] = SiteURL.relative(from: page, to: input.site.articles[target].outputPath)
        context["canonicalTitle"] = input.sources[input.site.articles[target].source].title
        return render("redirect", context)
    }

    func articlePage(_ a: Int, _ input: PageInput) -> String {
        let site = input.site
        if !site.isCanonical(a) { return redirectPage(a, input) }
        let article = site.articles[a]
        let s = article.source
        let source = input.sources[s]
        let channel = site.channels[article.channel]
        let page = article.outputPath
        var context = common(page: page, title: source.title)
        context["title"] = source.title
        context["channelName"] = channel.name
        context["channelURL"] = SiteURL.relative(from: page, to: channel.outputPath)
        let filler = BodyFiller(
            links: input.graph.targets[s].map { href(for: $0, from: page, input) },
            timestamps: zip(input.times[s], input.cited[s]).map { ($0.seconds, $1.time.written) },
            videoID: source.videoID)
        context["body"] = filler.fill(input.bodies[s]?.html ?? "")
        if let id = source.videoID, let v = site.videoIndex[id] {
            let video = site.videos[v]
            context["videoID"] = id
            context["videoURL"] = SiteURL.youtube(id)
            context["videoPageURL"] = SiteURL.relative(from: page, to: video.outputPath)
            context["videoTitle"] = video.title
            let siblings = video.articles.filter { $0 != a }
            context["siblings"] = ListHTML.links(siblings.map { linkItem(to: $0, from: page, input) })
            context["hasSiblings"] = !siblings.isEmpty
        }
        if let merged = site.mergedInto[a], !merged.isEmpty {
            context["alsoTitles"] = merged.map { ["title": input.sources[site.articles[$0].source].title] }
            context["hasAlso"] = true
        }
        let backlinks = input.graph.backlinks[a]
        if !backlinks.isEmpty {
            var byChannel: [Int: [Int]] = [:]
            for b in backlinks { byChannel[site.articles[b].channel, default: []].append(b) }
            context["backlinkGroups"] = byChannel.keys.sorted().map { c -> [String: Any] in
                ["channelName": site.channels[c].name,
                 "items": ListHTML.links(byChannel[c]!.map { linkItem(to: $0, from: page, input) })]
            }
            context["backlinkCount"] = backlinks.count
        }
        return render("article", context)
    }

    func topicPage(_ t: Int, _ input: PageInput) -> String {
        let topic = input.graph.topics[t]
        let page = topic.outputPath
        var context = common(page: page, title: topic.name)
        context["name"] = topic.name
        context["mentionCount"] = topic.mentions.count
        context["mentions"] = ListHTML.mentions(topic.mentions.map { mention in
            let item = linkItem(to: mention.article, from: page, input)
            return (item.title, item.url, input.site.channels[input.site.articles[mention.article].channel].name, mention.sentence)
        })
        context["related"] = topic.related.map { link(to: $0, from: page, input) }
        context["hasRelated"] = !topic.related.isEmpty
        return render("topic", context)
    }

    func videoPage(_ v: Int, _ input: PageInput) -> String {
        let site = input.site
        let video = site.videos[v]
        let page = video.outputPath
        let channel = site.channels[video.channel]
        var context = common(page: page, title: video.title ?? "Video \(video.id)")
        context["title"] = video.title ?? "Video \(video.id)"
        context["videoID"] = video.id
        context["videoURL"] = SiteURL.youtube(video.id)
        context["channelName"] = channel.name
        context["channelURL"] = SiteURL.relative(from: page, to: channel.outputPath)
        // Articles in the order of the earliest moment each cites.
        func firstMoment(_ a: Int) -> Int {
            input.times[site.articles[a].source].compactMap(\.seconds).min() ?? Int.max
        }
        let ordered = video.articles.sorted { (firstMoment($0), $0) < (firstMoment($1), $1) }
        context["articles"] = ListHTML.links(ordered.map { linkItem(to: $0, from: page, input) })
        var moments: [(seconds: Int, article: Int)] = []
        for a in ordered {
            var seen = Set<Int>()
            for decision in input.times[site.articles[a].source] {
                if let s = decision.seconds, seen.insert(s).inserted { moments.append((s, a)) }
            }
        }
        moments.sort { ($0.seconds, $0.article) < ($1.seconds, $1.article) }
        let urls = Dictionary(uniqueKeysWithValues: ordered.map { ($0, linkItem(to: $0, from: page, input)) })
        context["moments"] = ListHTML.moments(moments.map { moment in
            (TimeReader.display(moment.seconds), SiteURL.youtube(video.id, seconds: moment.seconds),
             urls[moment.article]!.title, urls[moment.article]!.url)
        })
        context["hasMoments"] = !moments.isEmpty
        return render("video", context)
    }

    func channelPage(_ c: Int, _ input: PageInput) -> String {
        let site = input.site
        let channel = site.channels[c]
        let page = channel.outputPath
        var context = common(page: page, title: channel.name)
        context["channelName"] = channel.name
        context["articleCount"] = channel.articles.count
        context["videoCount"] = channel.videos.count
        context["videos"] = channel.videos.map { v -> [String: Any] in
            let video = site.videos[v]
            var item: [String: Any] = [
                "id": video.id,
                "url": SiteURL.youtube(video.id),
                "pageURL": SiteURL.relative(from: page, to: video.outputPath),
                "articles": ListHTML.links(video.articles.map { linkItem(to: $0, from: page, input) }),
            ]
            item["title"] = video.title
            return item
        }
        let pages = channel.articles.filter { input.sources[site.articles[$0].source].videoID == nil }
        context["pages"] = pages.map { link(to: $0, from: page, input) }
        context["hasPages"] = !pages.isEmpty
        // The channel's own page, when the wiki has one, with its links resolved;
        // the articles it does not list follow it.
        if let p = channel.pageSource, let body = input.bodies[p], !body.html.isEmpty {
            let filler = BodyFiller(links: input.graph.targets[p].map { href(for: $0, from: page, input) }, timestamps: [], videoID: nil)
            context["intro"] = filler.fill(body.html)
            var listed = Set<Int>()
            for case .article(let a, _) in input.graph.targets[p] { listed.insert(a) }
            let more = channel.articles.filter { !listed.contains($0) }
            context["more"] = ListHTML.links(more.map { linkItem(to: $0, from: page, input) })
            context["moreCount"] = more.count
        }
        return render("channel", context)
    }

    func homePage(site: Site, topics: Int) -> String {
        let page = "index.html"
        var context = common(page: page, title: settings.siteName)
        context["articleCount"] = site.articles.count
        context["videoCount"] = site.videos.count
        context["channelCount"] = site.channels.count
        context["topicCount"] = topics
        context["channels"] = site.channels.map { channel -> [String: Any] in
            ["name": channel.name, "url": SiteURL.relative(from: page, to: channel.outputPath),
             "articleCount": channel.articles.count, "videoCount": channel.videos.count]
        }
        return render("home", context)
    }

    func linkItem(to a: Int, from page: String, _ input: PageInput) -> (title: String, url: String) {
        (input.sources[input.site.articles[a].source].title, SiteURL.relative(from: page, to: input.site.articles[a].outputPath))
    }

    func link(to a: Int, from page: String, _ input: PageInput) -> [String: Any] {
        let item = linkItem(to: a, from: page, input)
        return ["title": item.title, "url": item.url]
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        // The templates were checked in init, so a missing one is a bug here.
        library.render(context, withTemplate: template) ?? ""
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
