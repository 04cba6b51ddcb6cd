extension StringProtocol {
    /// The first range of an ASCII `needle`, searched in UTF-8 bytes.
    ///
    /// Foundation's `range(of:)` and `contains(_:)` go through CFString on
    /// Linux and were the largest cost of parsing; a byte search is many
    /// times faster, and exact for the ASCII markers searched here.
    func firstRange(of needle: String, from start: Index? = nil) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let view = utf8
        var i = start ?? view.startIndex
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
