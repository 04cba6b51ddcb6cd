import CMarkGFM

/// Rewrites the inline content of a parsed document: wiki links and
/// timestamps become placeholder anchors that later stages fill in.
///
/// It works on cmark-gfm's tree, so nothing inside code spans or code blocks
/// is touched (their text is not a text node). A placeholder is a link with
/// the scheme `wikisite:` (`wikisite:L3` is the article's fourth wiki link,
/// `wikisite:T0` its first timestamp), which Link resolves and Render fills in
/// once every article is known: where a wiki link lands, and what a cited
/// time really means, depend on the other articles.
///
/// The work is split by what is rewritten, one file each:
/// - this file: the walk over the tree, text nodes dispatched by what starts
///   in them, and what the pass records;
/// - `InlineRewriter+WikiLinks`: `[[target | label]]`, and Markdown links
///   to pages of the wiki (`[label](some_article)`), which resolve the same way;
/// - `InlineRewriter+Timestamps`: the timestamp forms (anchors, however
///   broken, plain `[00:01:14]`, Markdown links with a time or `t=`), read by
///   `TimestampSyntax`;
/// - `InlineRewriter+URLVetting`: Markdown links and images whose URL fails
///   `LinkURLPolicy` become text or a visible note;
/// - `CMarkNode`: reading and making cmark nodes.
///
/// What the pass records is set by those extensions too, so it is not
/// `private(set)`; nothing outside Parse writes it.
struct InlineRewriter {
    var links: [WikiLink] = []
    var timestamps: [CitedTimestamp] = []
    /// The plain text of each block that holds a link, and which block each link is in.
    private(set) var blockTexts: [String] = []
    private(set) var linkBlockIndex: [Int] = []
    /// Timestamps that could not be read, reported and left as text.
    var malformed: [(line: Int, column: Int, text: String)] = []
    /// The line where blocks nest deeper than any reader needs, if they do.
    private(set) var deepNesting: Int?
    static let maxDepth = 64
    /// Raw HTML of the article's own remains after the rewrite.
    private(set) var sawRawHTML = false
    /// Nodes this pass made that hold a timestamp placeholder.
    var placeholderNodes: Set<OpaquePointer> = []
    /// Every raw-HTML node this pass made (link open and close tags).
    var madeNodes: Set<OpaquePointer> = []
    /// The block each link stands in, for the sentence around it.
    var linkBlocks: [OpaquePointer?] = []
    let bodyFirstLine: Int

    /// The headings in document order, with their level and text.
    private(set) var headings: [(level: Int, text: String)] = []
    /// The line of the article's file each heading starts on.
    private(set) var headingLines: [Int] = []

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
        collectHeadings(root)
        rewriteSiteLinks(root)
        vetURLs(root)
        sawRawHTML = hasForeignHTML(root)
        var seen: [OpaquePointer: Int] = [:]
        linkBlockIndex = linkBlocks.enumerated().map { i, block in
            guard let block else {
                blockTexts.append(links[i].label)
                return blockTexts.count - 1
            }
            if let known = seen[block] { return known }
            blockTexts.append(CMarkNode.plainText(block))
            seen[block] = blockTexts.count - 1
            return blockTexts.count - 1
        }
    }

    /// Collects the headings, before any link or image in them is rewritten
    /// (an image's alt text is part of its heading's text).
    private mutating func collectHeadings(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if cmark_node_get_type(node) == CMARK_NODE_HEADING {
                headings.append((Int(cmark_node_get_heading_level(node)), CMarkNode.plainText(node).cleanedLabel))
                headingLines.append(position(node).0)
            }
        }
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
        let block = CMarkNode.enclosingBlock(of: parent)
        child = cmark_node_first_child(parent)
        while let node = child {
            child = cmark_node_get_type(node) == CMARK_NODE_TEXT ? text(node, block: block) : cmark_node_next(node)
        }
    }

    // MARK: - Text: wiki links and plain timestamps

    /// Rewrites one text node; returns the node to continue from.
    private mutating func text(_ node: OpaquePointer, block: OpaquePointer?) -> OpaquePointer? {
        let literal = CMarkNode.literal(node)
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
        // On the text's bytes in place: every text node of the wiki passes here.
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> (Int, Special)? in
            let n = bytes.count
            var i = 0
            while i + 1 < n {
                let c = bytes[i]
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || c == UInt8(ascii: "<") {
                    let next = bytes[i + 1]
                    let isDigit = next >= 0x30 && next <= 0x39
                    if c == UInt8(ascii: "[") {
                        if next == UInt8(ascii: "[") { return (i, .wikiLink) }
                        if isDigit { return (i, .bracketTime) }
                    } else if c == UInt8(ascii: "(") {
                        if isDigit && bytes[(i + 1)..<min(n, i + 10)].contains(UInt8(ascii: ":")) { return (i, .parenTime) }
                    } else if (next == UInt8(ascii: "a") || next == UInt8(ascii: "A")) && i + 2 < n && bytes[i + 2] == UInt8(ascii: " ") {
                        return (i, .brokenAnchor)
                    }
                }
                i += 1
            }
            return nil
        }) {
            return found.map { (text.utf8.index(text.utf8.startIndex, offsetBy: $0.0), $0.1) }
        }
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
        CMarkNode.setLiteral(node, String(literal[..<cut]))
        let after = CMarkNode.make(CMARK_NODE_TEXT, rest)
        cmark_node_insert_after(node, after)
        return after
    }

    // MARK: - What the pass records and makes

    mutating func record(_ link: WikiLink, block: OpaquePointer?) -> Int {
        links.append(link)
        linkBlocks.append(block)
        return links.count - 1
    }

    /// A raw-HTML node of this pass's own making.
    mutating func made(_ literal: String) -> OpaquePointer {
        let node = CMarkNode.make(CMARK_NODE_HTML_INLINE, literal)
        madeNodes.insert(node)
        return node
    }

    /// Where a node starts in the article's file (line, column), or its
    /// nearest positioned ancestor does (nodes this pass made have none).
    func position(_ node: OpaquePointer) -> (Int, Int) {
        var n: OpaquePointer? = node
        while let c = n {
            let line = Int(cmark_node_get_start_line(c))
            if line > 0 { return (bodyFirstLine + line - 1, max(1, Int(cmark_node_get_start_column(c)))) }
            n = cmark_node_parent(c)
        }
        return (bodyFirstLine, 1)
    }
}
