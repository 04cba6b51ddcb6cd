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

    static let extraFold: [Unicode.Scalar: String] = [
        "\u{00DF}": "ss", "\u{00E6}": "ae", "\u{0153}": "oe", "\u{00F8}": "o", "\u{0111}": "d",
        "\u{00F0}": "d", "\u{0142}": "l", "\u{00FE}": "th", "\u{0131}": "i", "\u{03C2}": "\u{03C3}",
    ]

    static func isCJK(_ v: UInt32) -> Bool {
        (0x3040...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xAC00...0xD7AF).contains(v)
    }

    static func isASCIIAlnum(_ v: UInt32) -> Bool {
        (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 128 { return isASCIIAlnum(v) }
        if v > 0xFFFF { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// One non-ASCII scalar folded: word characters, `'` and spaces.
    static func foldScalar(_ s: Unicode.Scalar) -> String {
        let v = s.value
        if v == 0x2019 || v == 0x2018 || v == 0x02BC { return "'" }
        if v > 0xFFFF { return " " }
        if isCJK(v) { return String(s) }
        if s.properties.generalCategory == .format { return "" }
        var out = String.UnicodeScalarView()
        for d in String(s).decomposedStringWithCompatibilityMapping.unicodeScalars {
            if d.properties.generalCategory == .nonspacingMark { continue }
            for lower in d.properties.lowercaseMapping.unicodeScalars {
                let mapped = extraFold[lower].map { Array($0.unicodeScalars) } ?? [lower]
                for x in mapped {
                    out.append(x == "'" || isWordScalar(x) || isCJK(x.value) ? x : " ")
                }
            }
        }
        return String(out)
    }

    /// Folding of non-ASCII scalars, computed once per scalar per process.
    private static let foldCache = FoldCache()

    static func fold(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            let v = s.value
            if v < 128 {
                if v >= 0x41 && v <= 0x5A {
                    out.append(Unicode.Scalar(v + 32)!)
                } else if isASCIIAlnum(v) || v == 0x27 {
                    out.append(s)
                } else {
                    out.append(" ")
                }
            } else {
                out.append(contentsOf: foldCache.fold(s))
            }
        }
        return out
    }

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
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
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
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        func finish() {
            if parts > 1 && word.count - lastPartStart == 1 && word.last == UInt8(ascii: "s") { word.removeLast() }
            if !word.isEmpty && word.count <= maxTermLength {
                let text = String(decoding: word, as: UTF8.self)
                if !StopWords.search.contains(text) { body(stemASCII(word, text)) }
            }
            word.removeAll(keepingCapacity: true)
            parts = 1
            lastPartStart = 0
        }
        while i < n {
            let b = bytes[i]
            if isWordByte(b) {
                word.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            } else if b == UInt8(ascii: "'") && !word.isEmpty && i + 1 < n && isWordByte(bytes[i + 1]) {
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
        let folded = fold(text)
        var out: [String] = []
        var i = 0
        let n = folded.count
        while i < n {
            let s = folded[i]
            if s == " " || s == "'" {
                i += 1
                continue
            }
            if isCJK(s.value) {
                var j = i
                while j < n && isCJK(folded[j].value) { j += 1 }
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
                if c == " " || isCJK(c.value) { break }
                if c == "'" {
                    // An apostrophe continues the word only when a word character follows.
                    if j + 1 < n, folded[j + 1] != " ", folded[j + 1] != "'", !isCJK(folded[j + 1].value) {
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

/// A thread-safe memo of folded scalars.
final class FoldCache: @unchecked Sendable {
    private var table: [UInt32: [Unicode.Scalar]] = [:]
    private let lock = NSLock()

    func fold(_ s: Unicode.Scalar) -> [Unicode.Scalar] {
        lock.lock()
        if let hit = table[s.value] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = Array(SearchText.foldScalar(s).unicodeScalars)
        lock.lock()
        table[s.value] = value
        lock.unlock()
        return value
    }
}
