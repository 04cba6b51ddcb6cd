/// The stop-word lists of the generator, side by side.
///
/// There are three because three stages drop words for three reasons, and
/// their contents differ; each list is part of what its stage outputs, so
/// merging them would change the site (related articles on topic pages,
/// Dedup's merges, the search index). Each keeps its own words here, in one
/// place, with what it is for.
enum StopWords {
    /// Words that say nothing about what an article is about, left out when a
    /// topic page looks for articles whose titles share words with its name
    /// (`TargetIndex.titleMatches`): function words of titles
    /// ("How the …", "… vs …"). Short on purpose: every other title word
    /// counts, weighted by its rarity. Words of one letter never reach it.
    static let linkTitles: Set<String> = [
        "the", "and", "for", "with", "from", "into", "its", "his", "her", "their", "this", "that", "how", "why", "what",
        "of", "in", "on", "to", "a", "an", "as", "by", "at", "or", "is", "are", "vs",
    ]

    /// The search index's 128 stop words (`SearchText`). They must be exactly
    /// the client's (`templates/assets/search-engine.js`, docs/search-index.md
    /// §4), or a query and the documents stop agreeing; so this list follows
    /// the client, not the other two.
    static let search: Set<String> = Set("""
        a about above after again against all also am an and any are as at be because been \
        before being below between both but by can could did do does doing down during e each \
        few for from further g had has have having he her here hers herself him himself his how \
        i if in into is it its itself just me more most my myself no nor not of off on once \
        only or other our ours ourselves out over own same she should so some such than that \
        the their theirs them themselves then there these they this those through to too under \
        until up very was we were what when where which while who whom why will with would you \
        your yours yourself yourselves
        """.split(separator: " ").map(String.init))

    /// `search`, looked up by a word's bytes: the indexer asks for every word
    /// of the wiki, and the set hashed each with SipHash after making it a String.
    static let searchBytes = ByteWordSet(search)

    /// Words Dedup leaves out of an article's title and heading words
    /// (`Deduplicator.headingStopWords`, which holds their hashes): the
    /// function words of headings plus the boilerplate of these articles'
    /// headings (`Key …`, `About …`, a possessive's `s`), which two unrelated
    /// articles share and which would make them look alike.
    static let dedupHeadings: [String] = [
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "is",
        "are", "its", "it", "this", "that", "how", "what", "why", "vs", "into", "about", "s", "be", "their",
        "his", "her", "our", "your", "key",
    ]
}

/// A set of short ASCII words looked up by bytes, without hashing: the words
/// by length and first byte, each such bucket's words side by side and
/// compared byte by byte (a bucket of the search stop words holds at most five).
struct ByteWordSet: Sendable {
    private let bytes: [UInt8]
    /// Where bucket `length * 128 + first byte` starts in `bytes`.
    private let start: [Int]
    private let longest: Int

    init(_ words: Set<String>) {
        let ascii = words.map { Array($0.utf8) }.filter { !$0.isEmpty && $0.allSatisfy { $0 < 128 } }
            .sorted { ($0.count, $0[0]) == ($1.count, $1[0]) ? $0.lexicographicallyPrecedes($1) : ($0.count, $0[0]) < ($1.count, $1[0]) }
        longest = ascii.map(\.count).max() ?? 0
        var start = [Int](repeating: 0, count: (longest + 1) * 128 + 1)
        for w in ascii { start[w.count * 128 + Int(w[0]) + 1] += w.count }
        for b in 1..<start.count { start[b] += start[b - 1] }
        self.start = start
        bytes = Array(ascii.joined())
    }

    /// Whether `word` is one of the set's ASCII words.
    func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = word.count
        guard n > 0, n <= longest, word[0] < 128 else { return false }
        let bucket = n * 128 + Int(word[0])
        var at = start[bucket]
        let end = start[bucket + 1]
        while at < end {
            if bytes[at..<(at + n)].elementsEqual(word) { return true }
            at += n
        }
        return false
    }
}
