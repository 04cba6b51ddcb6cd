import Foundation

/// The fast path of Sanitize, for bodies with no raw HTML of their own.
///
/// When an article has no raw HTML, everything in cmark-gfm's output was
/// made by cmark (which escapes all text) or by Parse (placeholders, notes),
/// and Parse has already turned unsafe link and image URLs into text. There
/// is then nothing to remove, and running the HTML5 parser over it would
/// only cost time: the headings just need their ids, given exactly as the
/// sanitiser gives them. Anything unexpected falls back to the sanitiser.
enum TrustedHTML {
    static func withHeadingIDs(_ html: String, headings: [(level: Int, text: String)]) -> HTMLSanitizer.Result? {
        var out: [UInt8] = []
        var html = html
        var ids = HeadingIDs()
        var result: [Heading] = []
        var next = 0
        var failed = false
        html.withUTF8 { bytes in
            out.reserveCapacity(bytes.count + headings.count * 24)
            var copied = 0   // bytes before this are in `out`
            var i = 0
            while i < bytes.count {
                // Jump to the next '<' (the text between is copied whole).
                guard let hit = memchr(bytes.baseAddress! + i, Int32(UInt8(ascii: "<")), bytes.count - i) else { break }
                i = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
                // `<h1>` … `<h6>`, as cmark writes them: no attributes.
                if i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "h"),
                    bytes[i + 2] >= UInt8(ascii: "1"), bytes[i + 2] <= UInt8(ascii: "6"), bytes[i + 3] == UInt8(ascii: ">")
                {
                    let level = Int(bytes[i + 2] - 0x30)
                    guard next < headings.count, headings[next].level == level else {
                        failed = true
                        return
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                    let id = ids.next(for: headings[next].text)
                    result.append(Heading(level: level, text: headings[next].text, id: id))
                    out.append(contentsOf: "<h\(level) id=\"".utf8)
                    HTMLEscape.appendAttribute(id, to: &out)
                    out.append(contentsOf: "\">".utf8)
                    next += 1
                    i += 4
                    copied = i
                    continue
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
        if failed { return nil }
        guard next == headings.count else { return nil }
        return HTMLSanitizer.Result(html: String(decoding: out, as: UTF8.self), headings: result, removed: [:])
    }
}
