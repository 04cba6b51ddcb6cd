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
        var result = writeAllowed(html)
        // A browser reads what was written, not the tree it was written from,
        // and some trees have no HTML spelling: a heading inside a heading
        // (`<h2><tool><h2>`, the unknown element shown as text), a link in a
        // link or a list item in a list item by way of a table's repairs.
        // Read back, such output is another tree; sanitise that, until what
        // is written reads back as itself (at once, nearly always). What was
        // removed is counted on the first pass only: the later ones see the
        // sanitiser's own additions (`rel`, `loading`).
        for _ in 0..<3 {
            let again = writeAllowed(result.html)
            if again.html == result.html { break }
            result = Result(html: again.html, headings: again.headings, removed: result.removed)
        }
        return result
    }

    /// One pass: parse as a browser does, write back what `HTMLPolicy` allows.
    static func writeAllowed(_ html: String) -> Result {
        var options = kGumboDefaultOptions
        options.max_errors = 0
        // The page around the fragment starts with `<!doctype html>`, so a
        // browser reads it in no-quirks mode; the sanitiser must decide on the
        // same tree. (In quirks mode `<p>x<table>` nests the table in the
        // paragraph, a tree no HTML source can spell, and the browser would
        // build another one from what was written.) And it sits in the
        // page's body, where white space before its first tag is text.
        var source = "<!DOCTYPE html><body>" + html
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

    /// The text a reader sees of a node once it is written: what the writer
    /// drops is not in it, an image it cannot keep is its note's text, and
    /// an element that is not HTML (`<tool>`) shows its tags. A heading's
    /// text and id are made from it. Iterative: hostile input nests deep.
    static func textContent(_ node: UnsafeMutablePointer<GumboNode>) -> String {
        enum Step {
            case node(UnsafeMutablePointer<GumboNode>)
            case text(String)
        }
        var out = ""
        var stack: [Step] = [.node(node)]
        while let step = stack.popLast() {
            guard case .node(let node) = step else {
                if case .text(let text) = step { out += text }
                continue
            }
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                out += String(cString: node.pointee.v.text.text)
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                let name = tagName(node)
                let isHTML = node.pointee.v.element.tag_namespace == GUMBO_NAMESPACE_HTML
                if HTMLPolicy.droppedWithContent.contains(name) { continue }
                if name == "img" && isHTML {
                    let attributes = attributes(of: node)
                    if !attributes.contains(where: { $0.name == "src" && LinkURLPolicy.safeURL($0.value, forImage: true) != nil }) {
                        out += MissingImage.noteText(alt: attributes.first { $0.name == "alt" }?.value ?? "")
                    }
                    continue
                }
                if name.isEmpty && isHTML {
                    out += stringPiece(node.pointee.v.element.original_tag)
                    stack.append(.text(stringPiece(node.pointee.v.element.original_end_tag)))
                }
                stack.append(contentsOf: children(of: node).reversed().map { .node($0) })
            default:
                break
            }
        }
        return out
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
            case "td", "th":
                // `align` is obsolete HTML (the Nu checker's error): a class the stylesheet aligns by.
                if let i = kept.firstIndex(where: { $0.0 == "align" }) {
                    let align = "al-" + kept.remove(at: i).1
                    if let c = kept.firstIndex(where: { $0.0 == "class" }) { kept[c].1 += " " + align } else { kept.append(("class", align)) }
                }
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
            let start = out.count
            writeChildren(node, depth: depth)
            if name == "pre" && out.count > start && out[start] == UInt8(ascii: "\n") {
                // A browser eats one newline right after `<pre>` (the parser
                // already ate the source's): give one back, or the written
                // first line would be eaten.
                out.insert(UInt8(ascii: "\n"), at: start)
            }
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
