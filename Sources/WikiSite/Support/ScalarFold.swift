import Foundation

/// Text folded for comparing words: case and accents away (`Erdoğan` →
/// `erdogan`), ligatures spelt out, punctuation as spaces, CJK kept. The
/// search index and Dedup read words the same way through it, and the search
/// client mirrors it (`templates/assets/search-engine.js`).
enum ScalarFold {
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
        let value = Array(ScalarFold.foldScalar(s).unicodeScalars)
        lock.lock()
        table[s.value] = value
        lock.unlock()
        return value
    }
}
