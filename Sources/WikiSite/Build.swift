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
        var timer = StageTimer()
        let input = try timer.time("load") { try InputLoader.load(options, io: io) }
        let renderer = try SiteRenderer(theme: input.theme, settings: RenderSettings(siteName: options.siteName, baseURL: options.baseURL))
        let sources = input.sources
        let parsed = timer.time("parse") { ArticleParser.parseAll(sources) }
        let sanitized = timer.time("sanitize") { BodySanitizer.sanitizeAll(sources: sources, parsed: parsed) }
        let linked = timer.time("link") { LinkResolver.link(sources: sources, parsed: parsed, bodies: sanitized.bodies) }
        let merges = timer.time("dedup") {
            Deduplicator.decide(linked, sources: sources, parsed: parsed, bodies: sanitized.bodies, overrides: input.overrides,
                                enabled: options.dedup)
        }
        let times = timer.time("timestamps") { TimestampResolver.resolveAll(sources: sources, parsed: parsed) }
        let wiki = timer.time("graph") {
            WikiGraph.build(sources: sources, parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times)
        }
        let pages = timer.time("render") { renderer.render(wiki, theme: input.theme) }
        let index = timer.time("search") { SearchIndexer.build(wiki) }
        try timer.time("write") { try SiteWriter.write(pages + index, dedupReport: merges.report, options: options, io: io) }

        let diagnostics = input.diagnostics + parsed.flatMap(\.diagnostics) + sanitized.diagnostics + linked.diagnostics + times.diagnostics
        return BuildReport(articles: linked.layout.articles.count, pagesWritten: (pages + index).filter { $0.path.hasSuffix(".html") }.count,
                           filesWritten: pages.count + index.count, diagnostics: Diagnostic.sorted(diagnostics), timings: timer.timings,
                           stats: BuildStats.collect(parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times))
    }
}
