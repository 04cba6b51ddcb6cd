/// Decides what second each cited time means, from the evidence of the
/// article and of its siblings (the other articles of the same video).
///
/// About one anchor in seven in this wiki is MM:SS:00 written as HH:MM:SS
/// (`33:49:00` for 33 min 49 s), which as written points hours past the end
/// of the video. The decision is made per anchor:
/// - a time with non-zero seconds (`00:12:34`) or without an hour field is
///   taken as written: the MM:SS:00 pattern cannot produce it;
/// - the longest such time across the video's articles estimates how long
///   the video runs;
/// - a time ending in `:00` is read as minutes when, as written, it would
///   lie beyond that estimate (or beyond 4 h, which no video here reaches),
///   or when the article has no unambiguous time to go by and writes every
///   time as `…:00` with at least one hour field past zero;
/// - a time that is past 4 h in every reading cannot be read sensibly.
public enum TimestampResolver {
    public struct Decision: Sendable, Hashable {
        /// The second to link to; nil when the time cannot be read sensibly.
        public var seconds: Int?
        /// The time was reinterpreted (MM:SS:00 read as minutes).
        public var repaired: Bool
    }

    /// - Parameter video: the cited times of each article of one video, each in document order.
    public static func resolve(_ video: [[CitedTime]]) -> [[Decision]] {
        let unambiguous = video.joined().filter { $0.asMinutes == nil && $0.literal <= TimeReader.cap }.map(\.literal)
        let estimate = unambiguous.max()
        return video.map { resolveArticle($0, videoLength: estimate) }
    }

    static func resolveArticle(_ times: [CitedTime], videoLength: Int?) -> [Decision] {
        let withHours = times.filter(\.hadHours)
        let allZeroSeconds = withHours.count >= 3 && withHours.allSatisfy { $0.seconds == 0 }
            && withHours.contains { $0.hours >= 1 } && times.allSatisfy { $0.hadHours }
        return times.map { time in
            let literal = time.literal
            guard let minutes = time.asMinutes else {
                if literal <= TimeReader.cap { return Decision(seconds: literal, repaired: false) }
                // 33:49:12 — past any video; read as MM:SS with a stray field, if that fits.
                let guess = time.hours * 60 + time.minutes
                return time.hadHours && guess <= TimeReader.cap
                    ? Decision(seconds: guess, repaired: true) : Decision(seconds: nil, repaired: false)
            }
            if literal > TimeReader.cap {
                return minutes <= TimeReader.cap ? Decision(seconds: minutes, repaired: true) : Decision(seconds: nil, repaired: false)
            }
            if let length = videoLength {
                let slack = max(120, length / 10)
                if literal > length + slack && minutes <= length + slack {
                    return Decision(seconds: minutes, repaired: true)
                }
                return Decision(seconds: literal, repaired: false)
            }
            if allZeroSeconds && minutes != literal {
                return Decision(seconds: minutes, repaired: true)
            }
            return Decision(seconds: literal, repaired: false)
        }
    }
}
