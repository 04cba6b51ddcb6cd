import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension SiteWriter {
    /// The site about to replace the output folder, open for Render and
    /// Search to add their files to.
    /// Files the site now in the output holds unchanged are taken from it
    /// (`PageTable`), when the build may use its cache.
    static func start(_ options: BuildOptions, previous: PageTable?, io: FileIO) throws -> SiteOutput {
        let table = options.cache ? ArticleCache.key(io: io).map { (PageTable.path(for: options.output), $0) } : nil
        return try io.stage(options.output, table == nil ? nil : previous, table)
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
        recordCache(manifest.encoded(), at: BuildManifest.path(for: options.output), io: io)
    }

    /// One file of the build cache, written whole (a failure only costs the next build time).
    static func recordCache(_ bytes: [UInt8], at path: String, io: FileIO) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try? io.writeFile(path, bytes)
    }

    static func append(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// One whole file, created or replaced.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw FileError(path: path, reason: "cannot be written")
        }
    }
}
