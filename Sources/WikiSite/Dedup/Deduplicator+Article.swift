extension Deduplicator {
    /// What Dedup compares of one article.
    public struct Article: Sendable {
        public var videoID: String?
        /// False for articles that must never merge (stubs: their likeness is
        /// a refusal's boilerplate).
        public var mergeable: Bool
        /// Hashes of the article's words (body and headings), sorted, unique.
        public var words: [UInt64]
        /// Hashes of the heading words without stop words, sorted, unique.
        public var headingWords: [UInt64]
        /// Hashes of the title's words without stop words, sorted, unique.
        public var titleWords: [UInt64]
        /// Every reading of every cited moment, in seconds.
        public var moments: [Moment]
        /// Inbound wiki links, for choosing the canonical page.
        public var inbound: Int
        /// Text length, the tie-breaker.
        public var length: Int
        public var path: String
        /// The level of each heading, in order: each starts a segment (to the
        /// next heading), read to find the section that covers a merged article.
        var segmentLevels: [Int] = []
        /// For each of `words`, the segments that hold it, as bits:
        /// `segmentWidth` bytes per word, segment k at bit k % 8 of the
        /// (k / 8)th; empty without headings. (Bytes, not 64-bit words: an
        /// article has 8 segments on average, so most words take one byte.)
        var segmentMasks: [UInt8] = []
        var segmentWidth: Int { (segmentLevels.count + 7) / 8 }
        /// Every reading of the moments cited under a heading, ascending, and
        /// the segment of each: where a narrow article's cited moments sit on
        /// this page. Empty when the moments' segments are not known.
        var segmentReadings: [Int] = []
        var readingSegments: [Int32] = []

        public init(videoID: String?, mergeable: Bool = true, words: [UInt64], headingWords: [UInt64],
                    titleWords: [UInt64] = [], moments: [[Int]], inbound: Int, length: Int, path: String) {
            self.videoID = videoID
            self.mergeable = mergeable && videoID != nil
            self.words = words
            self.headingWords = headingWords
            self.titleWords = titleWords
            self.moments = moments.map(Moment.init)
            self.inbound = inbound
            self.length = length
            self.path = path
        }

        /// An article from its text lines (`isHeading` marks headings).
        /// - Parameters:
        ///   - levels: the level of each heading, in order; when they do not
        ///     match the heading lines, every heading counts as level 2.
        ///   - momentSegments: the segment of each of `moments` (0 from the first
    ///     heading on, -1 before it); empty when not known.
    public init(videoID: String?, mergeable: Bool = true, title: String, lines: [(text: String, isHeading: Bool)],
                    levels: [Int] = [], moments: [[Int]], momentSegments: [Int] = [], inbound: Int, path: String) {
            var words: [UInt64] = [], headings: [UInt64] = [], titleWords: [UInt64] = [], length = 0
            Deduplicator.forEachWord(title) { h in if !Deduplicator.headingStopWords.contains(h) { titleWords.append(h) } }
            // The segment of each word read (-1 before the first heading).
            var segmentOf: [Int32] = [], segment: Int32 = -1
            for line in lines {
                length += line.text.utf8.count
                if line.isHeading { segment += 1 }
                let s = segment
                Deduplicator.forEachWord(line.text) { h in
                    words.append(h)
                    segmentOf.append(s)
                    if line.isHeading && !Deduplicator.headingStopWords.contains(h) { headings.append(h) }
                }
            }
            let unique = Deduplicator.sortedUnique(words)
            self.init(videoID: videoID, mergeable: mergeable, words: unique,
                      headingWords: Deduplicator.sortedUnique(headings), titleWords: Deduplicator.sortedUnique(titleWords), moments: moments,
                      inbound: inbound, length: length, path: path)
            let count = Int(segment) + 1
            guard count > 0 else { return }
            // When the levels do not match the heading lines, every heading counts as level 2.
            segmentLevels = levels.count == count ? levels : Array(repeating: 2, count: count)
            if momentSegments.count == moments.count {
                var cited: [(reading: Int, segment: Int32)] = []
                for (readings, s) in zip(moments, momentSegments) where s >= 0 && s < count {
                    for r in readings { cited.append((r, Int32(s))) }
                }
                cited.sort { ($0.reading, $0.segment) < ($1.reading, $1.segment) }
                segmentReadings = cited.map(\.reading)
                readingSegments = cited.map(\.segment)
            }
            // Each word read finds its place in `unique` through a small open-addressing table.
            var size = 16
            while size < 2 * unique.count { size *= 2 }
            let mask = size - 1
            func slot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) & mask }
            var table = [Int32](repeating: -1, count: size)
            for (i, h) in unique.enumerated() {
                var j = slot(h)
                while table[j] >= 0 { j = (j + 1) & mask }
                table[j] = Int32(i)
            }
            let width = segmentWidth
            var masks = [UInt8](repeating: 0, count: unique.count * width)
            for (h, s) in zip(words, segmentOf) where s >= 0 {
                var j = slot(h)
                while unique[Int(table[j])] != h { j = (j + 1) & mask }
                masks[Int(table[j]) * width + Int(s) / 8] |= 1 << UInt8(Int(s) % 8)
            }
            segmentMasks = masks
        }
    }
}

extension Deduplicator {
    /// The readings of one cited moment, in seconds: one, or two for an
    /// `HH:MM:00` time (also read as MM:SS). Sixteen bytes instead of an
    /// array of its own (48): a wiki ten times the shared corpus cites 6.9 million.
    public struct Moment: Sequence, Sendable, Hashable {
        var first: Int
        /// The second reading, or -1.
        var second: Int

        /// The first two readings (a time has at most two).
        public init(_ readings: [Int]) {
            first = readings.first ?? -1
            second = readings.count > 1 ? readings[1] : -1
        }

        public struct Iterator: IteratorProtocol {
            var rest: (Int, Int)
            public mutating func next() -> Int? {
                guard rest.0 >= 0 else { return nil }
                defer { rest = (rest.1, -1) }
                return rest.0
            }
        }

        public func makeIterator() -> Iterator { Iterator(rest: (first, second)) }
        public var underestimatedCount: Int { first < 0 ? 0 : second < 0 ? 1 : 2 }
    }
}
