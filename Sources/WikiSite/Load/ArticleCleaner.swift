/// Repairs what the wiki's generator left in article bodies, before parsing.
///
/// Every repair blanks lines rather than removing them, so line numbers in
/// later diagnostics still point into the file:
/// - an LLM preamble ("Here is the article with the added backlinks:") among
///   the first lines is dropped;
/// - a ```` ```markdown ```` fence that wraps the whole article is unwrapped;
/// - a leading `# Heading` that repeats the title is dropped (the page shows
///   the title already).
/// It also says whether the article is a stub: a refusal ("The provided
/// transcript does not contain…") or a body of under 200 characters.
enum ArticleCleaner {
    struct Result {
        var body: String
        var droppedPreamble: Int?
        var unwrappedFence: Int?
        var droppedTitleHeading: Int?
        var isStub: Bool
    }

    static func clean(_ body: String, title: String) -> Result {
        var result = Result(body: body, droppedPreamble: nil, unwrappedFence: nil, droppedTitleHeading: nil, isStub: false)
        // Only the first few lines with text and the last one matter: find
        // them without splitting the whole body.
        let bytes = Array(body.utf8)
        var lineRanges: [Range<Int>] = []  // the first lines with text, in order
        var lineNumbers: [Int] = []
        var start = 0, number = 0
        while start <= bytes.count && lineRanges.count < 4 {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[start..<end].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                lineRanges.append(start..<end)
                lineNumbers.append(number)
            }
            start = end + 1
            number += 1
        }
        var lastRange: Range<Int>? = nil
        var end = bytes.count
        while end > 0 {
            let lineStart = (bytes[..<end].lastIndex(of: 0x0A) ?? -1) + 1
            if bytes[lineStart..<end].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                lastRange = lineStart..<end
                break
            }
            end = lineStart - 1
        }
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        var blank: [Range<Int>] = []

        var k = 0
        if let i = lineRanges.prefix(3).firstIndex(where: { isPreamble(text($0)) }) {
            blank.append(lineRanges[i])
            result.droppedPreamble = lineNumbers[i]
            lineRanges.remove(at: i)
            lineNumbers.remove(at: i)
        }
        if k < lineRanges.count, let info = fenceInfo(text(lineRanges[k])) {
            let open = lineRanges[k]
            let opener = text(open).trimmed
            let closes = lastRange.map { $0 != open && fenceInfo(text($0)) == "" && text($0).trimmed.hasPrefix(String(opener.prefix(3))) } ?? false
            let isMarkdown = ["markdown", "md"].contains(info.lowercased())
            let looksLikeArticle = body.containsBytes("\n#") || body.containsBytes("[[")
            if isMarkdown || (info.isEmpty && closes && looksLikeArticle) {
                blank.append(open)
                if closes, let close = lastRange { blank.append(close) }
                result.unwrappedFence = lineNumbers[k]
                k += 1
            }
        }
        if k < lineRanges.count, text(lineRanges[k]).hasPrefix("# ") {
            let heading = Fold.key(String(text(lineRanges[k]).dropFirst(2)))
            let folded = Fold.key(title)
            if !heading.isEmpty && (heading == folded || heading.contains(folded) || folded.contains(heading)) {
                blank.append(lineRanges[k])
                result.droppedTitleHeading = lineNumbers[k]
            }
        }
        if !blank.isEmpty {
            var out = bytes
            for r in blank.sorted(by: { $0.lowerBound > $1.lowerBound }) { out.removeSubrange(r) }
            result.body = String(decoding: out, as: UTF8.self)
        }
        result.isStub = isStub(result.body)
        return result
    }

    static func isBlank(_ line: String) -> Bool { line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// The info string of a fence line (```` ```markdown ```` → `markdown`), or nil if not a fence.
    static func fenceInfo(_ line: String) -> String? {
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
            first == UInt8(ascii: "`") || first == UInt8(ascii: "~")
        else { return nil }
        let t = line.trimmed
        guard t.hasPrefix("```") || t.hasPrefix("~~~") else { return nil }
        return String(t.drop(while: { $0 == "`" || $0 == "~" })).trimmed
    }

    static let preambleStarts = ["here is", "here's", "here are", "sure", "certainly", "below is", "okay, here", "ok, here"]

    /// A line the model wrote to its user, not to the reader: short, opens
    /// like an answer, ends with a colon.
    static func isPreamble(_ line: String) -> Bool {
        // Cheap tests first: short, and ending with a colon.
        guard line.utf8.count < 400, let last = line.utf8.last(where: { $0 != 0x20 && $0 != 0x09 }),
            last == UInt8(ascii: ":") || last == UInt8(ascii: "*")
        else { return false }
        let t = line.trimmed.lowercased()
        guard t.count < 200, t.hasSuffix(":") || t.hasSuffix(":**") else { return false }
        return preambleStarts.contains { t.hasPrefix($0) } && (t.containsBytes("article") || t.containsBytes("backlink") || t.containsBytes("version") || t.containsBytes("link"))
    }

    static let refusals = [
        "the provided transcript does not", "the transcript does not contain", "the provided text does not",
        "i'm sorry", "i am sorry", "i cannot", "i can't", "unfortunately, the provided", "there is no information",
        "does not contain any information", "does not provide any information",
    ]

    /// A refusal, or too little text to be an article.
    static func isStub(_ body: String) -> Bool {
        // The text outside headings, up to the first 600 bytes.
        var count = 0
        var opening: [UInt8] = []
        let long = body.utf8.count >= 1500
        var source = body
        // Line by line, stopping as soon as the answer is known (most
        // articles are long: a few lines decide).
        let decided: Bool = source.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                guard end > start, bytes[start] != UInt8(ascii: "#") else { continue }
                let line = bytes[start..<end]
                for b in line where b != 0x20 && b != 0x09 { count += 1 }
                if opening.count < 300 { opening += line.prefix(300 - opening.count) + [0x20] }
                if count >= 200 && long { return true }
            }
            return false
        }
        if decided { return false }
        if count < 200 { return true }
        // Refusals are short: a long article that happens to say "I cannot" is an article.
        guard body.utf8.count < 1500 else { return false }
        let text = String(decoding: opening, as: UTF8.self).lowercased()
        return refusals.contains { text.containsBytes($0) }
    }
}

extension StringProtocol {
    var trimmed: String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
