/// One input file as read from disk: where it is and its bytes.
public struct SourceFile: Sendable {
    /// Path relative to the input folder, '/'-separated (`redpointai/foo.md`).
    public var path: String
    /// The path diagnostics name (the input folder joined with `path`).
    public var displayPath: String
    public var bytes: [UInt8]

    public init(path: String, displayPath: String? = nil, bytes: [UInt8]) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.bytes = bytes
    }
}

/// An article after Load: front matter read, text repaired, channel found.
public struct SourceArticle: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A generated article: has a `videoId`.
        case article
        /// `<channel>/<channel>.md`: the channel's own page, listing its videos.
        case channelPage
        /// Anything else without a video: root pages, notes.
        case page
    }

    public var path: String
    public var displayPath: String
    public var kind: Kind
    public var title: String
    public var videoID: String?
    /// The channel's name as written in the `From:` line, or the folder's.
    public var channelName: String
    /// The Markdown body, after front matter and the `From:` line, with LF
    /// line ends. Past Parse the build keeps it for channel pages only.
    public var body: String
    /// The line of the file on which `body` starts, so positions inside the
    /// body map back to the file.
    public var bodyFirstLine: Int
    /// File name without extension: what wiki links name.
    public var stem: String
    /// The folder the file is in, relative to the input (empty at the root).
    public var folder: String
    /// A refusal or a body too short to be an article: built, not searched.
    public var isStub: Bool = false
}

/// The result of loading one file: the article when one could be made, and
/// what was wrong with the file either way.
public struct LoadResult: Sendable {
    public var article: SourceArticle?
    public var diagnostics: [Diagnostic]
}
