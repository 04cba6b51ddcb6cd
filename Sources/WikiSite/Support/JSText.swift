/// JavaScript string literals for the files the site loads as scripts
/// (search shards, link previews): valid JSON strings too.
enum JSText {
    /// `s` as a double-quoted literal, with control characters and the line
    /// separators older JavaScript rejects escaped.
    static func quoted(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { bytes in
            out.reserveCapacity(bytes.count + 2)
            appendQuoted(bytes, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends UTF-8 `bytes` as a double-quoted literal (as `quoted`), for
    /// files made as bytes (the search index's shards).
    static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole: appending
        // scalar by scalar was most of the cost of writing preview files.
        var runStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var escape: String?
            var width = 1
            if b == 0x22 {
                escape = "\\\""
            } else if b == 0x5C {
                escape = "\\\\"
            } else if b < 0x20 {
                escape = unicodeEscape(UInt32(b))
            } else if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                escape = unicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)   // U+2028, U+2029
                width = 3
            }
            guard let escape else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            out.append(contentsOf: escape.utf8)
            i += width
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
