import Foundation
import Testing
@testable import WikiSite

/// Pages as a reader gets them, pinned byte for byte.
///
/// The fixture site below is built in memory through `Builder.build` with the
/// repository's templates; each page is compared with `Golden/<name>.html`.
/// When a change to the output is meant, rebuild the goldens with
/// `WIKISITE_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then read the
/// diff as a reviewer would before committing it.
///
/// What was checked by reading the goldens when they were first written:
/// - `links-and-timestamps.html` (the golden article):
///   - `[[bread | the bread article]]` → `../bread/index.html`, class
///     `wikilink`; `[[bread#Crumb Structure | its crumb]]` →
///     `../bread/index.html#crumb-structure`, the id that heading has on
///     bread's page (`bread.html`); `[[Nowhere Yet | a missing page]]` → the
///     topic page `../../topics/nowhere_yet/index.html`, class `topic`; the
///     wiki link in the table cell → `../bread/index.html`. Each keeps the
///     label the article gave it.
///   - Timestamps, all `<a class="ts">` to the article's own video: the
///     anchor `[00:01:14]` → `t=74s`, shown 1:14; plain `[00:02:05]` →
///     `t=125s`, 2:05; `[03:00:00]`, minutes written as hours in a video
///     whose other citations are minutes, repaired → `t=180s`, 3:00; the
///     Markdown link with `t=90` → `t=90s`, 1:30. `&` is `&amp;` in hrefs.
///   - The callout `> [!note] Worth knowing` is an
///     `<aside class="callout callout-note">` with that title and its body.
///   - Raw HTML: the `<div>` keeps its text, not its `onclick`; `<b>` stays;
///     `<script>alert(1)</script>` reaches the reader as escaped text only.
///     No `on*` attribute, `javascript:` URL or `wikisite:` placeholder is
///     left in the body; the only scripts are the theme's own.
/// - `bread.html`: `## Crumb Structure` has `id="crumb-structure"`; "Linked
///   from" lists the golden article at `../golden/index.html`; its own
///   plain `[00:04:10]` → `t=250s`, 4:10.
/// - `redirect.html` (RedirectPageTests): the merged copy's page refreshes to
///   `../mistral_open_models/index.html`, names it canonical, is `noindex`,
///   and its one link, titled with the canonical article, lands there.
@Suite struct GoldenTests {
    static let site: MemorySite = {
        let golden = """
            ## Starch Retrogradation

            A wiki link to [[bread | the bread article]], one to [[bread#Crumb Structure | its crumb]], and one to [[Nowhere Yet | a missing page]].

            Cited as an anchor <a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a>, plain [00:02:05], written as hours [03:00:00], and as a link [the clip](https://www.youtube.com/watch?v=P6y0gr-W2-k&t=90).

            > [!note] Worth knowing
            > A callout body.

            <div onclick="steal()">Raw <b>HTML</b> with <script>alert(1)</script> in it.</div>

            | Topic | Where |
            |---|---|
            | Bread | [[bread | see bread]] |
            """
        return try! MemorySite([
            "chan/golden.md": articleText("Golden article", golden),
            "chan/bread.md": articleText("Bread", video: "AAAAAAAAAAA", "## Crumb Structure\n\nOpen crumb comes from long fermentation [00:04:10]."),
        ])
    }()

    @Test(arguments: [("chan/golden/index.html", "links-and-timestamps"), ("chan/bread/index.html", "bread")])
    func articlePageMatchesItsGolden(path: String, golden: String) throws {
        let page = try #require(Self.site.page(path))
        try Golden.expect(page, matches: golden)
    }

    @Test func everyLinkOnTheGoldenPageLands() {
        for link in Self.site.internalLinks(on: "chan/golden/index.html") {
            #expect(Self.site.page(link) != nil || Self.site.paths.contains(link), "\(link)")
        }
    }
}

/// The redirect page a merged article leaves at its address.
@Suite struct RedirectPageTests {
    @Test func mergedArticleRedirectsToItsCanonicalPage() throws {
        // Two rewordings of one video's article, a third facet of it, and an
        // article linking to both copies (see DedupTests).
        let site = try DedupTests().build()
        // Linked twice, the longer copy is canonical; the other sends readers on.
        let redirect = try #require(site.page("chan/open_weights_at_mistral/index.html"))
        try Golden.expect(redirect, matches: "redirect")
        // The canonical link and the reader's link land on the canonical page…
        #expect(site.internalLinks(on: "chan/open_weights_at_mistral/index.html") == [
            "chan/mistral_open_models/index.html", "assets/style.css", "chan/mistral_open_models/index.html",
        ])
        // …and so does the refresh, relative to the redirect's folder.
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../mistral_open_models/index.html\">"))
        let canonical = try #require(site.page("chan/mistral_open_models/index.html"))
        #expect(!canonical.contains("http-equiv=\"refresh\""))
        #expect(canonical.contains("<h1>Mistral open models</h1>"))
    }
}

enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Compares `text` with `Golden/<name>.html`, or writes it there when
    /// `WIKISITE_UPDATE_GOLDEN` is set (the test then fails, to be re-run).
    static func expect(_ text: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name + ".html")
        if ProcessInfo.processInfo.environment["WIKISITE_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            Issue.record("wrote \(url.path); read it, then run again without WIKISITE_UPDATE_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8), "no golden at \(url.path)", sourceLocation: sourceLocation)
        #expect(text == expected, "differs from \(url.path)", sourceLocation: sourceLocation)
    }
}
