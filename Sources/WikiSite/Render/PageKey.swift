/// What one page is rendered from: a template of the theme and its context.
struct Page {
    var template: String
    var context: [String: Any]
}

/// A page's fingerprint: its template, the theme, and every value of its
/// context, so two pages with the same key render to the same bytes. A
/// rebuild takes a page whose key is unchanged from the previous site instead
/// of rendering it again (`SiteOutput`).
///
/// Values of a type it does not know give no key (the page is always
/// rendered): a key is never made from part of a context.
enum PageKey {
    static func of(_ page: Page, theme: UInt64) -> UInt64? {
        var h = Mix(theme)
        h.add(page.template)
        return h.add(page.context) ? h.value : nil
    }

    /// The theme's part of every page's key: each template's name and source.
    static func theme(_ templates: [String: String]) -> UInt64 {
        var h = Mix(0x7468656d65)
        for name in templates.keys.sorted() {
            h.add(name)
            h.add(templates[name]!)
        }
        return h.value
    }

    struct Mix {
        var value: UInt64

        init(_ seed: UInt64) { value = FNV1a.offsetBasis ^ seed }

        mutating func word(_ w: UInt64) {
            value = (value ^ w) &* FNV1a.prime
            value ^= value >> 29
        }

        mutating func add(_ s: String) {
            var s = s
            word(1)
            word(s.withUTF8 { FNV1a.hashWords(UnsafeRawBufferPointer($0)) })
        }

        /// Adds a context value; false for a type it does not know.
        mutating func add(_ value: Any) -> Bool {
            switch value {
            case let s as String:
                add(s)
            case let b as Bool:
                word(b ? 2 : 3)
            case let n as Int:
                word(4)
                word(UInt64(bitPattern: Int64(n)))
            case let d as [String: Any]:
                // Entries in any order: each hashed on its own, the hashes summed (no sort of the keys).
                var sum: UInt64 = 0
                for (key, value) in d {
                    var entry = Mix(5)
                    entry.add(key)
                    guard entry.add(value) else { return false }
                    sum &+= entry.value
                }
                word(5)
                word(UInt64(d.count))
                word(sum)
            case let d as [String: String]:
                var sum: UInt64 = 0
                for (key, value) in d {
                    var entry = Mix(5)
                    entry.add(key)
                    entry.add(value)
                    sum &+= entry.value
                }
                word(5)
                word(UInt64(d.count))
                word(sum)
            case let part as DeferredText:
                part.addKey(to: &self)
            case let a as [Any]:
                word(6)
                word(UInt64(a.count))
                for item in a { guard add(item) else { return false } }
            default:
                return false
            }
            return true
        }
    }
}
