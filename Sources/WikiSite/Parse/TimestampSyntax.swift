/// How a timestamp is written, read without the tree: the open tag of a
/// timestamp anchor and the time in its attribute, text that is only a time,
/// and the `t=` of a YouTube URL.
enum TimestampSyntax {
    /// Whether `bytes` hold `needle` (ASCII, lower case) at `at`, letters compared case-insensitively.
    @inline(__always) static func asciiMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, at: Int) -> Bool {
        let n = needle.utf8CodeUnitCount, p = needle.utf8Start
        guard at + n <= bytes.count else { return false }
        for k in 0..<n where lowered(bytes[at + k]) != p[k] { return false }
        return true
    }

    /// Whether `bytes` hold `needle` (ASCII, lower case) anywhere, letters compared case-insensitively.
    static func asciiContains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let first = needle.utf8Start[0]
        for at in 0..<bytes.count where lowered(bytes[at]) == first && asciiMatch(bytes, needle, at: at) { return true }
        return false
    }

    @inline(__always) static func lowered(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// `<a class="yt-timestamp" data-t=…>` and its misspellings (`yt_timestamp`,
    /// `data=`), but never an anchor that links to the web.
    static func isOpenTag(_ tag: Substring) -> Bool {
        // An ASCII tag (every anchor the wiki writes) is read on its bytes, case folded in place.
        let ascii = tag.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            guard b.count < 400, Fold.isASCII(b) else { return nil }
            return asciiMatch(b, "<a", at: 0) && !asciiContains(b, "href=\"http")
                && (asciiContains(b, "data-t") || asciiContains(b, "data=") || asciiContains(b, "yt"))
        }
        if let ascii = ascii ?? nil { return ascii }
        guard tag.count < 400 else { return false }
        let lower = tag.lowercased()
        return lower.hasPrefix("<a") && (lower.containsBytes("data-t") || lower.containsBytes("data=") || lower.containsBytes("yt"))
            && !lower.containsBytes("href=\"http")
    }

    static func timeInTag(_ tag: String) -> CitedTime? {
        if Fold.isASCII(tag) {
            // Bytes are characters here ("\r\n", one character, is neither `=` nor part of a time's lead).
            let bytes = tag.utf8
            guard let data = tag.firstRange(of: "data"),
                  let equals = bytes[data.upperBound...].firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let value = bytes[bytes.index(after: equals)...].drop {
                $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == 0x20 || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: "=")
            }
            guard let first = value.first, first >= 0x30 && first <= 0x39 else { return nil }
            return TimeReader.read(tag[value.startIndex...])
        }
        guard let data = tag.firstRange(of: "data") else { return nil }
        var rest = tag[data.upperBound...]
        guard let quoteOrEquals = rest.firstIndex(where: { $0 == "=" }) else { return nil }
        rest = rest[rest.index(after: quoteOrEquals)...]
        // The time must come right after the attribute's opening quote.
        let value = rest.drop(while: { $0 == "\"" || $0 == "'" || $0 == " " || $0 == "t" || $0 == "=" })
        guard let first = value.first, first.isASCII, first.isNumber else { return nil }
        return TimeReader.read(value)
    }

    /// Text that is only a time: `00:06:02`, `1:14`, `[00:06:02]`.
    static func isTimeText(_ text: Substring) -> Bool {
        var sawColon = false, sawDigit = false, inCore = false, trailing = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: " "):
                if inCore { trailing = true }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if trailing { return false }
                sawDigit = true
                inCore = true
            case UInt8(ascii: ":"):
                if trailing { return false }
                sawColon = true
                inCore = true
            default:
                return false
            }
        }
        return sawColon && sawDigit
    }

    static func youtubeTime(_ url: String) -> CitedTime? {
        guard let t = url.firstRange(of: "t=") else { return nil }
        let value = url[t.upperBound...].prefix { $0 != "&" && $0 != "#" }
        if value.allSatisfy({ $0.isASCII && $0.isNumber }) || value.hasSuffix("s") && value.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) {
            return TimeReader.read(value)
        }
        // 1h02m03s, 00m01s
        var total = 0, current = 0, sawUnit = false
        for ch in value {
            if let d = ch.wholeNumberValue { current = current * 10 + d; continue }
            switch ch {
            case "h": total += current * 3600
            case "m": total += current * 60
            case "s": total += current
            default:
                // `t=00:00:50`
                return TimeReader.read(value)
            }
            current = 0
            sawUnit = true
        }
        return sawUnit ? TimeReader.make([total]) : nil
    }
}
