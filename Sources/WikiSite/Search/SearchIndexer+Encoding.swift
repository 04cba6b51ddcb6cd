extension SearchIndexer {
    static let b64: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    static func varint(_ value: Int) -> String {
        var v = value
        var out = ""
        while v >= 32 {
            out.append(b64[32 | (v & 31)])
            v >>= 5
        }
        out.append(b64[v])
        return out
    }

    /// A postings list (§6.2); with `sections`, each posting is followed by
    /// the varint of its section (§8: inline lists and heads, not tails).
    static func encodePostings(_ list: some Collection<Posting>, sections: Bool) -> String {
        var out = ""
        var prev = -1
        for p in list {
            out += varint(((Int(p.doc) - prev - 1) << 5) | Int(p.impact))
            if sections { out += varint(Int(p.section)) }
            prev = Int(p.doc)
        }
        return out
    }

    /// A JSON string: `"` and `\` escaped, controls and U+2028/9 as `\uXXXX`, nothing else.
    static func jsString(_ s: String) -> String { JSText.quoted(s) }

    static func shardFile(_ key: String, _ payload: String) -> [UInt8] {
        Array(("wikisearch.register(" + jsString(key) + "," + payload + ");\n").utf8)
    }

    static func lcp(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        return i
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
