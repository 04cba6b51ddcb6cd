/// What a reader sees where a picture cannot be shown: never a broken image,
/// always a visible note of class `missing-image` (the theme styles it).
///
/// Two forms, one for each way a picture is named:
/// - a Markdown image (`![alt](file.png)`) or an HTML `<img>` whose source
///   is not on the web becomes a note with its alt text (`note(alt:)`; Parse
///   and Sanitize write it);
/// - a wiki embed of a picture the wiki does not have (`![[chart.png]]`)
///   keeps the label Parse gave it inside a link-less anchor whose title
///   says why (`embedTagStart`; Render writes it in place of the embed's
///   placeholder link, whose `>`, label and `</a>` follow).
enum MissingImage {
    static let cssClass = "missing-image"

    /// `<span class="missing-image">image: Growth chart</span>`, or
    /// `image not available` when there is no alt text.
    static func appendNote(alt: String, to out: inout [UInt8]) {
        out.append(contentsOf: "<span class=\"\(cssClass)\">".utf8)
        HTMLEscape.appendText(noteText(alt: alt), to: &out)
        out.append(contentsOf: "</span>".utf8)
    }

    /// The note's text, as a reader sees it (a heading's id is made from it).
    static func noteText(alt: String) -> String {
        alt.isEmpty ? "image not available" : "image: \(alt)"
    }

    static func note(alt: String) -> String {
        var out: [UInt8] = []
        appendNote(alt: alt, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The open tag of an embed's note, without its closing `>`.
    static let embedTagStart = "<a class=\"\(cssClass)\" title=\"This image is not in the wiki\""
}
