import Synchronization

/// The last build's index before impacts (`SearchIndexer.Inverted`: each
/// term's documents with their counts, each document's field lengths) and
/// each document's key, kept in `.wikisite-cache/<output>.terms`, so that a
/// rebuild counts only the documents whose text changed and patches the rest
/// of the index in place of inverting every document again (counting and
/// inverting were most of the index's time).
///
/// A document's key hashes everything its counts are made from: its title,
/// the titles and lines of the articles merged into it, and its own lines
/// (each article's lines are hashed once, as Parse stores them). The file is
/// used only by the binary that wrote it, and only when its bytes match the
/// hash they carry.
final class TermCache: Sendable {
    static let header = Array("wikisite-terms 3\n".utf8)

    /// One document's counts: each term once, and the length of each field (title, headings, body).
    struct Counts {
        var terms: [(String, TermCounts)]
        var lengths: (Int, Int, Int)
    }

    /// The last build's documents' keys, in index order, and its index.
    private let keys: [UInt64]
    private let lengths: [[Int32]]
    /// Each term's UTF-8, in byte order, and where its postings lie in `postings`.
    private let terms: [ArraySlice<UInt8>]
    private let starts: [Int]
    private let postings: [SearchIndexer.RawPosting]
    /// The digest of each document-store file, by its documents' keys (`SearchIndexer.documentFiles`).
    private let stores: [UInt64: UInt64]
    /// Documents whose counts were taken from here.
    let used = Atomic<Int>(0)

    private init(keys: [UInt64], lengths: [[Int32]], terms: [ArraySlice<UInt8>], starts: [Int],
                 postings: [SearchIndexer.RawPosting], stores: [UInt64: UInt64]) {
        self.keys = keys
        self.lengths = lengths
        self.terms = terms
        self.starts = starts
        self.postings = postings
        self.stores = stores
    }

    /// Where the index of a build into `output` is kept.
    static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".terms"
    }

    /// The index the last build into `output` left, when this binary wrote it and it reads back whole.
    static func read(for output: String, io: FileIO) -> TermCache? {
        guard let binary = ArticleCache.key(io: io),
              let payload = CacheFrame.payload(at: path(for: output), header: header, key: binary, io: io) else { return nil }
        return decoded(payload)
    }

    /// The index `payload` wrote, when it reads back whole.
    static func decoded(_ payload: ArraySlice<UInt8>) -> TermCache? {
        var p = ByteReader(payload)
        do {
            let keys = try p.words()
            let n = keys.count
            let lengths = try (0..<3).map { _ throws(ByteReader.Truncated) in try p.raw(n, of: Int32.self) }
            let count = try p.int()
            guard count >= 0, count <= p.remaining else { throw ByteReader.Truncated() }
            var terms: [ArraySlice<UInt8>] = [], starts = [0]
            terms.reserveCapacity(count)
            starts.reserveCapacity(count + 1)
            for _ in 0..<count {
                terms.append(try p.blob())
                let size = try p.int()
                guard size > 0 else { throw ByteReader.Truncated() }
                starts.append(starts[starts.count - 1] + size)
            }
            let postings = try p.raw(starts[count], of: SearchIndexer.RawPosting.self)
            // Every posting's document is one the file counts (it was written by this binary, so this is a check of its bytes).
            guard postings.allSatisfy({ $0.doc >= 0 && Int($0.doc) < n }) else { throw ByteReader.Truncated() }
            var stores: [UInt64: UInt64] = [:]
            while !p.isAtEnd { stores[try p.word()] = try p.word() }
            return TermCache(keys: keys, lengths: lengths, terms: terms, starts: starts, postings: postings, stores: stores)
        } catch {
            return nil
        }
    }

    /// The digest of the document-store file whose documents have these keys.
    func storeDigest(_ key: UInt64) -> UInt64? { stores[key] }

    /// A change to more documents than this share counts every document, as a
    /// clean build does: the patch groups the counted documents' terms and
    /// merges on one core, where counting runs on every core. Measured on the
    /// corpus with every third and every second article edited, patching took
    /// 1.35 and 1.47 s against counting's 1.31 and 1.34 s.
    static let patchShare = 0.25

    /// The index of `docs` made from this one: a document whose key this
    /// index holds (once, and once among `docs`) keeps its counts, the others
    /// are counted and put in. The same index as counting every document
    /// (`SearchIndexer.count`): each term's postings in document order, terms
    /// in byte order, none without postings. `newKeys` are the documents'
    /// keys, in order. Nil when too many changed.
    func patched(_ docs: SearchIndexer.Documents, keys newKeys: [UInt64]) -> SearchIndexer.Inverted? {
        let n = docs.count
        func once(_ keys: [UInt64]) -> [UInt64: Int] {
            var at: [UInt64: Int] = [:]
            at.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { at[k] = at[k] == nil ? i : -1 }
            return at
        }
        let oldAt = once(keys), newAt = once(newKeys)
        // Where each of the last build's documents is now (-1: changed or gone), and the documents to count.
        var moved = [Int32](repeating: -1, count: keys.count)
        var changed: [Int] = []
        for (i, k) in newKeys.enumerated() {
            if let j = oldAt[k], j >= 0, newAt[k] == i { moved[j] = Int32(i) } else { changed.append(i) }
        }
        guard Double(changed.count) <= Self.patchShare * Double(max(n, 1)) else { return nil }
        let counted = changed.parallelMap(chunk: 4) { SearchIndexer.counts(docs.document($0)) }

        var lengths: [[Int32]] = [[Int32](repeating: 0, count: n), [Int32](repeating: 0, count: n), [Int32](repeating: 0, count: n)]
        for (j, i) in moved.enumerated() where i >= 0 {
            for f in 0..<3 { lengths[f][Int(i)] = self.lengths[f][j] }
        }
        // The counted documents' postings by term, in byte order of the terms. Keyed
        // by the term's bytes, as counting keys them: two spellings Swift's String
        // calls equal (canonically equivalent, such as Hangul syllables and their
        // jamo) are two terms there, and must stay two here.
        var fresh: [[UInt8]: [SearchIndexer.RawPosting]] = [:]
        for (i, c) in zip(changed, counted) {
            lengths[0][i] = Int32(c.lengths.0)
            lengths[1][i] = Int32(c.lengths.1)
            lengths[2][i] = Int32(c.lengths.2)
            for (term, t) in c.terms {
                fresh[Array(term.utf8), default: []].append(SearchIndexer.RawPosting(doc: Int32(i), title: t.title, headings: t.headings,
                                                                         body: t.body, section: t.section))
            }
        }
        let freshTerms = fresh.keys.sorted { $0.lexicographicallyPrecedes($1) }

        // The two term lists merged in byte order; each old list's documents renumbered.
        var terms: [[Unicode.Scalar]] = [], bounds: [Int] = [0], all: [SearchIndexer.RawPosting] = []
        terms.reserveCapacity(self.terms.count + freshTerms.count)
        bounds.reserveCapacity(self.terms.count + freshTerms.count + 1)
        all.reserveCapacity(postings.count)
        var old = 0, new = 0
        while old < self.terms.count || new < freshTerms.count {
            let takeOld: Bool, takeNew: Bool
            if old == self.terms.count {
                (takeOld, takeNew) = (false, true)
            } else if new == freshTerms.count {
                (takeOld, takeNew) = (true, false)
            } else {
                let a = self.terms[old], b = freshTerms[new]
                (takeOld, takeNew) = a.elementsEqual(b) ? (true, true) : a.lexicographicallyPrecedes(b) ? (true, false) : (false, true)
            }
            let begin = all.count
            var inOrder = true
            if takeOld {
                for p in postings[starts[old]..<starts[old + 1]] {
                    let i = moved[Int(p.doc)]
                    guard i >= 0 else { continue }
                    if all.count > begin && all[all.count - 1].doc > i { inOrder = false }
                    var q = p
                    q.doc = i
                    all.append(q)
                }
            }
            if takeNew {
                for p in fresh[freshTerms[new]]! {
                    if all.count > begin && all[all.count - 1].doc > p.doc { inOrder = false }
                    all.append(p)
                }
            }
            // The counted documents' postings follow the kept ones, and a renamed
            // article keeps its counts but may move among the others: a list out
            // of document order is sorted.
            if !inOrder { all[begin...].sort { $0.doc < $1.doc } }
            if all.count > begin {
                terms.append(Array(takeNew ? String(decoding: freshTerms[new], as: UTF8.self).unicodeScalars
                                           : String(decoding: self.terms[old], as: UTF8.self).unicodeScalars))
                bounds.append(all.count)
            }
            if takeOld { old += 1 }
            if takeNew { new += 1 }
        }
        used.store(n - changed.count, ordering: .relaxed)
        let lists = (0..<terms.count).map { all[bounds[$0]..<bounds[$0 + 1]] }
        return SearchIndexer.Inverted(terms: terms, lists: lists, lengths: lengths)
    }

    /// The file for a build's index (its documents' keys in index order) and the document store's digests.
    static func encoded(_ index: SearchIndexer.Inverted, keys: [UInt64], stores: [(key: UInt64, digest: UInt64)], binary: String) -> [UInt8] {
        CacheFrame.framed(payload(index, keys: keys, stores: stores), header: header, key: binary)
    }

    /// What `decoded` reads: the keys, the field lengths and the terms with
    /// their counts of postings, then every posting (as `ByteWriter.raw`),
    /// then the store's digests.
    static func payload(_ index: SearchIndexer.Inverted, keys: [UInt64], stores: [(key: UInt64, digest: UInt64)]) -> [UInt8] {
        var p = ByteWriter()
        // Sized once (the postings alone are tens of megabytes: each doubling was a copy).
        let postings = index.lists.reduce(0) { $0 + $1.count } * MemoryLayout<SearchIndexer.RawPosting>.stride
        p.bytes.reserveCapacity(postings + 8 * keys.count + 12 * keys.count + 16 * index.terms.count + 16 * stores.count + 64)
        p.words(keys)
        for f in 0..<3 { p.raw(index.lengths[f]) }
        p.int(index.terms.count)
        var utf8: [UInt8] = []
        for (term, list) in zip(index.terms, index.lists) {
            utf8.removeAll(keepingCapacity: true)
            SearchIndexer.appendUTF8(term, to: &utf8)
            p.blob(utf8)
            p.int(list.count)
        }
        for list in index.lists { p.raw(list) }
        for store in stores {
            p.word(store.key)
            p.word(store.digest)
        }
        return p.bytes
    }
}
