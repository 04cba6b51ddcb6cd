extension ParsedArticle {
    /// Lets go of what only Link reads: the links as written, and the block
    /// texts their sentences are cut from.
    mutating func forgetLinks() {
        links = []
        blockTexts = []
        linkBlocks = []
        unreadLinks = nil
    }

    /// The sentence around link `l` in the block it stands in, trimmed to a
    /// readable length: what a topic page quotes of each article that
    /// mentions it.
    public func sentence(aroundLink l: Int) -> String {
        Self.sentence(around: links[l].label, in: blockTexts[linkBlocks[l]])
    }

    /// The sentence of `text` that holds `label`, trimmed to a readable length.
    static func sentence(around label: String, in text: String) -> String {
        let clean = closingUpPunctuation(text.cleanedLabel)
        guard let r = clean.range(of: label) else { return String(clean.prefix(240)) }
        var start = clean.startIndex
        if let stop = clean[..<r.lowerBound].lastIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }) {
            start = clean.index(after: stop)
        }
        var end = clean.endIndex
        if let stop = clean[r.upperBound...].firstIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }) {
            end = clean.index(after: stop)
        }
        var sentence = clean[start..<end].trimmingCharacters(in: .whitespaces)
        if sentence.count > 300 { sentence = String(sentence.prefix(297)) + "…" }
        return sentence
    }

    /// The text without the space a removed timestamp left before
    /// punctuation (`engineers [00:01:02].` → `engineers .` → `engineers.`).
    static func closingUpPunctuation(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for c in text.unicodeScalars {
            if c == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace && !(c == "." || c == "," || c == ";" || c == ":" || c == "!" || c == "?") { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        if pendingSpace { out.append(" ") }
        return String(out)
    }
}
