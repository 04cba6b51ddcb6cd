import Mustache

/// A part of a page that is made only when the page is rendered: an
/// article's body with its links filled in, the drawing of its neighbours,
/// a list of links. Its part of the page's key (`PageKey`) is made from what
/// it is made of (titles, paths, seconds), which is less than what it makes,
/// so a rebuild that finds a page's key unchanged takes the page from the
/// previous site without ever making the part.
///
/// To a template it is its text, as a String value was (`TextValue`).
protocol DeferredText: TextValue {
    /// Adds everything the text is made of (and a tag of its kind) to a page's key.
    func addKey(to h: inout PageKey.Mix)
}

/// Links to articles as list items (`ListHTML.links`), each URL relative to `page`.
struct ArticleLinks: DeferredText {
    let page: String
    /// Each article's title and output path.
    let items: [(title: String, path: String)]

    var renderText: String { ListHTML.links(items.map { ($0.title, SiteURL.relative(from: page, to: $0.path)) }) }

    func addKey(to h: inout PageKey.Mix) {
        h.word(8)
        h.add(page)
        h.word(UInt64(items.count))
        for item in items {
            h.add(item.title)
            h.add(item.path)
        }
    }
}

/// A video's timeline (`ListHTML.moments`): each cited moment, with the
/// article citing it.
struct MomentList: DeferredText {
    let page: String
    let videoID: String
    let items: [(seconds: Int, title: String, path: String)]

    var renderText: String {
        // An article's moments come one after another: its URL is worked out once for them all.
        var lastPath: String?, lastURL = ""
        return ListHTML.moments(items.map { item in
            if item.path != lastPath { (lastPath, lastURL) = (item.path, SiteURL.relative(from: page, to: item.path)) }
            return (TimeReader.display(item.seconds), SiteURL.youtube(videoID, seconds: item.seconds), item.title, lastURL)
        })
    }

    func addKey(to h: inout PageKey.Mix) {
        h.word(9)
        h.add(page)
        h.add(videoID)
        h.word(UInt64(items.count))
        for item in items {
            h.word(UInt64(bitPattern: Int64(item.seconds)))
            h.add(item.title)
            h.add(item.path)
        }
    }
}

/// A topic's mentions (`ListHTML.mentions`): each linking article, its
/// channel and the sentence around the link.
struct MentionList: DeferredText {
    let page: String
    let items: [(title: String, path: String, channel: String, sentence: String)]

    var renderText: String {
        ListHTML.mentions(items.map { ($0.title, SiteURL.relative(from: page, to: $0.path), $0.channel, $0.sentence) })
    }

    func addKey(to h: inout PageKey.Mix) {
        h.word(10)
        h.add(page)
        h.word(UInt64(items.count))
        for item in items {
            h.add(item.title)
            h.add(item.path)
            h.add(item.channel)
            h.add(item.sentence)
        }
    }
}

/// The drawing of an article's neighbours (`LocalGraph`).
struct GraphDrawing: DeferredText {
    let page: String
    /// The article's own title.
    let title: String
    let neighbours: [(title: String, path: String, relation: LocalGraph.Relation)]

    var renderText: String { LocalGraph.draw(self) }

    func addKey(to h: inout PageKey.Mix) {
        h.word(11)
        h.add(page)
        h.add(title)
        h.word(UInt64(neighbours.count))
        for n in neighbours {
            h.add(n.title)
            h.add(n.path)
            h.add(n.relation.rawValue)
        }
    }
}
