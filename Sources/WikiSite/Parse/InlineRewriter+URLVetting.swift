import CMarkGFM

/// URL vetting of Markdown links and images (raw HTML's are the sanitiser's).
///
/// A link whose URL a reader should not follow (`[x](javascript:…)`, by
/// `LinkURLPolicy`) becomes its text, and an image that is not on the web
/// becomes a visible note (`MissingImage`), never a broken image.
extension InlineRewriter {
    mutating func vetURLs(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        var unwrap: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                // What was vetted is what is written: a URL with invisible
                // characters around its scheme would otherwise be written as a
                // relative path that lands nowhere.
                if let safe = LinkURLPolicy.safeURL(url, forImage: false) {
                    if safe != url { cmark_node_set_url(node, safe) }
                } else {
                    unwrap.append(node)
                }
            } else if type == CMARK_NODE_IMAGE {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                if let safe = LinkURLPolicy.safeURL(url, forImage: true) {
                    if safe != url { cmark_node_set_url(node, safe) }
                } else {
                    images.append(node)
                }
            }
        }
        cmark_iter_free(iterator)
        for node in unwrap {
            while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        // Innermost first: an image's alt text can hold another image, which
        // freeing the outer one first would free with it.
        for node in images.reversed() {
            cmark_node_insert_before(node, made(MissingImage.note(alt: CMarkNode.plainText(node).cleanedLabel)))
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }
}
