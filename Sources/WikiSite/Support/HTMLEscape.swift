/// Escaping for text and attribute values written into HTML.
enum HTMLEscape {
    static func appendText(_ text: String, to out: inout [UInt8]) {
        append(text, quotes: false, to: &out)
    }

    static func appendAttribute(_ text: String, to out: inout [UInt8]) {
        append(text, quotes: true, to: &out)
    }

    /// Copies the runs between special bytes whole (most values have none).
    private static func append(_ text: String, quotes: Bool, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let entity: StaticString
                switch bytes[i] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\"") where quotes: entity = "&quot;"
                case UInt8(ascii: "'") where quotes: entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    static func text(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendText(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `attribute(text)`, returning `text` itself when nothing needs escaping
    /// (most values do not: no copy then).
    static func attributeIfNeeded(_ text: String) -> String {
        let special = text.utf8.contains { b in
            b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
        }
        return special ? attribute(text) : text
    }

    static func attribute(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendAttribute(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
