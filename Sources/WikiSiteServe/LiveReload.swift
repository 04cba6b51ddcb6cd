import Foundation

/// What `wikisite serve` adds to each HTML page it sends, and only there
/// (never to a built site): a script that asks the server every half second
/// which build it is serving, reloads the page when a new one is in, and
/// shows the last build's error over the page while the last good site stays.
public enum LiveReload {
    public static let statusPath = "/__wikisite/status"
    public static let scriptPath = "/__wikisite/live.js"
    static let errorBoxID = "wikisite-build-error"

    public static let script = """
        (function () {
          var seen = null;
          function show(error) {
            var box = document.getElementById("\(errorBoxID)");
            if (!error) { if (box) box.remove(); return; }
            if (!box) {
              box = document.createElement("div");
              box.id = "\(errorBoxID)";
              box.setAttribute("role", "alert");
              box.style.cssText = "\(boxStyle)";
              document.body.appendChild(box);
            }
            box.textContent = "\(heading)\\n\\n" + error;
          }
          function poll() {
            fetch("\(statusPath)", { cache: "no-store" })
              .then(function (r) { return r.json(); })
              .then(function (s) {
                if (seen !== null && s.generation !== seen) { location.reload(); return; }
                seen = s.generation;
                show(s.error);
                setTimeout(poll, 500);
              })
              .catch(function () { setTimeout(poll, 1000); });
          }
          poll();
        })();

        """

    static let heading = "wikisite serve: the last build failed; this is the last good site."
    static let boxStyle = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;"
        + "margin:0;padding:12px 16px;background:#7f1d1d;color:#fff;font:13px/1.45 monospace;white-space:pre-wrap"

    /// The page with the reload script, and the build error when there is one, before `</body>`.
    public static func decorate(_ html: String, error: String?) -> String {
        var insert = ""
        if let error {
            insert += "<div id=\"\(errorBoxID)\" role=\"alert\" style=\"\(boxStyle)\">" + escape(heading + "\n\n" + error) + "</div>\n"
        }
        insert += "<script src=\"\(scriptPath)\"></script>\n"
        if let end = html.range(of: "</body>", options: .backwards) {
            return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: insert)
        }
        return html + insert
    }

    /// The page sent for every address while no build has succeeded yet.
    public static func errorPage(_ error: String) -> String {
        decorate("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · wikisite serve</title></head>\n"
                 + "<body></body></html>\n", error: error)
    }

    /// `{"generation":3,"error":null}`
    public static func status(generation: Int, error: String?) -> String {
        "{\"generation\":\(generation),\"error\":" + (error.map(jsonString) ?? "null") + "}"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "<": out += "\\u003c"
            case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
