import Foundation

/// Load's pure half: from a file's bytes to a `SourceArticle`.
///
/// Reads the front matter (`title`, `videoId`), finds the channel in the
/// `From: [[channel]]` line (falling back on the folder), and keeps the body
/// with its first line number so every later diagnostic points into the file.
public enum ArticleLoader {
    /// Loads one file. Never fails: what cannot be read becomes a diagnostic,
    /// and the article is made whenever there is text to make it from.
    /// - Parameter fallbackChannel: the channel for a file with neither a
    ///   `From:` line nor a folder (the input folder's own name).
    public static func load(_ file: SourceFile, fallbackChannel: String) -> LoadResult {
        let (decoded, decodeDiagnostics) = TextDecoder.decode(file)
        guard let decoded else { return LoadResult(article: nil, diagnostics: decodeDiagnostics) }
        var diagnostics = decoded.diagnostics
        let path = file.displayPath
        let split = FrontMatter.split(decoded.text)

        var front = FrontMatter()
        if let yaml = split.yaml {
            do {
                front = try FrontMatter.read(yaml)
            } catch {
                diagnostics.append(Diagnostic(path: path, line: split.yamlFirstLine + error.line - 1,
                                              column: error.column, code: "frontmatter.invalid",
                                              message: error.message + "; the title is taken from the file name"))
            }
        } else if split.unclosed {
            diagnostics.append(Diagnostic(path: path, code: "frontmatter.unclosed",
                                          message: "front matter opened with `---` is never closed; the file is read as body"))
        } else {
            diagnostics.append(Diagnostic(path: path, code: "frontmatter.missing",
                                          message: "no front matter (`---` block with title and videoId)"))
        }

        let (folder, stem) = Self.folderAndStem(of: file.path)
        let folderName = folder.split(separator: "/").last.map(String.init) ?? ""
        let isChannelPage = front.videoID == nil && !folderName.isEmpty
            && stem.cleanedLabel.lowercased() == folderName.cleanedLabel.lowercased()

        var title = front.title ?? ""
        if title.isEmpty {
            title = stem.replacingOccurrences(of: "_", with: " ").cleanedLabel
            if title.isEmpty { title = "Untitled" }
            if split.yaml != nil {
                diagnostics.append(Diagnostic(path: path, line: split.yamlFirstLine, code: "frontmatter.missing-title",
                                              message: "front matter has no `title`; using \"\(title)\" from the file name"))
            }
        }

        var videoID = front.videoID
        if let id = videoID, !Self.isVideoID(id) {
            diagnostics.append(Diagnostic(path: path, line: split.yamlFirstLine, code: "frontmatter.invalid-video-id",
                                          message: "videoId \"\(id)\" is not a YouTube video id (11 letters, digits, - or _); no video link is made"))
            videoID = nil
        }

        var body = String(split.body)
        let from = FromLine.find(in: body)
        var channel: String
        if let from {
            channel = from.channel
            body = from.bodyWithoutLine
            if channel.contains("/") || channel.contains("\\") || channel.hasPrefix(".") {
                diagnostics.append(Diagnostic(path: path, line: split.bodyFirstLine + FromLine.firstTextLine(in: String(split.body)),
                                              code: "article.channel-name",
                                              message: "channel name \"\(channel.prefix(60))\" holds path characters; its folder name is made safe"))
            }
        } else {
            channel = folderName.isEmpty ? fallbackChannel : folderName
            channel = channel.cleanedLabel
            if !isChannelPage && front.videoID != nil {
                diagnostics.append(Diagnostic(path: path, line: split.bodyFirstLine + FromLine.firstTextLine(in: body),
                                              code: "article.missing-from",
                                              message: "no `From: [[channel]]` line; the article is filed under \"\(channel)\""))
            }
        }
        if channel.isEmpty { channel = fallbackChannel.isEmpty ? "articles" : fallbackChannel }

        if let fence = UnclosedFence.find(in: body) {
            diagnostics.append(Diagnostic(path: path, line: split.bodyFirstLine + fence, code: "markdown.unclosed-fence",
                                          message: "code fence is never closed; the rest of the article shows as code"))
        }
        var isStub = false
        if !isChannelPage {
            let cleaned = ArticleCleaner.clean(body, title: title)
            body = cleaned.body
            isStub = cleaned.isStub
            let first = split.bodyFirstLine
            if let line = cleaned.droppedPreamble {
                diagnostics.append(Diagnostic(.note, path: path, line: first + line, code: "article.preamble",
                                              message: "dropped a line the model wrote to its user"))
            }
            if let line = cleaned.unwrappedFence {
                diagnostics.append(Diagnostic(.note, path: path, line: first + line, code: "article.unwrapped",
                                              message: "the article was wrapped in a code fence; unwrapped"))
            }
            if let line = cleaned.droppedTitleHeading {
                diagnostics.append(Diagnostic(.note, path: path, line: first + line, code: "article.title-heading",
                                              message: "dropped a leading heading that repeats the title"))
            }
            if isStub {
                diagnostics.append(Diagnostic(path: path, line: first, code: "article.stub",
                                              message: "the article is a refusal or under 200 characters; its page is built but kept out of search"))
            }
        }

        let kind: SourceArticle.Kind = isChannelPage ? .channelPage : (front.videoID != nil ? .article : .page)
        if kind == .page, split.yaml != nil {
            diagnostics.append(Diagnostic(.note, path: path, line: split.yamlFirstLine, code: "frontmatter.missing-video-id",
                                          message: "no `videoId`; built as a page without a video"))
        }

        let article = SourceArticle(
            path: file.path, displayPath: path, kind: kind, title: title, videoID: videoID,
            channelName: channel, body: body, bodyFirstLine: split.bodyFirstLine, stem: stem, folder: folder, isStub: isStub)
        return LoadResult(article: article, diagnostics: diagnostics)
    }

    static func folderAndStem(of path: String) -> (folder: String, stem: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let name = parts.last.map(String.init) ?? path
        let folder = parts.dropLast().joined(separator: "/")
        var stem = name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = String(name[..<dot])
        }
        return (folder, stem)
    }

    /// YouTube ids are 11 characters of `[A-Za-z0-9_-]`.
    static func isVideoID(_ id: String) -> Bool {
        id.utf8.count == 11 && id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }
}

/// The `From: [[channel]] <br/>` line that opens every article.
enum FromLine {
    struct Found {
        var channel: String
        /// The body with the From line blanked (not removed, so line numbers hold).
        var bodyWithoutLine: String
    }

    /// Looks for the From line among the first few lines with text.
    static func find(in body: String) -> Found? {
        var textLinesSeen = 0
        var lineStart = body.startIndex
        while lineStart < body.endIndex, textLinesSeen < 3 {
            let lineEnd = body[lineStart...].firstIndex(of: "\n") ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            let cleaned = line.withoutInvisibles.drop(while: { $0 == " " || $0 == "\t" })
            if !cleaned.isEmpty {
                textLinesSeen += 1
                if cleaned.hasPrefix("From:"), let channel = channelName(in: cleaned) {
                    var rest = body
                    rest.replaceSubrange(lineStart..<lineEnd, with: "")
                    return Found(channel: channel, bodyWithoutLine: rest)
                }
            }
            lineStart = lineEnd < body.endIndex ? body.index(after: lineEnd) : body.endIndex
        }
        return nil
    }

    /// The channel in `[[...]]` (before any `|`), without a leading `@`.
    static func channelName(in line: Substring) -> String? {
        guard let open = line.range(of: "[["), let close = line.range(of: "]]", range: open.upperBound..<line.endIndex)
        else { return nil }
        var name = line[open.upperBound..<close.lowerBound]
        if let pipe = name.firstIndex(of: "|") { name = name[..<pipe] }
        var cleaned = name.cleanedLabel
        while cleaned.hasPrefix("@") { cleaned.removeFirst() }
        cleaned = cleaned.cleanedLabel
        return cleaned.isEmpty ? nil : cleaned
    }

    /// 0-based index of the first line with text, for a missing-From diagnostic.
    static func firstTextLine(in body: String) -> Int {
        var index = 0
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.allSatisfy({ $0 == " " || $0 == "\t" }) { return index }
            index += 1
        }
        return 0
    }
}

/// A fenced code block that runs to the end of the article.
enum UnclosedFence {
    /// The 0-based line of the opening fence, when it is never closed.
    static func find(in body: String) -> Int? {
        guard body.containsBytes("```") || body.containsBytes("~~~") else { return nil }
        var open: (line: Int, marker: Substring)? = nil
        for (i, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.drop(while: { $0 == " " })
            guard let first = t.first, first == "`" || first == "~" else { continue }
            let marker = t.prefix(while: { $0 == first })
            guard marker.count >= 3 else { continue }
            if let o = open {
                if marker.first == o.marker.first && marker.count >= o.marker.count
                    && t.dropFirst(marker.count).allSatisfy({ $0 == " " || $0 == "\t" }) { open = nil }
            } else {
                open = (i, marker)
            }
        }
        return open?.line
    }
}
