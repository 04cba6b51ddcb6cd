/// Relative links between output files.
///
/// Links point at `…/index.html` and never at a bare folder, because a
/// browser reading the site from disk (`file://`) shows a folder listing, not
/// its index; and they are relative, so the site works under any sub-path.
enum SiteURL {
    /// The path to the site's root from the folder of `page` (`"../../"`, or `""`).
    static func root(from page: String) -> String {
        let depth = page.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
        return String(repeating: "../", count: depth)
    }

    /// A relative href from one output file to another, percent-encoded:
    /// up to the folder both share, then down to the target.
    static func relative(from page: String, to target: String) -> String {
        let from = Array(page.utf8), to = Array(target.utf8)
        // The folders both paths share, up to the last '/' they have in common.
        var shared = 0
        var i = 0
        while i < from.count && i < to.count && from[i] == to[i] {
            if from[i] == UInt8(ascii: "/") { shared = i + 1 }
            i += 1
        }
        var up = 0
        for b in from[shared...] where b == UInt8(ascii: "/") { up += 1 }
        var out = String(repeating: "../", count: up)
        out += encodePath(String(decoding: to[shared...], as: UTF8.self))
        return out
    }

    /// Percent-encodes everything in a path but unreserved characters and `/`.
    static func encodePath(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A YouTube link to a video, at a second when given.
    static func youtube(_ videoID: String, seconds: Int? = nil) -> String {
        let base = "https://www.youtube.com/watch?v=" + encodePath(videoID)
        guard let seconds else { return base }
        return base + "&t=\(seconds)s"
    }
}
