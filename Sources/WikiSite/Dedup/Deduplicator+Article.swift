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
        public var moments: [[Int]]
        /// Inbound wiki links, for choosing the canonical page.
        public var inbound: Int
        /// Text length, the tie-breaker.
        public var length: Int
        public var path: String
        /// The words of each heading's segment (heading to next heading), read
        /// with the words, to find the section that covers a merged article.
        var segments: [Segment] = []

        public init(videoID: String?, mergeable: Bool = true, words: [UInt64], headingWords: [UInt64],
                    titleWords: [UInt64] = [], moments: [[Int]], inbound: Int, length: Int, path: String) {
            self.videoID = videoID
            self.mergeable = mergeable && videoID != nil
            self.words = words
            self.headingWords = headingWords
            self.titleWords = titleWords
            self.moments = moments
            self.inbound = inbound
            self.length = length
            self.path = path
        }

        /// An article from its text lines (`isHeading` marks headings).
        /// - Parameters:
        ///   - levels: the level of each heading, in order; when they do not
        ///     match the heading lines, every heading counts as level 2.
        public init(videoID: String?, mergeable: Bool = true, title: String, lines: [(text: String, isHeading: Bool)],
                    levels: [Int] = [], moments: [[Int]], inbound: Int, path: String) {
            var words: [UInt64] = [], headings: [UInt64] = [], titleWords: [UInt64] = [], length = 0
            Deduplicator.forEachWord(title) { h in if !Deduplicator.headingStopWords.contains(h) { titleWords.append(h) } }
            // When the levels do not match the heading lines, every heading counts as level 2.
            let headingCount = lines.reduce(0) { $0 + ($1.isHeading ? 1 : 0) }
            let segmentLevels = levels.count == headingCount ? levels : Array(repeating: 2, count: headingCount)
            var segments: [Segment] = [], segmentWords: [UInt64] = []
            for line in lines {
                length += line.text.utf8.count
                if line.isHeading {
                    if !segments.isEmpty { segments[segments.count - 1].words = Deduplicator.sortedUnique(segmentWords) }
                    segments.append(Segment(level: segmentLevels[segments.count], words: []))
                    segmentWords.removeAll(keepingCapacity: true)
                }
                let inSegment = !segments.isEmpty
                Deduplicator.forEachWord(line.text) { h in
                    words.append(h)
                    if inSegment { segmentWords.append(h) }
                    if line.isHeading && !Deduplicator.headingStopWords.contains(h) { headings.append(h) }
                }
            }
            if !segments.isEmpty { segments[segments.count - 1].words = Deduplicator.sortedUnique(segmentWords) }
            self.init(videoID: videoID, mergeable: mergeable, words: Deduplicator.sortedUnique(words),
                      headingWords: Deduplicator.sortedUnique(headings), titleWords: Deduplicator.sortedUnique(titleWords), moments: moments,
                      inbound: inbound, length: length, path: path)
            self.segments = segments
        }
    }
}
