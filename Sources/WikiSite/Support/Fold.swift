import Foundation

/// The key two spellings of one name meet under.
///
/// Case, accents, width, punctuation and spacing fold away and only letters
/// and digits remain: `Erdoğan's_Turkey`, `erdogans turkey` and
/// `ERDOGANS-TURKEY` are one key (`erdoganstürkey` → `erdoganst…`). Load
/// compares an article's first heading with its title by it; Link matches
/// wiki-link targets, heading fragments and channel names by it.
///
/// Not the search index's fold (`ScalarFold.fold`), which keeps word
/// boundaries and apostrophes, and must agree with the browser's client.
enum Fold {
    /// An ASCII byte as the byte-level word splitters read it: a letter
    /// (lower-cased) or a digit, or nil for anything that separates words.
    @inline(__always)
    static func asciiWordByte(_ b: UInt8) -> UInt8? {
        if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) { return b }
        return b >= 0x41 && b <= 0x5A ? b + 32 : nil
    }

    /// Whether every byte is ASCII, eight bytes at a time: the byte-level
    /// paths (word splitting, folding, search terms, title words) and Load's
    /// check of every file ask it of every text they read.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let words = raw.count / 8
        var high: UInt64 = 0
        for i in 0..<words { high |= raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) }
        for i in (words * 8)..<raw.count { high |= UInt64(raw[i]) }
        return high & 0x8080_8080_8080_8080 == 0
    }

    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isASCII) ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    static func key(_ text: String) -> String {
        // ASCII (most targets): keep letters and digits, lower-cased.
        if isASCII(text) {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                if let w = asciiWordByte(b) { out.append(w) }
            }
            return String(decoding: out, as: UTF8.self)
        }
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in plain.unicodeScalars where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            out.append(scalar)
        }
        return String(out)
    }
}
