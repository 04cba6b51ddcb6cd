import CMarkGFM

/// Timestamps: every form the articles write a cited moment in becomes
/// `<a href="wikisite:T<n>"></a>`, or stays text (reported) when no time
/// can be read from it. What counts as a time is `TimestampSyntax`'s.
extension InlineRewriter {
    /// `<a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a>`, in any of
    /// its broken spellings: the open tag, the text, and `</a>` become one
    /// placeholder. Returns the node to continue from, or nil if `node` is
    /// not a timestamp anchor.
    mutating func timestampAnchor(_ node: OpaquePointer) -> OpaquePointer?? {
        let tag = CMarkNode.literal(node)
        guard TimestampSyntax.isOpenTag(tag[...]) else { return nil }
        // Gather the anchor's text up to `</a>` (a few nodes at most).
        var inner = ""
        var end: OpaquePointer? = nil
        var cursor = cmark_node_next(node)
        var steps = 0
        while let c = cursor, steps < 6 {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_HTML_INLINE && CMarkNode.isCloseAnchor(c) {
                end = c
                break
            }
            guard type == CMARK_NODE_TEXT || type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG else { break }
            inner += CMarkNode.plainText(c)
            cursor = cmark_node_next(c)
            steps += 1
        }
        let time = TimestampSyntax.timeInTag(tag) ?? TimeReader.read(inner[...])
        let (line, column) = position(node)
        let replacement = makeTimestamp(time, line: line, column: column, original: inner.isEmpty ? tag : inner)
        cmark_node_insert_before(node, replacement)
        // Remove the open tag, the text and the close tag.
        var remove: OpaquePointer? = node
        let stop = end.flatMap { cmark_node_next($0) } ?? (end == nil ? cmark_node_next(node) : nil)
        while let r = remove, r != stop {
            let next = cmark_node_next(r)
            cmark_node_unlink(r)
            cmark_node_free(r)
            if end == nil { break }
            remove = next
        }
        return .some(end == nil ? cmark_node_next(replacement) : stop)
    }

    /// Timestamp anchors inside a block of raw HTML (`<div class="callout">…
    /// <a class="yt-timestamp" …>…</a>…</div>`) become placeholders in its
    /// text; the sanitiser still reads the whole block afterwards.
    mutating func timestampsInHTMLBlock(_ node: OpaquePointer) {
        let html = CMarkNode.literal(node)
        guard html.containsBytes("data") else { return }
        var out = ""
        var rest = html[...]
        var changed = false
        let (line, column) = position(node)
        while let open = rest.firstRange(of: "<a ") ?? rest.firstRange(of: "<A ") {
            guard let tagEnd = rest[open.lowerBound...].prefix(400).firstIndex(of: ">") else { break }
            let tag = rest[open.lowerBound...tagEnd]
            guard TimestampSyntax.isOpenTag(tag), let close = rest[tagEnd...].prefix(80).firstRange(of: "</a>") else {
                out += rest[..<rest.index(after: tagEnd)]
                rest = rest[rest.index(after: tagEnd)...]
                continue
            }
            let inner = rest[rest.index(after: tagEnd)..<close.lowerBound]
            guard let time = TimestampSyntax.timeInTag(String(tag)) ?? TimeReader.read(inner) else {
                out += rest[..<close.upperBound]
                rest = rest[close.upperBound...]
                continue
            }
            out += rest[..<open.lowerBound]
            timestamps.append(CitedTimestamp(time: time, line: line, column: column, form: .anchor))
            out += "<a href=\"wikisite:T\(timestamps.count - 1)\"></a>"
            rest = rest[close.upperBound...]
            changed = true
        }
        if changed {
            out += rest
            CMarkNode.setLiteral(node, out)
        }
    }

    /// `[00:06:02]( )`, `[01:12:16](#12:16)`, `[x](https://youtube.com/watch?v=…&t=90)`.
    mutating func timestampLink(_ node: OpaquePointer) -> OpaquePointer?? {
        let text = CMarkNode.plainText(node).cleanedLabel
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        var time: CitedTime?
        if TimestampSyntax.isTimeText(text[...]) {
            time = TimeReader.read(text[...])
        } else if url.containsBytes("youtu"), let t = TimestampSyntax.youtubeTime(url) {
            time = t
        } else {
            return nil
        }
        let (line, column) = position(node)
        let replacement = makeTimestamp(time, line: line, column: column, original: text, form: .link)
        cmark_node_insert_before(node, replacement)
        let next = cmark_node_next(node)
        cmark_node_unlink(node)
        cmark_node_free(node)
        return .some(next)
    }

    /// A placeholder node for a readable time, or the original text for one
    /// that cannot be read (reported, never a wrong link).
    mutating func makeTimestamp(_ time: CitedTime?, line: Int, column: Int, original: String,
                                        form: CitedTimestamp.Form = .anchor) -> OpaquePointer {
        guard let time else {
            malformed.append((line, column, original))
            return CMarkNode.make(CMARK_NODE_TEXT, original)
        }
        timestamps.append(CitedTimestamp(time: time, line: line, column: column, form: form))
        let node = CMarkNode.make(CMARK_NODE_HTML_INLINE, "<a href=\"wikisite:T\(timestamps.count - 1)\"></a>")
        placeholderNodes.insert(node)
        return node
    }

    /// `[00:00:45]`, `[01:01:59, 01:04:25]`, `(00:30:53)`: each time a link.
    mutating func plainTimes(_ node: OpaquePointer, literal: String, open: String.Index, paren: Bool) -> OpaquePointer?? {
        let closeChar: Character = paren ? ")" : "]"
        let contentStart = literal.index(after: open)
        guard let close = literal[contentStart...].prefix(200).firstIndex(of: closeChar) else { return nil }
        let content = literal[contentStart..<close]
        let pieces = content.split(separator: ",", omittingEmptySubsequences: false)
        guard pieces.allSatisfy({ TimestampSyntax.isTimeText($0) }) else { return nil }
        // `[00:06:02](url)` was a link; a bracket followed by `(` here is just text.
        let (line, column) = position(node)
        CMarkNode.setLiteral(node, String(literal[..<open]) + (paren ? "(" : ""))
        var last = node
        for (i, piece) in pieces.enumerated() {
            if i > 0 {
                let sep = CMarkNode.make(CMARK_NODE_TEXT, ", ")
                cmark_node_insert_after(last, sep)
                last = sep
            }
            let ts = makeTimestamp(TimeReader.read(piece), line: line, column: column, original: String(piece), form: .plain)
            cmark_node_insert_after(last, ts)
            last = ts
        }
        let after = CMarkNode.make(CMARK_NODE_TEXT, (paren ? ")" : "") + String(literal[literal.index(after: close)...]))
        cmark_node_insert_after(last, after)
        return .some(after)
    }

    /// An anchor whose markup is too broken for cmark to see a tag
    /// (`<a class="yt-timestamp" data-t="00:13:30>[00:13:30]</a>`), left in text.
    mutating func brokenAnchor(_ node: OpaquePointer, literal: String, open: String.Index) -> OpaquePointer?? {
        let rest = literal[open...]
        guard let tagEnd = rest.prefix(200).firstIndex(of: ">") else { return nil }
        let tag = rest[rest.startIndex...tagEnd]
        guard TimestampSyntax.isOpenTag(tag) else { return nil }
        var afterTag = literal[literal.index(after: tagEnd)...]
        var innerText = Substring("")
        if let closeA = afterTag.prefix(60).firstRange(of: "</a") {
            innerText = afterTag[..<closeA.lowerBound]
            let closeEnd = afterTag[closeA.upperBound...].firstIndex(of: ">").map { afterTag.index(after: $0) } ?? closeA.upperBound
            afterTag = afterTag[closeEnd...]
        } else if afterTag.hasPrefix("["), let bracket = afterTag.prefix(20).firstIndex(of: "]") {
            innerText = afterTag[...bracket]
            afterTag = afterTag[afterTag.index(after: bracket)...]
        }
        let time = TimestampSyntax.timeInTag(String(tag)) ?? TimeReader.read(innerText)
        let (line, column) = position(node)
        CMarkNode.setLiteral(node, String(literal[..<open]))
        let ts = makeTimestamp(time, line: line, column: column, original: String(innerText.isEmpty ? tag : innerText))
        cmark_node_insert_after(node, ts)
        var afterText = String(afterTag)
        // A `</a>` cmark did recognise follows as its own node.
        if afterText.isEmpty, let next = cmark_node_next(ts), cmark_node_get_type(next) == CMARK_NODE_HTML_INLINE,
            CMarkNode.literal(next).lowercased().hasPrefix("</a")
        {
            cmark_node_unlink(next)
            cmark_node_free(next)
        }
        if afterText.hasPrefix("</a>") { afterText.removeFirst(4) }
        let after = CMarkNode.make(CMARK_NODE_TEXT, afterText)
        cmark_node_insert_after(ts, after)
        return .some(after)
    }
}
