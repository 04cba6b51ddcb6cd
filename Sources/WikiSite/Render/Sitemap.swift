/// `sitemap.xml` and `robots.txt` for a site whose address is known
/// (sitemaps.org protocol 0.9).
///
/// A sitemap holds at most 50,000 URLs; past that, `sitemap.xml` becomes a
/// sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, … beside it, each
/// of which covers the whole site because it sits at the root.
enum Sitemap {
    static let limit = 50_000

    /// - Parameters:
    ///   - pages: output paths of the canonical pages, in the order to list them.
    ///   - baseURL: the site's absolute URL, ending in `/`.
    static func files(pages: [String], baseURL: String, perFile: Int = limit) -> [OutputFile] {
        let urls = pages.map { baseURL + SiteURL.encodePath($0.replacingSuffix("index.html")) }
        let robots = "User-agent: *\nAllow: /\n\nSitemap: \(baseURL)sitemap.xml\n"
        var files = [OutputFile(path: "robots.txt", text: robots)]
        if urls.count <= perFile {
            files.append(OutputFile(path: "sitemap.xml", text: urlset(urls[...])))
            return files
        }
        var index = header + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        var part = 0
        for start in stride(from: 0, to: urls.count, by: perFile) {
            part += 1
            let name = "sitemap-\(part).xml"
            files.append(OutputFile(path: name, text: urlset(urls[start..<min(start + perFile, urls.count)])))
            index += "<sitemap><loc>" + HTMLEscape.text(baseURL + name) + "</loc></sitemap>\n"
        }
        files.append(OutputFile(path: "sitemap.xml", text: index + "</sitemapindex>\n"))
        return files
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    static func urlset(_ urls: ArraySlice<String>) -> String {
        var xml = header + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for url in urls { xml += "<url><loc>" + HTMLEscape.text(url) + "</loc></url>\n" }
        return xml + "</urlset>\n"
    }
}
