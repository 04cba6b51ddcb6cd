import Foundation
import CMarkGFM

/// A cmark-gfm node tree and the parser that made it, freed together.
///
/// The renderer needs the parser's list of syntax extensions (without it
/// `tagfilter` silently does nothing), so the parser lives as long as the tree.
final class MarkdownDocument {
    let root: OpaquePointer
    private let parser: OpaquePointer

    fileprivate init(root: OpaquePointer, parser: OpaquePointer) {
        self.root = root
        self.parser = parser
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// HTML for the whole tree, raw HTML included (the sanitiser decides what stays).
    func renderHTML() -> String {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, MarkdownParser.options, extensions) else { return "" }
        defer { free(html) }
        return Self.alignedByClass(String(cString: html))
    }

    /// cmark-gfm aligns table columns with `align`, obsolete HTML (an error
    /// for the Nu checker): a class the stylesheet aligns by instead.
    static func alignedByClass(_ html: String) -> String {
        // A byte search: Foundation's `contains` converts the whole page to
        // UTF-16 first, and this runs on every article (1.9 s of CPU a build).
        guard html.containsBytes(" align=\"") else { return html }
        var out = html
        for cell in ["th", "td"] {
            for side in ["left", "center", "right"] {
                out = out.replacingOccurrences(of: "<\(cell) align=\"\(side)\">", with: "<\(cell) class=\"al-\(side)\">")
            }
        }
        return out
    }
}

/// Parses Markdown with GitHub's extensions.
///
/// Debian's libcmark-gfm shares a global table between parsers, so two threads
/// parsing at once would silently drop strikethrough and autolinks (cmark-gfm
/// PR #176); `CMarkThreads` keeps that table stable so they can.
enum MarkdownParser {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Raw HTML is kept for the sanitiser; footnotes are on; strikethrough
    /// needs `~~` because these articles write "~5%" for "about 5%".
    static let options: Int32 = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// Registers the core extensions once, before any thread parses.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static func parse(_ markdown: String) -> MarkdownDocument {
        _ = registered
        let parser = cmark_parser_new(options)!
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let root = cmark_parser_finish(parser)!
        return MarkdownDocument(root: root, parser: parser)
    }
}
