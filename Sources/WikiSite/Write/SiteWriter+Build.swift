import Foundation

extension SiteWriter {
    /// The site about to replace the output folder, open for Render and
    /// Search to add their files to.
    static func start(_ options: BuildOptions, io: FileIO) throws -> SiteOutput {
        try io.stage(options.output)
    }

    /// Write: the site into its output folder in one swap, and the dedup
    /// report and measured candidates where the build was asked to put them.
    static func write(_ site: SiteOutput, merges: Merges, options: BuildOptions, io: FileIO) throws {
        try site.commit()
        if let path = options.dedupReportPath { try io.writeFile(path, Array(merges.report.utf8)) }
        if let path = options.dedupCandidatesPath { try io.writeFile(path, Array(merges.candidates.utf8)) }
    }

    /// Records what the build just written was made from, for the next build
    /// (`BuildManifest`). A manifest that cannot be written only costs the
    /// next build its shortcut, so it is left out quietly.
    static func recordManifest(_ scan: BuildManifest, report: BuildReport, options: BuildOptions, io: FileIO) {
        var manifest = scan
        manifest.output = io.stamp(options.output)
        manifest.warnings = report.diagnostics.filter { $0.severity >= .warning }
        (manifest.articles, manifest.pages, manifest.filesWritten) = (report.articles, report.pagesWritten, report.filesWritten)
        let path = BuildManifest.path(for: options.output)
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try? io.writeFile(path, manifest.encoded())
    }

    /// One whole file, created or replaced.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw FileError(path: path, reason: "cannot be written")
        }
    }
}
