/// A heading of an article, with the id its section can be linked by.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
}

/// Gives headings ids from their text, unique within one page.
///
/// Ids are lower-case letters, digits and hyphens: never an underscore-led
/// name such as `__proto__` or `__pwned`, which a browser would expose as a
/// global variable.
struct HeadingIDs {
    /// Ids the page templates use themselves; a heading never takes one.
    static let reserved: Set<String> = ["top", "main", "content", "search-q", "search-results", "player", "backlinks", "also"]

    private var names = UniqueNames(reserved: HeadingIDs.reserved)

    static func slug(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if Self.isWordScalar(scalar) {
                if pendingHyphen && !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return out.isEmpty ? "section" : String(out.prefix(80))
    }

    /// A letter or a digit of any script; ASCII is answered without the
    /// Unicode property tables (most headings are ASCII).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0..<0x80: return false
        default: return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    mutating func next(for text: String) -> String { names.claim(Self.slug(text)) }
}
