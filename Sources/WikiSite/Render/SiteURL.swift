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
        var page = page, target = target
        return page.withUTF8 { from in
            target.withUTF8 { to in
                // The folders both paths share, up to the last '/' they have in common.
                var shared = 0
                var i = 0
                while i < from.count && i < to.count && from[i] == to[i] {
                    if from[i] == UInt8(ascii: "/") { shared = i + 1 }
                    i += 1
                }
                var up = 0
                for b in from[shared...] where b == UInt8(ascii: "/") { up += 1 }
                var out: [UInt8] = []
                out.reserveCapacity(3 * up + to.count - shared)
                for _ in 0..<up { out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "."), UInt8(ascii: "/")]) }
                appendEncoded(UnsafeBufferPointer(rebasing: to[shared...]), to: &out)
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Percent-encodes everything in a path but unreserved characters and `/`.
    static func encodePath(_ path: String) -> String {
        if path.utf8.allSatisfy(isKept) { return path }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count * 2)
        var path = path
        path.withUTF8 { appendEncoded($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isKept(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for b in bytes {
            if isKept(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            }
        }
    }

    /// A YouTube link to a video, at a second when given.
    static func youtube(_ videoID: String, seconds: Int? = nil) -> String {
        let base = "https://www.youtube.com/watch?v=" + encodePath(videoID)
        guard let seconds else { return base }
        return base + "&t=\(seconds)s"
    }
}
