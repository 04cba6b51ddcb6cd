import CMarkGFM
import Foundation

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

/// Rewrites the inline content of a parsed document: wiki links and
/// timestamps become placeholder anchors that later stages fill in.
///
/// It works on cmark-gfm's tree, so nothing inside code spans or code blocks
/// is touched (their text is not a text node). A placeholder is a link with
/// the scheme `wikisite:` (`wikisite:L3` is the article's fourth wiki link,
/// `wikisite:T0` its first timestamp), which Link resolves and Render fills in
/// once every article is known: where a wiki link lands, and what a cited
/// time really means, depend on the other articles.
struct InlineRewriter {
    private(set) var links: [WikiLink] = []
    private(set) var timestamps: [CitedTimestamp] = []
    /// The plain text of each block that holds a link, and which block each link is in.
    private(set) var blockTexts: [String] = []
    private(set) var linkBlockIndex: [Int] = []
    /// Timestamps that could not be read, reported and left as text.
    private(set) var malformed: [(line: Int, column: Int, text: String)] = []
    /// The line where blocks nest deeper than any reader needs, if they do.
    private(set) var deepNesting: Int?
    static let maxDepth = 64
    /// Raw HTML of the article's own remains after the rewrite.
    private(set) var sawRawHTML = false
    /// Nodes this pass made that hold a timestamp placeholder.
    private var placeholderNodes: Set<OpaquePointer> = []
    /// Every raw-HTML node this pass made (link open and close tags).
    private var madeNodes: Set<OpaquePointer> = []
    /// The block each link stands in, for the sentence around it.
    private var linkBlocks: [OpaquePointer?] = []
    let bodyFirstLine: Int

    init(bodyFirstLine: Int) {
        self.bodyFirstLine = bodyFirstLine
    }

    mutating func rewrite(_ root: OpaquePointer) {
        // An explicit stack, not recursion: hostile input nests thousands deep.
        var stack: [OpaquePointer] = [root]
        var depths: [Int] = [0]
        while let node = stack.popLast() {
            let depth = depths.removeLast()
            if depth > Self.maxDepth && deepNesting == nil { deepNesting = position(node).0 }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_LINK
                || type == CMARK_NODE_IMAGE || type == CMARK_NODE_CODE
            {
                continue
            }
            rewriteChildren(of: node)
            // Children go on the stack last-first, so the document is read in order.
            var child = cmark_node_last_child(node)
            while let c = child {
                if cmark_node_first_child(c) != nil {
                    stack.append(c)
                    depths.append(depth + 1)
                } else if cmark_node_get_type(c) == CMARK_NODE_HTML_BLOCK {
                    timestampsInHTMLBlock(c)
                }
                child = cmark_node_previous(c)
            }
        }
        vetLinksAndImages(root)
        sawRawHTML = hasForeignHTML(root)
        var seen: [OpaquePointer: Int] = [:]
        linkBlockIndex = linkBlocks.enumerated().map { i, block in
            guard let block else {
                blockTexts.append(links[i].label)
                return blockTexts.count - 1
            }
            if let known = seen[block] { return known }
            blockTexts.append(Self.plainText(block))
            seen[block] = blockTexts.count - 1
            return blockTexts.count - 1
        }
    }

    /// The headings in document order, with their level and text.
    private(set) var headings: [(level: Int, text: String)] = []

    /// Markdown links and images whose URL a reader should not follow become
    /// text (`[x](javascript:…)`), and images that are not on the web become
    /// a visible note, never a broken image. The headings are collected on
    /// the way.
    private mutating func vetLinksAndImages(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        var unwrap: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        var wiki: [(OpaquePointer, String)] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                if HTMLPolicy.safeURL(url, forImage: false) == nil {
                    unwrap.append(node)
                } else if Self.isSiteRelative(url) {
                    wiki.append((node, url))
                }
            } else if type == CMARK_NODE_IMAGE {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                if HTMLPolicy.safeURL(url, forImage: true) == nil { images.append(node) }
            } else if type == CMARK_NODE_HEADING {
                headings.append((Int(cmark_node_get_heading_level(node)), Self.plainText(node).cleanedLabel))
            }
        }
        cmark_iter_free(iterator)
        // `[label](some_article)` and `[label](#Heading)` name pages and
        // sections of the wiki: they resolve like wiki links.
        for (node, url) in wiki {
            var target = Substring(url)
            var fragment: String?
            if let hash = target.firstIndex(of: "#") {
                fragment = String(target[target.index(after: hash)...]).removingPercentEncodingSafe.cleanedLabel
                target = target[..<hash]
            }
            var name = String(target).removingPercentEncodingSafe
            while name.hasSuffix("/") { name.removeLast() }
            for ext in [".md", ".html", "/index.html"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
            name = String(name.split(separator: "/").last ?? "").cleanedLabel
            let label = Self.plainText(node).cleanedLabel
            let (line, column) = position(node)
            let index = record(WikiLink(target: name, fragment: fragment?.isEmpty == true ? nil : fragment,
                                        label: label.isEmpty ? name : label, isEmbed: false, line: line, column: column),
                               block: Self.enclosingBlock(of: node))
            cmark_node_insert_before(node, made("<a href=\"wikisite:L\(index)\">"))
            while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
            cmark_node_insert_before(node, made("</a>"))
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for node in unwrap {
            while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for node in images {
            let alt = Self.plainText(node).cleanedLabel
            var note: [UInt8] = Array("<span class=\"missing-image\">".utf8)
            HTMLEscape.appendText(alt.isEmpty ? "image not available" : "image: \(alt)", to: &note)
            note += Array("</span>".utf8)
            cmark_node_insert_before(node, made(String(decoding: note, as: UTF8.self)))
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// A URL with no scheme and no host: a path or a fragment within the site.
    static func isSiteRelative(_ url: String) -> Bool {
        if url.isEmpty || url.hasPrefix("//") { return false }
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return false }
        return true
    }

    /// Whether any raw HTML in the tree is the article's own, not ours. The
    /// whole tree is walked, links and images included: markup inside a
    /// link's text is markup all the same.
    private func hasForeignHTML(_ root: OpaquePointer) -> Bool {
        guard let iterator = cmark_iter_new(root) else { return true }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK)
                && !madeNodes.contains(node) && !placeholderNodes.contains(node)
            {
                return true
            }
        }
        return false
    }

    // MARK: - One container's inlines

    private mutating func rewriteChildren(of parent: OpaquePointer) {
        // Timestamp anchors first, so a wiki link whose label holds one sees
        // a finished timestamp and can move it out of the label.
        var child = cmark_node_first_child(parent)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HTML_INLINE {
                child = timestampAnchor(node) ?? cmark_node_next(node)
            } else if type == CMARK_NODE_LINK {
                child = timestampLink(node) ?? cmark_node_next(node)
            } else {
                child = cmark_node_next(node)
            }
        }
        let block = Self.enclosingBlock(of: parent)
        child = cmark_node_first_child(parent)
        while let node = child {
            child = cmark_node_get_type(node) == CMARK_NODE_TEXT ? text(node, block: block) : cmark_node_next(node)
        }
    }

    // MARK: - Timestamps

    /// `<a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a>`, in any of
    /// its broken spellings: the open tag, the text, and `</a>` become one
    /// placeholder. Returns the node to continue from, or nil if `node` is
    /// not a timestamp anchor.
    private mutating func timestampAnchor(_ node: OpaquePointer) -> OpaquePointer?? {
        let tag = Self.literal(node)
        guard Self.isTimestampOpenTag(tag[...]) else { return nil }
        // Gather the anchor's text up to `</a>` (a few nodes at most).
        var inner = ""
        var end: OpaquePointer? = nil
        var cursor = cmark_node_next(node)
        var steps = 0
        while let c = cursor, steps < 6 {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_HTML_INLINE && Self.literal(c).lowercased().hasPrefix("</a") {
                end = c
                break
            }
            guard type == CMARK_NODE_TEXT || type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG else { break }
            inner += Self.plainText(c)
            cursor = cmark_node_next(c)
            steps += 1
        }
        let time = Self.timeInTag(tag) ?? TimeReader.read(inner[...])
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
    private mutating func timestampsInHTMLBlock(_ node: OpaquePointer) {
        let html = Self.literal(node)
        guard html.containsBytes("data") else { return }
        var out = ""
        var rest = html[...]
        var changed = false
        let (line, column) = position(node)
        while let open = rest.firstRange(of: "<a ") ?? rest.firstRange(of: "<A ") {
            guard let tagEnd = rest[open.lowerBound...].prefix(400).firstIndex(of: ">") else { break }
            let tag = rest[open.lowerBound...tagEnd]
            guard Self.isTimestampOpenTag(tag), let close = rest[tagEnd...].prefix(80).firstRange(of: "</a>") else {
                out += rest[..<rest.index(after: tagEnd)]
                rest = rest[rest.index(after: tagEnd)...]
                continue
            }
            let inner = rest[rest.index(after: tagEnd)..<close.lowerBound]
            guard let time = Self.timeInTag(String(tag)) ?? TimeReader.read(inner) else {
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
            Self.setLiteral(node, out)
        }
    }

    /// `[00:06:02]( )`, `[01:12:16](#12:16)`, `[x](https://youtube.com/watch?v=…&t=90)`.
    private mutating func timestampLink(_ node: OpaquePointer) -> OpaquePointer?? {
        let text = Self.plainText(node).cleanedLabel
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        var time: CitedTime?
        if Self.isTimeText(text[...]) {
            time = TimeReader.read(text[...])
        } else if url.containsBytes("youtu"), let t = Self.youtubeTime(url) {
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
    private mutating func makeTimestamp(_ time: CitedTime?, line: Int, column: Int, original: String,
                                        form: CitedTimestamp.Form = .anchor) -> OpaquePointer {
        guard let time else {
            malformed.append((line, column, original))
            return Self.newNode(CMARK_NODE_TEXT, original)
        }
        timestamps.append(CitedTimestamp(time: time, line: line, column: column, form: form))
        let node = Self.newNode(CMARK_NODE_HTML_INLINE, "<a href=\"wikisite:T\(timestamps.count - 1)\"></a>")
        placeholderNodes.insert(node)
        return node
    }

    static func isTimestampOpenTag(_ tag: Substring) -> Bool {
        guard tag.count < 400 else { return false }
        let lower = tag.lowercased()
        return lower.hasPrefix("<a") && (lower.containsBytes("data-t") || lower.containsBytes("data=") || lower.containsBytes("yt"))
            && !lower.containsBytes("href=\"http")
    }

    static func timeInTag(_ tag: String) -> CitedTime? {
        guard let data = tag.firstRange(of: "data") else { return nil }
        var rest = tag[data.upperBound...]
        guard let quoteOrEquals = rest.firstIndex(where: { $0 == "=" }) else { return nil }
        rest = rest[rest.index(after: quoteOrEquals)...]
        // The time must come right after the attribute's opening quote.
        let value = rest.drop(while: { $0 == "\"" || $0 == "'" || $0 == " " || $0 == "t" || $0 == "=" })
        guard let first = value.first, first.isASCII, first.isNumber else { return nil }
        return TimeReader.read(value)
    }

    /// Text that is only a time: `00:06:02`, `1:14`, `[00:06:02]`.
    static func isTimeText(_ text: Substring) -> Bool {
        var sawColon = false, sawDigit = false, inCore = false, trailing = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: " "):
                if inCore { trailing = true }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if trailing { return false }
                sawDigit = true
                inCore = true
            case UInt8(ascii: ":"):
                if trailing { return false }
                sawColon = true
                inCore = true
            default:
                return false
            }
        }
        return sawColon && sawDigit
    }

    static func youtubeTime(_ url: String) -> CitedTime? {
        guard let t = url.firstRange(of: "t=") else { return nil }
        let value = url[t.upperBound...].prefix { $0 != "&" && $0 != "#" }
        if value.allSatisfy({ $0.isASCII && $0.isNumber }) || value.hasSuffix("s") && value.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) {
            return TimeReader.read(value)
        }
        // 1h02m03s, 00m01s
        var total = 0, current = 0, sawUnit = false
        for ch in value {
            if let d = ch.wholeNumberValue { current = current * 10 + d; continue }
            switch ch {
            case "h": total += current * 3600
            case "m": total += current * 60
            case "s": total += current
            default:
                // `t=00:00:50`
                return TimeReader.read(value)
            }
            current = 0
            sawUnit = true
        }
        return sawUnit ? TimeReader.make([total]) : nil
    }

    // MARK: - Text: wiki links and plain timestamps

    /// Rewrites one text node; returns the node to continue from.
    private mutating func text(_ node: OpaquePointer, block: OpaquePointer?) -> OpaquePointer? {
        let literal = Self.literal(node)
        guard let (start, kind) = Self.firstSpecial(in: literal) else { return cmark_node_next(node) }
        switch kind {
        case .wikiLink:
            return wikiLink(node, literal: literal, open: start, block: block) ?? splitAfter(node, literal, start, skip: 2)
        case .bracketTime, .parenTime:
            return plainTimes(node, literal: literal, open: start, paren: kind == .parenTime)
                ?? splitAfter(node, literal, start, skip: 1)
        case .brokenAnchor:
            return brokenAnchor(node, literal: literal, open: start) ?? splitAfter(node, literal, start, skip: 2)
        }
    }

    enum Special { case wikiLink, bracketTime, parenTime, brokenAnchor }

    /// The first place in `text` where something of interest may start.
    static func firstSpecial(in text: String) -> (String.Index, Special)? {
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let c = utf8[i]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || c == UInt8(ascii: "<") {
                let next = utf8.index(after: i)
                if next < utf8.endIndex {
                    let n = utf8[next]
                    let isDigit = n >= 0x30 && n <= 0x39
                    if c == UInt8(ascii: "[") {
                        if n == UInt8(ascii: "[") { return (i, .wikiLink) }
                        if isDigit { return (i, .bracketTime) }
                    } else if c == UInt8(ascii: "(") {
                        if isDigit && utf8[next...].prefix(9).contains(UInt8(ascii: ":")) { return (i, .parenTime) }
                    } else if n == UInt8(ascii: "a") || n == UInt8(ascii: "A") {
                        let after = utf8.index(after: next)
                        if after < utf8.endIndex && utf8[after] == UInt8(ascii: " ") { return (i, .brokenAnchor) }
                    }
                }
            }
            i = utf8.index(after: i)
        }
        return nil
    }

    /// Not a link after all: keep the text up to and including the opener,
    /// and carry on after it in a new text node.
    private func splitAfter(_ node: OpaquePointer, _ literal: String, _ start: String.Index, skip: Int) -> OpaquePointer? {
        let cut = literal.index(start, offsetBy: skip, limitedBy: literal.endIndex) ?? literal.endIndex
        let rest = String(literal[cut...])
        if rest.isEmpty { return cmark_node_next(node) }
        Self.setLiteral(node, String(literal[..<cut]))
        let after = Self.newNode(CMARK_NODE_TEXT, rest)
        cmark_node_insert_after(node, after)
        return after
    }

    /// `[[target | label]]`, within one text node or with a label that runs
    /// over several inline nodes (`[[t | <a …>[00:12:00]</a>]]`, `[[t | **x**]]`).
    private mutating func wikiLink(_ node: OpaquePointer, literal: String, open: String.Index, block: OpaquePointer?) -> OpaquePointer?? {
        let innerStart = literal.index(open, offsetBy: 2)
        var before = String(literal[..<open])
        var isEmbed = false
        if before.hasSuffix("!") {
            isEmbed = true
            before.removeLast()
        }
        let (line, column) = position(node)
        if let close = literal.firstRange(of: "]]", from: innerStart) {
            let inner = literal[innerStart..<close.lowerBound]
            // `[[a [[b]]`: the outer opener is text; the inner one is the link.
            if let nested = inner.firstRange(of: "[[") {
                return .some(splitAt(node, literal, nested.lowerBound))
            }
            guard let parts = WikiLink.split(inner) else { return nil }
            let label = parts.label ?? WikiLink.displayText(target: parts.target, fragment: parts.fragment)
            let index = record(WikiLink(target: parts.target, fragment: parts.fragment, label: label, isEmbed: isEmbed, line: line, column: column), block: block)
            Self.setLiteral(node, before)
            let openNode = made("<a href=\"wikisite:L\(index)\">")
            let labelNode = Self.newNode(CMARK_NODE_TEXT, label)
            let closeNode = made("</a>")
            let after = Self.newNode(CMARK_NODE_TEXT, String(literal[close.upperBound...]))
            cmark_node_insert_after(node, openNode)
            cmark_node_insert_after(openNode, labelNode)
            cmark_node_insert_after(labelNode, closeNode)
            cmark_node_insert_after(closeNode, after)
            return .some(after)
        }
        // The label runs over more nodes: the target and the pipe must be here.
        let inner = literal[innerStart...]
        guard let pipe = inner.firstIndex(of: "|"), !inner.contains("[") else { return nil }
        var labelNodes: [OpaquePointer] = []
        var cursor = cmark_node_next(node)
        var closing: (OpaquePointer, Range<String.Index>, String)?
        while let c = cursor, labelNodes.count < 8 {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { return nil }
            if type == CMARK_NODE_TEXT {
                let text = Self.literal(c)
                if let r = text.firstRange(of: "]]") {
                    if text[..<r.lowerBound].containsBytes("[[") { return nil }
                    closing = (c, r, text)
                    break
                }
                if text.containsBytes("[[") { return nil }
            }
            labelNodes.append(c)
            cursor = cmark_node_next(c)
        }
        guard let (closeNode, closeRange, closeText) = closing,
            let parts = WikiLink.split(inner[..<pipe] + "|x")
        else { return nil }
        let labelStart = String(inner[inner.index(after: pipe)...])
        let labelEnd = String(closeText[..<closeRange.lowerBound])
        // A timestamp inside a label would nest one link in another: it moves
        // out, after the link.
        let moved = labelNodes.filter { placeholderNodes.contains($0) }
        var labelText = (labelStart + labelNodes.filter { !placeholderNodes.contains($0) }.map(Self.plainText).joined() + labelEnd).cleanedLabel
        if labelText.isEmpty { labelText = WikiLink.displayText(target: parts.target, fragment: parts.fragment) }
        let index = record(WikiLink(target: parts.target, fragment: parts.fragment, label: labelText, isEmbed: isEmbed, line: line, column: column), block: block)

        for m in moved { cmark_node_unlink(m) }
        Self.setLiteral(node, before)
        let openNode = made("<a href=\"wikisite:L\(index)\">")
        cmark_node_insert_after(node, openNode)
        let startText = labelStart.cleanedLabel
        let endText = labelEnd.cleanedLabel
        let keptLabel = labelNodes.filter { !placeholderNodes.contains($0) }
        if !startText.isEmpty {
            cmark_node_insert_after(openNode, Self.newNode(CMARK_NODE_TEXT, startText))
        } else if keptLabel.isEmpty && endText.isEmpty {
            cmark_node_insert_after(openNode, Self.newNode(CMARK_NODE_TEXT, labelText))
        }
        // The label's own nodes already stand here; close the link before the closing text.
        if !endText.isEmpty { cmark_node_insert_before(closeNode, Self.newNode(CMARK_NODE_TEXT, endText)) }
        cmark_node_insert_before(closeNode, made("</a>"))
        for m in moved {
            cmark_node_insert_before(closeNode, Self.newNode(CMARK_NODE_TEXT, " "))
            cmark_node_insert_before(closeNode, m)
        }
        Self.setLiteral(closeNode, String(closeText[closeRange.upperBound...]))
        return .some(closeNode)
    }

    private func splitAt(_ node: OpaquePointer, _ literal: String, _ at: String.Index) -> OpaquePointer? {
        Self.setLiteral(node, String(literal[..<at]))
        let after = Self.newNode(CMARK_NODE_TEXT, String(literal[at...]))
        cmark_node_insert_after(node, after)
        return after
    }

    private mutating func record(_ link: WikiLink, block: OpaquePointer?) -> Int {
        links.append(link)
        linkBlocks.append(block)
        return links.count - 1
    }

    /// `[00:00:45]`, `[01:01:59, 01:04:25]`, `(00:30:53)`: each time a link.
    private mutating func plainTimes(_ node: OpaquePointer, literal: String, open: String.Index, paren: Bool) -> OpaquePointer?? {
        let closeChar: Character = paren ? ")" : "]"
        let contentStart = literal.index(after: open)
        guard let close = literal[contentStart...].prefix(200).firstIndex(of: closeChar) else { return nil }
        let content = literal[contentStart..<close]
        let pieces = content.split(separator: ",", omittingEmptySubsequences: false)
        guard pieces.allSatisfy({ Self.isTimeText($0) }) else { return nil }
        // `[00:06:02](url)` was a link; a bracket followed by `(` here is just text.
        let (line, column) = position(node)
        Self.setLiteral(node, String(literal[..<open]) + (paren ? "(" : ""))
        var last = node
        for (i, piece) in pieces.enumerated() {
            if i > 0 {
                let sep = Self.newNode(CMARK_NODE_TEXT, ", ")
                cmark_node_insert_after(last, sep)
                last = sep
            }
            let ts = makeTimestamp(TimeReader.read(piece), line: line, column: column, original: String(piece), form: .plain)
            cmark_node_insert_after(last, ts)
            last = ts
        }
        let after = Self.newNode(CMARK_NODE_TEXT, (paren ? ")" : "") + String(literal[literal.index(after: close)...]))
        cmark_node_insert_after(last, after)
        return .some(after)
    }

    /// An anchor whose markup is too broken for cmark to see a tag
    /// (`<a class="yt-timestamp" data-t="00:13:30>[00:13:30]</a>`), left in text.
    private mutating func brokenAnchor(_ node: OpaquePointer, literal: String, open: String.Index) -> OpaquePointer?? {
        let rest = literal[open...]
        guard let tagEnd = rest.prefix(200).firstIndex(of: ">") else { return nil }
        let tag = rest[rest.startIndex...tagEnd]
        guard Self.isTimestampOpenTag(tag) else { return nil }
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
        let time = Self.timeInTag(String(tag)) ?? TimeReader.read(innerText)
        let (line, column) = position(node)
        Self.setLiteral(node, String(literal[..<open]))
        let ts = makeTimestamp(time, line: line, column: column, original: String(innerText.isEmpty ? tag : innerText))
        cmark_node_insert_after(node, ts)
        var afterText = String(afterTag)
        // A `</a>` cmark did recognise follows as its own node.
        if afterText.isEmpty, let next = cmark_node_next(ts), cmark_node_get_type(next) == CMARK_NODE_HTML_INLINE,
            Self.literal(next).lowercased().hasPrefix("</a")
        {
            cmark_node_unlink(next)
            cmark_node_free(next)
        }
        if afterText.hasPrefix("</a>") { afterText.removeFirst(4) }
        let after = Self.newNode(CMARK_NODE_TEXT, afterText)
        cmark_node_insert_after(ts, after)
        return .some(after)
    }

    // MARK: - cmark helpers

    private func position(_ node: OpaquePointer) -> (Int, Int) {
        var n: OpaquePointer? = node
        while let c = n {
            let line = Int(cmark_node_get_start_line(c))
            if line > 0 { return (bodyFirstLine + line - 1, max(1, Int(cmark_node_get_start_column(c)))) }
            n = cmark_node_parent(c)
        }
        return (bodyFirstLine, 1)
    }

    static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    static func setLiteral(_ node: OpaquePointer, _ text: String) {
        _ = cmark_node_set_literal(node, text)
    }

    static func newNode(_ type: cmark_node_type, _ literal: String) -> OpaquePointer {
        let node = cmark_node_new(type)!
        _ = cmark_node_set_literal(node, literal)
        return node
    }

    /// A raw-HTML node of this pass's own making.
    private mutating func made(_ literal: String) -> OpaquePointer {
        let node = Self.newNode(CMARK_NODE_HTML_INLINE, literal)
        madeNodes.insert(node)
        return node
    }

    /// The text a reader sees in a node and its descendants.
    static func plainText(_ node: OpaquePointer) -> String {
        var out = ""
        var stack: [OpaquePointer] = [node]
        while let n = stack.popLast() {
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                out += literal(n)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            }
            var children: [OpaquePointer] = []
            var c = cmark_node_first_child(n)
            while let child = c {
                children.append(child)
                c = cmark_node_next(child)
            }
            stack.append(contentsOf: children.reversed())
        }
        return out
    }

    /// The nearest block (paragraph, heading, list item, table cell) around an inline.
    static func enclosingBlock(of node: OpaquePointer) -> OpaquePointer? {
        var n: OpaquePointer? = node
        while let c = n {
            let type = cmark_node_get_type(c)
            if type.rawValue & 0x4000 == 0 { return c }  // not an inline
            n = cmark_node_parent(c)
        }
        return nil
    }

    /// The sentence of `text` that holds `label`, trimmed to a readable length.
    static func sentence(around label: String, in text: String) -> String {
        let clean = text.cleanedLabel
        guard let r = clean.range(of: label) else { return String(clean.prefix(240)) }
        var start = clean.startIndex
        if let stop = clean[..<r.lowerBound].lastIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }) {
            start = clean.index(after: stop)
        }
        var end = clean.endIndex
        if let stop = clean[r.upperBound...].firstIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }) {
            end = clean.index(after: stop)
        }
        var sentence = clean[start..<end].trimmingCharacters(in: .whitespaces)
        if sentence.count > 300 { sentence = String(sentence.prefix(297)) + "…" }
        return sentence
    }
}
