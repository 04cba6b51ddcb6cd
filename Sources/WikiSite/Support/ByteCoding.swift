/// The build cache's binary form: variable-length integers and
/// length-prefixed UTF-8, written and read in the same order by each type's
/// `encode(into:)` and `init(from:)`. Nothing here is trusted on its own: the
/// file that holds it is checked whole (`ArticleCache`) before any of it is
/// read, and a reader that runs out of bytes throws instead of guessing.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)  // zigzag: small negatives stay short
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// 64-bit values, eight bytes each, little-endian.
    mutating func words(_ values: [UInt64]) {
        int(values.count)
        for v in values { word(v) }
    }

    mutating func blob(_ value: some Collection<UInt8>) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    /// Values as they lie in memory, without a count: for large arrays of
    /// plain values a build cache reads back on this machine with this binary
    /// (its key says so), where a varint each would take longer to read.
    mutating func raw<T: BitwiseCopyable>(_ values: ArraySlice<T>) {
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func raw<T: BitwiseCopyable>(_ values: [T]) { raw(values[...]) }

    mutating func array<T>(_ items: [T], _ each: (inout ByteWriter, T) -> Void) {
        int(items.count)
        for item in items { each(&self, item) }
    }

    mutating func diagnostic(_ d: Diagnostic) {
        string(d.severity.rawValue)
        string(d.path)
        int(d.line)
        int(d.column)
        string(d.code)
        string(d.message)
    }
}

struct ByteReader {
    struct Truncated: Error {}

    let bytes: ArraySlice<UInt8>
    var at: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.at = bytes.startIndex
    }

    var isAtEnd: Bool { at == bytes.endIndex }

    mutating func int() throws(Truncated) -> Int {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < bytes.endIndex, shift < 64 else { throw Truncated() }
            let b = bytes[at]
            at += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
    }

    mutating func bool() throws(Truncated) -> Bool {
        guard at < bytes.endIndex else { throw Truncated() }
        defer { at += 1 }
        return bytes[at] != 0
    }

    mutating func word() throws(Truncated) -> UInt64 {
        guard bytes.endIndex - at >= 8 else { throw Truncated() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        at += 8
        return v
    }

    mutating func words() throws(Truncated) -> [UInt64] {
        let n = try int()
        guard n >= 0, (bytes.endIndex - at) / 8 >= n else { throw Truncated() }
        let start = at
        at += 8 * n
        return bytes.withUnsafeBytes { raw in
            (0..<n).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start - bytes.startIndex + 8 * $0, as: UInt64.self)) }
        }
    }

    mutating func blob() throws(Truncated) -> ArraySlice<UInt8> {
        let n = try int()
        guard n >= 0, bytes.endIndex - at >= n else { throw Truncated() }
        defer { at += n }
        return bytes[at..<(at + n)]
    }

    mutating func string() throws(Truncated) -> String {
        let slice = try blob()
        return slice.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    mutating func optional() throws(Truncated) -> String? {
        try bool() ? try string() : nil
    }

    /// The bytes not read yet.
    var remaining: Int { bytes.endIndex - at }

    /// `count` values `ByteWriter.raw` wrote.
    mutating func raw<T: BitwiseCopyable>(_ count: Int, of: T.Type) throws(Truncated) -> [T] {
        let size = MemoryLayout<T>.stride
        guard count >= 0, remaining / size >= count else { throw Truncated() }
        let start = at - bytes.startIndex
        at += count * size
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: count) { out, written in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + count * size)]))
                written = count
            }
        }
    }

    mutating func array<T>(_ each: (inout ByteReader) throws(Truncated) -> T) throws(Truncated) -> [T] {
        let n = try int()
        guard n >= 0, n <= bytes.endIndex - at else { throw Truncated() }  // every item takes a byte at least
        var items: [T] = []
        items.reserveCapacity(n)
        for _ in 0..<n { items.append(try each(&self)) }
        return items
    }

    mutating func diagnostic() throws(Truncated) -> Diagnostic {
        guard let severity = Diagnostic.Severity(rawValue: try string()) else { throw Truncated() }
        return Diagnostic(severity, path: try string(), line: try int(), column: try int(), code: try string(), message: try string())
    }
}

/// A build-cache file that is read and written whole: a header naming its
/// kind and version, the key it was made under, the payload, and a hash of
/// the payload. `LinkCache` and `TermCache` use it; a file whose header, key
/// or hash does not match is not read at all.
enum CacheFrame {
    static func framed(_ payload: [UInt8], header: [UInt8], key: String) -> [UInt8] {
        var w = ByteWriter(bytes: header)
        w.bytes.reserveCapacity(header.count + key.utf8.count + payload.count + 32)
        w.string(key)
        w.blob(payload)
        w.word(FNV1a.hashWords(payload))
        return w.bytes
    }

    /// The payload of the file at `path`, when it was framed under `header` and `key` and reads back whole.
    static func payload(at path: String, header: [UInt8], key: String, io: FileIO) -> ArraySlice<UInt8>? {
        guard io.stamp(path) != nil, let bytes = try? io.read(path), bytes.starts(with: header) else { return nil }
        var r = ByteReader(bytes[header.count...])
        guard (try? r.string()) == key, let payload = try? r.blob(), let hash = try? r.word(), r.isAtEnd,
              FNV1a.hashWords(payload) == hash else { return nil }
        return payload
    }
}
