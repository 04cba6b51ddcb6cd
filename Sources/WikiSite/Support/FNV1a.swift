/// FNV-1a, 64 bits: a small hash that is the same on every run and machine,
/// unlike `Hasher`, which is seeded per process.
///
/// What uses it: long slugs get a short suffix from it (`Slug`), the search
/// index spreads terms over partitions by it (`SearchIndexer`), and Dedup
/// compares words by it without building strings (`Deduplicator`). All of
/// them hash UTF-8 bytes, so a word hashed byte by byte with `step` equals
/// the same word hashed whole with `hash`.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash so far with one more byte.
    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* prime }

    /// The hash of a text's UTF-8 bytes.
    static func hash(_ text: some StringProtocol) -> UInt64 {
        var hash = offsetBasis
        for b in text.utf8 { hash = step(hash, b) }
        return hash
    }
}
