/// Everything a build reads: the articles, the maintainer's dedup
/// overrides, and the theme.
public struct LoadedInput: Sendable {
    public var sources: IDArray<SourceID, SourceArticle>
    public var overrides: DedupOverrides
    public var theme: Theme
    public var diagnostics: [Diagnostic]
    /// What the build cache can say of each source (`ArticleCache`): its
    /// content hash, its own load diagnostics, and the last build's record of
    /// it when the content is unchanged (Parse and Sanitize then reuse it).
    public var cached: IDArray<SourceID, CachedSource> = IDArray()
    /// The channel of files with neither a folder nor a `From:` line.
    public var fallbackChannel = ""
    /// How many records the article cache file read at the start holds.
    public var cacheFileRecords = 0
    /// The article cache's store of texts, where Parse puts this build's
    /// (the one the cache's records name, or a new one); nil with no cache.
    public var store: (spill: TextSpill, generation: UInt64)?
    /// The files of the site now in the output, and what each was made from.
    public var previousSite: PageTable?
}

/// One source as the build cache knows it.
public struct CachedSource: Sendable {
    public var hash: UInt64?
    public var diagnostics: [Diagnostic]
    public var record: ArticleCache.Record?
}

/// Load: the only stage that reads. Files that cannot be read or made into
/// an article become diagnostics; a missing input or theme folder stops the
/// build (nothing could be built from it).
public enum InputLoader {
    /// - Parameters:
    ///   - cache: the last build's article cache, if it may be used;
    ///   - hashes: each input file's content hash (by the path diagnostics
    ///     name), from the build manifest's scan.
    public static func load(_ options: BuildOptions, io: FileIO, cache: ArticleCache? = nil, hashes: [String: UInt64] = [:]) throws -> LoadedInput {
        let listed: [String]
        do {
            listed = try io.listFiles(options.input)
        } catch {
            throw InputError(description: "--input \(error) (the folder of articles to build)")
        }
        let prefix = options.input.hasSuffix("/") ? options.input : options.input + "/"
        var diagnostics: [Diagnostic] = []
        var overrides = DedupOverrides()
        if listed.contains(DedupOverrides.fileName) {
            do {
                let bytes = try io.read(prefix + DedupOverrides.fileName)
                overrides = DedupOverrides.parse(String(decoding: bytes, as: UTF8.self), path: prefix + DedupOverrides.fileName)
                diagnostics += overrides.diagnostics
            } catch {
                diagnostics.append(Diagnostic(path: prefix + DedupOverrides.fileName, code: "input.unreadable",
                                              message: "cannot be read: \(error); no dedup overrides apply"))
            }
        }
        let fallback = options.input.split(separator: "/").last(where: { $0 != "." && $0 != ".." }).map(String.init) ?? "articles"
        let paths = listed.filter { $0 != DedupOverrides.fileName && SourceReader.isArticleFile($0) }.sorted()
        if paths.isEmpty {
            throw InputError(description: "--input \(options.input): no articles in this folder (the input is a folder of *.md or *.txt files, one subfolder per channel)")
        }
        // Files the last build's cache holds with this content are not read at all.
        let results = paths.parallelMap { path -> (LoadResult, CachedSource) in
            let displayPath = prefix + path
            let hash = hashes[displayPath]
            if let hash, let record = cache?.record(for: displayPath, hash: hash, fallbackChannel: fallback),
               let (article, diagnostics) = SourceArticle.fromCachePart(record.source), article.path == path {
                return (LoadResult(article: article, diagnostics: diagnostics), CachedSource(hash: hash, diagnostics: diagnostics, record: record))
            }
            let loaded: LoadResult
            do {
                loaded = ArticleLoader.load(SourceFile(path: path, displayPath: displayPath, bytes: try io.read(displayPath)), fallbackChannel: fallback)
            } catch {
                loaded = LoadResult(article: nil, diagnostics: [Diagnostic(path: displayPath, code: "input.unreadable", message: "cannot be read: \(error)")])
            }
            return (loaded, CachedSource(hash: hash, diagnostics: loaded.diagnostics, record: nil))
        }
        diagnostics += results.flatMap(\.0.diagnostics)
        let theme = try ThemeLoader.load(overrides: options.templates, io: io)
        let kept = results.filter { $0.0.article != nil }
        return LoadedInput(sources: IDArray(kept.map { $0.0.article! }), overrides: overrides, theme: theme, diagnostics: diagnostics,
                           cached: IDArray(kept.map(\.1)), fallbackChannel: fallback, cacheFileRecords: cache?.fileRecords ?? 0)
    }
}

/// An input the build cannot start from: a missing or empty input folder.
public struct InputError: Error, CustomStringConvertible {
    public var description: String
}

/// Which input files are articles (`*.md`, `*.txt`).
enum SourceReader {
    static func isArticleFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".txt")
    }
}
