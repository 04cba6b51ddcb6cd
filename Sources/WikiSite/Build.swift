/// The whole pipeline, one stage a line, in the order the data flows:
///
///     Load → Parse → Sanitize → Link → Dedup → Timestamps → Graph → Render → Search → Write
///
/// Each stage lives in the folder of its name, takes the values of the
/// stages before it and returns one value; only Load reads and only Write
/// writes (docs/architecture.md).
public enum Builder {
    public static func build(_ options: BuildOptions, io: FileIO = .disk) throws -> BuildReport {
        func run(storeDamaged: Bool) throws -> BuildReport {
            guard let jobs = options.jobs else { return try pipeline(options, io: io, storeDamaged: storeDamaged) }
            return try Parallelism.$jobs.withValue(max(1, jobs)) { try pipeline(options, io: io, storeDamaged: storeDamaged) }
        }
        // A text of the cache's store read back damaged: nothing was written, and the
        // build is made again with a new store, every article parsed (`TextSpill.isDamaged`).
        do { return try run(storeDamaged: false) } catch is StoreDamaged { return try run(storeDamaged: true) }
    }

    /// Thrown before Write when a text of the cache's store read back damaged.
    struct StoreDamaged: Error {}

    static func pipeline(_ options: BuildOptions, io: FileIO, storeDamaged: Bool = false) throws -> BuildReport {
        try io.checkOutput(options.output, options.input)
        var timer = StageTimer(progress: options.progress, measuresPeaks: options.stagePeaks)
        defer { options.progress?.finished() }
        // Search's term counts from the last build, read on another core while the articles load.
        var termsAhead: Background<TermCache?>?
        // Load, unless the manifest of the last build shows nothing it reads has changed.
        var (cache, loaded) = try timer.time("load") { () throws -> (CacheCheck, LoadedInput?) in
            let cache = CacheCheck.run(options, io: io)
            guard case .build(let scan, _) = cache else { return (cache, nil) }
            // The tables of the site and of the standby Write will bring up to date, and Search's
            // counts, are read on another core meanwhile (0.15 s of a one-article rebuild of the corpus).
            var previous: Background<PageTable?>?
            if scan != nil {
                previous = Background { PageTable.read(for: options.output, io: io) }
                termsAhead = Background { TermCache.read(for: options.output, io: io) }
                if let key = ArticleCache.key(io: io) {
                    let pages = PageTable.path(for: options.output)
                    PageTable.readAhead(SiteWriter.Standby.table(beside: pages), key: key, checking: SiteWriter.Standby.folder(beside: pages))
                }
            }
            // What the last build made of each unchanged article is reused (ArticleCache).
            let (articles, store, note) = scan == nil ? (nil, nil, nil) : ArticleCache.read(for: options.output, io: io, damaged: storeDamaged)
            var input = try InputLoader.load(options, io: io, cache: articles, hashes: scan?.inputHashes ?? [:])
            input.store = store
            if let note { input.diagnostics.append(note) }
            input.previousSite = previous?.value
            return (cache, input)
        }
        guard var input = loaded else {
            guard case .upToDate(let last) = cache else { preconditionFailure("no input and nothing to skip") }
            return BuildReport(articles: last.articles, pagesWritten: last.pages, filesWritten: last.filesWritten,
                               diagnostics: last.warnings, timings: timer.timings, stats: [], upToDate: true, resident: timer.resident, peak: timer.peak)
        }
        // The only copy from here on: Parse lets each article's Markdown go as it is parsed (160 MB on
        // the shared corpus), which a second copy held here would keep for the whole build.
        loaded = nil
        let renderer = try SiteRenderer(theme: input.theme, settings: RenderSettings(siteName: options.siteName, baseURL: options.baseURL))
        let model = modelled(&input, options: options, io: io, timer: &timer)
        let wiki = model.wiki
        // The report's order of diagnostics is found on another core while the site is made.
        var found = model.diagnostics
        if case .build(_, let note?) = cache { found.append(note) }
        let diagnostics = Background { [found] in Diagnostic.sorted(found) }
        // Write opens the output first (timed with Render); Render and Search hand it each file as they make it.
        let articles = (count: model.wiki.sources.count, noun: "articles")
        let site = try timer.time("render", items: articles) { () throws -> SiteOutput in
            let site = try SiteWriter.start(options, previous: input.previousSite, io: io)
            input.previousSite = nil
            renderer.render(wiki, theme: input.theme, into: site)
            return site
        }
        defer { site.discard() }
        // Each document's term counts are kept in the build cache; a rebuild counts only the changed ones (TermCache).
        let binary = options.cache ? ArticleCache.key(io: io) : nil
        var lastTerms: TermCache?
        let terms = timer.time("search", items: articles) { () -> [UInt8]? in
            lastTerms = binary == nil ? nil : termsAhead.map(\.value) ?? TermCache.read(for: options.output, io: io)
            return SearchIndexer.build(wiki, terms: lastTerms, keeping: binary, reuse: { site.add($0, key: $1, make: $2) }, into: site.add)
        }
        // What the stages read of a damaged text cannot be trusted: the site is discarded (Builder.build).
        if input.store?.spill.isDamaged == true { throw StoreDamaged() }
        let written = site.written
        try timer.time("write", items: (written.files, "files")) {
            // The caches of the stages whose work a rebuild can take again, each on a core of its own
            // while the site is committed (the manifest, last, below). Each is a pure function of what
            // it is keyed by, so one written for a site that then fails to commit is still right.
            var caches: [@Sendable () -> Void] = []
            if case .build(_?, _) = cache {
                let output = options.output
                if let links = model.linkRecord { caches.append { SiteWriter.recordCache(links, at: LinkCache.path(for: output), io: io) } }
                if let terms { caches.append { SiteWriter.recordCache(terms, at: TermCache.path(for: output), io: io) } }
                if let memo = model.merges.memo, let binary {
                    caches.append { SiteWriter.recordCache(memo.encoded(binary: binary), at: Deduplicator.Memo.path(for: output), io: io) }
                }
            }
            let recorded = Background { [caches] in _ = caches.parallelMap(chunk: 1) { $0() } }
            defer { _ = recorded.value }
            try SiteWriter.write(site, merges: model.merges, options: options, io: io)
        }

        var stats = model.stats
        if case .build(_?, _) = cache {
            stats.append(("files taken unchanged from the previous site", site.reused))
            stats.append(("search documents counted as in the last build", lastTerms?.used.load(ordering: .relaxed) ?? 0))
        }
        let report = BuildReport(articles: wiki.layout.articles.count, pagesWritten: written.pages,
                           filesWritten: written.files, diagnostics: diagnostics.value, timings: timer.timings,
                           stats: stats, resident: timer.resident, peak: timer.peak)
        if case .build(let scan?, _) = cache { SiteWriter.recordManifest(scan, report: report, options: options, io: io) }
        if options.keepsMemoryAtExit { ProcessLifetime.keep(input, model, renderer, site, lastTerms as Any, terms as Any, report.diagnostics) }
        return report
    }

    /// Parse through Graph: the page model, and what the report needs from the
    /// stages that made it. What no later stage reads is let go as soon as it
    /// is read for the last time (an article's Markdown and parsed HTML once
    /// its body is made, the body's HTML into a scratch file until Render),
    /// and the rest of what these stages made (the block texts topic quotes
    /// were cut from, the dedup measures) on return, before Render starts.
    private static func modelled(_ input: inout LoadedInput, options: BuildOptions, io: FileIO, timer: inout StageTimer)
        -> (wiki: Wiki, merges: Merges, diagnostics: [Diagnostic], stats: [(name: String, count: Int)], linkRecord: [UInt8]?) {
        var sources = input.sources
        input.sources = IDArray()
        let articles = (count: sources.count, noun: "articles")
        // Parse and Sanitize run together, a batch of articles at a time (ArticlePass): "parse"
        // times both, "sanitize" what was removed from each body.
        var pass = timer.time("parse", items: articles) { ArticlePass.run(&sources, input: input, options: options, io: io) }
        var parsed = pass.parsed
        pass.parsed = IDArray()
        let sanitized = timer.time("sanitize", items: articles) {
            SanitizedBodies(bodies: pass.bodies, diagnostics: BodySanitizer.diagnostics(sources: sources, bodies: pass.bodies))
        }
        let bodyHTML = pass.bodyHTML
        // Reported when the build could use a cache: how many articles it did not read, parse or sanitise.
        let couldReuse = input.cached.contains { $0.hash != nil }
        var reused = couldReuse ? [("articles reused from the build cache", input.cached.filter { $0.record != nil }.count)] : []
        input.cached = IDArray()  // the last build's records, read back
        // Link's result is kept in the build cache and used again while nothing it reads changes (LinkCache).
        var linkRecord: [UInt8]?
        var linksReused = false
        let linked = timer.time("link", items: articles) { () -> LinkedSite in
            let key = pass.linkHashes.flatMap { LinkCache.key(articleHashes: $0, io: io) }
            let linked = LinkResolver.link(sources: sources, parsed: parsed, bodies: sanitized.bodies) {
                let last = key.flatMap { LinkCache.read(for: options.output, key: $0, sources: sources.count, io: io) }
                linksReused = last != nil
                return last
            }
            if let key, !linksReused { linkRecord = LinkCache.encoded(linked, key: key) }
            return linked
        }
        if couldReuse { reused.append(("links resolved as in the last build", linksReused ? linked.targets.reduce(0) { $0 + $1.count } : 0)) }
        // What only Link reads goes now: the links as written and the block texts topic quotes were cut from.
        for s in parsed.ids { parsed[s].forgetLinks() }
        let merges = timer.time("dedup", items: articles) { () -> Merges in
            // What the last build measured, taken again for the articles an edit cannot have moved (Deduplicator.Memo).
            let binary = options.cache ? ArticleCache.key(io: io) : nil
            let last = binary.flatMap { Deduplicator.Memo.read(for: options.output, binary: $0, articles: linked.layout.articles.count, io: io) }
            return Deduplicator.decide(linked, sources: sources, parsed: parsed, lines: pass.searchLines, fingerprints: pass.fingerprints,
                                       bodies: sanitized.bodies, overrides: input.overrides, enabled: options.dedup,
                                       measure: options.dedupCandidatesPath != nil, report: options.dedupReportPath != nil, last: last)
        }
        if couldReuse { reused.append(("dedup pairs scored as in the last build", merges.pairsRemembered)) }
        pass.fingerprints = nil
        let times = timer.time("timestamps", items: articles) { TimestampResolver.resolveAll(sources: sources, parsed: parsed) }
        let wiki = timer.time("graph", items: articles) {
            WikiGraph.build(sources: sources, parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times,
                            bodyHTML: bodyHTML, searchLines: pass.searchLines, firstParagraphs: pass.firstParagraphs)
        }
        let diagnostics = input.diagnostics + parsed.flatMap(\.diagnostics) + sanitized.diagnostics + linked.diagnostics + times.diagnostics
        let stats = BuildStats.collect(parsed: parsed, bodies: sanitized.bodies, linked: linked, merges: merges, times: times) + reused
        return (wiki, merges, diagnostics, stats, linkRecord)
    }
}

/// Values kept until the process ends (`BuildOptions.keepsMemoryAtExit`).
enum ProcessLifetime {
    final class Kept { let values: [Any]; init(_ values: [Any]) { self.values = values } }
    static func keep(_ values: Any...) { _ = Unmanaged.passRetained(Kept(values)) }
}
