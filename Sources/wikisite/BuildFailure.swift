import ArgumentParser
import WikiSite

/// What a failed build prints: one line a user can act on, never a stack trace.
enum BuildFailure {
    static func message(_ error: Error) -> String {
        if let theme = error as? ThemeError, !theme.diagnostics.isEmpty {
            let n = theme.diagnostics.count
            return theme.description + "\nwikisite: error: the theme has \(n) \(n == 1 ? "problem" : "problems") (above); nothing was written\n"
        }
        return "wikisite: error: \(error)\n"
    }
}

/// `--base-url`: where the site is published, as crawlers will be told.
enum BaseURLOption {
    static func validate(_ url: String) throws {
        let lower = url.lowercased()
        let rest = lower.hasPrefix("https://") ? lower.dropFirst(8) : lower.hasPrefix("http://") ? lower.dropFirst(7) : nil
        guard let rest, let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty,
              !url.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "?" || $0 == "#" })
        else {
            throw ValidationError("--base-url must be the absolute http:// or https:// address the site is published at, "
                + "such as https://example.org/wiki/ (got \(url))")
        }
    }
}
