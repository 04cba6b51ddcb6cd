import Foundation
import Testing
@testable import WikiSite

@Suite struct BuildTests {
    func buildSeeds(to output: String) throws -> BuildReport {
        try Builder.build(BuildOptions(input: Fixture.repoRoot + "/seeds", output: output, templates: Fixture.repoRoot + "/templates"))
    }

    func allFiles(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[path] = FileManager.default.contents(atPath: root + "/" + path) }
        }
        return files
    }

    @Test func seedsBuildArticlesChannelAndHome() throws {
        let output = Fixture.temporaryFolder() + "/public"
        let report = try buildSeeds(to: output)
        #expect(report.articles == 5)
        #expect(report.warnings == 0)
        let pages = allFiles(output).keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.filter { $0.hasPrefix("videos/") }.count == 4)
        #expect(pages.filter { $0.hasPrefix("topics/") }.count >= 10)
        #expect(pages.contains("index.html"))
        #expect(pages.contains("redpointai/index.html"))
        #expect(pages.filter { $0.hasPrefix("redpointai/") && $0.hasSuffix("/index.html") && $0.split(separator: "/").count == 3 }.count == 5)
        let home = String(decoding: allFiles(output)["index.html"]!, as: UTF8.self)
        #expect(home.contains("redpointai"))
        #expect(home.contains("5 articles"))
        // The two full summaries of the episode are one article (the second is the canonical page).
        let article = String(decoding: allFiles(output)["redpointai/001_02ee466525ab61b6/index.html"]!, as: UTF8.self)
        #expect(article.contains("<h1>AI infrastructure and tooling</h1>"))
        #expect(article.contains("Also generated as: <span><a href=\"#main\">AI infrastructure and developer tools</a></span>"))
        #expect(article.contains("https://www.youtube.com/watch?v=P6y0gr-W2-k"))
    }

    @Test func twoBuildsGiveByteIdenticalOutput() throws {
        let first = Fixture.temporaryFolder() + "/public"
        let second = Fixture.temporaryFolder() + "/public"
        _ = try buildSeeds(to: first)
        _ = try buildSeeds(to: second)
        #expect(allFiles(first) == allFiles(second))
        #expect(!allFiles(first).isEmpty)
    }

    /// `--dedup-report` lists each group, its canonical article first, for a
    /// maintainer to review (made only when asked for).
    @Test func dedupReportListsEachMergedArticleWhenAskedFor() throws {
        let input = Fixture.temporaryFolder()
        try FileManager.default.createDirectory(atPath: input + "/chan", withIntermediateDirectories: true)
        let body = (0..<12).map { "Paragraph \($0) on gradient descent, learning rates, momentum and convergence of loss number \($0)." }
            .joined(separator: "\n\n")
        try articleText("Gradient descent", body).write(toFile: input + "/chan/gradient_descent.md", atomically: false, encoding: .utf8)
        try articleText("Gradient descent explained", body + "\n\nA closing remark.").write(toFile: input + "/chan/gradient_descent_explained.md", atomically: false, encoding: .utf8)
        // Other articles, so that words have weight (a word in every article says nothing).
        for (k, topic) in ["sourdough baking", "tide pools", "chess openings", "violin bowing"].enumerated() {
            let other = (0..<6).map { "Notes \($0) about \(topic) in part \(k)." }.joined(separator: "\n\n")
            try articleText(topic, video: "vid\(k)xxxxxx", other).write(toFile: input + "/chan/other_\(k).md", atomically: false, encoding: .utf8)
        }
        let folder = Fixture.temporaryFolder()
        var options = BuildOptions(input: input, output: folder + "/public", templates: Fixture.repoRoot + "/templates")
        options.dedupReportPath = folder + "/report.tsv"
        _ = try Builder.build(options)
        let lines = try String(contentsOfFile: folder + "/report.tsv", encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "group\tcanonical\tarticle\tscore\tspan")
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("0\tchan/gradient_descent") })
    }

    @Test func badFilesBecomeDiagnosticsAndTheRestIsBuilt() throws {
        let input = Fixture.temporaryFolder()
        try FileManager.default.createDirectory(atPath: input + "/chan", withIntermediateDirectories: true)
        try "---\ntitle: Good\nvideoId: P6y0gr-W2-k\n---\nFrom: [[chan]] <br/>\nFine.\n".write(toFile: input + "/chan/good.md", atomically: false, encoding: .utf8)
        try "".write(toFile: input + "/chan/empty.md", atomically: false, encoding: .utf8)
        try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: input + "/chan/binary.md"))
        try "---\ntitle: [broken\n---\nFrom: [[chan]]\ntext".write(toFile: input + "/chan/yaml.md", atomically: false, encoding: .utf8)
        let output = Fixture.temporaryFolder() + "/public"
        let report = try Builder.build(BuildOptions(input: input, output: output, templates: Fixture.repoRoot + "/templates"))
        #expect(report.articles == 2)
        #expect(Set(report.diagnostics.map(\.code)).isSuperset(of: ["input.empty", "input.binary", "frontmatter.invalid"]))
        #expect(FileManager.default.fileExists(atPath: output + "/chan/good/index.html"))
        #expect(FileManager.default.fileExists(atPath: output + "/chan/yaml/index.html"))
    }
}
