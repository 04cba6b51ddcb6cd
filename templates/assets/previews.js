// Hover previews of internal links, on devices with a mouse. search.js
// loads this file when the pointer first reaches a link that may preview.
//
// Hovering a link to an article, topic, video or channel page for 300 ms (or
// focusing it with the keyboard) shows a small popover with the target's
// title, channel and first paragraph; Esc, leaving the link or scrolling it
// away hides it. The data sits beside each page as `preview.js`, loaded
// with a <script> tag (fetch() does not work from file://), which calls
//   window.wikisitePreview({url: "chan/slug/", kind: "article", title, channel, text})
// where `url` is the page's folder relative to the site's root. A file that
// fails to load, or calls back with another url, shows nothing. Text goes in
// with textContent only. The popover is position:absolute: nothing moves.
(function (global) {
  "use strict";

  // Links that preview: wiki links in an article's text, and the lists of
  // articles (backlinks, siblings, a channel's, topic's or video's lists).
  var SELECTOR = ".body a.wikilink, .body a.topic, .backlinks a, .related a, .graph a, [data-previews] a";
  var DELAY = 300;
  var KINDS = { article: "Article", topic: "Topic", video: "Video", channel: "Channel" };

  function decode(s) { try { return decodeURI(s); } catch (e) { return s; } }

  /**
   * The folder of a link's target relative to the site's root ("chan/slug/"),
   * or null when the link is not to a page folder of this site: another
   * origin, outside the root, a query string, or a file other than index.html.
   * hrefAbs, rootAbs: absolute URLs (rootAbs ends with "/").
   */
  function previewFolder(hrefAbs, rootAbs) {
    var u, r;
    try { u = new URL(hrefAbs); r = new URL(rootAbs); } catch (e) { return null; }
    if (u.protocol !== r.protocol || u.host !== r.host || u.search) return null;
    var path = u.pathname;
    if (/\/index\.html$/.test(path)) path = path.slice(0, -"index.html".length);
    if (path.charAt(path.length - 1) !== "/") return null;
    if (path.indexOf(r.pathname) !== 0) return null;
    var rel = path.slice(r.pathname.length);
    if (!rel || rel === "search/" || /^assets\//.test(rel)) return null;
    return decode(rel);
  }

  /** Where the popover goes: below the link, else above; always inside the window (page coordinates). */
  function place(link, pop, view) {
    var gap = 8, m = 8;
    var left = Math.max(view.x + m, Math.min(link.left, view.x + view.width - pop.width - m));
    var below = link.bottom + gap, above = link.top - gap - pop.height;
    var top = below + pop.height <= view.y + view.height - m || above < view.y + m ? below : above;
    return { left: Math.round(left), top: Math.round(top) };
  }

  /** A preview record, checked: null unless it is one this script can show. */
  function clean(d) {
    if (!d || typeof d !== "object" || typeof d.url !== "string" || typeof d.title !== "string") return null;
    return {
      url: decode(d.url),
      kind: KINDS[d.kind] ? d.kind : "article",
      title: d.title.slice(0, 300),
      channel: typeof d.channel === "string" ? d.channel.slice(0, 200) : "",
      text: typeof d.text === "string" ? d.text.slice(0, 700) : "",
    };
  }

  var api = { previewFolder: previewFolder, place: place, clean: clean, SELECTOR: SELECTOR };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }

  var doc = global.document;
  if (!global.matchMedia || !global.matchMedia("(hover: hover) and (pointer: fine)").matches) return;
  var rootAbs = new URL(doc.body.getAttribute("data-root") || "", global.location.href).href;
  var cache = new Map();       // folder -> Promise of a record or null
  var waiting = new Map();     // folder -> resolve, while its preview.js loads
  var pop = null, shownFor = null, timer = 0, wanted = null;

  global.wikisitePreview = function (data) {
    var d = clean(data);
    if (!d || !waiting.has(d.url)) return;
    var resolve = waiting.get(d.url);
    waiting.delete(d.url);
    resolve(d);
  };

  function load(folder) {
    if (cache.has(folder)) return cache.get(folder);
    var p = new Promise(function (resolve) {
      waiting.set(folder, resolve);
      var s = doc.createElement("script");
      s.src = new URL(folder.split("/").map(encodeURIComponent).join("/") + "preview.js", rootAbs).href;
      s.async = true;
      function done() { if (waiting.get(folder) === resolve) { waiting.delete(folder); resolve(null); } s.remove(); }
      s.onload = done;      // the callback ran before onload, or the file was not one of ours
      s.onerror = done;
      doc.head.appendChild(s);
    });
    cache.set(folder, p);
    return p;
  }

  function target(el) {
    var a = el && el.closest ? el.closest("a") : null;
    if (!a || !a.matches(SELECTOR)) return null;
    var href = a.getAttribute("href") || a.getAttribute("xlink:href");
    if (!href || href.charAt(0) === "#") return null;
    var folder = previewFolder(new URL(href, global.location.href).href, rootAbs);
    return folder ? { a: a, folder: folder } : null;
  }

  function hide() {
    clearTimeout(timer);
    wanted = null;
    if (pop && !pop.hidden) pop.hidden = true;
    shownFor = null;
  }

  function show(t, d) {
    if (!d || wanted !== t.a || !t.a.isConnected) return;
    if (!pop) {
      pop = doc.createElement("div");
      pop.className = "preview";
      pop.setAttribute("role", "tooltip");
      pop.id = "wikisite-preview";
      pop.hidden = true;
      doc.body.appendChild(pop);
    }
    pop.textContent = "";
    var title = doc.createElement("strong");
    title.textContent = d.title;
    var meta = doc.createElement("div");
    meta.className = "pv-meta";
    meta.textContent = KINDS[d.kind] + (d.channel && d.kind !== "channel" ? " \u00b7 " + d.channel : "");
    pop.appendChild(title);
    pop.appendChild(meta);
    if (d.text) {
      var p = doc.createElement("p");
      p.textContent = d.text;
      pop.appendChild(p);
    }
    pop.style.visibility = "hidden";
    pop.hidden = false;
    var r = t.a.getBoundingClientRect();
    var at = place({ left: r.left, top: r.top, bottom: r.bottom },
      { width: pop.offsetWidth, height: pop.offsetHeight },
      { x: 0, y: 0, width: doc.documentElement.clientWidth, height: global.innerHeight });
    pop.style.left = at.left + global.scrollX + "px";
    pop.style.top = at.top + global.scrollY + "px";
    pop.style.visibility = "";
    shownFor = t.a;
  }

  function want(t, delay) {
    if (shownFor === t.a || wanted === t.a) return;
    hide();
    wanted = t.a;
    timer = setTimeout(function () {
      load(t.folder).then(function (d) { show(t, d); });
    }, delay);
  }

  doc.addEventListener("mouseover", function (ev) {
    var t = target(ev.target);
    if (t) want(t, DELAY);
  });
  doc.addEventListener("mouseout", function (ev) {
    var t = target(ev.target);
    if (t && !(ev.relatedTarget && t.a.contains(ev.relatedTarget))) hide();
  });
  doc.addEventListener("focusin", function (ev) {
    var t = target(ev.target);
    if (t && t.a.matches(":focus-visible")) want(t, 0); else hide();
  });
  doc.addEventListener("focusout", hide);
  doc.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
  doc.addEventListener("mousedown", hide);
  global.addEventListener("resize", hide);
  global.addEventListener("scroll", function () {
    if (!shownFor) return;
    var r = shownFor.getBoundingClientRect();
    if (r.bottom < 0 || r.top > global.innerHeight) hide();
  }, { passive: true });
  // search.js loads this file when the pointer first reaches a link (or a
  // link gets focus): take up that link.
  var hovered = doc.querySelectorAll("a:hover"), first = hovered.length ? target(hovered[hovered.length - 1]) : null;
  var focused = doc.activeElement && target(doc.activeElement);
  if (focused && focused.a.matches(":focus-visible")) want(focused, 0);
  else if (first) want(first, DELAY);
})(typeof window !== "undefined" ? window : globalThis);
