extension SearchIndexer {
    /// The base-64 digits of varints (docs/search-index.md §6.1), as bytes.
    static let b64: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func varint(_ value: Int) -> String {
        var out: [UInt8] = []
        appendVarint(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as a varint: five bits a digit, low digits first, each
    /// but the last with its sixth bit set.
    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var v = value
        while v >= 32 {
            out.append(b64[32 | (v & 31)])
            v >>= 5
        }
        out.append(b64[v])
    }

    /// A postings list (§6.2); with `sections`, each posting is followed by
    /// the varint of its section (§8: inline lists and heads, not tails).
    static func appendPostings(_ list: some Collection<Posting>, sections: Bool, to out: inout [UInt8]) {
        var prev = -1
        for p in list {
            appendVarint(((Int(p.doc) - prev - 1) << 5) | Int(p.impact), to: &out)
            if sections { appendVarint(Int(p.section), to: &out) }
            prev = Int(p.doc)
        }
    }

    static func encodePostings(_ list: some Collection<Posting>, sections: Bool) -> String {
        var out: [UInt8] = []
        appendPostings(list, sections: sections, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A front-coded entry (§6.3): the varint of how many scalars `term`
    /// shares with `prev`, the rest of it, a space, and the varint of `count`.
    static func appendFrontCoded(_ term: [Unicode.Scalar], after prev: [Unicode.Scalar], count: Int, to out: inout [UInt8]) {
        let k = lcp(prev, term)
        appendVarint(k, to: &out)
        appendUTF8(term[k...], to: &out)
        out.append(UInt8(ascii: " "))
        appendVarint(count, to: &out)
    }

    /// Appends the UTF-8 of `scalars`.
    static func appendUTF8(_ scalars: some Collection<Unicode.Scalar>, to out: inout [UInt8]) {
        for s in scalars { UTF8.encode(s) { out.append($0) } }
    }

    /// A JSON string: `"` and `\` escaped, controls and U+2028/9 as `\uXXXX`, nothing else.
    static func jsString(_ s: String) -> String { JSText.quoted(s) }

    static func shardFile(_ key: String, _ payload: String) -> [UInt8] {
        Array(("wikisearch.register(" + jsString(key) + "," + payload + ");\n").utf8)
    }

    /// A shard whose payload is the string literal of `text`'s bytes.
    static func shardFile(_ key: String, quoting text: [UInt8]) -> [UInt8] {
        var out = Array(("wikisearch.register(" + jsString(key) + ",").utf8)
        out.reserveCapacity(out.count + text.count + 8)
        text.withUnsafeBufferPointer { JSText.appendQuoted($0, to: &out) }
        out.append(contentsOf: ");\n".utf8)
        return out
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
