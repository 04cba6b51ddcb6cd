extension SourceArticle {
    /// For the build cache (`ArticleCache`): every field, the Markdown body
    /// included as the build holds it then (past Parse, channel pages only).
    func encode(into w: inout ByteWriter) {
        w.string(path)
        w.string(displayPath)
        w.int(kind == .article ? 0 : kind == .channelPage ? 1 : 2)
        w.string(title)
        w.optional(videoID)
        w.string(channelName)
        w.string(body)
        w.int(bodyFirstLine)
        w.string(stem)
        w.string(folder)
        w.bool(isStub)
    }

    init(from r: inout ByteReader) throws(ByteReader.Truncated) {
        path = try r.string()
        displayPath = try r.string()
        switch try r.int() {
        case 0: kind = .article
        case 1: kind = .channelPage
        case 2: kind = .page
        default: throw ByteReader.Truncated()
        }
        title = try r.string()
        videoID = try r.optional()
        channelName = try r.string()
        body = try r.string()
        bodyFirstLine = try r.int()
        stem = try r.string()
        folder = try r.string()
        isStub = try r.bool()
    }
}
