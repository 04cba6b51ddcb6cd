import Foundation
import Synchronization

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
    /// The page's id of each heading line of `lines`, in order ("" when the
    /// page has no heading to link to); sub-results link to them.
    public var headingIDs: [String] = []
}

/// How often a term occurs in each field of one document, and the section
/// where it weighs most (docs/search-index.md §5.1).
struct TermCounts: Sendable {
    var title: UInt16 = 0
    var headings: UInt16 = 0
    var body: UInt16 = 0
    /// The best section so far (0: before the first heading) and its weight.
    var section: UInt16 = 0
    var sectionWeight: UInt16 = 0
    /// The section being read and the term's weight in it so far.
    var current: UInt16 = 0
    var currentWeight: UInt16 = 0

    /// One occurrence in a heading of `section`, counted and weighed with
    /// one lookup of the term (the indexer's inner loop).
    mutating func heading(in section: UInt16, weight: UInt16) {
        headings &+= 1
        hit(section: section, weight: weight)
    }

    /// One occurrence in the body of `section`.
    mutating func body(in section: UInt16) {
        body &+= 1
        hit(section: section, weight: 1)
    }

    /// One occurrence in `section` (sections come in order): the first
    /// section of the highest weight wins.
    mutating func hit(section s: UInt16, weight: UInt16) {
        if s != current {
            current = s
            currentWeight = 0
        }
        currentWeight = currentWeight &+ weight < currentWeight ? .max : currentWeight &+ weight
        if currentWeight > sectionWeight {
            sectionWeight = currentWeight
            section = current
        }
    }
}

/// A document in a term's postings: its impact, and the section where the term weighs most.
struct Posting: Sendable {
    var doc: Int32
    var impact: UInt8
    var section: UInt16
}

/// Search: writes the static, sharded index the client reads (format version
/// 1, docs/search-index.md). Every file is one `wikisearch.register(…);` line,
/// so shards load as scripts, from any host and from `file://`.
public enum SearchIndexer {
    static let fieldWeight: [Double] = [8.0, 3.0, 1.0]  // title, headings, body
    static let fieldB: [Double] = [0.3, 0.4, 0.75]
    static let k1 = 1.2
    static let version = 2
    static let quant = 32
    static let dictLimit = 2048
    static let inlineMaxDF = 32
    static let headSize = 256
    static let typoMinDF = 3
    static let typoMinLength = 4
    static let docBlock = 2
    static let textMax = 400
    /// Longest heading text kept in the document store (scalars).
    static let headingMax = 100
    /// An occurrence in a section's heading counts as this many in its text
    /// when choosing the section a term belongs to.
    static let sectionHeadingWeight: UInt16 = 3

    /// The documents an index is built from, in index order, each made when
    /// it is read (so a large wiki's text is never all in memory at once).
    struct Documents: Sendable {
        /// Each document's channel and video, for the manifest.
        var keys: [(channel: String, videoID: String)]
        /// Each document's article, when it is a wiki's.
        var articles: [ArticleID] = []
        var document: @Sendable (Int) -> SearchDocument
        /// A hash of what each document's terms are counted from, made
        /// without reading its text (`TermCache`); nil when not kept.
        var key: (@Sendable (Int) -> UInt64)? = nil
        /// A hash of what each document's entry in the document store is made
        /// from (`storeKey`), so a store file whose documents did not change is
        /// not made again; nil when not kept.
        var storeKey: (@Sendable (Int) -> UInt64)? = nil
        var count: Int { keys.count }
    }

    /// The order of documents in the index: by channel, video and slug, bytewise.
    static func precedes(_ a: (String, String, String), _ b: (String, String, String)) -> Bool {
        if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        if a.1 != b.1 { return a.1.utf8.lexicographicallyPrecedes(b.1.utf8) }
        return a.2.utf8.lexicographicallyPrecedes(b.2.utf8)
    }

    /// The index of `unsorted`'s documents, as the files under `search/`.
    public static func build(_ unsorted: [SearchDocument]) -> [OutputFile] {
        let docs = unsorted.sorted { precedes(($0.channel, $0.videoID, $0.slug), ($1.channel, $1.videoID, $1.slug)) }
        let files = Collected()
        build(Documents(keys: docs.map { ($0.channel, $0.videoID) }, document: { docs[$0] }), into: files.add)
        return files.all
    }

    /// The files of an index, collected from the threads that make them.
    final class Collected: Sendable {
        private let files = Mutex<[OutputFile]>([])
        func add(_ file: OutputFile) { files.withLock { $0.append(file) } }
        var all: [OutputFile] { files.withLock { $0 } }
    }

    /// What a build keeps for the next one's index: the index before
    /// impacts, its documents' keys, and the digest of each document-store
    /// file by its place and its documents' keys (`TermCache`).
    struct Kept {
        var index: Inverted
        var keys: [UInt64]
        var stores: [(key: UInt64, digest: UInt64)]
    }

    /// Takes the previous site's file at a path when its digest is the one
    /// given, else stores the file `make` makes (`SiteOutput.add(_:key:make:)`).
    typealias Reuse = @Sendable (_ path: String, _ digest: UInt64, _ make: () -> [UInt8]) -> Void

    /// The index of `docs`: each file under `search/` handed to `add` (from
    /// any thread) as soon as it is made, the manifest last.
    /// Returns what the next build's `terms` keep, when the documents have keys.
    /// With `reuse`, a document-store file whose documents' `storeKey`s `terms`
    /// knows is not made: the previous site's is taken when it is still there.
    @discardableResult
    static func build(_ docs: Documents, terms: TermCache? = nil, reuse: Reuse? = nil, into add: @Sendable (OutputFile) -> Void) -> Kept? {
        guard docs.count > 0 else { return docs.key == nil ? nil : Kept(index: Inverted(terms: [], lists: [], lengths: [[], [], []]), keys: [], stores: []) }
        let storeReuse: Reuse? = reuse.map { reuse in { @Sendable path, digest, make in reuse("search/" + path, digest, make) } }
        // A file made is handed on with its digest as its key when the site keeps keys, so it is hashed once.
        @Sendable func emit(_ f: IndexFile) -> Digested {
            let digest = FNV1a.hashWords(f.bytes)
            if let storeReuse { storeReuse(f.path, digest) { f.bytes } } else { add(OutputFile(path: "search/" + f.path, bytes: f.bytes)) }
            return (f.path, digest)
        }
        // The manifest's id is a hash of every other file's digest, in order of their paths.
        var digests: [Digested] = []
        let keys = docs.key.map { key in (0..<docs.count).map(key) }
        let index = invert(docs, keys: keys, terms: terms)
        let postings = Self.postings(index)
        let (dictionary, separators) = dictionaryFiles(postings)
        // Hashed and handed on on every core (one after another, they took a core for 2 s at ten times the corpus).
        digests += dictionary.parallelMap(chunk: 4, emit)
        let (typoFiles, typo) = typoBuckets(postings)
        digests += typoFiles.parallelMap(chunk: 4, emit)
        let store = documentFiles(docs, known: terms, reuse: storeReuse, emit: { emit($0).digest })
        digests += store.files
        add(OutputFile(path: "search/manifest.js", bytes: manifest(docs.keys, files: digests, separators: separators, typo: typo).bytes))
        return keys.map { Kept(index: index, keys: $0, stores: store.kept) }
    }

    typealias IndexFile = (path: String, bytes: [UInt8])
    /// A file of the index by its path and digest (`FNV1a.hashWords` of its bytes).
    typealias Digested = (path: String, digest: UInt64)

    /// Every term, in byte order, with its postings in document order, their impacts and sections.
    struct Postings {
        var terms: [[Unicode.Scalar]]
        var lists: [ArraySlice<Posting>]
    }

    /// Dictionary shards and postings files, and the separators between shards.
    static func dictionaryFiles(_ postings: Postings) -> (files: [IndexFile], separators: [String]) {
        // Dictionary shards and postings files. Each entry is prefix-coded
        // against the term before it (computed on every core); the greedy cut
        // into shards of at most dictLimit bytes is one cheap pass, and a
        // shard's first entry is recoded against nothing.
        let terms = postings.terms, sortedLists = postings.lists
        var files: [IndexFile] = []
        @Sendable func entry(_ i: Int, after prev: [Unicode.Scalar]) -> [UInt8] {
            let list = sortedLists[i]
            var e: [UInt8] = []
            appendFrontCoded(terms[i], after: prev, count: list.count, to: &e)
            if list.count <= inlineMaxDF { appendPostings(list, sections: true, to: &e) }
            return e
        }
        let chained = Array(terms.indices).parallelMap(chunk: 256) { i in entry(i, after: i == 0 ? [] : terms[i - 1]) }
        var shards: [Range<Int>] = []
        var separators: [String] = []
        var firstEntries: [[UInt8]] = []
        var shardStart = 0, shardBytes = 0
        for i in terms.indices {
            let isFirst = i == shardStart
            let length = isFirst ? 0 : chained[i].count
            if !isFirst && shardBytes + length > dictLimit {
                shards.append(shardStart..<i)
                shardStart = i
            }
            if i == shardStart {
                let first = entry(i, after: [])
                firstEntries.append(first)
                shardBytes = first.count
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
            payload.reserveCapacity(range.dropFirst().reduce(payload.count) { $0 + chained[$1].count })
            for i in range.dropFirst() { payload += chained[i] }
            var out: [(path: String, bytes: [UInt8])] = [("t/\(s).js", shardFile("t/\(s)", quoting: payload))]
            func postingsFile(_ key: String, _ list: some Collection<Posting>, sections: Bool) -> (path: String, bytes: [UInt8]) {
                var text: [UInt8] = []
                appendPostings(list, sections: sections, to: &text)
                return (key + ".js", shardFile(key, quoting: text))
            }
            for (j, i) in range.enumerated() where sortedLists[i].count > inlineMaxDF {
                let list = sortedLists[i]
                if list.count > headSize {
                    let (head, tail) = splitHead(list)
                    out.append(postingsFile("p/\(s)-\(j)t", tail, sections: false))
                    out.append(postingsFile("p/\(s)-\(j)", head, sections: true))
                } else {
                    out.append(postingsFile("p/\(s)-\(j)", list, sections: true))
                }
            }
            return out
        }
        files += shardFiles.joined()
        return (files, separators)
    }

    /// A long list's head, its `headSize` postings of highest impact (of equal
    /// impacts, the earlier documents'), and its tail, the rest, both in
    /// document order (docs/search-index.md §8). Impacts are `quant` levels, so the head is every
    /// posting above a cut level and the first of those at it: two passes,
    /// where sorting the list by impact grew faster than the wiki.
    static func splitHead(_ list: ArraySlice<Posting>) -> (head: [Posting], tail: [Posting]) {
        var atLevel = [Int](repeating: 0, count: quant)
        for p in list { atLevel[Int(p.impact)] += 1 }
        var cut = quant - 1, above = 0
        while above + atLevel[cut] < headSize {
            above += atLevel[cut]
            cut -= 1
        }
        var takeAtCut = headSize - above
        var head: [Posting] = [], tail: [Posting] = []
        head.reserveCapacity(headSize)
        tail.reserveCapacity(list.count - headSize)
        for p in list {
            if Int(p.impact) > cut {
                head.append(p)
            } else if Int(p.impact) == cut && takeAtCut > 0 {
                head.append(p)
                takeAtCut -= 1
            } else {
                tail.append(p)
            }
        }
        return (head, tail)
    }

    /// Typo buckets: terms by first letter and length, with their document counts.
    static func typoBuckets(_ postings: Postings) -> (files: [IndexFile], typo: [(String, [Int])]) {
        // Typo buckets: terms by first letter and length.
        // Each bucket's terms in term order, with their document counts.
        var buckets: [UInt32: [Int: [(term: [Unicode.Scalar], df: Int)]]] = [:]
        for (term, list) in zip(postings.terms, postings.lists) {
            let count = term.count
            guard count >= typoMinLength, count <= SearchText.maxTermLength, list.count >= typoMinDF else { continue }
            let c = term[0]
            guard !ScalarFold.isCJK(c.value), isLetter(c) else { continue }
            buckets[c.value, default: [:]][count, default: []].append((term, list.count))
        }
        var typo: [(String, [Int])] = []
        var files: [IndexFile] = []
        for c in buckets.keys.sorted() {
            let lengths = buckets[c]!
            let lo = lengths.keys.min()!, hi = lengths.keys.max()!
            typo.append((String(Unicode.Scalar(c)!), [lo, hi]))
            for length in lo...hi {
                var payload: [UInt8] = []
                var prev: [Unicode.Scalar] = []
                for (term, df) in lengths[length] ?? [] {
                    appendFrontCoded(term, after: prev, count: df, to: &payload)
                    prev = term
                }
                let key = "f/\(String(c, radix: 16))-\(length)"
                files.append((key + ".js", shardFile(key, quoting: payload)))
            }
        }
        return (files, typo)
    }

    /// The manifest: counts, shard separators, typo buckets, channels and video boundaries, and an id hashed from every file.
    static func manifest(_ docs: [(channel: String, videoID: String)], files: [Digested], separators: [String], typo: [(String, [Int])]) -> IndexFile {
        // Manifest.
        let n = docs.count
        var channels: [(String, Int)] = []
        for (i, d) in docs.enumerated() where channels.last?.0 != d.channel { channels.append((d.channel, i)) }
        var bits: [UInt8] = []
        var acc = 0
        for (i, d) in docs.enumerated() {
            if i == 0 || d.videoID != docs[i - 1].videoID || d.channel != docs[i - 1].channel { acc |= 1 << (i % 6) }
            if i % 6 == 5 || i == n - 1 {
                bits.append(b64[acc])
                acc = 0
            }
        }
        let hash = FNV1a.hash32(files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }).map { file in
            (0..<8).map { UInt8(truncatingIfNeeded: file.digest >> (8 * UInt64($0))) }
        })
        let id = String(hash, radix: 16)
        let manifest = "{\"version\":\(version),\"id\":" + jsString(String(repeating: "0", count: 8 - id.count) + id)
            + ",\"docs\":\(n),\"quant\":\(quant),\"inline\":\(inlineMaxDF),\"head\":\(headSize),\"block\":\(docBlock)"
            + ",\"dict\":" + jsString(separators.dropFirst().joined(separator: " "))
            + ",\"typo\":{" + typo.map { jsString($0.0) + ":[\($0.1[0]),\($0.1[1])]" }.joined(separator: ",") + "}"
            + ",\"channels\":[" + channels.map { "[" + jsString($0.0) + ",\($0.1)]" }.joined(separator: ",") + "]"
            + ",\"videos\":" + jsString(String(decoding: bits, as: UTF8.self)) + "}"
        return ("manifest.js", shardFile("manifest", manifest))
    }

}
