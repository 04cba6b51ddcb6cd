import Foundation

/// Answers a request from a built site's folder as a static host does
/// (GitHub Pages semantics): `dir/` serves `dir/index.html`, `dir` redirects
/// to `dir/`, anything else missing gets `404.html` with status 404.
public enum StaticSite {
    /// The file a request path names below the site, or nil if the path could leave it.
    static func relativePath(_ path: String) -> String? {
        guard let decoded = path.removingPercentEncoding, !decoded.utf8.contains(0) else { return nil }
        var parts: [Substring] = []
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." || part.contains("\\") { return nil }
            parts.append(part)
        }
        var relative = parts.joined(separator: "/")
        if decoded.hasSuffix("/") || relative.isEmpty { relative += relative.isEmpty ? "index.html" : "/index.html" }
        return relative
    }

    public static func respond(to path: String, root: String, decorate: (String) -> String) -> HTTPResponse {
        guard let relative = relativePath(path) else { return HTTPResponse(status: 400) }
        let file = root + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                return HTTPResponse(status: 301, headers: [("Location", path + "/")])
            }
            if let data = FileManager.default.contents(atPath: file) {
                return page(Array(data), type: contentType(of: relative), status: 200, decorate: decorate)
            }
        }
        let notFound = FileManager.default.contents(atPath: root + "/404.html").map { Array($0) }
            ?? Array("<!doctype html><title>Not found</title><p>Not found.</p>\n".utf8)
        return page(notFound, type: "text/html; charset=utf-8", status: 404, decorate: decorate)
    }

    static func page(_ bytes: [UInt8], type: String, status: Int, decorate: (String) -> String) -> HTTPResponse {
        let body = type.hasPrefix("text/html") ? Array(decorate(String(decoding: bytes, as: UTF8.self)).utf8) : bytes
        return HTTPResponse(status: status, headers: [("Content-Type", type)], body: body)
    }

    /// The type a host should send for each kind of file the site has.
    public static func contentType(of path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "xml": return "application/xml"
        case "txt": return "text/plain; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
