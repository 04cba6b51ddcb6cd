import CGumbo

/// Rewrites an HTML fragment so that only allowed markup remains.
///
/// The fragment is parsed by gumbo exactly as a browser parses it (the HTML5
/// tree-construction algorithm, with its error recovery), and the tree is then
/// written back element by element through `HTMLPolicy`. Deciding on the
/// browser's tree and not on the source text is what defeats mutation XSS:
/// markup that only becomes dangerous after the browser's repairs is seen
/// repaired. The sanitiser also gives every heading an `id` so sections can
/// be linked to, and reports what it removed.
public enum HTMLSanitizer {
    public struct Result: Sendable {
        public var html: String
        /// The headings of the fragment, in order, with the ids given to them.
        public var headings: [Heading]
        /// What was taken out, counted by kind (`script`, `attr:onclick`, `url:javascript`).
        public var removed: [String: Int]
    }

    /// Nesting deeper than this is flattened to its text: no reader needs it,
    /// and it bounds the writer's recursion on hostile input.
    static let maxDepth = 128

    public static func sanitize(_ html: String) -> Result {
        var options = kGumboDefaultOptions
        options.max_errors = 0
        var source = html
        return source.withUTF8 { buffer -> Result in
            let output = buffer.withMemoryRebound(to: CChar.self) { chars in
                gumbo_parse_with_options(&options, chars.baseAddress, chars.count)
            }
            defer { gumbo_destroy_output(&options, output) }
            var writer = Writer()
            if let root = output?.pointee.root {
                // The fragment ends up in <body>; anything the parser moved into
                // <head> (meta, title, link, style) is dropped with it.
                for child in children(of: root) where tagName(child) == "body" {
                    for node in children(of: child) { writer.write(node, depth: 0) }
                }
            }
            return Result(html: String(decoding: writer.out, as: UTF8.self),
                          headings: writer.headings, removed: writer.removed)
        }
    }

    // MARK: - Reading gumbo's tree

    static func children(of node: UnsafeMutablePointer<GumboNode>) -> [UnsafeMutablePointer<GumboNode>] {
        let vector: GumboVector
        switch node.pointee.type {
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE: vector = node.pointee.v.element.children
        case GUMBO_NODE_DOCUMENT: vector = node.pointee.v.document.children
        default: return []
        }
        guard let data = vector.data else { return [] }
        return (0..<Int(vector.length)).map { data[$0]!.assumingMemoryBound(to: GumboNode.self) }
    }

    static func tagName(_ node: UnsafeMutablePointer<GumboNode>) -> String {
        String(cString: gumbo_normalized_tagname(node.pointee.v.element.tag))
    }

    static func attributes(of node: UnsafeMutablePointer<GumboNode>) -> [(name: String, value: String)] {
        let vector = node.pointee.v.element.attributes
        guard let data = vector.data else { return [] }
        return (0..<Int(vector.length)).map { i in
            let attribute = data[i]!.assumingMemoryBound(to: GumboAttribute.self).pointee
            return (String(cString: attribute.name), String(cString: attribute.value))
        }
    }

    static func textContent(_ node: UnsafeMutablePointer<GumboNode>) -> String {
        switch node.pointee.type {
        case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
            return String(cString: node.pointee.v.text.text)
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
            let name = tagName(node)
            if HTMLPolicy.droppedWithContent.contains(name) { return "" }
            return children(of: node).map(textContent).joined()
        default:
            return ""
        }
    }

    static func stringPiece(_ piece: GumboStringPiece) -> String {
        guard let data = piece.data, piece.length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: piece.length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: piece.length), as: UTF8.self)
        }
    }

    // MARK: - Writing the allowed tree

    struct Writer {
        var out: [UInt8] = []
        var headings: [Heading] = []
        var removed: [String: Int] = [:]
        var ids = HeadingIDs()

        mutating func count(_ kind: String) { removed[kind, default: 0] += 1 }

        mutating func write(_ node: UnsafeMutablePointer<GumboNode>, depth: Int) {
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                HTMLEscape.appendText(String(cString: node.pointee.v.text.text), to: &out)
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                writeElement(node, depth: depth)
            default:
                break  // comments and doctypes
            }
        }

        mutating func writeChildren(_ node: UnsafeMutablePointer<GumboNode>, depth: Int) {
            for child in HTMLSanitizer.children(of: node) { write(child, depth: depth + 1) }
        }

        mutating func writeElement(_ node: UnsafeMutablePointer<GumboNode>, depth: Int) {
            let element = node.pointee.v.element
            if element.tag_namespace != GUMBO_NAMESPACE_HTML {
                count(element.tag_namespace == GUMBO_NAMESPACE_SVG ? "svg" : "math")
                return
            }
            let name = HTMLSanitizer.tagName(node)
            if depth >= HTMLSanitizer.maxDepth {
                count("deep-nesting")
                HTMLEscape.appendText(HTMLSanitizer.textContent(node), to: &out)
                return
            }
            if name.isEmpty {
                // Not an HTML element at all (`<tool>`): the article meant the text.
                HTMLEscape.appendText(HTMLSanitizer.stringPiece(element.original_tag), to: &out)
                writeChildren(node, depth: depth)
                HTMLEscape.appendText(HTMLSanitizer.stringPiece(element.original_end_tag), to: &out)
                return
            }
            if HTMLPolicy.droppedWithContent.contains(name) {
                count(name)
                return
            }
            guard let allowedAttributes = HTMLPolicy.allowed[name] else {
                count(name)
                writeChildren(node, depth: depth)
                return
            }
            var kept: [(String, String)] = []
            for (attribute, value) in HTMLSanitizer.attributes(of: node) {
                if attribute == "id", HTMLPolicy.isAllowedID(value) {
                    kept.append((attribute, value))
                } else if allowedAttributes.contains(attribute), let value = checked(attribute, value, of: name) {
                    kept.append((attribute, value))
                } else {
                    count(attribute.hasPrefix("on") ? "attr:on*" : "attr:\(attribute)")
                }
            }
            switch name {
            case "a":
                guard let href = kept.first(where: { $0.0 == "href" })?.1 else {
                    writeChildren(node, depth: depth)  // a link to nowhere is its text
                    return
                }
                // A link to another site (a scheme as written: `HTTPS:` does not count).
                if URLScheme.of(href).map({ $0 == "http" || $0 == "https" }) ?? href.hasPrefix("//") {
                    kept.append(("rel", "noopener noreferrer"))
                }
            case "img":
                guard kept.contains(where: { $0.0 == "src" }) else {
                    // Never a broken image: say what was meant to be there.
                    let alt = kept.first(where: { $0.0 == "alt" })?.1 ?? ""
                    MissingImage.appendNote(alt: alt, to: &out)
                    return
                }
                kept.append(("loading", "lazy"))
            case "input":
                guard kept.contains(where: { $0 == ("type", "checkbox") }) else {
                    count("input")
                    return
                }
                kept.removeAll { $0.0 == "disabled" }
                kept.append(("disabled", ""))
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let text = HTMLSanitizer.textContent(node).cleanedLabel
                let id = ids.next(for: text)
                headings.append(Heading(level: Int(name.utf8.last! - 0x30), text: text, id: id))
                kept.removeAll { $0.0 == "id" }
                kept.insert(("id", id), at: 0)
            default:
                break
            }
            append("<" + name)
            for (attribute, value) in kept {
                append(" " + attribute + "=\"")
                HTMLEscape.appendAttribute(value, to: &out)
                append("\"")
            }
            append(">")
            if HTMLPolicy.void.contains(name) { return }
            if name == "pre", case let first = HTMLSanitizer.children(of: node).first,
                let first, first.pointee.type == GUMBO_NODE_TEXT || first.pointee.type == GUMBO_NODE_WHITESPACE,
                String(cString: first.pointee.v.text.text).hasPrefix("\n")
            {
                append("\n")  // the parser ate one leading newline; give it back
            }
            writeChildren(node, depth: depth)
            append("</" + name + ">")
        }

        /// The value to keep for an allowed attribute, or nil to drop it.
        mutating func checked(_ attribute: String, _ value: String, of element: String) -> String? {
            switch attribute {
            case "href":
                guard let url = LinkURLPolicy.safeURL(value, forImage: false) else {
                    count("url:" + LinkURLPolicy.schemeName(of: value))
                    return nil
                }
                return url
            case "src":
                guard let url = LinkURLPolicy.safeURL(value, forImage: true) else {
                    count("url:" + LinkURLPolicy.schemeName(of: value))
                    return nil
                }
                return url
            case "width", "height", "colspan", "rowspan", "start":
                return value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && (1...6).contains(value.utf8.count) ? value : nil
            case "align":
                return ["left", "right", "center"].contains(value) ? value : nil
            case "type":
                return value.lowercased() == "checkbox" ? "checkbox" : nil
            case "class":
                let classes = value.split(separator: " ").filter { $0.utf8.allSatisfy { HTMLPolicy.isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F } }
                return classes.isEmpty ? nil : classes.joined(separator: " ")
            default:
                return value
            }
        }

        mutating func append(_ s: String) { out.append(contentsOf: s.utf8) }
    }
}
