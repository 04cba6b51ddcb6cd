import Foundation

/// The search normaliser: text → index terms.
///
/// It must agree exactly with the client's (`templates/assets/search-engine.js`,
/// docs/search-index.md §4): a query is analysed the same way as the
/// documents, or words stop matching. Accents and case fold away on both
/// sides (`Erdoğan` → `erdogan`), possessives and plurals are reduced,
/// 128 stop words dropped (`StopWords.search`, kept in Support with the
/// generator's other stop-word lists), and scripts written without spaces
/// (CJK) are cut into overlapping character pairs.
enum SearchText {
    static let maxTermLength = 32

    /// Index terms of a text, in order.
    static func terms(_ text: String) -> [String] {
        var out: [String] = []
        forEachTerm(text) { out.append($0) }
        return out
    }

    /// Calls `body` with each index term of a text, in order.
    static func forEachTerm(_ text: String, _ body: (String) -> Void) {
        var text = text
        let ascii = text.withUTF8 { bytes -> Bool in
            guard Fold.isASCII(bytes) else { return false }
            asciiTerms(bytes, body)
            return true
        }
        if !ascii { for t in generalTerms(text) { body(t) } }
    }

    /// The same analysis for pure ASCII text, on bytes (most of the wiki).
    static func asciiTerms(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (String) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var parts = 1
        var lastPartStart = 0
        var i = 0
        let n = bytes.count
        func finish() {
            if parts > 1 && word.count - lastPartStart == 1 && word.last == UInt8(ascii: "s") { word.removeLast() }
            if !word.isEmpty && word.count <= maxTermLength && !word.withUnsafeBufferPointer({ StopWords.searchBytes.contains($0) }) {
                body(stemASCII(word, String(decoding: word, as: UTF8.self)))
            }
            word.removeAll(keepingCapacity: true)
            parts = 1
            lastPartStart = 0
        }
        while i < n {
            let b = bytes[i]
            if let w = Fold.asciiWordByte(b) {
                word.append(w)
            } else if b == UInt8(ascii: "'") && !word.isEmpty && i + 1 < n && Fold.asciiWordByte(bytes[i + 1]) != nil {
                parts += 1  // `don't` → `dont`, `world's` → `world`
                lastPartStart = word.count
            } else if !word.isEmpty {
                finish()
            }
            i += 1
        }
        if !word.isEmpty { finish() }
    }

    static func stemASCII(_ t: [UInt8], _ text: String) -> String {
        guard t.count >= 4, t.last == UInt8(ascii: "s") else { return text }
        func ends(_ s: StaticString) -> Bool {
            let count = s.utf8CodeUnitCount
            guard t.count >= count else { return false }
            return s.withUTF8Buffer { t[(t.count - count)...].elementsEqual($0) }
        }
        if t.count >= 5 && ends("ies") && !ends("eies") && !ends("aies") {
            return String(decoding: t.dropLast(3), as: UTF8.self) + "y"
        }
        if ends("sses") || ends("ches") || ends("shes") || ends("xes") { return String(decoding: t.dropLast(2), as: UTF8.self) }
        if ends("us") || ends("ss") || ends("is") { return text }
        return String(decoding: t.dropLast(), as: UTF8.self)
    }

    static func generalTerms(_ text: String) -> [String] {
        let folded = ScalarFold.fold(text)
        var out: [String] = []
        var i = 0
        let n = folded.count
        while i < n {
            let s = folded[i]
            if s == " " || s == "'" {
                i += 1
                continue
            }
            if ScalarFold.isCJK(s.value) {
                var j = i
                while j < n && ScalarFold.isCJK(folded[j].value) { j += 1 }
                if j - i == 1 {
                    out.append(String(s))
                } else {
                    for k in i..<(j - 1) { out.append(String(String.UnicodeScalarView(folded[k...(k + 1)]))) }
                }
                i = j
                continue
            }
            // [^ 'CJK]+(?:'[^ 'CJK]+)*
            var parts: [[Unicode.Scalar]] = []
            var current: [Unicode.Scalar] = []
            var j = i
            while j < n {
                let c = folded[j]
                if c == " " || ScalarFold.isCJK(c.value) { break }
                if c == "'" {
                    // An apostrophe continues the word only when a word character follows.
                    if j + 1 < n, folded[j + 1] != " ", folded[j + 1] != "'", !ScalarFold.isCJK(folded[j + 1].value) {
                        parts.append(current)
                        current = []
                        j += 1
                        continue
                    }
                    break
                }
                current.append(c)
                j += 1
            }
            parts.append(current)
            i = j
            if parts.count > 1 && parts.last! == ["s"] { parts.removeLast() }
            let word = parts.count == 1 ? parts[0] : Array(parts.joined())
            guard word.count <= maxTermLength else { continue }
            if word.count <= 10 {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: word)
                if StopWords.search.contains(String(view)) { continue }
            }
            out.append(stem(word))
        }
        return out
    }

    private static let suffixes: [String: [Unicode.Scalar]] = Dictionary(uniqueKeysWithValues:
        ["ies", "eies", "aies", "sses", "ches", "shes", "xes", "us", "ss", "is"].map { ($0, Array($0.unicodeScalars)) })

    /// Plurals only (a variant of Harman's S-stemmer).
    static func stem(_ t: [Unicode.Scalar]) -> String {
        func ends(_ suffix: String) -> Bool {
            let s = suffixes[suffix]!
            return t.count >= s.count && t[(t.count - s.count)...].elementsEqual(s)
        }
        func make(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        guard t.count >= 4, t.last == "s" else { return make(t[...]) }
        if t.count >= 5 && ends("ies") && !ends("eies") && !ends("aies") { return make(t.dropLast(3)) + "y" }
        if ends("sses") || ends("ches") || ends("shes") || ends("xes") { return make(t.dropLast(2)) }
        if ends("us") || ends("ss") || ends("is") { return make(t[...]) }
        return make(t.dropLast())
    }
}
