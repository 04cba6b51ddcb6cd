import Mustache

/// Fills the placeholders Parse left in an article's HTML with real links.
///
/// `href="wikisite:L3"` becomes the relative URL of the page the fourth wiki
/// link resolved to (with a class saying what kind of page it is), and
/// `<a href="wikisite:T0"></a>` becomes a link to the video at the cited
/// second. One pass over the bytes.
struct BodyFiller {
    /// Relative href and class for each wiki link; nil renders its label as plain text.
    var links: [(href: String, cssClass: String)?]
    /// The second each timestamp opens the video at (nil when it cannot be
    /// read sensibly), and the time as the article wrote it.
    var timestamps: [(seconds: Int?, written: String)]
    var videoID: String?

    static let marker = Array("wikisite:".utf8)

    func fill(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var i = 0
        let openTag = Array("<a href=\"".utf8)
        while i < bytes.count {
            // Find the next `<a href="wikisite:`.
            guard let start = find(openTag + Self.marker, in: bytes, from: i) else {
                out.append(contentsOf: bytes[i...])
                break
            }
            out.append(contentsOf: bytes[i..<start])
            var j = start + openTag.count + Self.marker.count
            let kind = bytes[j]
            j += 1
            var number = 0
            while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                number = number * 10 + Int(bytes[j] - 0x30)
                j += 1
            }
            // j is at the closing quote of the href.
            guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else {
                out.append(contentsOf: bytes[start..<j])
                i = j
                continue
            }
            j += 1
            if kind == UInt8(ascii: "T") {
                // `<a href="wikisite:T0"></a>` → the whole anchor.
                let close = Array("></a>".utf8)
                let end = bytes[j...].starts(with: close) ? j + close.count : j
                out.append(contentsOf: timestampHTML(number).utf8)
                i = end
            } else {
                if number < links.count, let link = links[number] {
                    out.append(contentsOf: "<a href=\"\(HTMLEscape.attribute(link.href))\" class=\"\(link.cssClass)\"".utf8)
                    i = j  // the rest of the tag (`>`) and the label follow
                } else {
                    // A picture the wiki does not have: say so, never a broken image.
                    out.append(contentsOf: MissingImage.embedTagStart.utf8)
                    i = j
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func timestampHTML(_ n: Int) -> String {
        guard n < timestamps.count else { return "" }
        guard let seconds = timestamps[n].seconds, let id = videoID else {
            return "<span class=\"ts-bad\">" + HTMLEscape.text(timestamps[n].written) + "</span>"
        }
        let href = HTMLEscape.attribute(SiteURL.youtube(id, seconds: seconds))
        return "<a class=\"ts\" href=\"\(href)\">\(TimeReader.display(seconds))</a>"
    }

    func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// An article's body as its page shows it, filled when the page is rendered:
/// a page the previous site already holds with the same key is taken as it is,
/// and its body is then never read back from the scratch file nor filled.
/// Its part of the key is the body's hash (taken as Parse stored it) and
/// everything the filler puts in.
struct FilledBody: DeferredText {
    let filler: BodyFiller
    let bodies: BodyText
    let source: SourceID

    var renderText: String { filler.fill(bodies[source]) }

    func addKey(to h: inout PageKey.Mix) {
        h.word(7)
        h.word(bodies.key(source))
        h.word(UInt64(filler.links.count))
        for link in filler.links {
            if let link {
                h.add(link.href)
                h.add(link.cssClass)
            } else {
                h.word(0)
            }
        }
        h.word(UInt64(filler.timestamps.count))
        for t in filler.timestamps {
            h.word(t.seconds.map { UInt64($0) &+ 1 } ?? 0)
            h.add(t.written)
        }
        if let id = filler.videoID { h.add(id) } else { h.word(0) }
    }
}
