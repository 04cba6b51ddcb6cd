import CMarkGFM

/// Wiki links: `[[target | label]]` in text, and Markdown links that name a
/// page of the wiki. Each becomes `<a href="wikisite:L<n>">label</a>`.
extension InlineRewriter {
    /// `[[target | label]]`, within one text node or with a label that runs
    /// over several inline nodes (`[[t | <a …>[00:12:00]</a>]]`, `[[t | **x**]]`).
    mutating func wikiLink(_ node: OpaquePointer, literal: String, open: String.Index, block: OpaquePointer?) -> OpaquePointer?? {
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
            CMarkNode.setLiteral(node, before)
            let openNode = made("<a href=\"wikisite:L\(index)\">")
            let labelNode = CMarkNode.make(CMARK_NODE_TEXT, label)
            let closeNode = made("</a>")
            let after = CMarkNode.make(CMARK_NODE_TEXT, String(literal[close.upperBound...]))
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
                let text = CMarkNode.literal(c)
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
        var labelText = (labelStart + labelNodes.filter { !placeholderNodes.contains($0) }.map(CMarkNode.plainText).joined() + labelEnd).cleanedLabel
        if labelText.isEmpty { labelText = WikiLink.displayText(target: parts.target, fragment: parts.fragment) }
        let index = record(WikiLink(target: parts.target, fragment: parts.fragment, label: labelText, isEmbed: isEmbed, line: line, column: column), block: block)

        for m in moved { cmark_node_unlink(m) }
        CMarkNode.setLiteral(node, before)
        let openNode = made("<a href=\"wikisite:L\(index)\">")
        cmark_node_insert_after(node, openNode)
        let startText = labelStart.cleanedLabel
        let endText = labelEnd.cleanedLabel
        let keptLabel = labelNodes.filter { !placeholderNodes.contains($0) }
        if !startText.isEmpty {
            cmark_node_insert_after(openNode, CMarkNode.make(CMARK_NODE_TEXT, startText))
        } else if keptLabel.isEmpty && endText.isEmpty {
            cmark_node_insert_after(openNode, CMarkNode.make(CMARK_NODE_TEXT, labelText))
        }
        // The label's own nodes already stand here; close the link before the closing text.
        if !endText.isEmpty { cmark_node_insert_before(closeNode, CMarkNode.make(CMARK_NODE_TEXT, endText)) }
        cmark_node_insert_before(closeNode, made("</a>"))
        for m in moved {
            cmark_node_insert_before(closeNode, CMarkNode.make(CMARK_NODE_TEXT, " "))
            cmark_node_insert_before(closeNode, m)
        }
        CMarkNode.setLiteral(closeNode, String(closeText[closeRange.upperBound...]))
        return .some(closeNode)
    }

    func splitAt(_ node: OpaquePointer, _ literal: String, _ at: String.Index) -> OpaquePointer? {
        CMarkNode.setLiteral(node, String(literal[..<at]))
        let after = CMarkNode.make(CMARK_NODE_TEXT, String(literal[at...]))
        cmark_node_insert_after(node, after)
        return after
    }

    /// `[label](some_article)` and `[label](#Heading)`: Markdown links to
    /// pages and sections of the wiki resolve like wiki links. Runs before URL
    /// vetting (`vetURLs`) replaces images, so an image inside such a link
    /// still gives the label its alt text; a link that fails the URL policy
    /// is left to the vetting, which unwraps it.
    mutating func rewriteSiteLinks(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        var wiki: [(OpaquePointer, String)] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_LINK
            else { continue }
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            if URLScheme.isSiteRelative(url) && LinkURLPolicy.safeURL(url, forImage: false) != nil { wiki.append((node, url)) }
        }
        cmark_iter_free(iterator)
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
            let label = CMarkNode.plainText(node).cleanedLabel
            let (line, column) = position(node)
            let index = record(WikiLink(target: name, fragment: fragment?.isEmpty == true ? nil : fragment,
                                        label: label.isEmpty ? name : label, isEmbed: false, line: line, column: column),
                               block: CMarkNode.enclosingBlock(of: node))
            cmark_node_insert_before(node, made("<a href=\"wikisite:L\(index)\">"))
            while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
            cmark_node_insert_before(node, made("</a>"))
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }
}
