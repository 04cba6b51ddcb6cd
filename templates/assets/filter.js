// The filter box of a channel page: hides the list items, and the sections
// (a video and its articles), whose text does not hold every typed word.
// A video's title counts for each of its articles.
(function (global) {
  "use strict";
  function fold(s) { return String(s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  /** The words of a filter, folded (case, accents). */
  function words(q) { return fold(q).split(/\s+/).filter(Boolean); }
  /** Does text hold every word? */
  function matches(text, ws) {
    var t = fold(text);
    return ws.every(function (w) { return t.indexOf(w) >= 0; });
  }
  var api = { words: words, matches: matches };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }

  var doc = global.document;
  var input = doc.getElementById("filter-q");
  if (!input) return;
  var box = doc.querySelector(input.getAttribute("data-filter")) || doc.body;
  var status = doc.getElementById("filter-status");
  var sections = Array.prototype.slice.call(box.querySelectorAll("section"));
  var items = Array.prototype.slice.call(box.querySelectorAll("section li"));
  var intro = box.querySelector(".body");
  var text = new Map();
  function headOf(li) { var s = li.closest("section"), h = s && s.querySelector("h2, h3"); return h ? h.textContent : ""; }
  function apply() {
    var ws = words(input.value), shown = 0;
    items.forEach(function (li) {
      if (!text.has(li)) text.set(li, headOf(li) + " " + li.textContent);
      var ok = !ws.length || matches(text.get(li), ws);
      li.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (s) { s.hidden = ws.length > 0 && !s.querySelector("li:not([hidden])"); });
    if (intro) intro.hidden = ws.length > 0;
    status.textContent = ws.length ? shown + " of " + items.length + " articles match" : "";
  }
  var timer = 0;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 60); });
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  if (input.value) apply();
})(typeof window !== "undefined" ? window : globalThis);
