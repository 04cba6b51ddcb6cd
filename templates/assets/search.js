/*
 * wikisite search, the part every page loads:
 *   <script src="{root}assets/search.js" defer></script>
 * It only listens: "/" (outside text fields) and Ctrl-K / Cmd-K focus the
 * box; the first focus loads search-ui.js, which loads the engine and the
 * index (none of them before). The search page opened with ?q= loads it at
 * once; a page opened with ?hl=words (as search results link) loads
 * highlight.js; with a mouse, the first link reached loads previews.js.
 */
(function () {
  'use strict';
  var input = document.getElementById('search-q');
  if (!input) return;
  var self = document.currentScript && document.currentScript.src;
  var root = document.body.getAttribute('data-root') || '';
  var ui = null;
  function add(name) {
    var s = document.createElement('script');
    s.src = self ? self.replace(/[^\/?#]*(?:[?#].*)?$/, name) : root + 'assets/' + name;
    document.head.appendChild(s);
    return s;
  }
  function load() { if (!ui) ui = add('search-ui.js'); }
  document.addEventListener('keydown', function (ev) {
    var k = (ev.key === 'k' || ev.key === 'K') && (ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey;
    if (!k) {
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target, tag = t && t.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
    }
    ev.preventDefault();
    input.focus();
    input.select();
  });
  input.addEventListener('focus', load);
  if (document.activeElement === input) load();
  if (document.getElementById('search-results') && /[?&]q=/.test(location.search)) load();
  if (/[?&]hl=/.test(location.search)) add('highlight.js');
  // Hover previews: previews.js loads when a mouse first reaches a link that
  // may preview (or the keyboard focuses one), and picks up from there.
  if (window.matchMedia && matchMedia('(hover: hover) and (pointer: fine)').matches) {
    var previews = function (ev) {
      if (!(ev.target.closest && ev.target.closest('.body a, .backlinks a, .related a, .graph a, [data-previews] a'))) return;
      document.removeEventListener('mouseover', previews);
      document.removeEventListener('focusin', previews);
      add('previews.js');
    };
    document.addEventListener('mouseover', previews);
    document.addEventListener('focusin', previews);
  }
})();
