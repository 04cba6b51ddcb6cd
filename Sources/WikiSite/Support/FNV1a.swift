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

extension FNV1a {
    /// FNV-1a over 32 bits, of several byte strings in turn: the search
    /// index's id, which the client keys its cache by.
    static func hash32<S: Sequence>(_ chunks: S) -> UInt32 where S.Element == [UInt8] {
        var hash: UInt32 = 0x811c_9dc5
        for chunk in chunks { for b in chunk { hash = (hash ^ UInt32(b)) &* 0x0100_0193 } }
        return hash
    }
}

extension FNV1a {
    /// FNV-1a's step taken eight bytes at a time (then byte by byte for the
    /// tail): not FNV-1a's value, but as stable, and fast enough to hash a
    /// whole input folder on every build (the build manifest's content hashes).
    static func hashWords(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes(hashWords)
    }

    static func hashWords(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes(hashWords)
    }

    static func hashWords(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash = offsetBasis ^ UInt64(raw.count)
        let words = raw.count / 8
        for i in 0..<words {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
            hash ^= hash >> 29
        }
        for i in (words * 8)..<raw.count { hash = step(hash, raw[i]) }
        return hash
    }
}
