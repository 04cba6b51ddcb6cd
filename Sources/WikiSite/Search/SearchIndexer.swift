import Foundation

/// One article as the search index sees it.
public struct SearchDocument: Sendable {
    /// The page's folder relative to the site root (`chan/slug/`).
    public var url: String
    public var title: String
    public var channel: String
    public var videoID: String
    /// For ordering: the article's slug.
    public var slug: String
    /// The article's text, block by block, in order; headings marked.
    public var lines: [(isHeading: Bool, text: String)]
    /// Titles the page also answers to (articles merged into it), indexed
    /// with the title but not shown.
    public var otherTitles: [String] = []
    /// Headings of the articles merged into it, indexed as headings.
    public var otherHeadings: [String] = []
}

/// How often a term occurs in each field of one document.
struct TermCounts: Sendable {
    var title: UInt16 = 0
    var headings: UInt16 = 0
    var body: UInt16 = 0
}

/// Search: writes the static, sharded index the client reads (format version
/// 1, docs/search-index.md). Every file is one `wikisearch.register(…);` line,
/// so shards load as scripts, from any host and from `file://`.
public enum SearchIndexer {
    static let fieldWeight: [Double] = [8.0, 3.0, 1.0]  // title, headings, body
    static let fieldB: [Double] = [0.3, 0.4, 0.75]
    static let k1 = 1.2
    static let quant = 32
    static let dictLimit = 2048
    static let inlineMaxDF = 32
    static let headSize = 256
    static let typoMinDF = 3
    static let typoMinLength = 4
    static let docBlock = 2
    static let textMax = 400

    /// The index of `unsorted`'s documents, as the files under `search/`.
    public static func build(_ unsorted: [SearchDocument]) -> [OutputFile] {
        let docs = unsorted.sorted {
            let a = ($0.channel, $0.videoID, $0.slug), b = ($1.channel, $1.videoID, $1.slug)
            if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            if a.1 != b.1 { return a.1.utf8.lexicographicallyPrecedes(b.1.utf8) }
            return a.2.utf8.lexicographicallyPrecedes(b.2.utf8)
        }
        guard !docs.isEmpty else { return [] }
        let postings = invert(docs)
        var (files, separators) = dictionaryFiles(postings)
        let (typoFiles, typo) = typoBuckets(postings)
        files += typoFiles
        files += documentFiles(docs)
        files.append(manifest(docs, files: files, separators: separators, typo: typo))
        return files.map { OutputFile(path: "search/" + $0.path, bytes: $0.bytes) }
    }

    typealias IndexFile = (path: String, bytes: [UInt8])

    /// Every term, in byte order, with its postings in document order and their impacts.
    struct Postings {
        var terms: [[Unicode.Scalar]]
        var lists: [[(doc: Int, impact: Int)]]
    }

    /// Counts each document's terms by field and inverts them, on every core.
    static func invert(_ docs: [SearchDocument]) -> Postings {
        let n = docs.count
        // The terms are split into as many partitions as there are cores, by
        // hash, so that inverting runs on every core too.
        let partitions = max(1, min(8, Parallelism.jobs))
        let perDoc: [(counts: [[(String, TermCounts)]], lengths: (Int, Int, Int))] = docs.parallelMap(chunk: 16) { d in
            var counts: [String: TermCounts] = [:]
            counts.reserveCapacity(512)
            var title = 0, headings = 0, body = 0
            for text in [d.title] + d.otherTitles {
                SearchText.forEachTerm(text) { t in
                    title += 1
                    counts[t, default: TermCounts()].title &+= 1
                }
            }
            for text in d.otherHeadings {
                SearchText.forEachTerm(text) { t in
                    headings += 1
                    counts[t, default: TermCounts()].headings &+= 1
                }
            }
            for line in d.lines {
                if line.isHeading {
                    SearchText.forEachTerm(line.text) { t in
                        headings += 1
                        counts[t, default: TermCounts()].headings &+= 1
                    }
                } else {
                    SearchText.forEachTerm(line.text) { t in
                        body += 1
                        counts[t, default: TermCounts()].body &+= 1
                    }
                }
            }
            var split = [[(String, TermCounts)]](repeating: [], count: partitions)
            for (t, c) in counts { split[partitions == 1 ? 0 : Int(FNV1a.hash(t) % UInt64(partitions))].append((t, c)) }
            return (split, (title, headings, body))
        }
        // Invert: term → postings, one partition of the terms per core.
        let inverted: [(names: [String], postings: [[(doc: Int32, counts: TermCounts)]])] =
            Array(0..<partitions).parallelMap(chunk: 1) { part in
                var ids: [String: Int] = [:]
                var names: [String] = []
                var lists: [[(doc: Int32, counts: TermCounts)]] = []
                for (i, doc) in perDoc.enumerated() {
                    for (t, counts) in doc.counts[part] {
                        if let known = ids[t] {
                            lists[known].append((Int32(i), counts))
                        } else {
                            ids[t] = names.count
                            names.append(t)
                            lists.append([(Int32(i), counts)])
                        }
                    }
                }
                return (names, lists)
            }
        let termNames = inverted.flatMap(\.names)
        let postings = inverted.flatMap(\.postings)
        let fieldLength = [perDoc.map(\.lengths.0), perDoc.map(\.lengths.1), perDoc.map(\.lengths.2)]
        let average = (0..<3).map { Double(fieldLength[$0].reduce(0, +)) / Double(n) }

        @Sendable func impact(_ doc: Int, _ counts: TermCounts) -> Int {
            var tfw = 0.0
            let tf = [Int(counts.title), Int(counts.headings), Int(counts.body)]
            for f in 0..<3 where tf[f] > 0 {
                let b = fieldB[f]
                let norm = (1.0 - b) + b * (Double(fieldLength[f][doc]) / average[f])
                tfw += (fieldWeight[f] * Double(tf[f])) / norm
            }
            let s = tfw / (k1 + tfw)
            return min(quant - 1, Int(s * Double(quant)))
        }
        // Each term's postings in document order, with impacts, on every core.
        let lists: [[(doc: Int, impact: Int)]] = postings.parallelMap(chunk: 64) { list in
            list.sorted { $0.doc < $1.doc }.map { (doc: Int($0.doc), impact: impact(Int($0.doc), $0.counts)) }
        }
        let order = termNames.indices.sorted { termNames[$0].utf8.lexicographicallyPrecedes(termNames[$1].utf8) }
        return Postings(terms: order.map { Array(termNames[$0].unicodeScalars) }, lists: order.map { lists[$0] })

    }

    /// Dictionary shards and postings files, and the separators between shards.
    static func dictionaryFiles(_ postings: Postings) -> (files: [IndexFile], separators: [String]) {
        // Dictionary shards and postings files. Each entry is prefix-coded
        // against the term before it (computed on every core); the greedy cut
        // into shards of at most dictLimit bytes is one cheap pass, and a
        // shard's first entry is recoded against nothing.
        let terms = postings.terms, sortedLists = postings.lists
        var files: [IndexFile] = []
        @Sendable func entry(_ i: Int, after prev: [Unicode.Scalar]) -> String {
            let term = terms[i], list = sortedLists[i]
            let k = lcp(prev, term)
            var e = varint(k)
            e.unicodeScalars.append(contentsOf: term[k...])
            e += " " + varint(list.count)
            if list.count <= inlineMaxDF { e += encodePostings(list) }
            return e
        }
        let chained = Array(terms.indices).parallelMap(chunk: 256) { i in entry(i, after: i == 0 ? [] : terms[i - 1]) }
        var shards: [Range<Int>] = []
        var separators: [String] = []
        var firstEntries: [String] = []
        var shardStart = 0, shardBytes = 0
        for i in terms.indices {
            let isFirst = i == shardStart
            let length = isFirst ? 0 : chained[i].utf8.count
            if !isFirst && shardBytes + length > dictLimit {
                shards.append(shardStart..<i)
                shardStart = i
            }
            if i == shardStart {
                let first = entry(i, after: [])
                firstEntries.append(first)
                shardBytes = first.utf8.count
                let k = separators.isEmpty && shards.isEmpty ? 0 : lcp(terms[i - 1], terms[i]) + 1
                var separator = String.UnicodeScalarView()
                separator.append(contentsOf: terms[i].prefix(k))
                separators.append(String(separator))
            } else {
                shardBytes += length
            }
        }
        shards.append(shardStart..<terms.count)
        let shardRanges = shards, shardFirsts = firstEntries
        let shardFiles: [[(path: String, bytes: [UInt8])]] = Array(shardRanges.indices).parallelMap(chunk: 8) { s in
            let range = shardRanges[s]
            var payload = shardFirsts[s]
            for i in range.dropFirst() { payload += chained[i] }
            var out: [(path: String, bytes: [UInt8])] = [("t/\(s).js", shardFile("t/\(s)", jsString(payload)))]
            for (j, i) in range.enumerated() where sortedLists[i].count > inlineMaxDF {
                let list = sortedLists[i]
                var head = list
                if list.count > headSize {
                    let ranked = list.sorted { ($1.impact, $0.doc) < ($0.impact, $1.doc) }
                    head = ranked.prefix(headSize).sorted { $0.doc < $1.doc }
                    let tail = ranked.dropFirst(headSize).sorted { $0.doc < $1.doc }
                    out.append(("p/\(s)-\(j)t.js", shardFile("p/\(s)-\(j)t", jsString(encodePostings(tail)))))
                }
                out.append(("p/\(s)-\(j).js", shardFile("p/\(s)-\(j)", jsString(encodePostings(head)))))
            }
            return out
        }
        files += shardFiles.joined()
        return (files, separators)
    }

    /// Typo buckets: terms by first letter and length, with their document counts.
    static func typoBuckets(_ postings: Postings) -> (files: [IndexFile], typo: [(String, [Int])]) {
        // Typo buckets: terms by first letter and length.
        var buckets: [UInt32: [Int: [[Unicode.Scalar]]]] = [:]
        var dfByTerm: [String: Int] = [:]
        for (term, list) in zip(postings.terms, postings.lists) { dfByTerm[String(String.UnicodeScalarView(term))] = list.count }
        for (term, list) in zip(postings.terms, postings.lists) {
            let count = term.count
            guard count >= typoMinLength, count <= SearchText.maxTermLength, list.count >= typoMinDF else { continue }
            let c = term[0]
            guard !ScalarFold.isCJK(c.value), isLetter(c) else { continue }
            buckets[c.value, default: [:]][count, default: []].append(term)
        }
        var typo: [(String, [Int])] = []
        var files: [IndexFile] = []
        for c in buckets.keys.sorted() {
            let lengths = buckets[c]!
            let lo = lengths.keys.min()!, hi = lengths.keys.max()!
            typo.append((String(Unicode.Scalar(c)!), [lo, hi]))
            for length in lo...hi {
                var payload = ""
                var prev: [Unicode.Scalar] = []
                for term in lengths[length] ?? [] {
                    let k = lcp(prev, term)
                    payload += varint(k) + String(String.UnicodeScalarView(term[k...])) + " "
                        + varint(dfByTerm[String(String.UnicodeScalarView(term))]!)
                    prev = term
                }
                let key = "f/\(String(c, radix: 16))-\(length)"
                files.append((key + ".js", shardFile(key, jsString(payload))))
            }
        }
        return (files, typo)
    }

    /// The document store: URL, title and text of each document, a block per file.
    static func documentFiles(_ docs: [SearchDocument]) -> [IndexFile] {
        // Document store.
        let n = docs.count
        return Array(stride(from: 0, to: n, by: docBlock)).parallelMap(chunk: 32) { k -> IndexFile in
            let block = docs[k..<min(n, k + docBlock)].map { d in
                "[" + jsString(d.url) + "," + jsString(d.title) + "," + jsString(displayText(d.lines)) + "]"
            }
            let key = "d/\(k / docBlock)"
            return (key + ".js", shardFile(key, "[" + block.joined(separator: ",") + "]"))
        }
    }

    /// The manifest: counts, shard separators, typo buckets, channels and video boundaries, and an id hashed from every file.
    static func manifest(_ docs: [SearchDocument], files: [IndexFile], separators: [String], typo: [(String, [Int])]) -> IndexFile {
        // Manifest.
        let n = docs.count
        var channels: [(String, Int)] = []
        for (i, d) in docs.enumerated() where channels.last?.0 != d.channel { channels.append((d.channel, i)) }
        var bits = ""
        var acc = 0
        for (i, d) in docs.enumerated() {
            if i == 0 || d.videoID != docs[i - 1].videoID || d.channel != docs[i - 1].channel { acc |= 1 << (i % 6) }
            if i % 6 == 5 || i == n - 1 {
                bits.append(b64[acc])
                acc = 0
            }
        }
        let hash = FNV1a.hash32(files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }).map(\.bytes))
        let id = String(hash, radix: 16)
        let manifest = "{\"version\":1,\"id\":" + jsString(String(repeating: "0", count: 8 - id.count) + id)
            + ",\"docs\":\(n),\"quant\":\(quant),\"inline\":\(inlineMaxDF),\"head\":\(headSize),\"block\":\(docBlock)"
            + ",\"dict\":" + jsString(separators.dropFirst().joined(separator: " "))
            + ",\"typo\":{" + typo.map { jsString($0.0) + ":[\($0.1[0]),\($0.1[1])]" }.joined(separator: ",") + "}"
            + ",\"channels\":[" + channels.map { "[" + jsString($0.0) + ",\($0.1)]" }.joined(separator: ",") + "]"
            + ",\"videos\":" + jsString(bits) + "}"
        return ("manifest.js", shardFile("manifest", manifest))
    }

    // MARK: - Encodings

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

    static func encodePostings(_ list: [(doc: Int, impact: Int)]) -> String {
        var out = ""
        var prev = -1
        for p in list {
            out += varint(((p.doc - prev - 1) << 5) | p.impact)
            prev = p.doc
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

    /// The first ~400 characters of an article, for result snippets.
    static func displayText(_ lines: [(isHeading: Bool, text: String)]) -> String {
        var parts: [String] = []
        var count = 0
        for (isHeading, text) in lines {
            var t = text
            if isHeading, let last = t.last, !".:!?".contains(last) { t += ":" }
            parts.append(t)
            count += t.unicodeScalars.count + 1
            if count > textMax { break }
        }
        let joined = parts.joined(separator: " ")
        let scalars = Array(joined.unicodeScalars)
        guard scalars.count > textMax else { return joined }
        var cut = Array(scalars.prefix(textMax))
        if let space = cut.lastIndex(of: " "), space > 0 { cut = Array(cut[..<space]) }
        return String(String.UnicodeScalarView(cut))
    }
}
