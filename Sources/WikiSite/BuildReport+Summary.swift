import Foundation

extension BuildReport {
    /// What `wikisite build` prints on standard error when it is done: every
    /// warning (and, verbose, every note) in `path:line:col` form, the
    /// warnings counted by code, the counts of the build, the time each stage
    /// took (verbose only), and one line with the totals:
    ///
    ///     wikisite: 5 articles, 32 pages written, 0 warnings, 0.02 s
    public func summary(verbose: Bool) -> String {
        var lines = ""
        for diagnostic in diagnostics where verbose || diagnostic.severity >= .warning {
            lines += diagnostic.description + "\n"
        }
        if warnings > 0 {
            var byCode: [String: Int] = [:]
            for d in diagnostics where d.severity >= .warning { byCode[d.code, default: 0] += 1 }
            lines += "wikisite: warnings by code: "
                + byCode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if upToDate {
            return lines + "wikisite: up to date: nothing the site is built from has changed since the last build "
                + "(\(articles) articles, \(pagesWritten) pages kept), \(warnings) warnings, " + String(format: "%.2f", seconds) + " s\n"
        }
        lines += "wikisite: " + stats.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n"
        if verbose {
            lines += "wikisite: stages: " + timings.map { "\($0.stage) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", ") + "\n"
        }
        lines += "wikisite: \(articles) articles, \(pagesWritten) pages written, \(warnings) warnings, "
            + String(format: "%.2f", seconds) + " s\n"
        return lines
    }

    /// What `wikisite build --timings` adds: the time each stage took, one a
    /// line, with its share of the whole.
    public var timingsTable: String {
        let total = max(seconds, 1e-9)
        let memory = !resident.isEmpty && resident.count == timings.count
        let peaks = memory && peak.count == timings.count
        var lines = "wikisite: time per stage" + (peaks ? " (resident memory after it, and its peak during it)"
            : memory ? " (and resident memory after it)" : "") + "\n"
        for (i, (stage, s)) in timings.enumerated() {
            lines += "  " + stage.padding(toLength: 11, withPad: " ", startingAt: 0)
                + String(format: "%8.3f s %5.1f %%", s, 100 * s / total)
                + (memory ? String(format: " %7d MB", resident[i] / 1_000_000) : "")
                + (peaks ? String(format: " %7d MB", peak[i] / 1_000_000) : "") + "\n"
        }
        lines += "  " + "total".padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds)
            + (peaks ? String(repeating: " ", count: 20) + String(format: "%7d MB", peak.max()! / 1_000_000) : "") + "\n"
        return lines
    }

    /// Whether `wikisite build --strict` exits with a failure: when the build
    /// had any warning (notes never fail it).
    public var failsStrict: Bool { warnings > 0 }
}
