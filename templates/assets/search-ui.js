/*
 * wikisite search UI, loaded by search.js (the small script every page
 * includes) when the reader first focuses the search box, or at once on the
 * search page opened with ?q=. It loads the engine (search-engine.js, next
 * to this file) and the index. Template contract: docs/search-index.md
 * ("Templates").
 */
(function () {
  'use strict';
  var PAGE_SIZE = 10;        // video groups per results page
  var GROUP_SHOWN = 3;       // articles listed per video group
  var DROPDOWN_SIZE = 6;     // groups in the as-you-type list on ordinary pages
  var SNIPPET = 180;         // characters of context per result
  var DEBOUNCE_MS = 80;
  var SUBS_PAGE = 3;         // matching sections listed under a result on the search page
  var SUBS_DROPDOWN = 2;     // ... and in the as-you-type list

  var input = document.getElementById('search-q');
  if (!input) return;
  var form = input.form;
  var resultsBox = document.getElementById('search-results');   // only on the search page
  var root = document.body.getAttribute('data-root') || '';
  // the engine sits next to this script; currentScript is only set now (also for an inserted script)
  var self = document.currentScript && document.currentScript.src;
  var engineSrc = self ? self.replace(/[^\/?#]*(?:[?#].*)?$/, 'search-engine.js') : root + 'assets/search-engine.js';

  var E = null, engine = null, ready = null;
  var seq = 0, timer = 0, active = -1, items = [], shownGroups = 0, last = null;
  var dropdown = null, channelSelect = null;
  var channel = '';
  // from file:// a folder URL shows a directory listing, not its index.html
  var INDEX = location.protocol === 'file:' ? 'index.html' : '';
  // The page a result opens marks the query's words (?hl=, highlight.js) and,
  // for a section, lands on its heading (#id).
  function pageHref(url, res, id, anchor) {
    var words = res ? engine.markWords(res, id) : '';
    return E.escapeHtml(E.docHref(root, url) + INDEX + (words ? '?hl=' + encodeURIComponent(words) : '') +
      (anchor ? '#' + encodeURIComponent(anchor) : ''));
  }
  /** Links to the matching sections of a result: class ws-sub, heading text marked. */
  function subLinks(res, d, match, max, wrap) {
    return engine.subResults(res, d, max).map(function (s) {
      var a = '<a class="ws-item ws-sub" href="' + pageHref(d.url, res, d.id, s.id) + '">' +
        '<span class="ws-title">' + E.highlight(s.text, match, 0) + '</span></a>';
      return wrap ? '<li>' + a + '</li>' : a;
    }).join('');
  }
  function searchHref(q) { return root + 'search/' + INDEX + '?q=' + encodeURIComponent(q) + (channel ? '&c=' + encodeURIComponent(channel) : ''); }

  // Fallback look of the parts this script creates; :where() keeps it at
  // zero specificity so the site's stylesheet wins.
  var CSS = ':where(.search-box){position:relative}' +
    ':where(.ws-dropdown){position:absolute;z-index:20;left:0;right:0;top:100%;max-height:70vh;overflow:auto;' +
    'background:Canvas;color:CanvasText;border:1px solid GrayText;box-shadow:0 4px 12px rgba(0,0,0,.2)}' +
    ':where(.ws-item){display:block;padding:.35em .6em;color:inherit;text-decoration:none}' +
    ':where(.ws-active){outline:2px solid Highlight}' +
    ':where(.ws-dropdown .ws-title){display:block;font-weight:600}' +
    ':where(.ws-dropdown .ws-channel,.ws-dropdown .ws-snippet){display:block;font-size:.85em;opacity:.8}' +
    ':where(.ws-results){list-style:none;padding:0}:where(.ws-result){margin:0 0 1.2em}' +
    ':where(.ws-result .ws-title){font-size:1.1em;font-weight:600}';

  // ------------------------------------------------------------ bootstrap
  var params = new URLSearchParams(location.search);
  if (resultsBox && params.get('q')) {
    channel = params.get('c') || '';
    input.value = params.get('q');
    start().then(function () { run(true); });
  } else {
    if (resultsBox) channel = params.get('c') || '';
    start();
    // typed while this file was on its way
    if (input.value.trim() && document.activeElement === input) run(false);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(s);
    });
  }

  /** First focus: fetch the engine and the manifest, wire up the box. */
  function start() {
    if (ready) return ready;
    var style = document.createElement('style');
    style.textContent = CSS;
    document.head.appendChild(style);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(false); }, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', onKey);
    input.addEventListener('blur', function () { setTimeout(closeDropdown, 150); });
    form.addEventListener('submit', function (ev) {
      if (resultsBox) { ev.preventDefault(); run(true); }       // already on the search page
      else if (INDEX) { ev.preventDefault(); location.href = searchHref(input.value); }
    });
    ready = (window.WikiSearchEngine ? Promise.resolve() : loadScript(engineSrc)).then(function () {
      E = window.WikiSearchEngine;
      var version = '';
      var load = E.scriptLoader(root + 'search/', function (key) { return key === 'manifest' || !version ? '' : '?v=' + version; });
      engine = E.createEngine({ load: load });
      return engine.init().then(function (m) { version = m.id; if (resultsBox) addChannelFilter(m); });
    });
    ready.catch(function (err) { showError(err); });
    return ready;
  }

  // ------------------------------------------------------------ searching
  function run(isSubmit) {
    var q = input.value, my = ++seq;
    if (resultsBox) syncUrl(q);
    if (!q.trim()) { render(null); return; }
    (ready || start()).then(function () {
      return engine.search(q, { channel: channel });
    }).then(function (res) {
      if (my !== seq) return;               // a newer query is on its way
      last = res;
      shownGroups = 0;
      render(res, isSubmit);
    }).catch(function (err) { if (my === seq) showError(err); });
  }

  function syncUrl(q) {
    var p = new URLSearchParams(location.search);
    if (q) p.set('q', q); else p.delete('q');
    if (channel) p.set('c', channel); else p.delete('c');
    var s = p.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  }

  function render(res) {
    if (resultsBox) renderPage(res);
    else renderDropdown(res);
  }

  /** docs shown for a group: its best article and strong siblings */
  function groupDocs(g) { return g.docs.slice(0, GROUP_SHOWN); }

  function renderDropdown(res) {
    if (!res || !res.groups.length) {
      if (res && dropdown) { openDropdown(); dropdown.innerHTML = '<div class="ws-empty">No results</div>'; items = []; }
      else closeDropdown();
      return;
    }
    var groups = res.groups.slice(0, DROPDOWN_SIZE);
    engine.getDocs(groups.map(function (g) { return g.docs[0].id; })).then(function (docs) {
      if (res !== last) return;
      var match = engine.matcher(res);
      openDropdown();
      var html = docs.map(function (d) {
        return '<a class="ws-item" href="' + pageHref(d.url, res, d.id) + '">' +
          '<span class="ws-title">' + E.highlight(d.title, match, 0) + '</span>' +
          '<span class="ws-channel">' + E.escapeHtml(d.channel) + '</span>' +
          '<span class="ws-snippet">' + E.highlight(d.text, match, 100) + '</span></a>' +
          subLinks(res, d, match, SUBS_DROPDOWN, false);
      }).join('');
      html += '<a class="ws-item ws-all" href="' +
        E.escapeHtml(searchHref(input.value)) + '">All results for \u201c' + E.escapeHtml(input.value) + '\u201d</a>';
      dropdown.innerHTML = html;
      items = Array.prototype.slice.call(dropdown.querySelectorAll('.ws-item'));
      items.forEach(function (el, i) { el.id = 'ws-opt-' + i; el.setAttribute('role', 'option'); });
      setActive(-1);
    });
  }

  function renderPage(res) {
    if (!res) { resultsBox.innerHTML = ''; items = []; return; }
    if (!res.groups.length) {
      resultsBox.innerHTML = '<p class="ws-empty">No results for \u201c' + E.escapeHtml(res.query) + '\u201d.</p>';
      items = [];
      return;
    }
    var from = shownGroups, groups = res.groups.slice(from, from + PAGE_SIZE);
    var ids = [];
    groups.forEach(function (g) { groupDocs(g).forEach(function (d) { ids.push(d.id); }); });
    engine.getDocs(ids).then(function (docs) {
      if (res !== last) return;
      var byId = new Map(docs.map(function (d) { return [d.id, d]; }));
      var match = engine.matcher(res);
      var html = groups.map(function (g) {
        var list = groupDocs(g).map(function (r) { return byId.get(r.id); });
        var best = list[0];
        var more = g.docs.length + g.more.length - list.length;
        var h = '<li class="ws-result"><a class="ws-item" href="' + pageHref(best.url, res, best.id) + '">' +
          '<span class="ws-title">' + E.highlight(best.title, match, 0) + '</span></a>' +
          '<p class="ws-snippet">' + E.highlight(best.text, match, SNIPPET) + '</p>';
        var subs = subLinks(res, best, match, SUBS_PAGE, true);
        if (subs) h += '<ul class="ws-subs" aria-label="Matching sections">' + subs + '</ul>';
        h += '<p class="ws-channel">' + E.escapeHtml(best.channel) + '</p>';
        if (list.length > 1 || more > 0) {
          h += '<ul class="ws-siblings" aria-label="Other articles from the same video">' + list.slice(1).map(function (d) {
            return '<li><a class="ws-item" href="' + pageHref(d.url, res, d.id) + '">' + E.highlight(d.title, match, 0) + '</a></li>';
          }).join('') + (more > 0 ? '<li class="ws-more">+' + more + ' more from this video</li>' : '') + '</ul>';
        }
        return h + '</li>';
      }).join('');
      shownGroups = from + groups.length;
      var head = from ? '' : '<p class="ws-count">' + res.groups.length + (res.groups.length === 1 ? ' video' : ' videos') +
        ', ' + res.docs.length + (res.docs.length === 1 ? ' article' : ' articles') + '</p>';
      var list = resultsBox.querySelector('ol.ws-results');
      if (!from || !list) {
        resultsBox.innerHTML = head + '<ol class="ws-results">' + html + '</ol>';
      } else {
        list.insertAdjacentHTML('beforeend', html);
      }
      var old = resultsBox.querySelector('.ws-next');
      if (old) old.remove();
      if (shownGroups < res.groups.length) {
        var btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'ws-next';
        btn.textContent = 'More results';
        btn.addEventListener('click', function () { renderPage(res); });
        resultsBox.appendChild(btn);
      }
      items = Array.prototype.slice.call(resultsBox.querySelectorAll('.ws-item'));
      setActive(-1);
    });
  }

  function addChannelFilter(m) {
    if (channelSelect || !m.channels.length) return;
    channelSelect = document.createElement('select');
    channelSelect.className = 'ws-channel-filter';
    channelSelect.setAttribute('aria-label', 'Channel');
    channelSelect.add(new Option('All channels', ''));
    m.channels.forEach(function (c) { channelSelect.add(new Option(c[0], c[0])); });
    channelSelect.value = channel;
    channelSelect.addEventListener('change', function () { channel = channelSelect.value; run(true); });
    resultsBox.parentNode.insertBefore(channelSelect, resultsBox);
  }

  // ------------------------------------------------------------ keyboard
  function onKey(ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!items.length) return;
      ev.preventDefault();
      var n = active + (ev.key === 'ArrowDown' ? 1 : -1);
      setActive(n < -1 ? items.length - 1 : n >= items.length ? -1 : n);
    } else if (ev.key === 'Enter') {
      if (active >= 0 && items[active]) { ev.preventDefault(); location.href = items[active].href; }
    } else if (ev.key === 'Escape') {
      if (dropdown && !dropdown.hidden) closeDropdown();
      else if (input.value) { input.value = ''; run(false); }
      else input.blur();
    }
  }

  function setActive(n) {
    items.forEach(function (el, i) {
      el.classList.toggle('ws-active', i === n);
      if (i === n) el.setAttribute('aria-selected', 'true'); else el.removeAttribute('aria-selected');
    });
    active = n;
    if (n >= 0 && items[n]) {
      if (!items[n].id) items[n].id = 'ws-opt-' + n;
      input.setAttribute('aria-activedescendant', items[n].id);
      items[n].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function openDropdown() {
    if (!dropdown) {
      dropdown = document.createElement('div');
      dropdown.className = 'ws-dropdown';
      dropdown.id = 'ws-dropdown';
      dropdown.setAttribute('role', 'listbox');
      // keep focus in the box while clicking a result
      dropdown.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
      form.appendChild(dropdown);
      input.setAttribute('aria-controls', 'ws-dropdown');
    }
    dropdown.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function closeDropdown() {
    if (dropdown) dropdown.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  }

  function showError(err) {
    var msg = 'Search is unavailable (' + (err && err.message || err) + ').';
    if (resultsBox) resultsBox.textContent = msg;
    else if (window.console) console.warn(msg);
  }
})();
