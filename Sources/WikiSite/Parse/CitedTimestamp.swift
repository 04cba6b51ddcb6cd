/// A timestamp an article cites, as read, with where it stands.
public struct CitedTimestamp: Sendable, Hashable {
    /// How the article wrote it.
    public enum Form: String, Sendable, Hashable, CaseIterable {
        /// `<a class="yt-timestamp" data-t=…>`, however broken.
        case anchor
        /// `[00:01:14]`, `(00:01:14)`, lists of them.
        case plain
        /// `[00:06:02](…)` or a YouTube URL with `t=`.
        case link
    }

    public var time: CitedTime
    public var line: Int
    public var column: Int
    public var form: Form = .anchor
}
