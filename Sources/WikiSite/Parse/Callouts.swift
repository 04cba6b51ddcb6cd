import CMarkGFM

/// Obsidian callouts: `> [!NOTE] Title` blockquotes become styled asides.
///
/// Every type is accepted (`[!info]`, `[!warning]`, `[!analogy]`); types the
/// site has no style for are shown as a plain note. A `-` or `+` after the
/// type (`[!tip]- Title`) makes the callout foldable, closed or open, with
/// `<details>`. The aside is a custom block of the cmark tree, so its content
/// is still parsed and rendered like any Markdown.
enum Callouts {
    static let styled: Set<String> = [
        "note", "info", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "bug",
        "example", "quote", "cite", "abstract", "summary", "tldr", "todo", "success", "check", "done",
        "question", "help", "faq", "failure", "fail", "missing", "definition",
    ]

    /// Rewrites every callout in the tree; returns how many there were.
    @discardableResult
    static func rewrite(_ root: OpaquePointer) -> Int {
        var quotes: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return 0 }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE {
                quotes.append(node)
            }
        }
        cmark_iter_free(iterator)
        var count = 0
        for quote in quotes where rewriteOne(quote) { count += 1 }
        return count
    }

    /// `[!type]` with an optional fold marker, at the start of a text.
    static func marker(_ text: String) -> (type: String, fold: Character?, rest: Substring)? {
        guard text.hasPrefix("[!"), let close = text.firstIndex(of: "]") else { return nil }
        var type = text[text.index(text.startIndex, offsetBy: 2)..<close].lowercased()
        var rest = text[text.index(after: close)...]
        var fold: Character?
        if let f = rest.first, f == "-" || f == "+" {
            fold = f
            rest = rest.dropFirst()
        }
        if let last = type.last, last == "-" || last == "+" {
            fold = fold ?? last
            type.removeLast()
        }
        guard !type.isEmpty, type.count <= 24, type.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else { return nil }
        return (type, fold, rest)
    }

    /// Gives a node and its descendants their own copies of their text.
    static func ownLiterals(_ root: OpaquePointer) {
        var stack: [OpaquePointer] = [root]
        while let node = stack.popLast() {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_CODE {
                let text = CMarkNode.literal(node)
                _ = cmark_node_set_literal(node, text)
            }
            var child = cmark_node_first_child(node)
            while let c = child {
                stack.append(c)
                child = cmark_node_next(c)
            }
        }
    }

    private static func rewriteOne(_ quote: OpaquePointer) -> Bool {
        guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
            let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
            let (type, fold, rest) = marker(CMarkNode.literal(first))
        else { return false }
        let cssType = styled.contains(type) ? type : "note"

        // The title: the rest of the first line.
        _ = cmark_node_set_literal(first, String(rest.drop(while: { $0 == " " })))
        var titleNodes: [OpaquePointer] = []
        var cursor: OpaquePointer? = first
        while let node = cursor {
            let t = cmark_node_get_type(node)
            if t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK {
                cmark_node_unlink(node)
                cmark_node_free(node)
                break
            }
            titleNodes.append(node)
            cursor = cmark_node_next(node)
        }
        let titleText = titleNodes.map(CMarkNode.plainText).joined().trimmed
        // cmark's text nodes point into their paragraph's buffer; the title
        // nodes are about to leave it (and the paragraph may be freed), so
        // each takes a copy of its own text first.
        for node in titleNodes { ownLiterals(node) }

        let box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        let tag = fold == nil ? "aside" : "details"
        let open = fold == "+" ? " open" : ""
        _ = cmark_node_set_on_enter(box, "<\(tag) class=\"callout callout-\(cssType)\"\(open)>\n")
        _ = cmark_node_set_on_exit(box, "</\(tag)>\n")
        let title = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        let titleTag = fold == nil ? "div" : "summary"
        _ = cmark_node_set_on_enter(title, "<\(titleTag) class=\"callout-title\">")
        _ = cmark_node_set_on_exit(title, "</\(titleTag)>\n")
        if titleText.isEmpty {
            let text = cmark_node_new(CMARK_NODE_TEXT)!
            _ = cmark_node_set_literal(text, type.prefix(1).uppercased() + type.dropFirst())
            _ = cmark_node_append_child(title, text)
            for node in titleNodes {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        } else {
            for node in titleNodes { _ = cmark_node_append_child(title, node) }
        }
        _ = cmark_node_append_child(box, title)
        if cmark_node_first_child(paragraph) == nil {
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
        while let child = cmark_node_first_child(quote) { _ = cmark_node_append_child(box, child) }
        cmark_node_insert_before(quote, box)
        cmark_node_unlink(quote)
        cmark_node_free(quote)
        return true
    }
}
