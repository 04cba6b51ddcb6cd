/// The templates and static assets of a theme, as read from its folder.
public struct Theme: Sendable {
    /// Mustache sources by name: the path below the folder without `.mustache`.
    public var templates: [String: String]
    /// Every other file (CSS, JavaScript, icons), by path below the folder.
    public var assets: [String: [UInt8]]

    public init(templates: [String: String], assets: [String: [UInt8]]) {
        self.templates = templates
        self.assets = assets
    }
}

enum ThemeLoader {
    static func load(from folder: String, io: FileIO) throws -> Theme {
        var theme = Theme(templates: [:], assets: [:])
        for path in try io.listFiles(folder).sorted() {
            let bytes = try io.read(folder + "/" + path)
            if path.hasSuffix(".mustache") {
                theme.templates[String(path.dropLast(".mustache".count))] = String(decoding: bytes, as: UTF8.self)
            } else {
                theme.assets[path] = bytes
            }
        }
        return theme
    }
}
