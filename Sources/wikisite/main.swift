import ArgumentParser
import Foundation
import WikiSite

// main.swift is the entry point (the target has several files, so no @main).
WikiSiteCommand.main()

struct WikiSiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wikisite",
        abstract: "Builds a static site from a wiki of Markdown articles written from YouTube transcripts.",
        version: WikiSiteVersion.string,
        subcommands: [Build.self, Check.self, Serve.self, ThemeCommand.self],
        defaultSubcommand: Build.self
    )
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder.")

    @Option(help: "Folder of articles (*.md, *.txt), one subfolder per channel.")
    var input = "seeds"

    @Option(help: "Folder the site is written to; replaced whole, in one rename.")
    var output = "public"

    @Option(help: "Folder of templates and assets that replace the built-in theme's, file by file (see `wikisite theme export`).")
    var templates: String?

    @Option(help: "The site's name, shown in every page's header.")
    var title = "Video wiki"

    @Option(help: "Absolute URL the site is published at: adds sitemap.xml, robots.txt, canonical and Open Graph tags (links stay relative).")
    var baseURL: String?

    @Flag(inversion: .prefixedNo, help: "Merge near-identical articles into one page; the others redirect to it.")
    var dedup = true

    @Flag(inversion: .prefixedNo, help: "Skip the build when nothing it reads has changed since the last one (manifest in .wikisite-cache/ beside the output).")
    var cache = true

    @Option(help: "Write the merged groups and their scores to this file (TSV), for review.")
    var dedupReport: String?

    @Option(help: ArgumentHelp("Write every candidate pair Dedup scored, with its measures, to this file (TSV), for the eval scripts.",
                               visibility: .hidden))
    var dedupCandidates: String?

    @Option(help: "Threads to build on (default: every core, or WIKISITE_JOBS). The site is the same for any number.")
    var jobs: Int?

    @Flag(help: "Exit with a failure status when there are warnings.")
    var strict = false

    @Flag(help: "Also print notes and the time each stage took.")
    var verbose = false

    @Flag(help: "Print the time each stage took, with memory after it and its peak, as a table.")
    var timings = false

    func validate() throws {
        if let baseURL { try BaseURLOption.validate(baseURL) }
    }

    func run() throws {
        var options = BuildOptions(input: input, output: output, templates: templates, siteName: title, baseURL: baseURL,
                                   dedup: dedup, dedupReportPath: dedupReport, jobs: jobs)
        let progressLine = ProgressLine.onTerminal()
        options.progress = progressLine?.progress
        options.cache = cache
        options.stagePeaks = timings
        options.dedupCandidatesPath = dedupCandidates
        options.keepsMemoryAtExit = true
        let report: BuildReport
        do {
            report = try Builder.build(options)
        } catch {
            FileHandle.standardError.write(BuildFailure.message(error))
            throw ExitCode.failure
        }
        FileHandle.standardError.write(report.summary(verbose: verbose) + (timings ? report.timingsTable : ""))
        if strict && report.failsStrict { throw ExitCode.failure }
        // The process ends here, with the report and the site model still in memory: the
        // system takes them back at once (on a large wiki, freeing them took seconds).
        Foundation.exit(0)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that every link inside a built site lands on a file, and every #fragment on an id.")

    @Argument(help: "The built site.")
    var site = "public"

    func run() throws {
        let start = ContinuousClock.now
        let report: LinkChecker.Report
        do {
            report = LinkChecker.check(try SiteReader.readAll(site, io: .disk))
        } catch {
            FileHandle.standardError.write("wikisite: error: \(error)\n")
            throw ExitCode.failure
        }
        var lines = ""
        for finding in report.findings {
            var diagnostic = finding.diagnostic
            diagnostic.path = site + "/" + diagnostic.path
            lines += diagnostic.description + "\n"
        }
        let elapsed = ContinuousClock.now - start
        lines += "wikisite check: \(report.pages) pages, \(report.links) links, \(report.findings.count) broken, "
            + String(format: "%.2f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) + " s\n"
        FileHandle.standardError.write(lines)
        if !report.findings.isEmpty { throw ExitCode.failure }
    }
}

extension FileHandle {
    func write(_ text: String) { write(Data(text.utf8)) }
}
