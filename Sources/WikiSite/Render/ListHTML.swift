/// Long lists written straight to HTML.
///
/// swift-mustache's cost is per variable, so a page with hundreds of list
/// items (a video's timeline, a topic's mentions, a channel's videos) spends
/// most of its time in the template engine. Those lists are written here,
/// escaped, and the templates place them with `{{{…}}}`.
enum ListHTML {
    /// `<li><a href="url">title</a> extra</li>` for each item.
    static func links(_ items: [(title: String, url: String)]) -> String {
        var out = ""
        out.reserveCapacity(items.count * 96)
        for item in items {
            out += "<li><a href=\""
            out += HTMLEscape.attribute(item.url)
            out += "\">"
            out += HTMLEscape.text(item.title)
            out += "</a></li>\n"
        }
        return out
    }

    /// The timeline of a video, in time order. Consecutive moments from the
    /// same article share one row: `1:14, 1:30 — Article`.
    static func moments(_ items: [(time: String, momentURL: String, title: String, url: String)]) -> String {
        var out = ""
        out.reserveCapacity(items.count * 120)
        var i = 0
        while i < items.count {
            var j = i
            out += "<li>"
            while j < items.count && items[j].url == items[i].url {
                if j > i { out += ", " }
                // Appended piece by piece: a `+` chain makes a string per step (a video page
                // lists every cited moment of its articles).
                out += "<a class=\"ts\" href=\""
                out += HTMLEscape.attribute(items[j].momentURL)
                out += "\">"
                out += items[j].time
                out += "</a>"
                j += 1
            }
            out += " — <a href=\""
            out += HTMLEscape.attribute(items[i].url)
            out += "\">"
            out += HTMLEscape.text(items[i].title)
            out += "</a></li>\n"
            i = j
        }
        return out
    }

    /// A topic's mentions: the linking article and the sentence around the link.
    static func mentions(_ items: [(title: String, url: String, channel: String, sentence: String)]) -> String {
        var out = ""
        for item in items {
            out += "<li><a href=\"" + HTMLEscape.attribute(item.url) + "\">" + HTMLEscape.text(item.title) + "</a> <span class=\"count\">"
            out += HTMLEscape.text(item.channel) + "</span><blockquote>" + HTMLEscape.text(item.sentence) + "</blockquote></li>\n"
        }
        return out
    }
}
