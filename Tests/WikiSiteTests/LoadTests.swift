import Foundation
import Testing
@testable import WikiSite

@Suite struct LoadTests {
    /// The codes of a result, leaving out the stub warning these short fixtures all get.
    func codes(_ result: LoadResult) -> [String] { result.diagnostics.map(\.code).filter { $0 != "article.stub" } }

    /// The input is every regular file below the folder, at any depth, and
    /// nothing hidden (`.git`, `.obsidian`, a dot file) or reached through a
    /// symbolic link, which could lead outside it.
    @Test func inputListingSkipsHiddenEntriesAndLinks() throws {
        let root = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for folder in ["chan/sub/deeper", ".git", "chan/.obsidian"] { try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true) }
        for file in ["chan/a.md", "chan/sub/b.md", "chan/sub/deeper/c.txt", "top.md", ".git/x.md", "chan/.hidden.md", "chan/.obsidian/y.md"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        try fm.createSymbolicLink(atPath: root + "/chan/link.md", withDestinationPath: root + "/chan/a.md")
        try fm.createSymbolicLink(atPath: root + "/linked", withDestinationPath: root + "/chan")
        try fm.createSymbolicLink(atPath: root + "/outside", withDestinationPath: NSTemporaryDirectory())
        #expect(try DiskReader.listFiles(root: root).sorted() == ["chan/a.md", "chan/sub/b.md", "chan/sub/deeper/c.txt", "top.md"])
        #expect(throws: FileError.self) { try DiskReader.listFiles(root: root + "/top.md") }
        #expect(throws: FileError.self) { try DiskReader.listFiles(root: root + "/missing") }
    }

    @Test func readsTitleVideoAndChannel() {
        let result = Fixture.load("---\ntitle: AI infrastructure\nvideoId: P6y0gr-W2-k\n---\n\nFrom: [[redpointai]] <br/> \n\nBody text.\n", path: "redpointai/ai.md")
        let article = result.article!
        #expect(article.title == "AI infrastructure")
        #expect(article.videoID == "P6y0gr-W2-k")
        #expect(article.channelName == "redpointai")
        #expect(article.kind == .article)
        #expect(!article.body.contains("From:"))
        #expect(article.body.contains("Body text."))
        #expect(codes(result).isEmpty)
    }

    @Test func missingTitleFallsBackOnFileNameWithDiagnostic() {
        let result = Fixture.load("---\nvideoId: P6y0gr-W2-k\n---\nFrom: [[c]] <br/>\nText\n", path: "c/scaling_laws_explained.md")
        #expect(result.article?.title == "scaling laws explained")
        #expect(codes(result) == ["frontmatter.missing-title"])
        #expect(result.diagnostics.first?.description.hasPrefix("in/c/scaling_laws_explained.md:2:1: warning:") == true)
    }

    @Test func missingVideoIdMakesAPageWithANote() {
        let result = Fixture.load("---\ntitle: Notes\n---\nFrom: [[c]] <br/>\nText\n", path: "c/notes.md")
        #expect(result.article?.kind == .page)
        #expect(result.article?.videoID == nil)
        #expect(codes(result) == ["frontmatter.missing-video-id"])
    }

    @Test func missingFromLineIsReportedAtTheFirstLineOfText() {
        let result = Fixture.load("---\ntitle: T\nvideoId: P6y0gr-W2-k\n---\n\n\nFirst paragraph.\n", path: "folder/t.md")
        #expect(result.article?.channelName == "folder")
        let diagnostic = result.diagnostics.first { $0.code == "article.missing-from" }
        #expect(diagnostic?.line == 7)
        #expect(diagnostic?.column == 1)
    }

    @Test func crlfAndByteOrderMarkAreRepaired() {
        let text = "\u{FEFF}---\r\ntitle: Windows file\r\nvideoId: P6y0gr-W2-k\r\n---\r\nFrom: [[c]] <br/>\r\nLine one\r\nLine two\r\n"
        let result = Fixture.load(text)
        #expect(result.article?.title == "Windows file")
        #expect(result.article?.body.contains("\r") == false)
        #expect(result.article?.body.contains("Line one\nLine two") == true)
        // The repair is noted, not warned about.
        #expect(codes(result) == ["input.byte-order-mark"])
        #expect(result.diagnostics.allSatisfy { $0.code == "article.stub" || $0.severity == .note })
    }

    @Test func brokenYAMLIsReportedAtItsLine() {
        let result = Fixture.load("---\ntitle: ok\nvideoId: [unclosed\n---\nFrom: [[c]] <br/>\nBody\n", path: "c/broken.md")
        let diagnostic = result.diagnostics.first { $0.code == "frontmatter.invalid" }
        #expect(diagnostic != nil)
        #expect((diagnostic?.line ?? 0) >= 3)
        #expect(result.article?.title == "broken")
    }

    @Test func unclosedFrontMatterIsReadAsBody() {
        let result = Fixture.load("---\ntitle: never closed\n\nSome text\n", path: "c/open.md")
        #expect(result.diagnostics.map(\.code).contains("frontmatter.unclosed"))
        #expect(result.article != nil)
    }

    @Test func emptyAndBinaryFilesMakeNoArticle() {
        #expect(Fixture.load("").article == nil)
        #expect(Fixture.load("").diagnostics.map(\.code) == ["input.empty"])
        let binary = ArticleLoader.load(SourceFile(path: "c/b.md", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]), fallbackChannel: "x")
        #expect(binary.article == nil)
        #expect(binary.diagnostics.map(\.code) == ["input.binary"])
    }

    @Test func invalidUTF8IsReplacedAndReportedWhereItIs() {
        var bytes = Array("---\ntitle: T\nvideoId: P6y0gr-W2-k\n---\nFrom: [[c]] <br/>\nok ".utf8)
        bytes += [0xC3, 0x28]
        let result = ArticleLoader.load(SourceFile(path: "c/bad.md", bytes: bytes), fallbackChannel: "x")
        let diagnostic = result.diagnostics.first { $0.code == "input.invalid-utf8" }
        #expect(diagnostic?.line == 6)
        #expect(diagnostic?.column == 4)
        #expect(result.article?.body.contains("\u{FFFD}") == true)
    }

    @Test func channelNameLosesBidiIsolatesAndAtSign() {
        let bidi = Fixture.article("---\ntitle: T\nvideoId: P6y0gr-W2-k\n---\nFrom: [[\u{2068}cleoabram\u{2069}]] <br/>\nx\n")
        #expect(bidi.channelName == "cleoabram")
        let at = Fixture.article("---\ntitle: T\nvideoId: P6y0gr-W2-k\n---\nFrom: [[@mrbeast]] <br/>\nx\n")
        #expect(at.channelName == "mrbeast")
    }

    @Test func channelPageIsRecognisedWhateverTheCase() {
        let page = Fixture.article("---\ntitle: acquiredFM\n---\n### [A video](https://www.youtube.com/watch?v=P6y0gr-W2-k)\n", path: "acquiredfm/acquiredFM.md")
        #expect(page.kind == .channelPage)
    }

    @Test func hostileShapesAreReportedWhereTheyAre() {
        let long = String(repeating: "x", count: 70_000)
        #expect(codes(Fixture.load(articleText("T", "ok\n\(long)\n"))).contains("input.long-line"))
        let fence = Fixture.load(articleText("T", "text\n\n```swift\nlet x = 1\n"))
        #expect(fence.diagnostics.first { $0.code == "markdown.unclosed-fence" }?.line == 10)
        let traversal = Fixture.load(articleText("T", channel: "../../etc", "x"))
        #expect(codes(traversal).contains("article.channel-name"))
        let deep = ArticleParser.parse(Fixture.article(articleText("T", String(repeating: ">", count: 200) + " deep")))
        #expect(deep.diagnostics.map(\.code) == ["markdown.deep-nesting"])
    }

    @Test func titleThatIsANumberStaysText() {
        #expect(Fixture.article("---\ntitle: 2024\nvideoId: P6y0gr-W2-k\n---\nFrom: [[c]] <br/>\nx\n").title == "2024")
    }

    @Test func invalidVideoIdIsDroppedWithDiagnostic() {
        let result = Fixture.load("---\ntitle: T\nvideoId: \"\\\"><script>\"\n---\nFrom: [[c]] <br/>\nx\n")
        #expect(result.article?.videoID == nil)
        #expect(result.diagnostics.map(\.code).contains("frontmatter.invalid-video-id"))
    }
}

@Suite struct InputLoaderTests {
    /// An input with two articles and a `dedup-overrides.txt` that `read` serves or refuses.
    func io(overrides: String?) -> FileIO {
        let files = ["chan/a.md": articleText("A", "Text."), "chan/b.md": articleText("B", "More text.")]
        var io = FileIO.disk
        io.listFiles = { root in root == "in" ? Array(files.keys) + [DedupOverrides.fileName] : try FileIO.disk.listFiles(root) }
        io.read = { path in
            guard path.hasPrefix("in/") else { return try FileIO.disk.read(path) }
            if path.hasSuffix(DedupOverrides.fileName) {
                guard let overrides else { throw FileError(path: path, reason: "permission denied") }
                return Array(overrides.utf8)
            }
            return Array(files[String(path.dropFirst("in/".count))]!.utf8)
        }
        return io
    }

    @Test func overridesThatCannotBeReadAreAWarningNotSilence() throws {
        let input = try InputLoader.load(BuildOptions(input: "in", output: "out", templates: Fixture.repoRoot + "/templates"),
                                         io: io(overrides: nil))
        let warning = try #require(input.diagnostics.first { $0.path == "in/dedup-overrides.txt" })
        #expect(warning.code == "input.unreadable")
        #expect(warning.severity == .warning)
        // The overrides file is never taken for an article.
        #expect(input.sources.map(\.path) == ["chan/a.md", "chan/b.md"])
    }

    @Test func overridesAreReadByLoad() throws {
        let input = try InputLoader.load(BuildOptions(input: "in", output: "out", templates: Fixture.repoRoot + "/templates"),
                                         io: io(overrides: "apart chan/a.md chan/b.md\nnonsense\n"))
        #expect(input.overrides.pairs.count == 1)
        #expect(input.diagnostics.map(\.code).filter { $0.hasPrefix("dedup") } == ["dedup.override"])
        #expect(input.sources.count == 2)
    }
}
