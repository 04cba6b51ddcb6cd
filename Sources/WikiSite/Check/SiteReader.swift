/// Reads a built site back, for `wikisite check`.
public enum SiteReader {
    public static func readAll(_ root: String, io: FileIO) throws -> [String: [UInt8]] {
        let paths = try io.listFiles(root)
        let contents = paths.parallelMap(chunk: 64) { path in (try? io.read(root + "/" + path)) ?? [] }
        return Dictionary(uniqueKeysWithValues: zip(paths, contents))
    }
}
