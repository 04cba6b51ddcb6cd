import Foundation

/// What to build, from where, to where.
public struct BuildOptions: Sendable {
    public var input: String
    public var output: String
    public var templates: String
    public var siteName: String
    public var baseURL: String?
    /// Merge near-identical articles into one page (see `Deduplicator`); on by default.
    public var dedup: Bool
    /// Threads for the parallel stages; nil for `Parallelism.jobs` (every core, or `WIKISITE_JOBS`).
    /// The output is the same for any number.
    public var jobs: Int?

    public init(input: String, output: String, templates: String, siteName: String = "Video wiki", baseURL: String? = nil,
                dedup: Bool = true, jobs: Int? = nil) {
        self.input = input
        self.output = output
        self.templates = templates
        self.siteName = siteName
        self.baseURL = baseURL
        self.dedup = dedup
        self.jobs = jobs
    }
}

/// What a build did: counts for the summary line, every diagnostic, and how
/// long each stage took.
public struct BuildReport: Sendable {
    public var articles: Int
    public var pagesWritten: Int
    public var filesWritten: Int
    public var diagnostics: [Diagnostic]
    public var timings: [(stage: String, seconds: Double)]
    /// Counts for the summary: links by resolution rule, topic pages, timestamps.
    public var stats: [(name: String, count: Int)]
    /// Dedup's groups with their scores, as TSV (`--dedup-report`).
    public var dedupReport: String

    public var warnings: Int { diagnostics.filter { $0.severity >= .warning }.count }
    public var seconds: Double { timings.reduce(0) { $0 + $1.seconds } }
}

/// The whole pipeline, in the order the data flows:
/// Load → Parse → Sanitize → Link → Render → Write.
public enum Builder {
    public static func build(_ options: BuildOptions, io: FileIO = .disk) throws -> BuildReport {
        guard let jobs = options.jobs else { return try pipeline(options, io: io) }
        return try Parallelism.$jobs.withValue(max(1, jobs)) { try pipeline(options, io: io) }
    }

    static func pipeline(_ options: BuildOptions, io: FileIO) throws -> BuildReport {
        var timer = StageTimer()
        var diagnostics: [Diagnostic] = []

        let sources = try timer.time("load") { () throws -> [SourceArticle] in
            let files = try SourceReader.read(options.input, io: io)
            diagnostics += files.diagnostics
            let fallback = options.input.split(separator: "/").last(where: { $0 != "." && $0 != ".." }).map(String.init) ?? "articles"
            let loaded = files.files.parallelMap { ArticleLoader.load($0, fallbackChannel: fallback) }
            diagnostics += loaded.flatMap(\.diagnostics)
            return loaded.compactMap(\.article)
        }
        let overrides = try DedupOverrides.load(input: options.input, io: io)
        diagnostics += overrides.diagnostics
        let theme = try timer.time("theme") { try ThemeLoader.load(from: options.templates, io: io) }
        let renderer = try SiteRenderer(theme: theme, settings: RenderSettings(siteName: options.siteName, baseURL: options.baseURL))

        let parsed = timer.time("parse") { ArticleParser.parseAll(sources) }
        diagnostics += parsed.flatMap(\.diagnostics)
        let bodies = timer.time("sanitize") {
            parsed.parallelMap { parsed -> ArticleBody? in
                let clean = (parsed.hasRawHTML ? nil : TrustedHTML.withHeadingIDs(parsed.html, headings: parsed.headings))
                    ?? HTMLSanitizer.sanitize(parsed.html)
                return ArticleBody(html: clean.html, headings: clean.headings, removed: clean.removed)
            }
        }

        diagnostics += removalDiagnostics(sources: sources, bodies: bodies)
        var (site, siteDiagnostics) = timer.time("assemble") { SiteAssembler.assemble(sources) }
        diagnostics += siteDiagnostics
        var graph = timer.time("link") {
            LinkResolver.resolve(site: site, sources: sources, parsed: parsed, headings: bodies.map { $0?.headings ?? [] })
        }
        let dedup = timer.time("dedup") { () -> Deduplicator.Result in
            guard options.dedup else { return .none(site.articles.count) }
            let result = Deduplicator.run(dedupArticles(site: site, sources: sources, parsed: parsed, graph: graph),
                                          apart: overrides.apart(site: site, sources: sources),
                                          together: overrides.together(site: site, sources: sources))
            DedupApply.apply(result, site: &site, graph: &graph)
            return result
        }
        let times = timer.time("timestamps") { resolveTimestamps(sources: sources, parsed: parsed) }
        diagnostics += times.diagnostics

        var files = timer.time("render") {
            renderer.render(site: site, sources: sources, bodies: bodies, graph: graph, times: times.decisions,
                            cited: parsed.map(\.timestamps), theme: theme)
        }
        files += timer.time("search") { SearchIndexer.build(searchDocuments(site: site, sources: sources, parsed: parsed)) }
        try timer.time("write") { try io.publish(files, options.output) }

        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        var removed: [String: Int] = [:]
        for body in bodies { for (kind, count) in body?.removed ?? [:] { removed[kind, default: 0] += count } }
        var stats: [(String, Int)] = ResolutionRule.allCases.map { ("links: \($0.rawValue)", graph.ruleCounts[$0] ?? 0) }
        stats.append(("topic pages", graph.topics.count))
        stats.append(("dedup groups", dedup.groups.count))
        stats.append(("articles merged", dedup.groups.reduce(0) { $0 + $1.count - 1 }))
        stats.append(("dedup candidates, same video", dedup.sameVideoCandidates))
        stats.append(("dedup candidates, across videos", dedup.crossVideoCandidates))
        stats.append(("dedup groups across videos", dedup.groups.filter { g in
            Set(g.map { sources[site.articles[$0].source].videoID }).count > 1 }.count))
        stats.append(("callouts", parsed.reduce(0) { $0 + $1.callouts }))
        stats.append(("bodies sanitised", parsed.filter(\.hasRawHTML).count))
        for (kind, count) in removed.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            stats.append(("html removed: \(kind)", count))
        }
        stats.append(("timestamps", times.total))
        for form in CitedTimestamp.Form.allCases {
            stats.append(("timestamps as \(form.rawValue)", parsed.reduce(0) { $0 + $1.timestamps.filter { $0.form == form }.count }))
        }
        stats.append(("timestamps repaired", times.repaired))
        stats.append(("timestamps unreadable", times.unreadable))
        return BuildReport(articles: site.articles.count, pagesWritten: pages, filesWritten: files.count,
                           diagnostics: Diagnostic.sorted(diagnostics), timings: timer.timings, stats: stats,
                           dedupReport: DedupReport.tsv(dedup, site: site, sources: sources))
    }

    /// What the sanitiser removed from each article: a warning when it was
    /// something that could run (script, event handlers, script URLs, frames),
    /// a note for the rest (icons, classes, ids).
    static func removalDiagnostics(sources: [SourceArticle], bodies: [ArticleBody?]) -> [Diagnostic] {
        let dangerous: Set<String> = ["script", "attr:on*", "url:javascript", "url:vbscript", "url:data", "iframe", "object",
                                      "embed", "style", "form", "base", "meta", "link", "math", "svg", "template", "noscript"]
        return zip(sources, bodies).compactMap { source, body in
            guard let removed = body?.removed, !removed.isEmpty else { return nil }
            let kinds = removed.keys.sorted()
            let danger = kinds.contains { dangerous.contains($0) && $0 != "svg" } || (removed["svg"] != nil && kinds.contains("attr:on*"))
            return Diagnostic(danger ? .warning : .note, path: source.displayPath, line: source.bodyFirstLine, code: "html.removed",
                              message: "raw HTML the site does not allow was removed: " + kinds.map { "\($0) ×\(removed[$0]!)" }.joined(separator: ", "))
        }
    }

    /// The articles the search index holds: every article with a video that is not a stub.
    static func searchDocuments(site: Site, sources: [SourceArticle], parsed: [ParsedArticle]) -> [SearchDocument] {
        site.articles.enumerated().compactMap { a, article in
            let source = sources[article.source]
            guard let video = source.videoID, !source.isStub, site.isCanonical(a) else { return nil }
            let folder = String(article.outputPath.dropLast("index.html".count))
            let parts = folder.split(separator: "/")
            let merged = (site.mergedInto[a] ?? []).map { site.articles[$0].source }
            return SearchDocument(url: folder, title: source.title, channel: String(parts.first ?? ""), videoID: video,
                                  slug: String(parts.dropFirst().first ?? ""), lines: parsed[article.source].searchLines,
                                  otherTitles: merged.map { sources[$0].title },
                                  otherHeadings: merged.flatMap { parsed[$0].searchLines.filter(\.isHeading).map(\.text) })
        }
    }

    /// What Dedup compares of each article: words, heading words, cited
    /// moments (both readings of an `HH:MM:00` time), inbound links.
    static func dedupArticles(site: Site, sources: [SourceArticle], parsed: [ParsedArticle], graph: LinkGraph) -> [Deduplicator.Article] {
        Array(site.articles.indices).parallelMap(chunk: 16) { a in
            let source = sources[site.articles[a].source]
            let p = parsed[site.articles[a].source]
            let moments = p.timestamps.map { t in [t.time.literal] + (t.time.asMinutes.map { [$0] } ?? []) }
            // Stubs are never merged: their likeness is the refusal's boilerplate.
            return Deduplicator.Article(videoID: source.videoID, mergeable: !source.isStub, title: source.title,
                                        lines: p.searchLines.map { ($0.text, $0.isHeading) },
                                        moments: moments, inbound: graph.backlinks[a].count, path: source.path)
        }
    }

    /// Decides every cited second, one video at a time (see `TimestampResolver`).
    static func resolveTimestamps(sources: [SourceArticle], parsed: [ParsedArticle])
        -> (decisions: [[TimestampResolver.Decision]], diagnostics: [Diagnostic], total: Int, repaired: Int, unreadable: Int)
    {
        var decisions = parsed.map { $0.timestamps.map { TimestampResolver.Decision(seconds: $0.time.literal, repaired: false) } }
        // Every article of a video is evidence for its siblings, merged ones included.
        var byVideo: [String: [Int]] = [:]
        var groups: [[Int]] = []
        for s in sources.indices {
            if let id = sources[s].videoID { byVideo[id, default: []].append(s) } else { groups.append([s]) }
        }
        groups += byVideo.keys.sorted().map { byVideo[$0]! }
        var diagnostics: [Diagnostic] = []
        var total = 0, repaired = 0, unreadable = 0
        for group in groups {
            let resolved = TimestampResolver.resolve(group.map { parsed[$0].timestamps.map(\.time) })
            for (s, row) in zip(group, resolved) {
                decisions[s] = row
                for (cited, decision) in zip(parsed[s].timestamps, row) {
                    total += 1
                    if decision.seconds == nil {
                        unreadable += 1
                        diagnostics.append(Diagnostic(path: sources[s].displayPath, line: cited.line, column: cited.column,
                                                      code: "timestamp.malformed",
                                                      message: "timestamp \(cited.time.written) lies past the end of any video; shown as text"))
                    } else if decision.repaired, let seconds = decision.seconds {
                        repaired += 1
                        diagnostics.append(Diagnostic(.note, path: sources[s].displayPath, line: cited.line, column: cited.column,
                                                      code: "timestamp.repaired",
                                                      message: "timestamp \(cited.time.written) read as \(TimeReader.display(seconds)) (minutes written as hours)"))
                    }
                }
            }
        }
        return (decisions, diagnostics, total, repaired, unreadable)
    }
}

/// Lists and reads the input's article files (`*.md`, `*.txt`).
enum SourceReader {
    struct Files {
        var files: [SourceFile]
        var diagnostics: [Diagnostic]
    }

    static func read(_ input: String, io: FileIO) throws -> Files {
        let paths = try io.listFiles(input).filter(isArticleFile).sorted()
        let prefix = input.hasSuffix("/") ? input : input + "/"
        let results = paths.parallelMap { path -> Result<SourceFile, FileError> in
            do {
                return .success(SourceFile(path: path, displayPath: prefix + path, bytes: try io.read(prefix + path)))
            } catch {
                return .failure(FileError(path: prefix + path, reason: "\(error)"))
            }
        }
        var files = Files(files: [], diagnostics: [])
        for result in results {
            switch result {
            case .success(let file): files.files.append(file)
            case .failure(let error):
                files.diagnostics.append(Diagnostic(path: error.path, code: "input.unreadable", message: "cannot be read: \(error.reason)"))
            }
        }
        return files
    }

    static func isArticleFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".txt")
    }
}

/// Times each stage with a monotonic clock.
struct StageTimer {
    var timings: [(stage: String, seconds: Double)] = []

    mutating func time<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try work()
        let elapsed = ContinuousClock.now - start
        timings.append((stage, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        return result
    }
}
