import Foundation

/// Groups loaded articles into channels and videos and gives every page its
/// output path.
///
/// Channels are keyed by name without case, invisible characters or a
/// leading `@`, so `From: [[acquiredFM]]` in `acquiredfm/` and the folder
/// name are one channel; its display name is the spelling most of its
/// articles use.
public enum SiteAssembler {
    public static func assemble(_ sources: IDArray<SourceID, SourceArticle>) -> (SiteLayout, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []

        // Channels, in name order.
        var spellings: [String: [String: Int]] = [:]
        for source in sources {
            spellings[channelKey(source.channelName), default: [:]][source.channelName, default: 0] += 1
        }
        let keys = spellings.keys.sorted()
        var names: [String: String] = [:]
        for key in keys {
            names[key] = spellings[key]!.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first!.key
        }
        let orderedKeys = keys.sorted { (names[$0]!.lowercased(), $0) < (names[$1]!.lowercased(), $1) }
        var channelSlugs = SlugAllocator(reserved: GeneratedFolders.names)
        var channels = IDArray<ChannelID, SiteChannel>()
        var channelIndex: [String: ChannelID] = [:]
        for key in orderedKeys {
            let slug = channelSlugs.allocate(key)
            channelIndex[key] = channels.append(SiteChannel(name: names[key]!, slug: slug, outputPath: "\(slug)/index.html",
                                        articles: [], videos: [], pageSource: nil))
        }

        // Articles, and each channel's own page.
        var articleSlugs = [SlugAllocator](repeating: SlugAllocator(), count: channels.count)
        var articles = IDArray<ArticleID, SiteArticle>()
        var articleOfSource = IDArray<SourceID, ArticleID?>([ArticleID?](repeating: nil, count: sources.count))
        let order = sources.ids.sorted { sources[$0].path < sources[$1].path }
        // What each source's path, title and channel page make is worked out on every core first.
        let made = sources.parallelMapIDs(chunk: 64) { s -> (slug: String, titleKey: String, title: String, videos: [(String, String)]) in
            let source = sources[s]
            return (Slug.make(source.stem), Fold.key(source.title), source.title.lowercased(),
                    source.kind == .channelPage ? ChannelPageReader.videos(in: source.body) : [])
        }
        for i in order {
            let source = sources[i]
            let c = channelIndex[channelKey(source.channelName)]!
            if source.kind == .channelPage && channels[c].pageSource == nil {
                channels[c].pageSource = i
                continue
            }
            let slug = articleSlugs[c.index].allocate(slug: made[i].slug)
            articleOfSource[i] = articles.append(SiteArticle(source: i, channel: c, outputPath: "\(channels[c].slug)/\(slug)/index.html"))
        }
        // The same title twice in one channel: both are built, at distinct paths.
        var titles: [String: SourceID] = [:]
        for article in articles {
            let key = "\(article.channel.index)\u{0}" + made[article.source].titleKey
            if let first = titles[key] {
                diagnostics.append(Diagnostic(path: sources[article.source].displayPath, code: "article.duplicate-title",
                                              message: "another article of this channel has the same title: \(sources[first].path)"))
            } else {
                titles[key] = article.source
            }
        }
        let byTitle = articles.ids.sorted {
            let a = articles[$0].source, b = articles[$1].source
            return (made[a].title, sources[a].path) < (made[b].title, sources[b].path)
        }
        for a in byTitle { channels[articles[a].channel].articles.append(a) }

        // Videos: every article of one videoId, listed in the channel page's order.
        var videos = IDArray<VideoPageID, SiteVideo>()
        var videoIndex: [String: VideoPageID] = [:]
        for a in byTitle {
            guard let id = sources[articles[a].source].videoID else { continue }
            if let v = videoIndex[id] {
                videos[v].articles.append(a)
                if videos[v].channel != articles[a].channel {
                    diagnostics.append(Diagnostic(.note, path: sources[articles[a].source].displayPath,
                                                  code: "video.several-channels",
                                                  message: "video \(id) also has articles in another channel"))
                }
            } else {
                videoIndex[id] = videos.append(SiteVideo(id: id, title: nil, channel: articles[a].channel, articles: [a],
                                                         outputPath: ""))
            }
        }
        var videoSlugs = SlugAllocator()
        for v in videos.ids { videos[v].outputPath = "videos/\(videoSlugs.allocate(videos[v].id))/index.html" }
        for c in channels.ids {
            var listed: [VideoPageID] = []
            if let page = channels[c].pageSource {
                for (id, title) in made[page].videos {
                    guard let v = videoIndex[id], videos[v].channel == c else { continue }
                    if videos[v].title == nil { videos[v].title = title }
                    if !listed.contains(v) { listed.append(v) }
                }
            }
            let listedSet = Set(listed)
            let rest = videos.ids.filter { videos[$0].channel == c && !listedSet.contains($0) }
            channels[c].videos = listed + rest
        }
        return (SiteLayout(articles: articles, channels: channels, videos: videos, videoIndex: videoIndex,
                           articleOfSource: articleOfSource), diagnostics)
    }

    /// The identity of a channel name: no case, invisibles or leading `@`.
    static func channelKey(_ name: String) -> String {
        var key = name.cleanedLabel.lowercased()
        while key.hasPrefix("@") { key.removeFirst() }
        return key.isEmpty ? "articles" : key
    }
}

/// Reads the video list of a channel page: `### [Video title](https://www.youtube.com/watch?v=ID)`.
enum ChannelPageReader {
    static func videos(in body: String) -> [(id: String, title: String)] {
        var found: [(String, String)] = []
        for line in headingLines(of: body) {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("#"), let open = trimmed.firstIndex(of: "["),
                let mid = trimmed.range(of: "](", options: .backwards),
                open < mid.lowerBound,
                let id = videoID(inURL: trimmed[mid.upperBound...])
            else { continue }
            let title = trimmed[trimmed.index(after: open)..<mid.lowerBound].cleanedLabel
            if !title.isEmpty { found.append((id, title)) }
        }
        return found
    }

    /// The lines of a text (as splitting its characters at "\n" gives them)
    /// whose first byte after spaces is `#`, found on its bytes: a channel
    /// page lists hundreds of videos among thousands of lines.
    static func headingLines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex, i = utf8.startIndex, previous: UInt8 = 0
        func take(_ end: String.Index) {
            if let first = utf8[start..<end].first(where: { $0 != 0x20 }), first == UInt8(ascii: "#") { lines.append(text[start..<end]) }
        }
        while i < utf8.endIndex {
            let b = utf8[i]
            // "\r\n" is one character: no line ends inside it.
            if b == 0x0A && previous != 0x0D {
                take(i)
                start = utf8.index(after: i)
            }
            previous = b
            i = utf8.index(after: i)
        }
        take(utf8.endIndex)
        return lines
    }

    /// The id in `watch?v=ID` or `youtu.be/ID`.
    static func videoID(inURL url: Substring) -> String? {
        let start: String.Index
        if let v = url.range(of: "v=") {
            start = v.upperBound
        } else if let short = url.range(of: "youtu.be/") {
            start = short.upperBound
        } else {
            return nil
        }
        let id = url[start...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return ArticleLoader.isVideoID(String(id)) ? String(id) : nil
    }
}
