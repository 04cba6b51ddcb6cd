#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// The first range of an ASCII `needle`, searched in UTF-8 bytes.
    ///
    /// Foundation's `range(of:)` and `contains(_:)` go through CFString on
    /// Linux and were the largest cost of parsing; a byte search is many
    /// times faster, and exact for the ASCII markers searched here. Native
    /// strings are searched with the C library's `memchr` and `memcmp`.
    func firstRange(of needle: String, from start: Index? = nil) -> Range<Index>? {
        let view = utf8
        let from = start ?? view.startIndex
        let fast: Range<Int>?? = view.withContiguousStorageIfAvailable { haystack -> Range<Int>? in
            let skip = view.distance(from: view.startIndex, to: from)
            var pattern = needle
            return pattern.withUTF8 { p -> Range<Int>? in
                guard p.count > 0, let base = haystack.baseAddress, haystack.count - skip >= p.count else { return nil }
                let first = Int32(p[0])
                var at = skip
                let last = haystack.count - p.count
                while at <= last {
                    guard let hit = memchr(base + at, first, last - at + 1) else { return nil }
                    at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + at, p.baseAddress!, p.count) == 0 { return at..<(at + p.count) }
                    at += 1
                }
                return nil
            }
        }
        if let fast {
            guard let r = fast else { return nil }
            let lower = view.index(view.startIndex, offsetBy: r.lowerBound)
            return lower..<view.index(lower, offsetBy: r.count)
        }
        return slowFirstRange(of: needle, from: from)
    }

    private func slowFirstRange(of needle: String, from start: Index) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let view = utf8
        var i = start
        let end = view.endIndex
        while i < end {
            if view[i] == first {
                var j = view.index(after: i)
                var k = 1
                while k < pattern.count, j < end, view[j] == pattern[k] {
                    j = view.index(after: j)
                    k += 1
                }
                if k == pattern.count { return i..<j }
            }
            i = view.index(after: i)
        }
        return nil
    }

    /// Whether an ASCII `needle` occurs, searched in UTF-8 bytes.
    func containsBytes(_ needle: String) -> Bool { firstRange(of: needle) != nil }
}
