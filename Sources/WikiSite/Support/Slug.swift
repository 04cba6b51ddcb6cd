/// Names for output folders that are safe on every file system and URL.
///
/// A slug keeps letters and digits of any script (lower-cased, NFC), `_`, `-`
/// and inner dots; everything else becomes `_`. It avoids what one system or
/// another refuses: names Windows reserves (`con`, `nul`, `com1`), leading
/// dots, trailing dots and spaces, and components over 255 bytes. Because
/// slugs are lower case, two files whose names differ only in case get two
/// slugs that stay distinct on case-insensitive disks (`SlugAllocator`).
public enum Slug {
    static let maxBytes = 120

    static let windowsReserved: Set<String> = {
        var names: Set<String> = ["con", "prn", "aux", "nul"]
        for i in 1...9 {
            names.insert("com\(i)")
            names.insert("lpt\(i)")
        }
        return names
    }()

    public static func make(_ text: String) -> String {
        let cleaned = text.cleanedLabel
        // ASCII, on bytes: a letter or digit (the only ASCII scalars alphabetic or numeric) kept, lower-cased.
        if cleaned.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(cleaned.utf8)
            for (k, b) in bytes.enumerated() {
                let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                let kept = (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
                bytes[k] = kept ? lower : 0x5F
            }
            return finished(String(decoding: bytes, as: UTF8.self))
        }
        var out = String.UnicodeScalarView()
        for scalar in cleaned.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || scalar == "_" || scalar == "-" || scalar == "." {
                out.append(scalar)
            } else {
                out.append("_")
            }
        }
        return finished(String(out))
    }

    /// A slug's ends, length and reserved names seen to.
    private static func finished(_ made: String) -> String {
        var slug = made
        while slug.hasPrefix(".") { slug.removeFirst() }
        while slug.hasSuffix(".") { slug.removeLast() }
        if slug.isEmpty { slug = "untitled" }
        if slug.utf8.count > maxBytes {
            let hash = String(FNV1a.hash(slug) & 0xFFFFFF, radix: 16)
            var cut = ""
            for scalar in slug.unicodeScalars {
                if cut.utf8.count + String(scalar).utf8.count > maxBytes - 8 { break }
                cut.unicodeScalars.append(scalar)
            }
            slug = cut + "-" + hash
        }
        let base = slug.split(separator: ".", maxSplits: 1).first.map(String.init) ?? slug
        if windowsReserved.contains(base) { slug += "_" }
        return slug
    }
}

/// Hands out names unique within one scope, in the order asked: a name
/// already taken gets `-2`, `-3`, … (slugs in a folder, heading ids in a page).
struct UniqueNames {
    private var used: Set<String>

    init(reserved: Set<String> = []) { used = reserved }

    mutating func claim(_ base: String) -> String {
        var candidate = base
        var n = 1
        while used.contains(candidate) {
            n += 1
            candidate = "\(base)-\(n)"
        }
        used.insert(candidate)
        return candidate
    }
}

/// Hands out unique slugs within one folder, in the order asked.
struct SlugAllocator {
    private var names: UniqueNames

    init(reserved: Set<String> = []) { names = UniqueNames(reserved: reserved) }

    mutating func allocate(_ text: String) -> String { names.claim(Slug.make(text)) }

    /// The same for a slug already made (`Slug.make`), e.g. on every core beforehand.
    mutating func allocate(slug: String) -> String { names.claim(slug) }
}
