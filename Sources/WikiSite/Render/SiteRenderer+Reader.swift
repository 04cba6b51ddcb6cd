/// What helps a reader find their way around an article: its table of
/// contents, the video card, link previews, and the lists the home page leads with.
extension SiteRenderer {
    /// The article's h2 and h3 headings, linked by their ids.
    func tableOfContents(_ headings: [Heading]) -> [[String: Any]] {
        headings.filter { $0.level == 2 || $0.level == 3 }.map { ["id": $0.id, "text": $0.text, "level": $0.level] }
    }

    /// The video an article was written from: its title, channel and how much the wiki cites of it.
    func videoCard(_ v: VideoPageID, from page: String, _ wiki: Wiki) -> [String: Any] {
        let video = wiki.layout.videos[v]
        let channel = wiki.layout.channels[video.channel]
        return ["title": video.title ?? "Video \(video.id)", "channelName": channel.name,
                "channelURL": SiteURL.relative(from: page, to: channel.outputPath),
                "articleCount": video.articles.count, "momentCount": wiki.momentCounts[v],
                "pageURL": SiteURL.relative(from: page, to: video.outputPath),
                "youtubeURL": SiteURL.youtube(video.id), "id": video.id]
    }

    /// `preview.js` beside every article, topic, video and channel page: what
    /// a hover preview shows, loaded as a script so it works from `file://`.
    func writePreviews(_ wiki: Wiki, into site: SiteOutput) {
        let layout = wiki.layout
        _ = layout.articles.ids.parallelMap(chunk: 64) { a in
            guard wiki.isCanonical(a) else { return }
            let source = wiki.source(of: a)
            preview(layout.articles[a].outputPath, kind: "article", title: source.title,
                    channel: layout.channels[layout.articles[a].channel].name, text: firstParagraph(a, wiki), into: site)
        }
        _ = wiki.topics.ids.parallelMap(chunk: 64) { t in
            let topic = wiki.topics[t]
            preview(topic.outputPath, kind: "topic", title: topic.name, channel: "",
                    text: topicDescription(t, wiki) + (topic.mentions.first.map { " “" + $0.sentence + "”" } ?? ""), into: site)
        }
        _ = layout.videos.ids.parallelMap(chunk: 64) { v in
            let video = layout.videos[v]
            preview(video.outputPath, kind: "video", title: video.title ?? "Video \(video.id)",
                    channel: layout.channels[video.channel].name, text: videoDescription(v, wiki), into: site)
        }
        for c in layout.channels.ids {
            let channel = layout.channels[c]
            preview(channel.outputPath, kind: "channel", title: channel.name, channel: channel.name, text: channelDescription(c, wiki), into: site)
        }
    }

    /// A page's preview file, keyed by what it shows (as a page is by its
    /// context): a rebuild takes an unchanged one from the previous site
    /// without writing its JSON.
    func preview(_ page: String, kind: String, title: String, channel: String, text: String, into site: SiteOutput) {
        let folder = String(page.dropLast("index.html".count))
        var key: UInt64?
        if site.keyed {
            var h = PageKey.Mix(0x70726576)  // "prev"
            for field in [folder, kind, title, channel, text] { h.add(field) }
            key = h.value
        }
        site.add(folder + "preview.js", key: key) {
            var excerpt = text
            if excerpt.utf8.count > 700 && excerpt.count > 700 {  // at most 700 bytes is at most 700 characters
                excerpt = String(excerpt.prefix(700))
                if let space = excerpt.lastIndex(of: " ") { excerpt = String(excerpt[..<space]) }
                excerpt += "…"
            }
            let fields = [("url", folder), ("kind", kind), ("title", title), ("channel", channel), ("text", excerpt)]
            let json = "{" + fields.map { JSText.quoted($0.0) + ":" + JSText.quoted($0.1) }.joined(separator: ",") + "}"
            return Array(("window.wikisitePreview(" + json + ");\n").utf8)
        }
    }

    /// The canonical articles other articles link to most, then by title order.
    func mostLinked(_ articles: [ArticleID], _ wiki: Wiki, limit: Int) -> [ArticleID] {
        let ranked = articles.enumerated().filter { !wiki.backlinks[$0.element].isEmpty }
            .sorted { (-wiki.backlinks[$0.element].count, $0.offset) < (-wiki.backlinks[$1.element].count, $1.offset) }
        return ranked.prefix(limit).map(\.element)
    }

    /// The topics most articles mention, then by name.
    func mostMentionedTopics(_ wiki: Wiki, limit: Int) -> [TopicID] {
        let ranked = wiki.topics.ids.filter { wiki.topics[$0].mentions.count >= 2 }.sorted {
            (-wiki.topics[$0].mentions.count, wiki.topics[$0].outputPath) < (-wiki.topics[$1].mentions.count, wiki.topics[$1].outputPath)
        }
        return Array(ranked.prefix(limit))
    }
}

extension SiteURL {
    /// The path part of an absolute URL, ending in `/` (`https://x.org/wiki` → `/wiki/`).
    static func path(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }
}

extension SiteRenderer {
    /// "1 article", "3 articles", "16,892 articles" (grouped the same on every machine).
    static func counted(_ n: Int, _ one: String, _ many: String) -> String {
        var digits = String(n.magnitude)
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i))
            i -= 3
        }
        return (n < 0 ? "-" : "") + digits + " " + (n == 1 ? one : many)
    }

    /// Whether a channel's own page says something besides lists of its
    /// videos: a line that is not blank, a heading or a list item.
    ///
    /// Lines of ASCII (nearly all) are read as bytes; a line with any other
    /// byte is read as Characters, as before (a channel page is up to 60 kB,
    /// and reading every one as Characters was a tenth of the render stage).
    static func hasProse(_ markdown: String) -> Bool {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                var end = i, ascii = true
                // \n, \v, \f, \r: the ASCII newlines (a newline Character never holds another byte but \r\n).
                while end < bytes.count, !(0x0A...0x0D).contains(bytes[end]) {
                    if bytes[end] >= 0x80 { ascii = false }
                    end += 1
                }
                if end > i {
                    let line = UnsafeBufferPointer(rebasing: bytes[i..<end])
                    if ascii ? asciiProse(line) : characterProse(String(decoding: line, as: UTF8.self)) { return true }
                }
                i = end + 1
            }
            return false
        }
    }

    /// `characterProse` for a line of ASCII.
    private static func asciiProse(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        let first = line[start]
        if first == UInt8(ascii: "#") || first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") { return false }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if isDigit(first), let after = line[start...].firstIndex(where: { !isDigit($0) }),
           line[after] == UInt8(ascii: ".") || line[after] == UInt8(ascii: ")") { return false }
        return true
    }

    private static func characterProse(_ markdown: String) -> Bool {
        markdown.split(whereSeparator: \.isNewline).contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard let first = t.first else { return false }
            if "#-*+".contains(first) { return false }
            if first.isNumber, let dot = t.firstIndex(where: { !$0.isNumber }), ".)".contains(t[dot]) { return false }
            return true
        }
    }
}
