/// Everything a build reads: the articles, the maintainer's dedup
/// overrides, and the theme.
public struct LoadedInput: Sendable {
    public var sources: IDArray<SourceID, SourceArticle>
    public var overrides: DedupOverrides
    public var theme: Theme
    public var diagnostics: [Diagnostic]
}

/// Load: the only stage that reads. Files that cannot be read or made into
/// an article become diagnostics; a missing input or theme folder stops the
/// build (nothing could be built from it).
public enum InputLoader {
    public static func load(_ options: BuildOptions, io: FileIO) throws -> LoadedInput {
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
        let files = SourceReader.read(listed.filter { $0 != DedupOverrides.fileName }, prefix: prefix, io: io)
        diagnostics += files.diagnostics
        let fallback = options.input.split(separator: "/").last(where: { $0 != "." && $0 != ".." }).map(String.init) ?? "articles"
        let loaded = files.files.parallelMap { ArticleLoader.load($0, fallbackChannel: fallback) }
        diagnostics += loaded.flatMap(\.diagnostics)
        if files.files.isEmpty && files.diagnostics.isEmpty {
            throw InputError(description: "--input \(options.input): no articles in this folder (the input is a folder of *.md or *.txt files, one subfolder per channel)")
        }
        let theme = try ThemeLoader.load(overrides: options.templates, io: io)
        return LoadedInput(sources: IDArray(loaded.compactMap(\.article)), overrides: overrides, theme: theme, diagnostics: diagnostics)
    }
}

/// An input the build cannot start from: a missing or empty input folder.
public struct InputError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads the input's article files (`*.md`, `*.txt`), in path order.
enum SourceReader {
    struct Files {
        var files: [SourceFile]
        var diagnostics: [Diagnostic]
    }

    static func read(_ listed: [String], prefix: String, io: FileIO) -> Files {
        let paths = listed.filter(isArticleFile).sorted()
        let results = paths.parallelMap { path -> Result<SourceFile, FileError> in
            do {
                return .success(SourceFile(path: path, displayPath: prefix + path, bytes: try io.read(prefix + path)))
            } catch {
                return .failure(FileError(path: prefix + path, reason: "\(error)"))
            }
        }
        var files = Files(files: [], diagnostics: [])
        for result in results {
            switch result {
            case .success(let file): files.files.append(file)
            case .failure(let error):
                files.diagnostics.append(Diagnostic(path: error.path, code: "input.unreadable", message: "cannot be read: \(error.reason)"))
            }
        }
        return files
    }

    static func isArticleFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".txt")
    }
}
