import Foundation
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
