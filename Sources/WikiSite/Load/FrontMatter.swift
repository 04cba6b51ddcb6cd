import Yams

/// The YAML block between `---` lines at the top of an article.
///
/// Only two keys mean anything to the site, so this is a small fixed struct
/// read from Yams' node tree, not a general decoder: a value keeps the text
/// the author wrote (`title: 2024` is the title "2024", not a number).
struct FrontMatter {
    var title: String?
    var videoID: String?

    /// A document split into its front matter and its body.
    struct Split {
        /// The YAML text, or nil when the file has no front matter.
        var yaml: Substring?
        /// The line on which the YAML text starts (after the opening `---`).
        var yamlFirstLine: Int
        var body: Substring
        var bodyFirstLine: Int
        /// The file opened a front matter block and never closed it.
        var unclosed: Bool
    }

    /// Splits `text` at the `---` fences. An opening fence that is never
    /// closed is reported and the whole file is read as body.
    static func split(_ text: String) -> Split {
        let none = Split(yaml: nil, yamlFirstLine: 1, body: text[...], bodyFirstLine: 1, unclosed: false)
        guard let firstBreak = text.firstIndex(of: "\n") else {
            return isFence(text[...], closing: false) ? Split(yaml: nil, yamlFirstLine: 1, body: text[...], bodyFirstLine: 1, unclosed: true) : none
        }
        guard isFence(text[..<firstBreak], closing: false) else { return none }
        let rest = text[text.index(after: firstBreak)...]
        var lineNumber = 2
        var lineStart = rest.startIndex
        while lineStart < rest.endIndex {
            let lineEnd = rest[lineStart...].firstIndex(of: "\n") ?? rest.endIndex
            if isFence(rest[lineStart..<lineEnd], closing: true) {
                let bodyStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
                return Split(yaml: rest[rest.startIndex..<lineStart], yamlFirstLine: 2,
                             body: rest[bodyStart...], bodyFirstLine: lineNumber + 1, unclosed: false)
            }
            lineNumber += 1
            lineStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
        }
        return Split(yaml: nil, yamlFirstLine: 1, body: text[...], bodyFirstLine: 1, unclosed: true)
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        let trimmed = line.trimmingTrailingSpaces
        return trimmed == "---" || (closing && trimmed == "...")
    }

    /// Reads the two keys from YAML text. Throws a located problem when the
    /// YAML does not parse.
    static func read(_ yaml: Substring) throws(Problem) -> FrontMatter {
        let node: Node?
        do {
            // The basic resolver: only the two keys' text is read (`scalarText`), so plain scalars need no
            // tags, and the default resolver's regular expressions cost 0.4 s of CPU on the corpus.
            node = try Yams.compose(yaml: String(yaml), .basic, .default, .utf8)
        } catch let error as YamlError {
            throw Problem(from: error)
        } catch {
            throw Problem(line: 1, column: 1, message: "front matter is not valid YAML")
        }
        guard let node else { return FrontMatter() }
        guard case .mapping = node else {
            throw Problem(line: 1, column: 1, message: "front matter is not a set of `key: value` lines")
        }
        return FrontMatter(title: scalarText(node["title"]), videoID: scalarText(node["videoId"]))
    }

    private static func scalarText(_ node: Node?) -> String? {
        guard let scalar = node?.scalar else { return nil }
        let text = scalar.string.cleanedLabel
        if text.isEmpty || (scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(text)) {
            return nil
        }
        return text
    }

    /// Where in the YAML text a problem is, and what it is.
    struct Problem: Error {
        var line: Int
        var column: Int
        var message: String

        init(line: Int, column: Int, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        init(from error: YamlError) {
            switch error {
            case .scanner(_, let problem, let mark, _),
                .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                self.init(line: mark.line, column: mark.column, message: "front matter is not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(duplicates: let duplicates, context: _):
                self.init(line: 1, column: 1, message: "front matter repeats keys: \(duplicates.joined(separator: ", "))")
            default:
                self.init(line: 1, column: 1, message: "front matter is not valid YAML")
            }
        }
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
