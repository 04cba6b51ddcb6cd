import Foundation

/// The templates and static assets of a theme.
public struct Theme: Sendable {
    /// Mustache sources by name: the path below the folder without `.mustache`.
    public var templates: [String: String]
    /// Every other file (CSS, JavaScript, icons), by path below the folder.
    public var assets: [String: [UInt8]]
    /// Where each template came from, as diagnostics name it: a file of the
    /// `--templates` folder, or `<built-in>/NAME.mustache`.
    public var origins: [String: String]

    public init(templates: [String: String], assets: [String: [UInt8]], origins: [String: String] = [:]) {
        self.templates = templates
        self.assets = assets
        self.origins = origins
    }

    /// The file a template came from, for a diagnostic.
    public func origin(of name: String) -> String {
        origins[name] ?? ThemeLoader.builtInPrefix + name + ".mustache"
    }
}

/// Load's reader of the theme: the default theme compiled into the binary
/// (`EmbeddedTheme`, generated from `templates/` by the EmbedTheme plugin),
/// with the files of a `--templates` folder in place of its own, file by
/// file, as Hugo looks up a site's layouts before its theme's.
public enum ThemeLoader {
    static let builtInPrefix = "<built-in>/"

    /// The default theme's files, by path below `templates/`, in path order.
    public static let builtInFiles: [(path: String, bytes: [UInt8])] = EmbeddedTheme.files.map { file in
        // The generator wrote valid base64; an empty file is the only way to get none.
        (file.path, Data(base64Encoded: file.base64).map { [UInt8]($0) } ?? [])
    }

    /// The default theme, as compiled in.
    public static var builtIn: Theme { theme(from: builtInFiles, origin: { builtInPrefix + $0 }) }

    /// The built-in theme, with each file of `folder` (when given) replacing
    /// the built-in file of the same path or adding to the theme.
    ///
    /// The folder need not be complete: one holding only `article.mustache`
    /// changes only article pages. A folder that does not exist is an error
    /// (a mistyped path would otherwise build the default theme silently).
    static func load(overrides folder: String?, io: FileIO) throws -> Theme {
        var files = builtInFiles
        var origins: [String: String] = [:]
        if let folder {
            let listed: [String]
            do {
                listed = try io.listFiles(folder)
            } catch {
                throw ThemeError(description: "--templates \(error) (leave --templates out to use the built-in theme alone)")
            }
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            var index = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1.path, $0) })
            for path in listed.sorted() {
                let bytes = try io.read(prefix + path)
                origins[path] = prefix + path
                if let i = index[path] {
                    files[i].bytes = bytes
                } else {
                    index[path] = files.count
                    files.append((path, bytes))
                }
            }
        }
        return theme(from: files, origin: { origins[$0] ?? builtInPrefix + $0 })
    }

    static func theme(from files: [(path: String, bytes: [UInt8])], origin: (String) -> String) -> Theme {
        var theme = Theme(templates: [:], assets: [:])
        for (path, bytes) in files {
            if path.hasSuffix(".mustache") {
                let name = String(path.dropLast(".mustache".count))
                theme.templates[name] = String(decoding: bytes, as: UTF8.self)
                theme.origins[name] = origin(path)
            } else {
                theme.assets[path] = bytes
            }
        }
        return theme
    }
}

/// An error in the theme (a template that does not parse, includes a partial
/// no file provides, or is used by nothing), or a `--templates` folder that
/// is not there: the site's own fault, not an article's, so it stops the build.
public struct ThemeError: Error, CustomStringConvertible {
    /// One per problem, each naming the template's file, line and column.
    public var diagnostics: [Diagnostic]
    public var description: String

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
        self.description = diagnostics.map(\.description).joined(separator: "\n")
    }

    public init(description: String) {
        self.diagnostics = []
        self.description = description
    }
}
