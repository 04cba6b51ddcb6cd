import Foundation

/// A `[[target#heading | label]]` link as the article wrote it.
public struct WikiLink: Sendable, Hashable {
    /// The target as written, trimmed and without invisible characters.
    public var target: String
    /// The part after `#`, if any (a heading, or an Obsidian block id `^abc`).
    public var fragment: String?
    /// The label's plain text (for sentences on topic pages and search).
    public var label: String
    /// `![[x]]`: an embed, which the site shows as a link or a note.
    public var isEmbed: Bool
    /// Where the link is, for diagnostics.
    public var line: Int
    public var column: Int

    /// Splits what stands between `[[` and `]]`, or returns nil when it is not
    /// a link: matrix and list literals (`[[0 -1] [1 0]]`, `[[1, 2]]`) have
    /// brackets inside or no letter at all.
    static func split(_ inner: Substring) -> (target: String, fragment: String?, label: String?)? {
        var ascii = true
        for b in inner.utf8 {
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == 0x0A { return nil }
            if b >= 0x80 { ascii = false }
        }
        // In ASCII a byte is a character: `|` and `#` are found on the bytes
        // (elsewhere a combining mark after one makes it another character).
        func first(_ c: Character, in text: Substring) -> Substring.Index? {
            ascii ? text.utf8.firstIndex(of: c.asciiValue!) : text.firstIndex(of: c)
        }
        var targetPart = inner
        var label: String?
        if let pipe = first("|", in: inner) {
            targetPart = inner[..<pipe]
            let rest = inner[inner.index(after: pipe)...].cleanedLabel
            label = rest.isEmpty ? nil : rest
        }
        var fragment: String?
        if let hash = first("#", in: targetPart) {
            let f = targetPart[targetPart.index(after: hash)...].cleanedLabel
            fragment = f.isEmpty ? nil : f
            targetPart = targetPart[..<hash]
        }
        let target = targetPart.cleanedLabel
        let hasLetter = ascii
            ? target.utf8.contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
            : target.unicodeScalars.contains { $0.properties.isAlphabetic }
        guard hasLetter || (target.isEmpty && fragment != nil) else { return nil }
        return (target, fragment, label)
    }

    /// What a link with no label shows: the target, with a slug's underscores as spaces.
    static func displayText(target: String, fragment: String?) -> String {
        let base = target.isEmpty ? (fragment ?? "") : target
        if base.utf8.contains(0x20) { return base }
        return String(base.map { $0 == "_" ? " " : $0 })
    }
}
