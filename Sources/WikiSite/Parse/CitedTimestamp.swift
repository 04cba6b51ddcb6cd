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
    /// Where it stands (kept in 32 bits, as `CitedTime`'s fields are).
    public var line: Int {
        get { Int(at.line) }
        set { at.line = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(at.column) }
        set { at.column = Int32(clamping: newValue) }
    }
    public var form: Form
    private var at: (line: Int32, column: Int32)

    public init(time: CitedTime, line: Int, column: Int, form: Form = .anchor) {
        self.time = time
        at = (Int32(clamping: line), Int32(clamping: column))
        self.form = form
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.time == b.time && a.at == b.at && a.form == b.form
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(time)
        hasher.combine(at.line)
        hasher.combine(at.column)
        hasher.combine(form)
    }
}
