import Foundation

/// `wikisite check`: every link inside a built site lands on a file, and
/// every `#fragment` on an element with that id.
///
/// Works on the files' bytes, so it checks what a browser would follow, not
/// what the generator meant. External links (any URL with a scheme, or
/// `//host`) are left to an external checker.
public enum LinkChecker {
    public struct Finding: Sendable, Hashable {
        public var page: String
        public var line: Int
        public var column: Int
        public var href: String
        public var reason: String

        public var diagnostic: Diagnostic {
            Diagnostic(.error, path: page, line: line, column: column, code: "check.broken-link",
                       message: "\(reason): \(href)")
        }
    }

    public struct Report: Sendable {
        public var pages: Int
        public var links: Int
        public var findings: [Finding]
    }

    /// - Parameter files: every file of the site, by path relative to its root.
    public static func check(_ files: [String: [UInt8]]) -> Report {
        let pages = files.keys.filter { $0.hasSuffix(".html") }.sorted()
        let idsByPage = Dictionary(uniqueKeysWithValues: zip(pages, pages.parallelMap(chunk: 32) { ids(in: files[$0]!) }))
        let results = pages.parallelMap(chunk: 32) { page -> (Int, [Finding]) in
            var findings: [Finding] = []
            let links = references(in: files[page]!)
            for link in links {
                guard let (target, fragment) = resolve(link.value, from: page) else { continue }
                let path = target.isEmpty ? page : target
                var file = path
                if files[file] == nil, files[file + (file.hasSuffix("/") || file.isEmpty ? "" : "/") + "index.html"] != nil {
                    file += (file.hasSuffix("/") || file.isEmpty ? "" : "/") + "index.html"
                }
                guard files[file] != nil else {
                    findings.append(Finding(page: page, line: link.line, column: link.column, href: link.value, reason: "no such file"))
                    continue
                }
                // Browsers match the fragment as written and percent-decoded.
                if let fragment, !fragment.isEmpty, file.hasSuffix(".html"),
                    idsByPage[file]?.contains(fragment) != true, idsByPage[file]?.contains(fragment.removingPercentEncodingSafe) != true
                {
                    findings.append(Finding(page: page, line: link.line, column: link.column, href: link.value, reason: "no element with id \"\(fragment)\""))
                }
            }
            return (links.count, findings)
        }
        return Report(pages: pages.count, links: results.reduce(0) { $0 + $1.0 }, findings: results.flatMap(\.1))
    }

    struct Reference {
        var value: String
        var line: Int
        var column: Int
    }

    /// Every `href="…"` and `src="…"` value, entity-decoded, with its position.
    static func references(in bytes: [UInt8]) -> [Reference] {
        var found: [Reference] = []
        var line = 1, lineStart = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b == UInt8(ascii: "=") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                let isHref = i >= 5 && bytes[(i - 5)..<i].elementsEqual(" href".utf8)
                let isSrc = i >= 4 && bytes[(i - 4)..<i].elementsEqual(" src".utf8)
                if isHref || isSrc {
                    var j = i + 2
                    while j < n && bytes[j] != UInt8(ascii: "\"") { j += 1 }
                    let raw = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                    found.append(Reference(value: decodeEntities(raw), line: line, column: i - lineStart - (isHref ? 4 : 3)))
                    i = j
                    continue
                }
            }
            i += 1
        }
        return found
    }

    /// Every `id="…"` on a page.
    static func ids(in bytes: [UInt8]) -> Set<String> {
        var ids: Set<String> = []
        var i = 0
        let n = bytes.count
        let marker = Array(" id=\"".utf8)
        while i + marker.count < n {
            if bytes[i] == UInt8(ascii: " ") && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                var j = i + marker.count
                while j < n && bytes[j] != UInt8(ascii: "\"") { j += 1 }
                ids.insert(decodeEntities(String(decoding: bytes[(i + marker.count)..<j], as: UTF8.self)))
                i = j
            }
            i += 1
        }
        return ids
    }

    /// The site path and fragment a link points at, or nil for an external link.
    static func resolve(_ href: String, from page: String) -> (path: String, fragment: String?)? {
        if href.hasPrefix("//") || URLScheme.of(href) != nil { return nil }  // another host, or a scheme
        var rest = Substring(href)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        if rest.isEmpty { return ("", fragment) }
        var parts = rest.hasPrefix("/") ? [] : page.split(separator: "/").dropLast().map(String.init)
        for component in rest.split(separator: "/", omittingEmptySubsequences: true) {
            if component == ".." {
                if parts.isEmpty { return ("../" + rest, fragment) }  // leaves the site: cannot exist
                parts.removeLast()
            } else if component != "." {
                parts.append(String(component).removingPercentEncodingSafe)
            }
        }
        var path = parts.joined(separator: "/")
        if rest.hasSuffix("/") { path += path.isEmpty ? "index.html" : "/index.html" }
        return (path, fragment)
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
    }
}

extension String {
    /// Percent-decoded, or unchanged when the escapes are not valid UTF-8.
    var removingPercentEncodingSafe: String { removingPercentEncoding ?? self }
}
