import Foundation

/// Link: resolves every wiki link to a page, and builds backlinks and topic pages.
///
/// A target is tried, in order, as: a file stem in the linking article's
/// channel; a file stem in another channel; the generator's slug of the
/// target (`Bayes' theorem` → `bayes_theorem`); a match that ignores case,
/// accents and punctuation, against stems and titles; a channel's name.
/// What still has no page gets a topic page of its own, shared by every
/// target that differs only in case or punctuation. So every link lands
/// somewhere useful.
public enum LinkResolver {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"]

    /// Lays the site out and resolves every wiki link of every source.
    /// - Parameter reusing: the last build's result, layout and all, when
    ///   nothing Link reads has changed since (`LinkCache`).
    public static func link(sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>,
                            bodies: IDArray<SourceID, ArticleBody>, reusing: () -> LinkedSite? = { nil }) -> LinkedSite {
        if let last = reusing() { return last }
        let (layout, diagnostics) = SiteAssembler.assemble(sources)
        // Articles read back from the article cache have their links decoded now, on every core.
        let parsed = parsed.contains { $0.unreadLinks != nil } ? parsed.parallelMapIDs(chunk: 64) { parsed[$0].readingLinks } : parsed
        var linked = resolve(layout: layout, sources: sources, parsed: parsed, headings: bodies.mapValues(\.headings))
        linked.diagnostics = diagnostics
        return linked
    }

    static func resolve(layout: SiteLayout, sources: IDArray<SourceID, SourceArticle>, parsed: IDArray<SourceID, ParsedArticle>,
                        headings: IDArray<SourceID, [Heading]>) -> LinkedSite {
        let index = TargetIndex(site: layout, sources: sources)
        var counts: [ResolutionRule: Int] = [:]
        var topicSlugs = SlugAllocator()
        var topicByKey: [String: TopicID] = [:]
        var topicSpellings: [[String: Int]] = []
        var topics = IDArray<TopicID, Topic>()
        var backlinkSets = [Set<ArticleID>](repeating: [], count: layout.articles.count)
        let articleOfSource = layout.articleOfSource
        var channelOfSource = IDArray<SourceID, ChannelID>([ChannelID](repeating: ChannelID(0), count: sources.count))
        for article in layout.articles { channelOfSource[article.source] = article.channel }
        for (c, channel) in layout.channels.withIDs { if let p = channel.pageSource { channelOfSource[p] = c } }

        // Each link's target on every core, a run of sources at a time (many links name the
        // same target from the same channel: each run resolves each once); then, in source
        // order, what depends on the order: topic ids, spellings, mentions, backlinks, counts.
        let channelOf = channelOfSource
        let runs = Array(stride(from: 0, to: sources.count, by: 256)).parallelMap(chunk: 1) { start -> [[ResolvedLink]] in
            var memo: [MemoKey: (LinkTarget?, ResolutionRule?)] = [:]
            return (start..<min(start + 256, sources.count)).map { i in
                let s = SourceID(i)
                var topicsNamed: Set<String> = []
                return parsed[s].links.enumerated().map { l, link -> ResolvedLink in
                    let memoKey = MemoKey(target: link.target, channel: channelOf[s])
                    var (target, rule): (LinkTarget?, ResolutionRule?)
                    if link.target.isEmpty {
                        (target, rule) = index.resolve(link, channel: channelOf[s], selfArticle: articleOfSource[s])
                    } else if let known = memo[memoKey] {
                        (target, rule) = known
                        if case .article(let b, _)? = target { target = .article(b, fragment: link.fragment) }
                    } else {
                        (target, rule) = index.resolve(link, channel: channelOf[s], selfArticle: articleOfSource[s])
                        memo[memoKey] = (target, rule)
                    }
                    if case .article(let b, let fragment)? = target {
                        target = .article(b, fragment: fragment.flatMap { heading($0, in: headings[layout.articles[b].source]) })
                    }
                    guard target == nil else { return ResolvedLink(target: target!, rule: rule!) }
                    let ext = link.target.split(separator: ".").last.map { $0.lowercased() } ?? ""
                    if link.isEmbed && link.target.contains(".") && imageExtensions.contains(ext) {
                        return ResolvedLink(target: .missingImage, rule: .missingImage)
                    }
                    let folded = Fold.key(link.target)
                    let key = folded.isEmpty ? Slug.make(link.target) : folded
                    // A topic page quotes each article that mentions it once: the sentence around its first link there.
                    let first = articleOfSource[s] != nil && topicsNamed.insert(key).inserted
                    return ResolvedLink(target: .topic(TopicID(0)), rule: .topic,
                                        topic: (key, WikiLink.displayText(target: link.target, fragment: nil),
                                                first ? parsed[s].sentence(aroundLink: l) : nil))
                }
            }
        }
        var targets = IDArray<SourceID, [LinkTarget]>()
        targets.elements.reserveCapacity(sources.count)
        for (i, links) in runs.joined().enumerated() {
            let s = SourceID(i)
            var row: [LinkTarget] = []
            row.reserveCapacity(links.count)
            for link in links {
                var target = link.target
                if let topic = link.topic {
                    let t: TopicID
                    if let existing = topicByKey[topic.key] {
                        t = existing
                    } else {
                        t = topics.append(Topic(name: "", slug: "", outputPath: "", mentions: [], related: []))
                        topicByKey[topic.key] = t
                        topicSpellings.append([:])
                    }
                    topicSpellings[t.index][topic.spelling, default: 0] += 1
                    if let a = articleOfSource[s], let sentence = topic.sentence { topics[t].mentions.append((a, sentence)) }
                    target = .topic(t)
                }
                if case .article(let b, _) = target, let a = articleOfSource[s], a != b { backlinkSets[b.index].insert(a) }
                counts[link.rule, default: 0] += 1
                row.append(target)
            }
            targets.append(row)
        }
        // Topic names and paths, in a stable order.
        for t in topics.ids {
            let name = topicSpellings[t.index].sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first!.key
            topics[t].name = name
        }
        let lowered = topics.elements.parallelMap(chunk: 256) { $0.name.lowercased() }
        let order = topics.ids.sorted { (lowered[$0.index], topics[$0].name) < (lowered[$1.index], topics[$1].name) }
        for t in order {
            topics[t].slug = topicSlugs.allocate(topics[t].name)
            topics[t].outputPath = "topics/\(topics[t].slug)/index.html"
            topics[t].mentions.sort { $0.article < $1.article }
        }
        let named = topics
        // In runs of topics, each run with one score table (one slot per article) on its worker:
        // a few runs per core, not a fixed size, or the tables' zeroing grows with the wiki squared
        // (574 tables of 169k slots at ten times the corpus).
        let ids = named.ids
        let run = Parallelism.runLength(ids.count, minimum: 256)
        let related = Array(stride(from: 0, to: ids.count, by: run)).parallelMap(chunk: 1) { start -> [[ArticleID]] in
            var scratch = TargetIndex.TitleScores(articles: index.articleCount)
            return ids[start..<min(start + run, ids.count)].map { t in
                index.titleMatches(named[t].name, excluding: Set(named[t].mentions.map(\.article)), scores: &scratch)
            }
        }.flatMap { $0 }
        for (i, t) in ids.enumerated() { topics[t].related = related[i] }
        return LinkedSite(layout: layout, targets: targets, backlinks: IDArray(backlinkSets.map { $0.sorted() }),
                          topics: topics, ruleCounts: counts, diagnostics: [])
    }

    /// One link as the parallel pass resolved it; a topic's id is given
    /// afterwards, in source order (`topic`: its key, the spelling the link
    /// used, and the sentence a topic page quotes when it is the article's
    /// first link to it).
    struct ResolvedLink: Sendable {
        var target: LinkTarget
        var rule: ResolutionRule
        var topic: (key: String, spelling: String, sentence: String?)? = nil
    }

    struct MemoKey: Hashable {
        var target: String
        var channel: ChannelID
    }

    /// The id of the heading a `#fragment` names, if the article has it.
    static func heading(_ fragment: String, in headings: [Heading]) -> String? {
        if fragment.hasPrefix("^") { return nil }  // an Obsidian block id: no such anchor here
        let wanted = HeadingIDs.slug(fragment)
        if let exact = headings.first(where: { $0.id == wanted }) { return exact.id }
        let folded = Fold.key(fragment)
        return headings.first { Fold.key($0.text) == folded }?.id
    }
}

/// Lookup tables from what links say to the pages that exist.
struct TargetIndex {
    var stemInChannel: [ChannelID: [String: ArticleID]] = [:]
    var stemAnywhere: [String: ArticleID] = [:]
    var folded: [String: ArticleID] = [:]
    var channels: [String: ChannelID] = [:]
    /// Title words: each word's id, the articles whose titles have it (in
    /// article order), and each article's word ids.
    var titleWordIDs: [String: Int32] = [:]
    var postings: [[ArticleID]] = []
    var articleWords: [[Int32]] = []
    /// Of each title word, the least `titleNorms` of the titles that have it.
    var leastNorm: [Double] = []
    /// The square root of each article's number of title words (at least 1): what its title's score is divided by.
    var titleNorms: [Double] = []
    let articleCount: Int

    init(site: SiteLayout, sources: IDArray<SourceID, SourceArticle>) {
        articleCount = site.articles.count
        titleNorms = [Double](repeating: 1, count: site.articles.count)
        articleWords = [[Int32]](repeating: [], count: site.articles.count)
        // What each article adds is made on every core; the tables are filled in article order.
        let keys = site.articles.elements.parallelMap(chunk: 64) { article -> (stem: String, folded: [String], words: [String]) in
            let source = sources[article.source]
            return (source.stem.cleanedLabel, [Fold.key(source.stem), Fold.key(source.title)], Self.distinctWords(source.title))
        }
        for (a, article) in site.articles.withIDs {
            let key = keys[a.index], stem = key.stem
            stemInChannel[article.channel, default: [:]][stem] = stemInChannel[article.channel]?[stem] ?? a
            if stemAnywhere[stem] == nil { stemAnywhere[stem] = a }
            for folded in key.folded where !folded.isEmpty && self.folded[folded] == nil {
                self.folded[folded] = a
            }
            titleNorms[a.index] = Double(max(1, key.words.count)).squareRoot()
            var ids: [Int32] = []
            for w in key.words {
                let id: Int32
                if let known = titleWordIDs[w] {
                    id = known
                } else {
                    id = Int32(postings.count)
                    titleWordIDs[w] = id
                    postings.append([])
                    leastNorm.append(.infinity)
                }
                postings[Int(id)].append(a)
                leastNorm[Int(id)] = min(leastNorm[Int(id)], titleNorms[a.index])
                ids.append(id)
            }
            articleWords[a.index] = ids.sorted()
        }
        for (c, channel) in site.channels.withIDs {
            for name in [channel.name, channel.slug] + (channel.pageSource.map { [sources[$0].stem] } ?? []) {
                let key = Fold.key(name)
                if !key.isEmpty && channels[key] == nil { channels[key] = c }
            }
        }
    }

    func resolve(_ link: WikiLink, channel: ChannelID, selfArticle: ArticleID?) -> (LinkTarget?, ResolutionRule?) {
        let target = link.target
        if target.isEmpty, let me = selfArticle { return (.article(me, fragment: link.fragment), .sameChannel) }
        if URLScheme.isWebAddress(target) { return (.external(target), .external) }
        if let a = stemInChannel[channel]?[target] { return (.article(a, fragment: link.fragment), .sameChannel) }
        if let a = stemAnywhere[target] { return (.article(a, fragment: link.fragment), .otherChannel) }
        let slug = Self.generatorSlug(target)
        if let a = stemInChannel[channel]?[slug] ?? stemAnywhere[slug] { return (.article(a, fragment: link.fragment), .slug) }
        let key = Fold.key(target)
        if key.isEmpty { return (nil, nil) }
        if let c = channels[key] { return (.channel(c), .channel) }
        if let a = folded[key] { return (.article(a, fragment: link.fragment), .folded) }
        return (nil, nil)
    }

    /// The wiki generator's file names: letters, digits and spaces kept,
    /// spaces as `_`, lower case (`Bayes' theorem` → `bayes_theorem`).
    static func generatorSlug(_ text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            if ch == " " { out.append("_") } else if ch.isLetter || ch.isNumber || ch == "_" { out.append(ch) }
        }
        return out
    }

    static func words(_ text: String) -> [String] {
        // ASCII (most titles and topic names), on bytes: the same words as the general path.
        var text = text
        if let ascii = text.withUTF8({ bytes -> [String]? in
            guard Fold.isASCII(bytes) else { return nil }
            var out: [String] = [], word: [UInt8] = []
            func finish() {
                if word.count >= 2 {
                    let w = String(decoding: word, as: UTF8.self)
                    if !StopWords.linkTitles.contains(w) { out.append(w) }
                }
                word.removeAll(keepingCapacity: true)
            }
            for b in bytes {
                if let w = Fold.asciiWordByte(b) { word.append(w) } else { finish() }
            }
            finish()
            return out
        }) { return ascii }
        return text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter { $0.count >= 2 && !StopWords.linkTitles.contains($0) }
    }

    /// `words`, each once, in the order first read.
    static func distinctWords(_ text: String) -> [String] {
        var seen: Set<String> = []
        return words(text).filter { seen.insert($0).inserted }
    }

    /// A score per article, all zero between calls, and the ones a call touched.
    struct TitleScores {
        var score: [Double]
        var touched: [Int] = []
        init(articles: Int) { score = [Double](repeating: 0, count: articles) }
    }

    /// Up to five articles whose titles share most words with `name`.
    func titleMatches(_ name: String, excluding: Set<ArticleID>) -> [ArticleID] {
        var scores = TitleScores(articles: articleCount)
        return titleMatches(name, excluding: excluding, scores: &scores)
    }

    func titleMatches(_ name: String, excluding: Set<ArticleID>, scores: inout TitleScores) -> [ArticleID] {
        // Rarest words first, then by spelling: two titles that match words of
        // the same rarity add the same weights in the same order, so equal
        // scores are equal to the last bit and the tie goes to the path.
        let words = Self.distinctWords(name).compactMap { w in titleWordIDs[w].map { (w, $0) } }
            .sorted { (postings[Int($0.1)].count, $0.0) < (postings[Int($1.1)].count, $1.0) }
            .filter { postings[Int($0.1)].count <= max(200, articleCount / 20) }
        guard !words.isEmpty else { return [] }
        let weights = words.map { log(Double(articleCount + 1) / Double(postings[Int($0.1)].count)) }  // > 0, rarest first
        // The most a title that has none of the first j words can score: its
        // words are some of the rest, the heaviest m of them at best, over √m,
        // or over the shortest title's norm any of the rest is in, if more
        // (a common word's shortest title is seldom the word alone).
        var ceiling = [Double](repeating: 0, count: words.count + 1)
        for j in words.indices {
            var sum = 0.0
            let least = words[j...].reduce(Double.infinity) { min($0, leastNorm[Int($1.1)]) }
            for m in 1...(words.count - j) {
                sum += weights[j + m - 1]
                ceiling[j] = max(ceiling[j], sum / max(Double(m).squareRoot(), least))
            }
        }
        var best: [(ArticleID, Double)] = []
        func precedes(_ x: (ArticleID, Double), _ y: (ArticleID, Double)) -> Bool { (y.1, x.0) < (x.1, y.0) }
        func consider(_ candidate: (ArticleID, Double)) {
            guard candidate.1 > 0, best.count < 5 || precedes(candidate, best[best.count - 1]), !excluding.contains(candidate.0) else { return }
            let at = best.firstIndex { precedes(candidate, $0) } ?? best.count
            best.insert(candidate, at: at)
            if best.count > 5 { best.removeLast() }
        }
        func normalized(_ i: Int) -> (ArticleID, Double) { (ArticleID(i), scores.score[i] / titleNorms[i]) }
        // Whether title i could enter a full best five: one multiplication rules out most
        // titles before the division (the margin errs on the side of letting one in).
        func mayEnter(_ i: Int) -> Bool { best.count < 5 || scores.score[i] >= best[4].1 * titleNorms[i] * (1 - 1e-9) }
        var scanned = 0, floor = 0.0
        while scanned < words.count {
            // A long list is read only when a title outside the ones scored so
            // far could still reach the best five: five of those already score
            // (a lower bound, as weights are positive) above the ceiling of the rest.
            let list = postings[Int(words[scanned].1)]
            if scanned > 0 && list.count > 64 && scores.touched.count >= 5 {
                best.removeAll(keepingCapacity: true)
                for i in scores.touched where mayEnter(i) { consider(normalized(i)) }
                if best.count == 5 && ceiling[scanned] * (1 + 1e-9) < best[4].1 { floor = best[4].1; break }
            }
            let weight = weights[scanned]
            for a in list {
                if scores.score[a.index] == 0 { scores.touched.append(a.index) }
                scores.score[a.index] += weight
            }
            scanned += 1
        }
        // The titles scored so far get the rest of their words' weights, in the same order;
        // not those that stay below the five above even with all of them (they are not among
        // the best whatever they add).
        if scanned < words.count {
            let rest = weights[scanned...].reduce(0, +)
            for i in scores.touched where (scores.score[i] + rest) / titleNorms[i] * (1 + 1e-9) >= floor {
                for k in scanned..<words.count where articleWords[i].contains(words[k].1) { scores.score[i] += weights[k] }
            }
        }
        // The best five by score, then by id: kept in order as they come, no sort of them all.
        // The excluded are scored with the rest and passed over here: one set lookup per
        // candidate instead of one per posting (a common title word's postings are long).
        best.removeAll(keepingCapacity: true)
        for i in scores.touched {
            if mayEnter(i) { consider(normalized(i)) }
            scores.score[i] = 0
        }
        scores.touched.removeAll(keepingCapacity: true)
        return best.map(\.0)
    }
}
