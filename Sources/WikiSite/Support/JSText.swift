/// JavaScript string literals for the files the site loads as scripts
/// (search shards, link previews): valid JSON strings too.
enum JSText {
    /// `s` as a double-quoted literal, with control characters and the line
    /// separators older JavaScript rejects escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0..<0x20, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
