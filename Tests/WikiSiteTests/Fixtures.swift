import Foundation
import Testing
@testable import WikiSite

/// Small helpers that make each test one line of intent.
enum Fixture {
    /// Loads an article written inline, as if read from `path` in the input.
    static func load(_ text: String, path: String = "chan/some_article.md", fallbackChannel: String = "input") -> LoadResult {
        ArticleLoader.load(SourceFile(path: path, displayPath: "in/" + path, bytes: Array(text.utf8)), fallbackChannel: fallbackChannel)
    }

    static func article(_ text: String, path: String = "chan/some_article.md") -> SourceArticle {
        load(text, path: path).article!
    }

    /// Markdown body → sanitised HTML, the way a page shows it.
    static func html(_ markdown: String) -> String {
        let source = article("---\ntitle: T\nvideoId: abcdefghijk\n---\nFrom: [[chan]] <br/>\n" + markdown)
        return HTMLSanitizer.sanitize(ArticleParser.parse(source).html).html
    }

    static func sanitize(_ html: String) -> String { HTMLSanitizer.sanitize(html).html }

    /// Markdown body → the body of its article page as a reader gets it: built
    /// through the whole pipeline, links and timestamps filled in.
    static func page(_ markdown: String) throws -> String {
        let site = try MemorySite(["chan/a.md": articleText("A", markdown)])
        let page = try #require(site.page("chan/a/index.html"))
        return try #require(Browser.articleBody(of: page))
    }

    /// The repository's root, for tests that build the real seeds and templates.
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// A fresh empty folder under the system's temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "wikisite-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

import Synchronization

/// A whole site built in memory: input files in, output files out, no disk
/// (Saga's `FileIO.mock`).
final class MemorySite: Sendable {
    let output = Mutex<[String: [UInt8]]>([:])
    let report: BuildReport

    /// Builds `files` (paths below the input folder → text) with the repository's templates.
    init(_ files: [String: String], dedup: Bool = true) throws {
        let input = files
        let templates = Fixture.repoRoot + "/templates"
        let box = Mutex<[String: [UInt8]]>([:])
        let io = FileIO(
            listFiles: { root in
                root == "in" ? Array(input.keys) : try FileIO.disk.listFiles(root)
            },
            read: { path in
                if path.hasPrefix("in/") {
                    guard let text = input[String(path.dropFirst(3))] else { throw FileError(path: path, reason: "no such file") }
                    return Array(text.utf8)
                }
                return try FileIO.disk.read(path)
            },
            publish: { files, _ in
                box.withLock { store in for f in files { store[f.path] = f.bytes } }
            })
        report = try Builder.build(BuildOptions(input: "in", output: "out", templates: templates, dedup: dedup), io: io)
        output.withLock { $0 = box.withLock { $0 } }
    }

    func page(_ path: String) -> String? {
        output.withLock { $0[path] }.map { String(decoding: $0, as: UTF8.self) }
    }

    var paths: [String] { output.withLock { Array($0.keys).sorted() } }

    /// Every `href` on a page, resolved against it to a path in the site (external ones left out).
    func internalLinks(on path: String) -> [String] {
        guard let html = page(path) else { return [] }
        var links: [String] = []
        var rest = html[...]
        while let r = rest.range(of: "href=\"") {
            let after = rest[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            let href = String(after[..<end])
            rest = after[end...]
            if href.hasPrefix("http") || href.hasPrefix("#") || href.hasPrefix("mailto:") { continue }
            var parts = path.split(separator: "/").dropLast().map(String.init)
            for component in href.split(separator: "#")[0].split(separator: "/") {
                if component == ".." { parts.removeLast() } else if component != "." { parts.append(String(component)) }
            }
            links.append(parts.joined(separator: "/").removingPercentEncoding ?? "")
        }
        return links
    }
}

/// An article's text, with front matter and From line.
func articleText(_ title: String, video: String = "P6y0gr-W2-k", channel: String = "chan", _ body: String) -> String {
    "---\ntitle: \(title)\nvideoId: \(video)\n---\n\nFrom: [[\(channel)]] <br/> \n\n\(body)\n"
}
