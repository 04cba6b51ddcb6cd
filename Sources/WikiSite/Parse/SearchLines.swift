import CMarkGFM

/// The text of a parsed article, block by block, as the search index reads
/// it: what a reader sees, without markup, timestamps or link targets.
enum SearchLines {
    static func collect(_ root: OpaquePointer) -> [(isHeading: Bool, text: String)] {
        var lines: [(Bool, String)] = []
        var stack: [OpaquePointer] = [root]
        while let node = stack.popLast() {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CODE_BLOCK {
                add(CMarkNode.literal(node), heading: false, to: &lines)
                continue
            }
            if type == CMARK_NODE_HTML_BLOCK { continue }
            // A block whose children are inlines (paragraph, heading, table cell, callout title) is one line.
            if let first = cmark_node_first_child(node), cmark_node_get_type(first).rawValue & 0x4000 != 0 {
                add(CMarkNode.plainText(node), heading: type == CMARK_NODE_HEADING, to: &lines)
                continue
            }
            var child = cmark_node_last_child(node)
            while let c = child {
                stack.append(c)
                child = cmark_node_previous(c)
            }
        }
        return lines
    }

    /// White space folded to single spaces, no space before punctuation.
    static func add(_ raw: String, heading: Bool, to lines: inout [(Bool, String)]) {
        var raw = raw
        if let ascii = raw.withUTF8({ bytes -> String? in
            guard Fold.isASCII(bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for b in bytes {
                if b <= 0x20 || b == 0x7F || b == UInt8(ascii: "|") {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace && !(b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: ";")
                    || b == UInt8(ascii: ":") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?")) { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            }
            return String(decoding: out, as: UTF8.self)
        }) {
            if !ascii.isEmpty { lines.append((heading, ascii)) }
            return
        }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in raw.unicodeScalars {
            let v = s.value
            let isSpace = v < 0x80 ? (v <= 0x20 || v == 0x7F || v == 0x7C) : (v == 0x85 || v == 0xA0 || s.properties.isWhitespace)
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if v >= 0x80 && s.isInvisibleFormat { continue }
            if pendingSpace && !(s == "." || s == "," || s == ";" || s == ":" || s == "!" || s == "?") { out.append(" ") }
            pendingSpace = false
            out.append(s)
        }
        if !out.isEmpty { lines.append((heading, String(out))) }
    }
}
