import Foundation

extension SiteWriter {
    /// Write: the site into its output folder in one swap, and the dedup
    /// report where the build was asked to put it.
    static func write(_ files: [OutputFile], dedupReport: String, options: BuildOptions, io: FileIO) throws {
        try io.publish(files, options.output)
        if let path = options.dedupReportPath { try io.writeFile(path, Array(dedupReport.utf8)) }
    }

    /// One whole file, created or replaced.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw FileError(path: path, reason: "cannot be written")
        }
    }
}
