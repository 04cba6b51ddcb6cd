import Mustache

/// The body of one article, ready to be placed in its page.
public struct ArticleBody: Sendable {
    public var html: String
    public var headings: [Heading]

    public init(html: String, headings: [Heading]) {
        self.html = html
        self.headings = headings
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
    static let requiredTemplates = ["article", "channel", "home"]

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
    public func render(site: Site, sources: [SourceArticle], bodies: [ArticleBody?], theme: Theme) -> [OutputFile] {
        var files = Array(site.articles.indices).parallelMap { a in
            OutputFile(path: site.articles[a].outputPath,
                       text: articlePage(a, site: site, sources: sources, bodies: bodies))
        }
        for c in site.channels.indices {
            files.append(OutputFile(path: site.channels[c].outputPath, text: channelPage(c, site: site, sources: sources)))
        }
        files.append(OutputFile(path: "index.html", text: homePage(site: site)))
        for (path, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: "assets/" + path.replacingPrefix("assets/"), bytes: bytes))
        }
        return files
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

    func articlePage(_ a: Int, site: Site, sources: [SourceArticle], bodies: [ArticleBody?]) -> String {
        let article = site.articles[a]
        let source = sources[article.source]
        let channel = site.channels[article.channel]
        let page = article.outputPath
        var context = common(page: page, title: source.title)
        context["title"] = source.title
        context["channelName"] = channel.name
        context["channelURL"] = SiteURL.relative(from: page, to: channel.outputPath)
        context["body"] = bodies[article.source]?.html ?? ""
        if let id = source.videoID {
            context["videoURL"] = SiteURL.youtube(id)
            let video = site.videos.first { $0.id == id }
            context["videoTitle"] = video?.title
            let siblings = (video?.articles ?? []).filter { $0 != a }.map { s -> [String: Any] in
                ["title": sources[site.articles[s].source].title,
                 "url": SiteURL.relative(from: page, to: site.articles[s].outputPath)]
            }
            context["siblings"] = siblings
            context["hasSiblings"] = !siblings.isEmpty
        }
        return render("article", context)
    }

    func channelPage(_ c: Int, site: Site, sources: [SourceArticle]) -> String {
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
                "articles": video.articles.map { link(to: $0, from: page, site: site, sources: sources) },
            ]
            item["title"] = video.title
            return item
        }
        let pages = channel.articles.filter { sources[site.articles[$0].source].videoID == nil }
        context["pages"] = pages.map { link(to: $0, from: page, site: site, sources: sources) }
        context["hasPages"] = !pages.isEmpty
        return render("channel", context)
    }

    func homePage(site: Site) -> String {
        let page = "index.html"
        var context = common(page: page, title: settings.siteName)
        context["articleCount"] = site.articles.count
        context["videoCount"] = site.videos.count
        context["channelCount"] = site.channels.count
        context["channels"] = site.channels.map { channel -> [String: Any] in
            ["name": channel.name, "url": SiteURL.relative(from: page, to: channel.outputPath),
             "articleCount": channel.articles.count, "videoCount": channel.videos.count]
        }
        return render("home", context)
    }

    func link(to a: Int, from page: String, site: Site, sources: [SourceArticle]) -> [String: Any] {
        ["title": sources[site.articles[a].source].title,
         "url": SiteURL.relative(from: page, to: site.articles[a].outputPath)]
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
