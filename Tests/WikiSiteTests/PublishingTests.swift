import Foundation
import Testing
@testable import WikiSite

/// The theme inside the binary, overriding it file by file, exporting it,
/// what crawlers get with --base-url, and the errors a user can make.
@Suite struct PublishingTests {
    static let seeds = Fixture.repoRoot + "/seeds"

    /// Every file of a built site, by path.
    static func tree(_ root: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in try FileIO.disk.listFiles(root) { files[path] = try FileIO.disk.read(root + "/" + path) }
        return files
    }

    static func build(_ templates: String? = nil, baseURL: String? = nil) throws -> [String: [UInt8]] {
        let out = Fixture.temporaryFolder() + "/site"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try Builder.build(BuildOptions(input: seeds, output: out, templates: templates, baseURL: baseURL))
        return try tree(out)
    }

    @Test func builtInThemeIsTheRepositorysTemplatesFolder() throws {
        let folder = Fixture.repoRoot + "/templates"
        let onDisk = try FileIO.disk.listFiles(folder).sorted()
        #expect(ThemeLoader.builtInFiles.map(\.path).sorted() == onDisk)
        for file in ThemeLoader.builtInFiles { #expect(file.bytes == (try FileIO.disk.read(folder + "/" + file.path)), "\(file.path)") }
    }

    @Test func exportThenOverrideGivesTheSameBytes() throws {
        let theme = Fixture.temporaryFolder() + "/theme"
        #expect(try ThemeExporter.export(to: theme, replacing: false) == ThemeLoader.builtInFiles.count)
        #expect(throws: FileError.self) { try ThemeExporter.export(to: theme, replacing: false) }
        #expect(try Self.build(theme) == (try Self.build()))
    }

    @Test func oneTemplateOverrideChangesOnlyThatPageKind() throws {
        let folder = Fixture.temporaryFolder()
        let article = ThemeLoader.builtIn.templates["article"]! + "<!-- custom-article -->\n"
        try article.write(toFile: folder + "/article.mustache", atomically: false, encoding: .utf8)
        let plain = try Self.build(), custom = try Self.build(folder)
        #expect(plain.keys.sorted() == custom.keys.sorted())
        var changed = 0
        for (path, bytes) in plain where custom[path] != bytes {
            changed += 1
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("data-kind=\"article\""), "\(path) changed but is not an article page")
            #expect(String(decoding: custom[path]!, as: UTF8.self).contains("custom-article"))
        }
        let articles = plain.values.filter { String(decoding: $0, as: UTF8.self).contains("data-kind=\"article\"") }.count
        #expect(changed == articles && articles > 0)
    }

    @Test func templateThatDoesNotParseNamesFileLineAndColumn() throws {
        let folder = Fixture.temporaryFolder()
        try "{{> partials/head}}\n<h1>{{title}</h1>\n".write(toFile: folder + "/topic.mustache", atomically: false, encoding: .utf8)
        let error = try #require(throws: ThemeError.self) { try Self.build(folder) }
        #expect(error.diagnostics.map(\.code) == ["theme.parse"])
        #expect(error.description.hasPrefix(folder + "/topic.mustache:2:"))
    }

    @Test func unknownTemplateAndMissingPartialAreErrors() throws {
        let folder = Fixture.temporaryFolder()
        try "x".write(toFile: folder + "/artcle.mustache", atomically: false, encoding: .utf8)
        try "{{> partials/head}}\n  {{> partials/sidebar}}\n".write(toFile: folder + "/video.mustache", atomically: false, encoding: .utf8)
        let error = try #require(throws: ThemeError.self) { try Self.build(folder) }
        #expect(error.diagnostics.map(\.code).sorted() == ["theme.missing-partial", "theme.unknown-template"])
        #expect(error.description.contains(folder + "/video.mustache:2:3: error: includes the partial partials/sidebar"))
    }

    @Test func withoutBaseURLNoAbsoluteURLsAndNoSitemap() throws {
        let site = try Self.build()
        #expect(site["sitemap.xml"] == nil && site["robots.txt"] == nil)
        for (path, bytes) in site where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("og:") && !text.contains("rel=\"canonical\" href=\"http"), "\(path)")
        }
    }

    @Test func withBaseURLEveryPageKindHasAbsoluteCanonicalAndOpenGraph() throws {
        let base = "https://example.org/wiki/"
        let site = try Self.build(baseURL: "https://example.org/wiki")
        let robots = String(decoding: try #require(site["robots.txt"]), as: UTF8.self)
        #expect(robots.contains("Sitemap: https://example.org/wiki/sitemap.xml\n"))
        let sitemap = String(decoding: try #require(site["sitemap.xml"]), as: UTF8.self)
        var kinds = Set<String>()
        for (path, bytes) in site where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            let kind = text.firstMatch(of: /data-kind="([a-z0-9]+)"/).map { String($0.1) } ?? "?"
            kinds.insert(kind)
            #expect(text.contains("<link rel=\"canonical\" href=\"\(base)"), "\(path)")
            for tag in ["og:url\" content=\"\(base)", "og:title\"", "og:site_name\"", "og:type\"", "twitter:card\""] {
                #expect(text.contains(tag), "\(path) has no \(tag)")
            }
            let listed = sitemap.contains("<loc>\(base)\(SiteURL.encodePath(path.replacingSuffix("index.html")))</loc>")
            if kind == "redirect" || kind == "404" {
                #expect(text.contains("<meta name=\"robots\" content=\"noindex\">") && !listed, "\(path)")
            } else {
                #expect(listed, "\(path) is not in the sitemap")
                #expect(text.contains("og:description\""), "\(path)")
            }
        }
        #expect(kinds.isSuperset(of: ["home", "article", "channel", "topic", "video", "search", "404"]))
    }

    @Test func sitemapPast50000URLsIsAnIndex() {
        let files = Sitemap.files(pages: ["a/index.html", "b/index.html", "c/index.html"], baseURL: "https://x.org/", perFile: 2)
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        #expect(byPath["sitemap.xml"]!.contains("<sitemapindex"))
        #expect(byPath["sitemap.xml"]!.contains("<loc>https://x.org/sitemap-2.xml</loc>"))
        #expect(byPath["sitemap-1.xml"]!.contains("<loc>https://x.org/b/</loc>"))
        #expect(byPath["sitemap-2.xml"]!.contains("<loc>https://x.org/c/</loc>") && !byPath["sitemap-2.xml"]!.contains("/a/"))
    }

    @Test func badInputsAreOneLineErrors() throws {
        let tmp = Fixture.temporaryFolder()
        try FileManager.default.createDirectory(atPath: tmp + "/empty", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: tmp + "/file", contents: Data("x".utf8))
        func message(_ input: String, _ output: String, templates: String? = nil) -> String {
            do {
                _ = try Builder.build(BuildOptions(input: input, output: output, templates: templates))
                return "built"
            } catch {
                return "\(error)"
            }
        }
        #expect(message(tmp + "/nope", tmp + "/o").contains("no such folder"))
        #expect(message(tmp + "/empty", tmp + "/o").contains("no articles in this folder"))
        #expect(message(Self.seeds, Self.seeds).contains("is the input folder"))
        #expect(message(Self.seeds, Self.seeds + "/site").contains("is inside the input folder"))
        #expect(message(Self.seeds, Fixture.repoRoot).contains("holds the input folder"))
        #expect(message(Self.seeds, tmp + "/file").contains("is a file, not a folder"))
        #expect(message(Self.seeds, tmp + "/file/site").contains("cannot be written"))
        #expect(message(Self.seeds, "/proc/wikisite-site").contains("cannot be written"))
        #expect(message(Self.seeds, tmp + "/o", templates: tmp + "/nope").contains("--templates"))
        #expect(!FileManager.default.fileExists(atPath: tmp + "/o"))
    }
}
