/// What to build, from where, to where.
public struct BuildOptions: Sendable {
    public var input: String
    public var output: String
    /// A folder of templates and assets that replace the built-in theme's, file by file; nil for the built-in theme alone.
    public var templates: String?
    public var siteName: String
    public var baseURL: String?
    /// Merge near-identical articles into one page (see `Deduplicator`); on by default.
    public var dedup: Bool
    /// Where to write the merged groups with their scores (TSV), if anywhere.
    public var dedupReportPath: String?
    /// Where to write every candidate pair Dedup scored, with its measures
    /// (TSV, for `scripts/eval/dedup_fit.py --candidates`), if anywhere.
    public var dedupCandidatesPath: String?
    /// Threads for the parallel stages; nil for `Parallelism.jobs` (every core, or `WIKISITE_JOBS`).
    /// The output is the same for any number.
    public var jobs: Int?
    /// Leave the output as it is when nothing the build reads has changed
    /// since the last build into it (`BuildManifest`); on by default.
    public var cache = true
    /// Measure each stage's peak resident memory (`--timings`). Resetting the
    /// peak also resets what `getrusage` and GNU time report as the process's
    /// maximum, so it is only done when asked for.
    public var stagePeaks = false
    /// Keep what the build made in memory when it returns, for a process that
    /// exits right after (the command line): the system takes it back at
    /// once, where letting go of millions of values one by one takes seconds
    /// on a large wiki (as compilers do with their syntax trees).
    public var keepsMemoryAtExit = false
    /// Told each stage as it starts (the terminal's progress line); nil for none.
    public var progress: BuildProgress?

    public init(input: String, output: String, templates: String? = nil, siteName: String = "Video wiki", baseURL: String? = nil,
                dedup: Bool = true, dedupReportPath: String? = nil, jobs: Int? = nil) {
        self.input = input
        self.output = output
        self.templates = templates
        self.siteName = siteName
        self.baseURL = baseURL
        self.dedup = dedup
        self.dedupReportPath = dedupReportPath
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
    /// Resident memory after each stage in `timings`, in bytes; empty where
    /// the system does not report it.
    public var resident: [Int] = []
    /// Peak resident memory during each stage in `timings`, in bytes; empty
    /// where the system does not report it.
    public var peak: [Int] = []
    /// Counts for the summary: links by resolution rule, topic pages, timestamps.
    public var stats: [(name: String, count: Int)]

    public init(articles: Int, pagesWritten: Int, filesWritten: Int, diagnostics: [Diagnostic],
                timings: [(stage: String, seconds: Double)], stats: [(name: String, count: Int)], upToDate: Bool = false, resident: [Int] = [], peak: [Int] = []) {
        (self.resident, self.peak) = (resident, peak)
        (self.articles, self.pagesWritten, self.filesWritten) = (articles, pagesWritten, filesWritten)
        (self.diagnostics, self.timings, self.stats, self.upToDate) = (diagnostics, timings, stats, upToDate)
    }

    /// The build was skipped: nothing it reads had changed since the last
    /// one, whose output stays (its warnings are repeated, so `--strict`
    /// answers the same).
    public var upToDate = false

    public var warnings: Int { diagnostics.filter { $0.severity >= .warning }.count }
    public var seconds: Double { timings.reduce(0) { $0 + $1.seconds } }
}
