import CMarkGFM

/// Reading and making cmark-gfm nodes: the few calls every Parse pass needs
/// (`InlineRewriter`, `Callouts`, `SearchLines`).
enum CMarkNode {
    /// A text, code or raw-HTML node's own text.
    static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    static func setLiteral(_ node: OpaquePointer, _ text: String) {
        _ = cmark_node_set_literal(node, text)
    }

    /// Whether a raw-HTML node starts with `</a` in any case: read on the
    /// node's bytes, unless a non-ASCII byte follows (a combining mark would
    /// make the `a` another character, which the text comparison tells).
    static func isCloseAnchor(_ node: OpaquePointer) -> Bool {
        guard let p = cmark_node_get_literal(node) else { return false }
        guard p[0] == 0x3C, p[1] == 0x2F, p[2] == 0x61 || p[2] == 0x41 else { return false }
        if UInt8(bitPattern: p[3]) < 0x80 { return true }
        return literal(node).lowercased().hasPrefix("</a")
    }

    /// A new, unlinked node of `type` with `literal` as its text.
    static func make(_ type: cmark_node_type, _ literal: String) -> OpaquePointer {
        let node = cmark_node_new(type)!
        _ = cmark_node_set_literal(node, literal)
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
}
