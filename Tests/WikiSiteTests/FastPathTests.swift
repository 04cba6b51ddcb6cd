import Foundation
import Mustache
import Testing
@testable import WikiSite

/// The byte-level fast paths a build takes instead of Foundation's string
/// functions must give what the Foundation functions gave.
@Suite struct FastPathTests {
    @Test func decodedTextIsNFCWhetherTypedComposedOrDecomposed() throws {
        let composed = "---\ntitle: Café — “Crème brûlée” → 😀\n---\n\nBody.\n"
        let decomposed = "---\ntitle: Cafe\u{301} — “Cre\u{300}me bru\u{302}le\u{301}e” → 😀\n---\n\nBody.\n"
        let a = try #require(TextDecoder.decode(SourceFile(path: "c/a.md", bytes: Array(composed.utf8))).0)
        let b = try #require(TextDecoder.decode(SourceFile(path: "c/b.md", bytes: Array(decomposed.utf8))).0)
        #expect(a.text == composed)
        #expect(Array(b.text.utf8) == Array(composed.utf8))
    }

    @Test func plainNFCCheckAcceptsOnlyScalarsNFCNeverChanges() {
        #expect(TextDecoder.isPlainlyNFC("naïve café — “quoted” … €5 → ✓ 😀"))
        #expect(!TextDecoder.isPlainlyNFC("cafe\u{301}"))            // a combining accent
        #expect(!TextDecoder.isPlainlyNFC("\u{2126}"))                // OHM SIGN, which NFC turns into Ω
        #expect(!TextDecoder.isPlainlyNFC("\u{1100}\u{1161}"))        // Hangul jamo, which NFC composes
        for text in ["naïve café — “quoted” … €5 → ✓ 😀", "cafe\u{301}", "\u{2126}", "\u{1100}\u{1161}"] where TextDecoder.isPlainlyNFC(text) {
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
        }
        // The check reads UTF-8 bytes: it agrees with the same ranges read scalar by scalar,
        // for every length of encoding and both sides of each range's edges.
        func byScalars(_ text: String) -> Bool {
            text.unicodeScalars.allSatisfy {
                switch $0.value {
                case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0, 0x2190...0x21FF, 0x2500...0x27BF, 0x1F300...0x1FAFF: true
                default: false
                }
            }
        }
        let edges: [UInt32] = [0x7F, 0x80, 0x2FF, 0x300, 0x200F, 0x2010, 0x2027, 0x2028, 0x202F, 0x2030, 0x205E, 0x205F, 0x209F, 0x20A0,
                               0x20C0, 0x20C1, 0x218F, 0x2190, 0x21FF, 0x2200, 0x24FF, 0x2500, 0x27BF, 0x27C0, 0xFFFD, 0x1F2FF, 0x1F300,
                               0x1FAFF, 0x1FB00, 0x10FFFF]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let scalars = (0..<Int.random(in: 0...6, using: &generator)).compactMap { _ in
                Unicode.Scalar(Bool.random(using: &generator) ? edges.randomElement(using: &generator)! : UInt32.random(in: 0...0x1FFFF, using: &generator))
            }
            let text = "ab" + String(String.UnicodeScalarView(scalars)) + "z"
            #expect(TextDecoder.isPlainlyNFC(text) == byScalars(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// A link's target and label are cleaned on a byte path when they are
    /// plain ASCII with single spaces inside (spaces around are trimmed); it
    /// gives what the scalar-by-scalar path gives, whatever the text.
    @Test func cleanedLabelFastPathAgreesWithTheGeneralOne() {
        for text in [" target ", "a  b", "label", "", " ", "  ", "\tx", "x\n", "café ", " a b c ", "a\u{200B}b", "a\u{7F}b", "Ω "] {
            #expect(text.cleanedLabel == text.cleanedByScalars, "\(Array(text.unicodeScalars))")
        }
        let pieces = [" ", "  ", "a", "Bc", "\t", "\n", "é", "\u{00A0}", "\u{200B}", "_", "|", "#", "\u{7F}", "\u{1}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(text.cleanedLabel == text.cleanedByScalars, "\(Array(text.unicodeScalars))")
            #expect(text[...].cleanedLabel == text.cleanedByScalars)
        }
    }

    /// Timestamp anchors and wiki links are read on bytes when they are
    /// ASCII; what they give is what reading them as characters gives (the
    /// reference below), whatever the case, line ends or non-ASCII around.
    @Test func anchorTagsAndLinkPartsReadOnBytesAgreeWithCharacters() {
        func openTagByCharacters(_ tag: Substring) -> Bool {
            guard tag.count < 400 else { return false }
            let lower = tag.lowercased()
            return lower.hasPrefix("<a") && (lower.containsBytes("data-t") || lower.containsBytes("data=") || lower.containsBytes("yt"))
                && !lower.containsBytes("href=\"http")
        }
        func splitByCharacters(_ inner: Substring) -> (String, String?, String?)? {
            if inner.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == 0x0A }) { return nil }
            var targetPart = inner, label: String?, fragment: String?
            if let pipe = inner.firstIndex(of: "|") {
                targetPart = inner[..<pipe]
                let rest = inner[inner.index(after: pipe)...].cleanedLabel
                label = rest.isEmpty ? nil : rest
            }
            if let hash = targetPart.firstIndex(of: "#") {
                let f = targetPart[targetPart.index(after: hash)...].cleanedLabel
                fragment = f.isEmpty ? nil : f
                targetPart = targetPart[..<hash]
            }
            let target = targetPart.cleanedLabel
            guard target.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) || (target.isEmpty && fragment != nil) else { return nil }
            return (target, fragment, label)
        }
        let tagPieces = ["<a", "<A", " ", "class=\"yt-timestamp\"", "data-t=\"00:01:14\"", "DATA-T='1:02'", "data=", "YT", "href=\"http://x\"",
                         "HREF=\"HTTP", ">", "\r\n", "é", "\u{301}", "t", "=", "\"", "12", "x"]
        let linkPieces = ["a", "B", " ", "|", "#", "\u{301}", "é", "_", "1", "^x", "  ", "\t", "|\u{301}", "#\u{301}", "\r\n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let tag = (0..<Int.random(in: 1...8, using: &generator)).map { _ in tagPieces.randomElement(using: &generator)! }.joined()
            #expect(TimestampSyntax.isOpenTag(tag[...]) == openTagByCharacters(tag[...]), "\(tag.debugDescription)")
            let inner = (0..<Int.random(in: 0...8, using: &generator)).map { _ in linkPieces.randomElement(using: &generator)! }.joined()
            let fast = WikiLink.split(inner[...]), reference = splitByCharacters(inner[...])
            #expect(fast?.target == reference?.0 && fast?.fragment == reference?.1 && fast?.label == reference?.2, "\(inner.debugDescription)")
        }
        #expect(TimestampSyntax.isOpenTag(String(repeating: "<a data-t=1 ", count: 40)[...]) == false)
        #expect(TimestampSyntax.timeInTag("<a class=\"yt-timestamp\" data-t=\"00:01:14\">")?.literal == 74)
        #expect(TimestampSyntax.timeInTag("<a data-t=\"x1\">") == nil)
    }

    /// Slugs of ASCII names are made on bytes, and a channel page's video
    /// headings are found on bytes; both give what reading characters gave.
    @Test func slugsAndChannelHeadingsOnBytesAgreeWithCharacters() {
        // The slug as it was made before the byte path, scalar by scalar.
        func slugByScalars(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for scalar in text.cleanedLabel.lowercased().unicodeScalars {
                let p = scalar.properties
                out.append(p.isAlphabetic || p.numericType != nil || scalar == "_" || scalar == "-" || scalar == "." ? scalar : "_")
            }
            var slug = String(out)
            while slug.hasPrefix(".") { slug.removeFirst() }
            while slug.hasSuffix(".") { slug.removeLast() }
            if slug.isEmpty { slug = "untitled" }
            if slug.utf8.count > Slug.maxBytes {
                var cut = ""
                for scalar in slug.unicodeScalars {
                    if cut.utf8.count + String(scalar).utf8.count > Slug.maxBytes - 8 { break }
                    cut.unicodeScalars.append(scalar)
                }
                slug = cut + "-" + String(FNV1a.hash(slug) & 0xFFFFFF, radix: 16)
            }
            let base = slug.split(separator: ".", maxSplits: 1).first.map(String.init) ?? slug
            return Slug.windowsReserved.contains(base) ? slug + "_" : slug
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["A", "z", "9", " ", "  ", "_", "-", ".", "..", "/", "'", "?", "#", "CON", "\t", String(repeating: "Long", count: 9)]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Slug.make(text) == slugByScalars(text), "\(text.debugDescription)")
        }
        #expect(Slug.make("Use of Twelve Labs SDK") == "use_of_twelve_labs_sdk")
        #expect(Slug.make("...Hidden. Name...") == "hidden._name")
        let linePieces = ["# ", "  #", "## [A](https://youtu.be/x)", "text", "\n", "\r\n", "\n\u{301}", "#\u{301}", " ", "é", "\n\n"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in linePieces.randomElement(using: &generator)! }.joined()
            func isHeading(_ line: Substring) -> Bool { line.drop(while: { $0 == " " }).hasPrefix("#") }
            #expect(ChannelPageReader.headingLines(of: text).filter(isHeading) == text.split(separator: "\n").filter(isHeading), "\(text.debugDescription)")
        }
    }

    /// Dedup's word lists: sorted and each value once, however the values
    /// fall into the top-byte buckets (spread, repeated, all in one bucket).
    @Test func wordHashesComeOutSortedAndUnique() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 40, 64, 65, 300, 5000] {
            let spread = (0..<count).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
            let repeated = (0..<count).map { _ in UInt64.random(in: 0..<UInt64(max(1, count / 3)), using: &generator) &* 0x9E37_79B9_7F4A_7C15 }
            let crowded = (0..<count).map { _ in 0xAB00_0000_0000_0000 | UInt64.random(in: 0..<(1 << 40), using: &generator) }
            let mixed = spread + repeated + crowded + crowded.prefix(count / 2)
            for values in [spread, repeated, crowded, mixed] {
                #expect(Deduplicator.sortedUnique(values) == Array(Set(values)).sorted())
            }
        }
    }

    @Test func asciiCheckReadsEveryByte() {
        for length in 0..<40 {
            let ascii = [UInt8](repeating: 0x61, count: length)
            #expect(TextDecoder.isASCII(ascii))
            for at in 0..<length {
                var one = ascii
                one[at] = 0xC3
                #expect(!TextDecoder.isASCII(one), "\(length) \(at)")
            }
        }
    }

    /// A title's words for related articles: ASCII titles are split on bytes,
    /// others by Character; a title read either way gives the same words
    /// (one non-ASCII word more sends it down the general path).
    @Test func titleWordsAreTheSameOnTheASCIIPath() {
        #expect(TargetIndex.words("GPT-4o vs. Claude 3.5: Don't PANIC (2024)") == ["gpt", "4o", "claude", "don", "panic", "2024"])
        for title in ["GPT-4o vs. Claude 3.5: Don't PANIC (2024)", "The Rise of AI — and of the A/B test", "x y z", "",
                      "Tabs\tand\r\nnew lines_under_scores", "Rock & Roll's 1st 100 Days!"] {
            #expect(TargetIndex.words(title + " café") == TargetIndex.words(title) + ["café"], "\(title)")
        }
    }

    @Test func byteSearchFindsTheSameRangeAsACharacterSearch() throws {
        let text = "héllo “[[a]]” wörld [[b]] end"
        let r = try #require(text.firstRange(of: "[["))
        #expect(text[r.lowerBound...].hasPrefix("[[a]]"))
        let second = try #require(text.firstRange(of: "[[", from: r.upperBound))
        #expect(text[second.lowerBound...].hasPrefix("[[b]]"))
        #expect(text.firstRange(of: "[[", from: text.firstRange(of: "end")!.lowerBound) == nil)
        let sub = text[text.firstRange(of: "wörld")!.lowerBound...]
        let inSub = try #require(sub.firstRange(of: "]]"))
        #expect(sub[inSub.upperBound...] == " end")
        #expect("ab".firstRange(of: "abc") == nil)
        #expect("".firstRange(of: "a") == nil)
        #expect(!"<td align=\"left\">".containsBytes(" align=\"right"))
        #expect(MarkdownDocument.alignedByClass("<td align=\"right\">1</td>") == "<td class=\"al-right\">1</td>")
    }

    @Test func javaScriptLiteralsEscapeWhatJSONAndOldEnginesNeed() throws {
        let text = "say \"hi\" \\ now\n\ttab \u{01} é “q” \u{2028}\u{2029} 😀"
        let quoted = JSText.quoted(text)
        #expect(quoted == "\"say \\\"hi\\\" \\\\ now\\u000a\\u0009tab \\u0001 é “q” \\u2028\\u2029 😀\"")
        let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
        #expect(back == text)
    }

    @Test func graphCoordinatesAreWrittenWithOneDecimalAsPrintfDoes() {
        var generator = SystemRandomNumberGenerator()
        let fixed = [0.0, -0.0, 0.05, 0.25, 0.35, 1.05, 2.5, -3.14159, 379.95, 760.0, 123456.789, -0.04, 1e13, .nan]
        let random = (0..<5000).map { _ in Double.random(in: -1000...1000, using: &generator) }
        let ties = (0..<2000).map { Double($0) / 20 - 50 }   // x.x5: on a tie, or a hair either side of one
        let wrong = (fixed + random + ties).filter { LocalGraph.fmt($0) != String(format: "%.1f", $0) }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }


    @Test func graphLabelsAreCutAsFoundationTrimmedThem() {
        let titles = ["Short", "Exactly twenty-two ch.", "A title of twenty-three", "Twenty-one characters then more",
                      "Twenty characters  \u{3000} then an ideographic space", "Ends on a tab here...\tand more text",
                      "   Leading spaces and a long tail", "Ünïcödé títlé wíth áccénts everywhere", "Emoji 👩‍👩‍👧‍👦 family and flags 🇫🇷🇩🇪 etc",
                      "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301} combining",
                      "                         ", "日本語のタイトルはとても長いのでここで切られるはずです", "x\u{A0}\u{A0}\u{A0}\u{2003}"]
        for title in titles {
            let expected = title.count <= 22 ? title : String(title.prefix(21)).trimmingCharacters(in: .whitespaces) + "…"
            #expect(LocalGraph.label(title) == expected, "\(title)")
        }
    }
    @Test func templatesEscapeValuesExactlyAsMustachesHTMLDoes() throws {
        ThemeCheck.FastEscape.register()
        let plain = try MustacheTemplate(string: "<p title=\"{{v}}\">{{v}}</p>{{{v}}}\n{{#list}}[{{.}}]{{/list}}\n")
        let fast = try MustacheTemplate(string: ThemeCheck.FastEscape.pragma + "<p title=\"{{v}}\">{{v}}</p>{{{v}}}\n{{#list}}[{{.}}]{{/list}}\n")
        for value in ["plain", "Tom & Jerry's <b>\"quote\"</b>", "café — “x” 😀", "", "&amp; already", "a\r\nb"] {
            let context: [String: Any] = ["v": value, "list": [value, "<i>"]]
            #expect(fast.render(context) == plain.render(context))
        }
    }

    /// A page part made only when the page is rendered (a list of links, a
    /// timeline, a graph) reads to any template as the String it used to be:
    /// as a variable, escaped or not, a section (names inside it are the
    /// page's), an inverted section, `{{.}}`, and a transform.
    @Test func deferredPartsReadToTemplatesAsTheirText() throws {
        let template = try MustacheTemplate(string: "{{{part}}}|{{part}}|{{#part}}<{{title}}:{{.}}>{{/part}}|{{^part}}none{{/part}}|{{uppercased(part)}}\n")
        let parts: [any DeferredText] = [
            ArticleLinks(page: "chan/a/index.html", items: [("Q & A", "chan/b c/index.html"), ("Other", "other/d/index.html")]),
            MomentList(page: "chan/v/index.html", videoID: "abc", items: [(74, "A <b>", "chan/a/index.html"), (80, "A <b>", "chan/a/index.html")]),
            MentionList(page: "topics/t/index.html", items: [("A", "chan/a/index.html", "Chan", "It says \"t\".")]),
            GraphDrawing(page: "chan/a/index.html", title: "A", neighbours: [("B & C", "chan/b/index.html", .out), ("D", "x/d/index.html", .sibling)]),
        ]
        for part in parts {
            let text = part.renderText
            #expect(!text.isEmpty)
            #expect(template.render(["part": part, "title": "T"]) == template.render(["part": text, "title": "T"]))
        }
        // What a part is made of is its key: the same inputs, the same key; another title, another key.
        func key(_ part: any DeferredText) -> UInt64 {
            var h = PageKey.Mix(0)
            part.addKey(to: &h)
            return h.value
        }
        let links = ArticleLinks(page: "p/index.html", items: [("A", "c/a/index.html")])
        #expect(key(links) == key(ArticleLinks(page: "p/index.html", items: [("A", "c/a/index.html")])))
        #expect(key(links) != key(ArticleLinks(page: "p/index.html", items: [("B", "c/a/index.html")])))
        #expect(key(links) != key(ArticleLinks(page: "q/r/index.html", items: [("A", "c/a/index.html")])))
    }

    /// A context wrapped for the engine (`TemplateValues`) renders every
    /// construct of a template as the plain context does: variables escaped
    /// and not, sections and inverted sections over texts (empty too),
    /// numbers (zero too), flags, dictionaries and lists of them, names found
    /// further up from inside a section, `{{.}}`, dotted names and transforms.
    @Test func wrappedContextsRenderAsPlainOnes() throws {
        ThemeCheck.FastEscape.register()
        let source = ThemeCheck.FastEscape.pragma + """
            {{t}}|{{{t}}}|{{&t}}|{{#t}}[{{.}}:{{n}}:{{t}}]{{/t}}|{{^t}}no t{{/t}}|{{#e}}<{{.}}{{t}}>{{/e}}|{{^e}}no e{{/e}}
            {{n}}|{{#n}}n{{.}}{{t}}{{/n}}|{{^n}}no n{{/n}}|{{z}}|{{#z}}z{{.}}{{/z}}|{{^z}}no z{{/z}}|{{#f}}f{{/f}}{{^f}}no f{{/f}}|{{#y}}y{{/y}}
            {{#d}}{{a}}/{{n}}/{{t}}/{{d.a}}{{/d}}|{{d.a}}|{{d.missing}}|{{t.count}}|{{missing}}|{{#missing}}m{{/missing}}{{^missing}}no m{{/missing}}
            {{#list}}<li>{{a}} {{b}} {{t}} {{#first}}first{{/first}}{{#last}}last{{/last}}</li>{{/list}}{{^list}}empty{{/list}}|{{^none}}none{{/none}}
            {{uppercased(t)}}|{{lowercased(t)}}|{{capitalized(t)}}|{{reversed(t)}}|{{#empty(e)}}empty{{/empty(e)}}|{{count(d)}}|{{count(list)}}|{{#reversed(list)}}{{a}}{{/reversed(list)}}
            {{#strings}}({{.}}){{/strings}}|{{{body}}}|{{#body}}{{t}}{{/body}}

            """
        let template = try MustacheTemplate(string: source)
        let part = ArticleLinks(page: "c/a/index.html", items: [("Q & A", "c/b/index.html")])
        let context: [String: Any] = [
            "t": "Tom & <Jerry> \"é\" 😀", "e": "", "n": 42, "z": 0, "f": false, "y": true,
            "d": ["a": "x < y", "n": 7] as [String: Any],
            "list": [["a": "1", "b": 2] as [String: Any], ["a": "<3>", "t": "inner"] as [String: Any]],
            "none": [[String: Any]](), "strings": ["a", "<b>"], "body": part,
        ]
        let plain = template.render(context)
        #expect(plain.contains("Tom &amp; &lt;Jerry&gt;") && plain.contains("<li>1 2 Tom"))
        #expect(template.render(TemplateValues.wrapped(context)) == plain)
    }

    /// A page's key does not depend on the order a context's entries were
    /// made in, and changes with any value, however deep.
    @Test func pageKeysReadEveryValueInAnyOrder() throws {
        func key(_ context: [String: Any]) -> UInt64? { PageKey.of(Page(template: "article", context: context), theme: 1) }
        var a: [String: Any] = ["title": "T", "count": 3, "toc": [["id": "a", "text": "A"], ["id": "b", "text": "B"]], "flag": true]
        var b: [String: Any] = [:]
        for k in ["flag", "toc", "count", "title"] { b[k] = a[k] }
        #expect(key(a) != nil && key(a) == key(b))
        b["toc"] = [["id": "a", "text": "A"], ["id": "b", "text": "C"]]
        #expect(key(a) != key(b))
        b["toc"] = [["id": "b", "text": "B"], ["id": "a", "text": "A"]]
        #expect(key(a) != key(b))  // list order is the page's order
        b = a
        b["title"] = "U"
        #expect(key(a) != key(b))
        a["extra"] = ["x": "1"] as [String: String]
        b = a
        b["extra"] = ["x": "2"] as [String: String]
        #expect(key(a) != key(b))
        #expect(PageKey.of(Page(template: "topic", context: a), theme: 1) != key(a))
        #expect(key(["odd": 1.5]) == nil)  // a value of a type it does not know gives no key
    }

    @Test func templateErrorOnTheFirstLineIsReportedOnTheFirstLine() throws {
        let theme = Theme(templates: ["article": "<h1>{{title}</h1>\n"], assets: [:])
        let error = try #require(throws: ThemeError.self) { try ThemeCheck.library(theme, pages: ["article"], optional: []) }
        #expect(error.diagnostics.first?.line == 1)
    }

    @Test func textAndAttributeEscapesReplaceEverySpecialByteAndNothingElse() {
        let raw = "a & b < c > d \"e\" 'f' — é 😀&&"
        #expect(HTMLEscape.text(raw) == "a &amp; b &lt; c &gt; d \"e\" 'f' — é 😀&amp;&amp;")
        #expect(HTMLEscape.attribute(raw) == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; — é 😀&amp;&amp;")
        #expect(HTMLEscape.attribute("") == "" && HTMLEscape.text("plain") == "plain")
    }

    @Test func aChannelPageHasProseOnlyWhenALineIsNotBlankAHeadingOrAListItem() {
        // Headings, bullets and numbered items, with any line breaks between them: no prose.
        #expect(!SiteRenderer.hasProse(""))
        #expect(!SiteRenderer.hasProse("### [Video](https://youtu.be/x)\n- [[A]]\n  * [[B]]\r\n+ c\n\n12. d\n3) e\n \t \n"))
        #expect(!SiteRenderer.hasProse("# Über\u{2028}- [[Café]]\u{2029}1. élan\u{85}２. full-width digits count as numbers"))
        #expect(!SiteRenderer.hasProse("\u{0B}- a\u{0C}- b\r\r"))
        // One line of prose anywhere is enough, in ASCII or not.
        #expect(SiteRenderer.hasProse("- [[A]]\nA channel about bread.\n"))
        #expect(SiteRenderer.hasProse("- [[A]]\r\n\t  12 loaves a day\n"))  // a number that is not an item
        #expect(SiteRenderer.hasProse("- a\u{2028}Ünd prose after a Unicode line break"))
        #expect(SiteRenderer.hasProse("#\u{301} a hash with a combining accent is not a heading mark"))
        #expect(!SiteRenderer.hasProse("3.5 stars"))  // read as a numbered item, as before
    }
}
