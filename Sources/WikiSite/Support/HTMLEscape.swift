/// Escaping for text and attribute values written into HTML.
enum HTMLEscape {
    static func appendText(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(b)
            }
        }
    }

    static func appendAttribute(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(b)
            }
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
