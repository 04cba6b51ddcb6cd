import Mustache

/// Render's check of a theme before any page is rendered: every template
/// parses, every partial a template includes exists, and every template is
/// either a page kind the site renders or included by one. Each problem is
/// a diagnostic naming the template's file, line and column, and the build
/// stops (a theme error is the site's, not an article's).
enum ThemeCheck {
    static func library(_ theme: Theme, pages: [String], optional: [String]) throws -> MustacheLibrary {
        FastEscape.register()
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        let names = theme.templates.keys.sorted()
        for name in names {
            do {
                library.register(try MustacheTemplate(string: FastEscape.pragma + theme.templates[name]!), named: name)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(Diagnostic(.error, path: theme.origin(of: name), line: error.context.lineNumber - FastEscape.pragmaLines,
                                           column: error.context.columnNumber, code: "theme.parse",
                                           message: "the template does not parse: " + explain(error.error)))
            } catch {
                problems.append(Diagnostic(.error, path: theme.origin(of: name), code: "theme.parse",
                                           message: "the template does not parse: \(error)"))
            }
        }
        var included = Set<String>()
        for name in names {
            for tag in partialTags(in: theme.templates[name]!) {
                included.insert(tag.name)
                if theme.templates[tag.name] == nil {
                    problems.append(Diagnostic(.error, path: theme.origin(of: name), line: tag.line, column: tag.column,
                                               code: "theme.missing-partial",
                                               message: "includes the partial \(tag.name), which neither --templates nor the built-in theme has "
                                                   + "(a file \(tag.name).mustache would provide it)"))
                }
            }
        }
        for name in pages where theme.templates[name] == nil {
            problems.append(Diagnostic(.error, path: theme.origin(of: name), code: "theme.missing-template",
                                       message: "the theme has no \(name) template, which every site needs"))
        }
        let kinds = Set(pages + optional)
        for name in names where !kinds.contains(name) && !included.contains(name) {
            problems.append(Diagnostic(.error, path: theme.origin(of: name), code: "theme.unknown-template",
                                       message: "no page is rendered with this template and none includes it; page templates are "
                                           + (pages + optional).sorted().map { $0 + ".mustache" }.joined(separator: ", ")
                                           + " (is the name misspelt?)"))
        }
        if !problems.isEmpty { throw ThemeError(diagnostics: Diagnostic.sorted(problems)) }
        return library
    }

    /// How `{{name}}` is escaped: as swift-mustache's HTML content type does
    /// (`&`, `<`, `>`, `"` and `'`), but byte by byte. The library's own
    /// escape walks Characters through a dictionary and was 5 % of a
    /// build's CPU. Every template (partials too, which the library starts
    /// over in HTML) is parsed with a first line selecting this content type:
    /// a standalone pragma line, which renders to nothing; error lines are
    /// given back in the file's own numbering. A template that sets its own
    /// `CONTENT_TYPE` still wins from where it sets it.
    enum FastEscape {
        static let name = "WIKISITE_HTML"
        static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"
        static let pragmaLines = 1
        private static let registered: Bool = {
            MustacheContentTypes.register(HTMLBytes(), named: name)
            return true
        }()
        struct HTMLBytes: MustacheContentType {
            func escapeText(_ text: String) -> String { HTMLEscape.attributeIfNeeded(text) }
        }
        static func register() { _ = registered }
    }

    /// `{{> name}}` and `{{< name}}` tags (default delimiters), with their 1-based line and column.
    static func partialTags(in text: String) -> [(name: String, line: Int, column: Int)] {
        var tags: [(String, Int, Int)] = []
        let bytes = Array(text.utf8)
        var line = 1, lineStart = 0, i = 0
        while i + 2 < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            } else if bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{"),
                      bytes[i + 2] == UInt8(ascii: ">") || bytes[i + 2] == UInt8(ascii: "<") {
                var end = i + 3
                while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
                let name = String(decoding: bytes[(i + 3)..<min(end, bytes.count)], as: UTF8.self).trimmingSpaces
                if !name.isEmpty {
                    let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                    tags.append((name, line, column))
                }
                i = end
                continue
            }
            i += 1
        }
        return tags
    }

    static func explain(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name other than the one it was opened with"
        case .unfinishedName: return "a tag is not finished (a {{ without its }})"
        case .expectedSectionEnd: return "a section is never closed (a {{#name}} or {{^name}} without its {{/name}})"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inheritance section holds a tag it cannot"
        case .textInsideInheritSection: return "an inheritance section holds text outside its blocks"
        case .invalidConfigVariableSyntax: return "a config-variable tag is malformed"
        case .unrecognisedConfigVariable: return "a config variable is not one swift-mustache knows"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
