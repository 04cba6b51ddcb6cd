extension Unicode.Scalar {
    /// Characters that take no room on screen but change what a string is:
    /// bidi embeddings and isolates, zero-width spaces and joiners, word
    /// joiners, the byte order mark, soft hyphens. Two names that look the
    /// same to a reader must be the same name to the generator.
    var isInvisibleFormat: Bool {
        switch value {
        case 0x00AD, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
            0x2060...0x2064, 0x2066...0x206F, 0xFEFF:
            return true
        default:
            return false
        }
    }
}

extension Unicode.Scalar {
    /// White space (Unicode's property, so no-break and ideographic spaces
    /// too) or a C0 control or DEL. ASCII is answered without the property
    /// tables, which were a measurable part of a build.
    var isWhitespaceOrControl: Bool {
        if value < 0x80 { return value <= 0x20 || value == 0x7F }
        return properties.isWhitespace
    }
}

extension StringProtocol {
    /// The string without invisible format characters or control characters,
    /// with runs of white space (including no-break spaces) folded to one
    /// space, and trimmed: the form of a title, channel name or link target.
    var cleanedLabel: String {
        // Most labels are plain ASCII words with single spaces, often with a
        // space before or after (`[[target | label]]`): trimmed, nothing to do.
        let bytes = utf8
        var start: String.Index?, end = bytes.startIndex
        var previous: UInt8 = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b >= 0x80 || b < 0x20 || b == 0x7F || (b == 0x20 && previous == 0x20 && start != nil) { return cleanedByScalars }
            i = bytes.index(after: i)
            if b != 0x20 {
                if start == nil { start = bytes.index(i, offsetBy: -1) }
                end = i
            }
            previous = b
        }
        guard let start else { return "" }
        return String(self[start..<end])
    }

    /// `cleanedLabel` read scalar by scalar: the general path.
    var cleanedByScalars: String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.isInvisibleFormat { continue }
            if scalar.isWhitespaceOrControl {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// The string with invisible format characters removed and nothing else changed.
    var withoutInvisibles: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars where !scalar.isInvisibleFormat { out.append(scalar) }
        return String(out)
    }
}
