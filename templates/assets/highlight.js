// Marks the words of a search in the article a search result opened.
// search.js loads this file only on a page opened with `?hl=<words>` in its
// URL (as every search result links): every word of the query (3 letters or more, not a
// stop word; a longer word starting with it counts too, so "model" marks
// "models") is wrapped in <mark class="hl"> inside .body, text nodes only
// (no innerHTML), and the first one is scrolled into view, or, when the URL
// names a section (#id, a sub-result), its heading.
(function (global) {
  "use strict";
  var STOP = " the and for are but not you all any can her was one our out has him his how its may new now old see two who did get use that this with from have what when where which will your they them then than there their about would could should into also been were some more most such only over very just like ";

  /** The words of a query worth marking, lower-case, longest first. */
  function terms(q) {
    var seen = {}, out = [];
    String(q || "").toLowerCase().split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (w.length < 3 || STOP.indexOf(" " + w + " ") >= 0 || seen[w]) return;
      seen[w] = 1;
      out.push(w);
    });
    return out.sort(function (a, b) { return b.length - a.length; }).slice(0, 12);
  }

  /** A regular expression matching any of the words at a word's start, or null. */
  function matcher(words) {
    if (!words.length) return null;
    var alt = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    return new RegExp("(?<![\\p{L}\\p{N}])(?:" + alt + ")[\\p{L}\\p{N}]*", "giu");
  }

  /** [start, end) of every match in text. */
  function ranges(text, re) {
    var out = [], m;
    re.lastIndex = 0;
    while ((m = re.exec(text))) {
      if (!m[0].length) { re.lastIndex++; continue; }
      out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  var api = { terms: terms, matcher: matcher, ranges: ranges };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }

  var doc = global.document;
  function run() {
    var q = new URLSearchParams(global.location.search).get("hl");
    var re = matcher(terms(q));
    var body = doc.querySelector(".body");
    if (!re || !body) return;
    var walker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest("script, style, mark, .ts") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var count = 0;
    nodes.forEach(function (node) {
      var rs = ranges(node.nodeValue, re);
      for (var i = rs.length - 1; i >= 0 && count < 500; i--) {   // from the end, so earlier offsets stay valid
        var word = node.splitText(rs[i][0]);
        word.splitText(rs[i][1] - rs[i][0]);
        var mark = doc.createElement("mark");
        mark.className = "hl";
        word.parentNode.replaceChild(mark, word);
        mark.appendChild(word);
        count++;
      }
    });
    // A section's link (#id) lands on its heading; otherwise the first mark.
    var id = decodeURIComponent(global.location.hash.slice(1));
    var target = id && doc.getElementById(id);
    if (target) target.scrollIntoView({ block: "start" });
    else {
      var first = body.querySelector("mark.hl");
      if (first) first.scrollIntoView({ block: "center" });
    }
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", run); else run();
})(typeof window !== "undefined" ? window : globalThis);
