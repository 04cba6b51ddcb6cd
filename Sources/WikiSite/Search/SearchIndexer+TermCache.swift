import Synchronization

/// Each document's terms as the last build counted them, kept in
/// `.wikisite-cache/<output>.terms`, so a rebuild counts again only the
/// documents whose text changed (counting is most of the index's time).
///
/// A document's key hashes everything its counts are made from: its title,
/// the titles and lines of the articles merged into it, and its own lines
/// (each article's lines are hashed once, as Parse stores them). The file is
/// used only by the binary that wrote it, and only when its bytes match the
/// hash they carry.
final class TermCache: Sendable {
    static let header = Array("wikisite-terms 2\n".utf8)

    /// One document's counts: each term once, and the length of each field (title, headings, body).
    struct Counts {
        var terms: [(String, TermCounts)]
        var lengths: (Int, Int, Int)
    }

    private let entries: [UInt64: ArraySlice<UInt8>]
    /// The digest of each document-store file, by its documents' keys (`SearchIndexer.documentFiles`).
    private let stores: [UInt64: UInt64]
    /// Documents whose counts were taken from here.
    let used = Atomic<Int>(0)

    private init(entries: [UInt64: ArraySlice<UInt8>], stores: [UInt64: UInt64]) {
        self.entries = entries
        self.stores = stores
    }

    /// Where the counts of a build into `output` are kept.
    static func path(for output: String) -> String {
        String(BuildManifest.path(for: output).dropLast(".manifest".count)) + ".terms"
    }

    /// The counts the last build into `output` left, when this binary wrote them and they read back whole.
    static func read(for output: String, io: FileIO) -> TermCache? {
        guard let binary = ArticleCache.key(io: io),
              let payload = CacheFrame.payload(at: path(for: output), header: header, key: binary, io: io) else { return nil }
        var p = ByteReader(payload)
        var entries: [UInt64: ArraySlice<UInt8>] = [:]
        var stores: [UInt64: UInt64] = [:]
        do {
            for _ in 0..<(try p.int()) { entries[try p.word()] = try p.blob() }
            while !p.isAtEnd { stores[try p.word()] = try p.word() }
        } catch {
            return nil
        }
        return TermCache(entries: entries, stores: stores)
    }

    /// The digest of the document-store file whose documents have these keys.
    func storeDigest(_ key: UInt64) -> UInt64? { stores[key] }

    /// The counts stored under `key`, and their bytes as the file holds them.
    func counts(_ key: UInt64) -> (counts: Counts, bytes: ArraySlice<UInt8>)? {
        guard let bytes = entries[key] else { return nil }
        var r = ByteReader(bytes)
        guard let counts = try? Self.decode(&r), r.isAtEnd else { return nil }
        used.add(1, ordering: .relaxed)
        return (counts, bytes)
    }

    static func encode(_ c: Counts) -> [UInt8] {
        var w = ByteWriter()
        w.int(c.lengths.0)
        w.int(c.lengths.1)
        w.int(c.lengths.2)
        w.array(c.terms) { w, term in
            w.string(term.0)
            w.int(Int(term.1.title))
            w.int(Int(term.1.headings))
            w.int(Int(term.1.body))
            w.int(Int(term.1.section))
        }
        return w.bytes
    }

    static func decode(_ r: inout ByteReader) throws(ByteReader.Truncated) -> Counts {
        let lengths = (try r.int(), try r.int(), try r.int())
        func count(_ r: inout ByteReader) throws(ByteReader.Truncated) -> UInt16 {
            let n = try r.int()
            guard n >= 0, n <= Int(UInt16.max) else { throw ByteReader.Truncated() }
            return UInt16(n)
        }
        let terms = try r.array { r throws(ByteReader.Truncated) -> (String, TermCounts) in
            let term = try r.string()
            var c = TermCounts()
            c.title = try count(&r)
            c.headings = try count(&r)
            c.body = try count(&r)
            c.section = try count(&r)
            return (term, c)
        }
        return Counts(terms: terms, lengths: lengths)
    }

    /// The file for these documents' counts (keys and their encoded counts, in
    /// index order) and the document store's digests.
    static func encoded(_ kept: SearchIndexer.Kept, binary: String) -> [UInt8] {
        var p = ByteWriter()
        p.int(kept.counts.count)
        for entry in kept.counts {
            p.word(entry.key)
            p.blob(entry.bytes)
        }
        for store in kept.stores {
            p.word(store.key)
            p.word(store.digest)
        }
        return CacheFrame.framed(p.bytes, header: header, key: binary)
    }
}
