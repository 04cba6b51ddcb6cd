import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Texts moved out of memory into an unnamed scratch file until a later stage
/// reads them back, one at a time: article bodies wait there from Sanitize to
/// Render, so a wiki ten times larger does not need ten times the memory for
/// them. The file has no name (`O_TMPFILE`, or created and unlinked at once),
/// lives beside the output, and is gone when the build ends, however it ends.
public final class TextSpill: Sendable {
    public struct Span: Sendable {
        var offset: Int64
        var count: Int
        /// A hash of the text, when it was stored with one (`put(_:hashed:)`).
        var hash: UInt64?
    }

    private let fd: Int32
    private let end = Mutex<Int64>(0)
    /// Texts before this offset were stored by an earlier build (a kept
    /// store): each is checked against its hash as it is read back.
    private let earlierEnd: Int64
    private let damage = Atomic<Bool>(false)

    private init(fd: Int32, earlierEnd: Int64 = 0) {
        self.fd = fd
        self.earlierEnd = earlierEnd
    }

    deinit { close(fd) }

    /// A scratch file in the folder that holds `output` (made if missing);
    /// nil when none can be made there (the texts then stay in memory).
    public static func open(besideOutput output: String) -> TextSpill? {
        var folder = output
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        folder = folder.lastIndex(of: "/").map { folder[..<$0].isEmpty ? "/" : String(folder[..<$0]) } ?? "."
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let tmpFile = Int32(0o20_000_000) | O_DIRECTORY  // Linux O_TMPFILE (not in the Glibc module)
        let unnamed = Glibc.open(folder, tmpFile | O_RDWR | O_CLOEXEC, 0o600)
        if unnamed >= 0 { return TextSpill(fd: unnamed) }
        var template = Array((folder + "/.wikisite-spill-XXXXXX").utf8CString)
        let named = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard named >= 0 else { return nil }
        _ = fcntl(named, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return TextSpill(fd: named)
    }

    /// The build cache's store of texts, `path` (`ArticleCache.storePath`):
    /// unlike the scratch file it stays after the build, so the next one finds
    /// the bodies, search lines and fingerprints of the articles it reuses
    /// where this one put them, instead of copying them out of the article
    /// cache into a scratch file again. Texts are only ever appended; the
    /// file starts with a random generation, which the article cache names,
    /// so a cache never reads a store made after it.
    ///
    /// The store whose generation is `generation` is kept (`kept`), else a new
    /// one, empty, replaces whatever is at `path`. Nil when neither can be opened.
    public static func store(at path: String, generation: UInt64?) -> (spill: TextSpill, generation: UInt64, kept: Bool)? {
        if let generation {
            let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
            if fd >= 0 {
                var info = stat()
                var head = [UInt8](repeating: 0, count: storeHeadSize)
                if fstat(fd, &info) == 0, pread(fd, &head, head.count, 0) == head.count, head == storeHead(generation) {
                    let spill = TextSpill(fd: fd, earlierEnd: Int64(info.st_size))
                    spill.end.withLock { $0 = Int64(info.st_size) }
                    return (spill, generation, true)
                }
                close(fd)
            }
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try? FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
        }
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        let fresh = UInt64.random(in: 1...UInt64.max)
        let spill = TextSpill(fd: fd)
        guard let span = spill.put(bytes: storeHead(fresh)), span.offset == 0 else { return nil }
        return (spill, fresh, false)
    }

    static let storeHeader = Array("wikisite-texts 1\n".utf8)
    /// The bytes before the first text: the header and the generation.
    static let storeHeadSize = storeHeader.count + 8

    static func storeHead(_ generation: UInt64) -> [UInt8] {
        var w = ByteWriter(bytes: storeHeader)
        w.word(generation)
        return w.bytes
    }

    /// The file's size: where the next text goes.
    public var size: Int64 { end.withLock { $0 } }

    /// Whether every span has a hash and lies in the file. Its bytes are
    /// checked against the hash when a stage reads it back (`isDamaged`), so a
    /// rebuild hashes only the texts it reads, not the whole store.
    public func covers(_ spans: [Span]) -> Bool {
        let size = self.size
        return spans.allSatisfy { span in
            span.hash != nil && span.offset >= 0 && span.count >= 0 && span.offset + Int64(span.count) <= size
        }
    }

    /// Whether a text an earlier build stored read back other than its hash
    /// says. It then read back empty, and what the stages made of it cannot be
    /// trusted: the build is made again without the store (`Builder.build`).
    public var isDamaged: Bool { damage.load(ordering: .relaxed) }

    /// Stores a text (from any thread), with a hash of it when asked; nil
    /// when the file cannot take it.
    public func put(_ text: String, hashed: Bool = false) -> Span? {
        var text = text
        return text.withUTF8 { put(UnsafeRawBufferPointer($0), hashed: hashed) }
    }

    /// Stores bytes (from any thread), with a hash of them when asked; nil
    /// when the file cannot take them.
    public func put(bytes: [UInt8], hashed: Bool = false) -> Span? {
        bytes.withUnsafeBytes { put($0, hashed: hashed) }
    }

    private func put(_ raw: UnsafeRawBufferPointer, hashed: Bool) -> Span? {
        let offset = end.withLock { end in
            defer { end += Int64(raw.count) }
            return end
        }
        var done = 0
        while done < raw.count {
            let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return Span(offset: offset, count: raw.count, hash: hashed ? FNV1a.hashWords(raw) : nil)
    }

    /// Bytes stored by `put(bytes:)` (fewer when the file cannot give them
    /// all; none when an earlier build's are not what their hash says).
    public func bytes(_ span: Span) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: span.count) { buffer, count in
            count = fill(span, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// A text stored by `put` (empty, as `bytes`).
    public func text(_ span: Span) -> String {
        String(unsafeUninitializedCapacity: span.count) { buffer in
            fill(span, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Reads a span into `buffer` (its size): how many bytes it holds; 0 for
    /// an earlier build's text that is not all there or not the bytes its hash
    /// was made of (the store is then damaged).
    private func fill(_ span: Span, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var done = 0
        while done < span.count {
            let n = pread(fd, buffer.baseAddress! + done, span.count - done, off_t(span.offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        guard span.offset < earlierEnd else { return done }
        if done == span.count, let hash = span.hash, FNV1a.hashWords(UnsafeRawBufferPointer(rebasing: buffer[..<done])) == hash {
            return done
        }
        damage.store(true, ordering: .relaxed)
        return 0
    }
}

/// Each article's body HTML, in memory or in a `TextSpill`.
public struct BodyText: Sendable {
    /// Where one body is.
    public enum Place: Sendable {
        case spilled(TextSpill.Span)
        case inMemory(String)
    }

    private let spill: TextSpill?
    private let places: IDArray<SourceID, Place>

    public init(_ places: IDArray<SourceID, Place>, spill: TextSpill?) {
        self.places = places
        self.spill = spill
    }

    /// The texts kept in memory.
    public init(_ texts: IDArray<SourceID, String>) {
        self.init(texts.mapValues { .inMemory($0) }, spill: nil)
    }

    /// Moves each text into `spill`; one it cannot take stays in memory.
    public init(_ texts: IDArray<SourceID, String>, spill: TextSpill?) {
        self.init(texts.parallelMapIDs(chunk: 64) { s in Self.place(texts[s], in: spill) }, spill: spill)
    }

    /// Where a text goes: into the spill when there is one and it takes it;
    /// `hashed` keeps a hash of it beside its place (`key`).
    public static func place(_ text: String, in spill: TextSpill?, hashed: Bool = false) -> Place {
        spill?.put(text, hashed: hashed).map { .spilled($0) } ?? .inMemory(text)
    }

    /// A hash of one text, without reading it back when it was placed `hashed`.
    func key(_ s: SourceID) -> UInt64 {
        if case .spilled(let span) = places[s], let hash = span.hash { return hash }
        var text = self[s]
        return text.withUTF8 { FNV1a.hashWords(UnsafeRawBufferPointer($0)) }
    }

    public subscript(_ s: SourceID) -> String {
        switch places[s] {
        case .spilled(let span): spill?.text(span) ?? ""
        case .inMemory(let text): text
        }
    }
}

/// Each article's text block by block (headings marked), as the search index
/// and Dedup read it, in memory or in a `TextSpill`: Parse makes it, Dedup,
/// Render and Search read it back one article at a time, so the wiki's text
/// does not stay in memory from Parse to Search.
public struct SearchLineText: Sendable {
    public typealias Lines = [(isHeading: Bool, text: String)]

    private let texts: BodyText

    public init(_ places: IDArray<SourceID, BodyText.Place>, spill: TextSpill?) {
        texts = BodyText(places, spill: spill)
    }

    /// The lines kept in memory.
    public init(_ lines: IDArray<SourceID, Lines>) {
        texts = BodyText(lines.mapValues { .inMemory(Self.encoded($0)) }, spill: nil)
    }

    /// Where an article's lines go: into the spill when there is one and it takes them.
    public static func place(_ lines: Lines, in spill: TextSpill?, hashed: Bool = false) -> BodyText.Place {
        BodyText.place(encoded(lines), in: spill, hashed: hashed)
    }

    /// A hash of one article's lines, without reading them back when they were placed `hashed`.
    func key(_ s: SourceID) -> UInt64 { texts.key(s) }

    public subscript(_ s: SourceID) -> Lines { Self.decoded(texts[s]) }

    /// One text: a line per line, `#` before a heading and a space before any
    /// other block. A line never holds a line break (SearchLines folds white
    /// space), and an article has no empty line.
    static func encoded(_ lines: Lines) -> String {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 2 })
        for (i, line) in lines.enumerated() {
            if i > 0 { out += "\n" }
            out += line.isHeading ? "#" : " "
            out += line.text
        }
        return out
    }

    static func decoded(_ text: String) -> Lines {
        var text = text
        return text.withUTF8 { bytes -> Lines in
            var lines: Lines = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let body = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<max(start + 1, end)])
                lines.append((bytes[start] == UInt8(ascii: "#"), String(decoding: body, as: UTF8.self)))
                start = end + 1
            }
            return lines
        }
    }
}
