/// The whole pipeline, one stage a line, in the order the data flows:
///
///     Load → Parse → Sanitize → Link → Dedup → Timestamps → Graph → Render → Search → Write
///
/// Each stage lives in the folder of its name, takes the values of the
/// stages before it and returns one value; only Load reads and only Write
/// writes (docs/architecture.md).
public enum Builder {
    public static func build(_ options: BuildOptions, io: FileIO = .disk) throws -> BuildReport {
        guard let jobs = options.jobs else { return try pipeline(options, io: io) }
        return try Parallelism.$jobs.withValue(max(1, jobs)) { try pipeline(options, io: io) }
    }

    static func pipeline(_ options: BuildOptions, io: FileIO) throws -> BuildReport {
        try io.checkOutput(options.output, options.input)
        var timer = StageTimer(progress: options.progress)
        defer { options.progress?.finished() }
        // Load, unless the manifest of the last build shows nothing it reads has changed.
        let (cache, loaded) = try timer.time("load") { () throws -> (CacheCheck, LoadedInput?) in
            let cache = CacheCheck.run(options, io: io)
            if case .upToDate = cache { return (cache, nil) }
            return (cache, try InputLoader.load(options, io: io))
        }
        guard let input = loaded else {
            guard case .upToDate(let last) = cache else { preconditionFailure("no input and nothing to skip") }
            return BuildReport(articles: last.articles, pagesWritten: last.pages, filesWritten: last.filesWritten,
                               diagnostics: last.warnings, timings: timer.timings, stats: [], upToDate: true, resident: timer.resident)
        }
        let renderer = try SiteRenderer(theme: input.theme, settings: RenderSettings(siteName: options.siteName, baseURL: options.baseURL))
        let sources = input.sources
        let articles = (count: sources.count, noun: "articles")
        let parsed = timer.time("parse", items: articles) { ArticleParser.parseAll(sources) }
        let sanitized = timer.time("sanitize", items: articles) { BodySanitizer.sanitizeAll(sources: sources, parsed: parsed) }
        let linked = timer.time("link", items: articles) { LinkResolver.link(sources: sources, parsed: parsed, bodies: sanitized.bodies) }
        let merges = timer.time("dedup", items: articles) {
            Deduplicator.decide(linked, sources: sources, parsed: parsed, bodies: sanitized.bodies, overrides: input.overrides,
                                enabled: options.dedup, measure: options.dedupCandidatesPath != nil)
        }
        let times = timer.time("timestamps", items: articles) { TimestampResolver.resolveAll(sources: sources, parsed: parsed) }
        let wiki = timer.time("graph", items: articles) {
            WikiGraph.build(sources: sources, parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times)
        }
        let pages = timer.time("render", items: articles) { renderer.render(wiki, theme: input.theme) }
        let index = timer.time("search", items: articles) { SearchIndexer.build(wiki) }
        try timer.time("write", items: (pages.count + index.count, "files")) { try SiteWriter.write(pages + index, merges: merges, options: options, io: io) }

        var diagnostics = input.diagnostics + parsed.flatMap(\.diagnostics) + sanitized.diagnostics + linked.diagnostics + times.diagnostics
        if case .build(_, let note?) = cache { diagnostics.append(note) }
        let report = BuildReport(articles: linked.layout.articles.count, pagesWritten: (pages + index).filter { $0.path.hasSuffix(".html") }.count,
                           filesWritten: pages.count + index.count, diagnostics: Diagnostic.sorted(diagnostics), timings: timer.timings,
                           stats: BuildStats.collect(parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times),
                           resident: timer.resident)
        if case .build(let scan?, _) = cache { SiteWriter.recordManifest(scan, report: report, options: options, io: io) }
        return report
    }
}
