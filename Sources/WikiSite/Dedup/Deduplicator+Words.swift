/// Words as Dedup compares them: 64-bit hashes of the folded word.
extension Deduplicator {
    /// Stop words left out of heading words (as word hashes).
    static let headingStopWords: Set<UInt64> = Set(StopWords.dedupHeadings.map { hash($0) })

    /// The values in order, each once. Word hashes are spread evenly, so they
    /// are dealt into 256 buckets by their top byte and each bucket sorted on
    /// its own (by insertion while it is small): a third of the time of the
    /// standard library's sort, which every article's words went through
    /// (0.5 s of CPU on the shared wiki).
    static func sortedUnique(_ values: [UInt64]) -> [UInt64] {
        guard values.count > 64 else {
            var out: [UInt64] = []
            out.reserveCapacity(values.count)
            for v in values.sorted() where out.last != v { out.append(v) }
            return out
        }
        var start = [Int](repeating: 0, count: 257)
        for v in values { start[Int(v >> 56) + 1] += 1 }
        for b in 1...256 { start[b] += start[b - 1] }
        var dealt = [UInt64](repeating: 0, count: values.count)
        var next = start
        for v in values {
            let b = Int(v >> 56)
            dealt[next[b]] = v
            next[b] += 1
        }
        dealt.withUnsafeMutableBufferPointer { a in
            for b in 0..<256 {
                let lo = start[b], hi = start[b + 1]
                if hi - lo > 32 {
                    // A crowded bucket (many copies of one word, or crafted input) is sorted in n log n.
                    var bucket = UnsafeMutableBufferPointer(rebasing: a[lo..<hi])
                    bucket.sort()
                    continue
                }
                var i = lo + 1
                while i < hi {
                    let v = a[i]
                    var j = i
                    while j > lo && a[j - 1] > v {
                        a[j] = a[j - 1]
                        j -= 1
                    }
                    a[j] = v
                    i += 1
                }
            }
        }
        var out: [UInt64] = []
        out.reserveCapacity(values.count)
        for v in dealt where out.last != v { out.append(v) }
        return out
    }

    // MARK: Words

    /// The hash Dedup compares a folded word by (FNV-1a over its UTF-8).
    static func hash(_ word: String) -> UInt64 {
        FNV1a.hash(word)
    }

    /// Calls `body` with the hash of each word of a text: runs of letters and
    /// digits, folded like search terms (case, accents, compatibility
    /// forms), unstemmed. ASCII text takes a byte loop that never builds a String.
    static func forEachWord(_ text: String, _ body: (UInt64) -> Void) {
        var text = text
        let ascii = text.withUTF8 { bytes -> Bool in
            guard Fold.isASCII(bytes) else { return false }
            var h = FNV1a.offsetBasis, inWord = false
            for b in bytes {
                if let w = Fold.asciiWordByte(b) {
                    h = FNV1a.step(h, w)
                    inWord = true
                } else if inWord {
                    body(h)
                    h = FNV1a.offsetBasis
                    inWord = false
                }
            }
            if inWord { body(h) }
            return true
        }
        if !ascii { forEachWordFolding(text, body) }
    }

    /// The general path of `forEachWord`, for any text.
    static func forEachWordFolding(_ text: String, _ body: (UInt64) -> Void) {
        var h = FNV1a.offsetBasis, inWord = false
        for s in ScalarFold.fold(text) {
            if s == " " || s == "'" {
                if inWord { body(h) }
                h = FNV1a.offsetBasis
                inWord = false
            } else {
                for b in String(s).utf8 { h = FNV1a.step(h, b) }
                inWord = true
            }
        }
        if inWord { body(h) }
    }
}
