import Foundation

/// Turns a file's bytes into the text every later stage reads.
///
/// Repairs what real files get wrong without losing the line structure that
/// diagnostics point into: a UTF-8 byte order mark is dropped, CRLF and lone
/// CR become LF, invalid UTF-8 is replaced (and reported), and the text is
/// normalised to NFC so that the same title typed two ways is one title.
enum TextDecoder {
    struct Decoded {
        var text: String
        var diagnostics: [Diagnostic]
    }

    /// Decodes `file`, or returns nil with a diagnostic when there is nothing
    /// to build from (an empty or binary file).
    static func decode(_ file: SourceFile) -> (Decoded?, [Diagnostic]) {
        var bytes = file.bytes[...]
        var notes: [Diagnostic] = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
            notes.append(Diagnostic(.note, path: file.displayPath, code: "input.byte-order-mark",
                                    message: "file starts with a UTF-8 byte order mark; removed"))
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return (nil, [Diagnostic(path: file.displayPath, code: "input.empty",
                                     message: "file is empty; no page is made for it")])
        }
        if let nul = bytes.prefix(8192).firstIndex(of: 0) {
            let (line, column) = position(ofByte: nul - bytes.startIndex, in: bytes)
            return (nil, [Diagnostic(path: file.displayPath, line: line, column: column,
                                     code: "input.binary",
                                     message: "file holds binary data (a NUL byte); no page is made for it")])
        }
        let normalised = normaliseLineEnds(bytes)
        var diagnostics: [Diagnostic] = notes
        if let (line, length) = longestLine(normalised), length > maxLineBytes {
            diagnostics.append(Diagnostic(path: file.displayPath, line: line, code: "input.long-line",
                                          message: "line of \(length) bytes; kept, but no reader needs a line this long"))
        }
        var text: String
        if let valid = String(validating: normalised, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: normalised, as: UTF8.self)
            let bad = firstInvalidUTF8Offset(normalised) ?? 0
            let (line, column) = position(ofByte: bad, in: normalised[...])
            diagnostics.append(Diagnostic(
                path: file.displayPath, line: line, column: column, code: "input.invalid-utf8",
                message: "file is not valid UTF-8; invalid bytes are shown as \u{FFFD}"))
        }
        if !isASCII(normalised) && !isPlainlyNFC(text) {
            text = text.precomposedStringWithCanonicalMapping
        }
        return (Decoded(text: text, diagnostics: diagnostics), diagnostics)
    }

    /// Lines longer than this are reported (the page is still built).
    static let maxLineBytes = 64 * 1024

    /// The longest line's number and length, when any line is long.
    static func longestLine(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count > maxLineBytes else { return nil }
        var best = (0, 0), line = 1, start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if i - start > best.1 { best = (line, i - start) }
            line += 1
            start = i + 1
        }
        if bytes.count - start > best.1 { best = (line, bytes.count - start) }
        return best
    }

    /// Every file is checked (168 MB on the shared wiki), eight bytes at a time (`Fold.isASCII`).
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(Fold.isASCII)
    }

    /// Whether `text` is already NFC because every scalar in it is one that
    /// NFC keeps as it is and that never composes with the scalar before it:
    /// Latin below U+0300, general punctuation (dashes, quotes, ellipsis),
    /// currency signs, arrows, box drawing, shapes, dingbats and emoji. That
    /// is 4,609 of the 4,671 non-ASCII articles of the shared wiki; the rest
    /// (combining marks, Greek, CJK, Hangul...) go through Foundation's
    /// normaliser, which converts the whole text to UTF-16 and back.
    static func isPlainlyNFC(_ text: String) -> Bool {
        // Over the UTF-8 bytes, decoding only the non-ASCII scalars (the text is valid UTF-8).
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let lead = bytes[i]
                if lead < 0x80 {
                    i += 1
                    continue
                }
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                guard i + length <= bytes.count else { return false }
                var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                switch value {
                case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0,
                     0x2190...0x21FF, 0x2500...0x27BF, 0x1F300...0x1FAFF:
                    i += length
                default:
                    return false
                }
            }
            return true
        }
    }

    /// CRLF and lone CR become LF, so a line is a line whatever the editor.
    static func normaliseLineEnds(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(0x0D) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// 1-based line and column (in bytes) of a byte offset.
    static func position(ofByte offset: Int, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        for b in bytes {
            if i >= offset { break }
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (line, offset - lineStart + 1)
    }

    /// Offset of the first byte that does not begin a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error(let length):
                _ = length
                return offset
            }
        }
    }
}
