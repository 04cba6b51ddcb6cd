/*
 * wikisite search engine: reads the static index in <site>/search/ (format
 * version 2, see docs/search-index.md) and ranks documents for a query.
 *
 * No dependencies, no DOM. The engine is handed a `load(key)` function that
 * returns a Promise of the payload a shard file registers, so the same code
 * runs in the browser (script-tag injection, which also works from file://)
 * and under Node (fs + vm, see scripts/eval/search_eval.mjs).
 *
 * The normaliser below (fold, analyze, stem, STOP_WORDS) must stay identical
 * to the indexer's (Search/SearchText.swift, Support/ScalarFold.swift and
 * Support/StopWords.swift under Sources/WikiSite/); Tests/js/
 * checks them against each other on an index the wikisite binary built.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.WikiSearchEngine = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var FORMAT_VERSION = 2;

  // ---------------------------------------------------------- query tuning
  // Query-time knobs (build-time ones live in the index). Chosen on the
  // tubegraph relevance set, but each encodes a generic rule, not a query.
  // createEngine({tuning: {...}}) overrides them (tests, experiments).
  var DEFAULTS = {
    prefixWeight: 0.5,   // a completion of the word being typed, below an exact match
    prefixMax: 8,        // completions kept (most frequent first)
    prefixMin: 2,        // shortest last word that is completed
    prefixShards: 6,     // dictionary shards one completion may read
    prefixMinRatio: 0.25, // completions must have df >= ratio x df of the typed word itself
    prefixIdf: 'max',    // idf of the word being typed: 'max' (its most common reading), 'sum', 'own'
    typoWeight: 0.5,     // weight of a correction, divided by the edit distance ...
    typoAbsent: 0.9,     // ... or this when the word itself is not in the index
    variantRoot: 5,      // shortest root for other forms of a word
    typoMax: 3,          // corrections kept per word
    typoLen1: 5,         // words of 5+ letters tolerate 1 edit ...
    typoLen2: 9,         // ... and 9+ letters 2
    typoSkipDf: 20,      // a word found in this many articles is taken as correctly spelled
    variantWeight: 0.6,  // other forms of a word (negotiate -> negotiation), see VARIANT_SUFFIXES
    variantMax: 6,
    weakWeight: 0.3,     // filler words of questions ("good", "best", "work"), see WEAK_WORDS
    siblingRatio: 0.5,   // a video's other articles are listed with its best one if they score >= ratio x best ...
    siblingWindow: 10    // ... and rank in the top siblingWindow articles overall (else under "more")
  };
  // Suffixes that make "the same word" for query expansion. A query word is
  // reduced to roots by removing any of them (root >= variantRoot letters), and index
  // terms equal to a root + one of them are its variants. Query-side only:
  // the index keeps the light plural stemmer.
  var VARIANT_SUFFIXES = ['e', 'ed', 'er', 'or', 'ing', 'ion', 'ation', 'ate', 'ated', 'ating', 'ive',
    'ment', 'al', 'ly', 'ity', 'ize', 'ized', 'izing', 'ization', 'ic', 'ical'];
  // Words that carry little meaning in natural-language queries. They still
  // count, with weakWeight, as long as the query has other words.
  var WEAK_WORDS = new Set(('get getting good best better way thing really know need use used using ' +
    'make making work working keep much many lot actually tell mean possible').split(' '));

  // ---------------------------------------------------------- normaliser
  var STOP_WORDS = new Set((
    'a about above after again against all also am an and any are as at be because been ' +
    'before being below between both but by can could did do does doing down during e each ' +
    'few for from further g had has have having he her here hers herself him himself his how ' +
    'i if in into is it its itself just me more most my myself no nor not of off on once ' +
    'only or other our ours ourselves out over own same she should so some such than that ' +
    'the their theirs them themselves then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you ' +
    'your yours yourself yourselves').split(' '));
  var MAX_TERM_LEN = 32;
  var EXTRA_FOLD = { '\u00df': 'ss', '\u00e6': 'ae', '\u0153': 'oe', '\u00f8': 'o', '\u0111': 'd',
    '\u00f0': 'd', '\u0142': 'l', '\u00fe': 'th', '\u0131': 'i', '\u03c2': '\u03c3' };
  var CJK_CLASS = '\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af';
  var RE_LNM = /[\p{L}\p{N}\p{M}]/u;
  var RE_MN = /\p{Mn}/u;
  var RE_CF = /\p{Cf}/u;

  function isCJK(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xac00 && cp <= 0xd7af);
  }
  function isAsciiAlnum(cp) {
    return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  }
  function isWordChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 128) return isAsciiAlnum(cp);
    if (cp > 0xffff) return false;
    return RE_LNM.test(ch);
  }

  var foldCache = new Map();
  /** One scalar -> a string of word characters, "'" and spaces (spec: "Folding"). */
  function foldChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 128) {
      if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
      return isAsciiAlnum(cp) || cp === 39 ? ch : ' ';
    }
    var hit = foldCache.get(cp);
    if (hit !== undefined) return hit;
    var out;
    if (cp === 0x2019 || cp === 0x2018 || cp === 0x02bc) out = "'";
    else if (cp > 0xffff) out = ' ';     // astral: emoji, rare ideographs -> separators
    else if (isCJK(cp)) out = ch;
    else if (RE_CF.test(ch)) out = '';   // ZWSP, bidi isolates, soft hyphen: invisible
    else {
      out = '';
      for (var d of ch.normalize('NFKD')) {
        if (RE_MN.test(d)) continue;     // combining accents: é -> e, ğ -> g
        for (var lo of d.toLowerCase()) {
          for (var x of (EXTRA_FOLD[lo] || lo)) {
            out += (x === "'" || isWordChar(x) || isCJK(x.codePointAt(0))) ? x : ' ';
          }
        }
      }
    }
    foldCache.set(cp, out);
    return out;
  }

  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 128) {
        out += (c >= 65 && c <= 90) ? String.fromCharCode(c + 32) : (isAsciiAlnum(c) || c === 39) ? text[i] : ' ';
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        out += foldChar(text.slice(i, i + 2)); i++;
      } else {
        out += foldChar(text[i]);
      }
    }
    return out;
  }

  /** Plural/possessive-only stemmer (spec: "Stemming"). */
  function stem(t) {
    var n = t.length;
    if (n < 4 || t[n - 1] !== 's') return t;
    if (n >= 5 && t.endsWith('ies') && !t.endsWith('eies') && !t.endsWith('aies')) return t.slice(0, -3) + 'y';
    if (t.endsWith('sses') || t.endsWith('ches') || t.endsWith('shes') || t.endsWith('xes')) return t.slice(0, -2);
    if (t.endsWith('us') || t.endsWith('ss') || t.endsWith('is')) return t;
    return t.slice(0, -1);
  }

  var WORD_RE = new RegExp('[' + CJK_CLASS + ']+|[^ \'' + CJK_CLASS + "]+(?:'[^ '" + CJK_CLASS + ']+)*', 'g');

  /**
   * Text -> [{raw, term, cjk}]: raw is the folded word (apostrophes resolved,
   * not stemmed), term the index term or null for stop words / overlong words.
   */
  function analyze(text) {
    var out = [];
    var f = fold(text);
    var m;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(f)) !== null) {
      var w = m[0];
      if (isCJK(w.charCodeAt(0))) {
        if (w.length === 1) out.push({ raw: w, term: w, cjk: true });
        for (var i = 0; i + 1 < w.length; i++) out.push({ raw: w.slice(i, i + 2), term: w.slice(i, i + 2), cjk: true });
        continue;
      }
      if (w.indexOf("'") >= 0) {
        var parts = w.split("'");
        if (parts[parts.length - 1] === 's') parts.pop();   // possessive
        w = parts.join('');                                  // don't -> dont
      }
      out.push({ raw: w, term: (w.length > MAX_TERM_LEN || STOP_WORDS.has(w)) ? null : stem(w), cjk: false });
    }
    return out;
  }

  function tokenize(text) {
    var out = [];
    for (var t of analyze(text)) if (t.term) out.push(t.term);
    return out;
  }

  // ---------------------------------------------------------- varints
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var B64_DEC = new Int8Array(128).fill(-1);
  for (var bi = 0; bi < 64; bi++) B64_DEC[B64.charCodeAt(bi)] = bi;

  /** Reads one varint of s at cur.i (5 payload bits per char, least significant first). */
  function readVarint(s, cur) {
    var v = 0, shift = 0, c;
    do {
      c = B64_DEC[s.charCodeAt(cur.i++)];
      if (c === undefined || c < 0) throw new Error('bad varint at ' + (cur.i - 1));
      v += (c & 31) * Math.pow(2, shift);
      shift += 5;
    } while (c & 32);
    return v;
  }
  function writeVarint(v, out) {
    var s = '';
    while (v >= 32) { s += B64[32 | (v & 31)]; v = Math.floor(v / 32); }
    s += B64[v];
    if (out) out.push(s);
    return s;
  }
  /**
   * Postings: per document varint(((doc - prev - 1) << 5) | impact), doc
   * ascending, each followed by varint(section) in lists that carry sections
   * (inline lists and heads; pass secs to read them, -1 for none).
   */
  function decodePostings(s, cur, count, docs, imps, secs, withSections) {
    var prev = -1;
    for (var k = 0; (count < 0 ? cur.i < s.length : k < count); k++) {
      var v = readVarint(s, cur);
      prev = prev + 1 + Math.floor(v / 32);
      docs.push(prev);
      imps.push(v & 31);
      if (withSections) { var sec = readVarint(s, cur); if (secs) secs.push(sec); }
      else if (secs) secs.push(-1);
    }
  }
  /** list: [[doc, impact, section]]; sections written when withSections. */
  function encodePostings(list, withSections) {
    var out = [], prev = -1;
    for (var p of list) {
      writeVarint(((p[0] - prev - 1) * 32) + p[1], out);
      if (withSections) writeVarint(p[2] || 0, out);
      prev = p[0];
    }
    return out.join('');
  }

  /** Dictionary / typo-bucket payload -> entries {term, df, at} (at: start of inline postings). */
  function parseTermList(s, inlineMaxDf) {
    var entries = [], cur = { i: 0 }, prev = '';
    while (cur.i < s.length) {
      var k = readVarint(s, cur);
      var sp = s.indexOf(' ', cur.i);
      var term = prev.slice(0, k) + s.slice(cur.i, sp);
      cur.i = sp + 1;
      var df = readVarint(s, cur);
      var e = { term: term, df: df, at: -1 };
      if (inlineMaxDf >= 0 && df <= inlineMaxDf) {
        e.at = cur.i;
        for (var j = 0; j < 2 * df; j++) readVarint(s, cur);   // postings with their sections
      }
      entries.push(e);
      prev = term;
    }
    return entries;
  }

  // ---------------------------------------------------------- edit distance
  /** Optimal-string-alignment distance (a swap of neighbours costs 1), or max+1 if above max. */
  function editDistance(a, b, max) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > max) return max + 1;
    var prev2 = null, prev = new Array(lb + 1), curr;
    for (var j = 0; j <= lb; j++) prev[j] = j;
    for (var i = 1; i <= la; i++) {
      curr = new Array(lb + 1);
      curr[0] = i;
      var rowMin = i;
      for (j = 1; j <= lb; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        curr[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev; prev = curr;
    }
    return prev[lb];
  }

  // ---------------------------------------------------------- HTML helpers
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function escapeHtml(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }

  /** Relative href of a document: every path segment percent-encoded, so a
   *  hostile folder name can never become a "javascript:" or absolute URL. */
  function docHref(root, url) {
    return (root || '') + url.split('/').map(encodeURIComponent).join('/');
  }

  /** The id a page gives a heading of ASCII text (the store spells out every other id). */
  function headingId(text) {
    return (String(text).toLowerCase().match(/[a-z0-9]+/g) || []).join('-').slice(0, 80) || 'section';
  }

  // A "word" for highlighting: letters, digits, marks and inner apostrophes.
  var HL_WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019\u02bc][\p{L}\p{N}\p{M}]+)*/gu;

  /** -> [{start, end, terms}] spans of the original text with their index terms. */
  function wordSpans(text) {
    var spans = [], m;
    HL_WORD.lastIndex = 0;
    while ((m = HL_WORD.exec(text)) !== null) {
      var w = m[0], start = m.index;
      // split CJK from the rest so that each CJK character can be marked alone
      var re = new RegExp('[' + CJK_CLASS + ']+|[^' + CJK_CLASS + ']+', 'g'), sm;
      while ((sm = re.exec(w)) !== null) {
        var seg = sm[0], s0 = start + sm.index;
        if (isCJK(seg.charCodeAt(0))) {
          for (var i = 0; i < seg.length; i++) {
            var grams = [];
            if (seg.length === 1) grams.push(seg);
            if (i + 1 < seg.length) grams.push(seg.slice(i, i + 2));
            if (i > 0) grams.push(seg.slice(i - 1, i + 1));
            spans.push({ start: s0 + i, end: s0 + i + 1, terms: grams, raws: [] });
          }
        } else {
          var an = analyze(seg), terms = [], raws = [];
          for (var t of an) { if (t.term) terms.push(t.term); raws.push(t.raw); }
          spans.push({ start: s0, end: s0 + seg.length, terms: terms, raws: raws });
        }
      }
    }
    return spans;
  }

  /**
   * HTML for `text` with matched words in <mark>: the whole text when maxLen
   * is 0, else a window of about maxLen characters around the densest cluster
   * of matches. Everything taken from the text is escaped.
   */
  function highlight(text, matcher, maxLen) {
    text = String(text || '');
    var spans = wordSpans(text);
    var hits = spans.filter(function (s) { return matcher(s); });
    var from = 0, to = text.length;
    if (maxLen && text.length > maxLen) {
      var best = -1, bestStart = 0;
      for (var h = 0; h < hits.length; h++) {
        var start = Math.max(0, hits[h].start - 40), seen = new Set();
        for (var k = h; k < hits.length && hits[k].end <= start + maxLen; k++) seen.add(text.slice(hits[k].start, hits[k].end).toLowerCase());
        if (seen.size > best) { best = seen.size; bestStart = start; }
      }
      from = bestStart;
      if (from > 0) {                      // start on a word boundary
        var sp = text.indexOf(' ', from);
        from = (sp >= 0 && sp < from + 20) ? sp + 1 : from;
      }
      to = Math.min(text.length, from + maxLen);
      if (to < text.length) {
        var cut = text.lastIndexOf(' ', to);
        if (cut > from + maxLen / 2) to = cut;
      }
    }
    var html = from > 0 ? '\u2026' : '', pos = from;
    for (var s of hits) {
      if (s.start < from || s.end > to) continue;
      html += escapeHtml(text.slice(pos, s.start)) + '<mark>' + escapeHtml(text.slice(s.start, s.end)) + '</mark>';
      pos = s.end;
    }
    html += escapeHtml(text.slice(pos, to)) + (to < text.length ? '\u2026' : '');
    return html;
  }

  // ---------------------------------------------------------- engine
  /**
   * createEngine({load}) -> engine. load(key) returns a Promise of the value
   * the file <key>.js registers (key like "manifest", "t/12", "p/3-4").
   */
  function createEngine(options) {
    var load = options.load;
    var T = Object.assign({}, DEFAULTS, options.tuning || {});
    var cache = new Map();
    var manifest = null, videoOf = null, channelOf = null;
    var dictParsed = new Map();

    function get(key) {
      var p = cache.get(key);
      if (!p) {
        p = Promise.resolve().then(function () { return load(key); });
        cache.set(key, p);
        p.catch(function () { cache.delete(key); });
      }
      return p;
    }

    function init() {
      if (manifest) return Promise.resolve(manifest);
      return get('manifest').then(function (m) {
        if (!m || m.version !== FORMAT_VERSION) throw new Error('search index: unsupported format ' + (m && m.version));
        manifest = m;
        // dictionary shard n > 0 starts at separator key n; shard 0 at the beginning
        m.dictKeys = [''].concat(m.dict ? m.dict.split(' ') : []);
        // video number of every document, from the "first of its video" bitmap
        videoOf = new Int32Array(m.docs);
        var v = -1;
        for (var i = 0; i < m.docs; i++) {
          if ((B64_DEC[m.videos.charCodeAt((i / 6) | 0)] >> (i % 6)) & 1) v++;
          videoOf[i] = v;
        }
        channelOf = new Int32Array(m.docs);
        for (var c = 0; c < m.channels.length; c++) {
          var end = c + 1 < m.channels.length ? m.channels[c + 1][1] : m.docs;
          for (var d = m.channels[c][1]; d < end; d++) channelOf[d] = c;
        }
        return m;
      });
    }

    /** index of the dictionary shard that holds term t (last shard whose first term <= t) */
    function shardOf(t) {
      var firsts = manifest.dictKeys, lo = 0, hi = firsts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (firsts[mid] <= t) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    function dictShard(n) {
      var hit = dictParsed.get(n);
      if (hit) return hit;
      var p = get('t/' + n).then(function (s) {
        var entries = parseTermList(s, manifest.inline), map = new Map();
        entries.forEach(function (e, j) { e.shard = n; e.index = j; e.payload = s; map.set(e.term, e); });
        return { entries: entries, map: map };
      });
      dictParsed.set(n, p);
      p.catch(function () { dictParsed.delete(n); });
      return p;
    }

    function lookup(t) {
      return dictShard(shardOf(t)).then(function (d) { return d.map.get(t) || null; });
    }

    /** all dictionary entries starting with prefix p (null when the range is too wide) */
    function completions(p) {
      var a = shardOf(p), b = shardOf(p + '\uffff');
      if (b - a + 1 > T.prefixShards) return Promise.resolve(null);
      var loads = [];
      for (var n = a; n <= b; n++) loads.push(dictShard(n));
      return Promise.all(loads).then(function (ds) {
        var out = [];
        ds.forEach(function (d) { d.entries.forEach(function (e) { if (e.term.startsWith(p)) out.push(e); }); });
        return out;
      });
    }

    function typoBucket(c, len) {
      var r = manifest.typo[c];
      if (!r || len < r[0] || len > r[1]) return Promise.resolve([]);
      return get('f/' + c.codePointAt(0).toString(16) + '-' + len).then(function (s) { return parseTermList(s, -1); });
    }

    /** postings of a dictionary entry: {docs, imps, secs}; full=false reads only the head file */
    function postings(e, full) {
      var docs = [], imps = [], secs = [];
      if (e.at >= 0) {
        decodePostings(e.payload, { i: e.at }, e.df, docs, imps, secs, true);
        return Promise.resolve({ docs: docs, imps: imps, secs: secs });
      }
      var key = 'p/' + e.shard + '-' + e.index;
      var keys = [key];
      if (full && e.df > manifest.head) keys.push(key + 't');
      return Promise.all(keys.map(get)).then(function (parts) {
        // the head carries sections, the tail does not (-1)
        parts.forEach(function (s, i) { decodePostings(s, { i: 0 }, -1, docs, imps, secs, i === 0); });
        return { docs: docs, imps: imps, secs: secs };
      });
    }

    function idf(df) {
      var n = manifest.docs;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /**
     * Query -> clauses. One clause per query word (after stop words), made of
     * alternatives: the exact term (weight 1), other forms of the word,
     * typo corrections and, for the last word while it is being typed,
     * completions. A document scores the best alternative of each clause;
     * clauses add up, so a document need not match every word.
     */
    function plan(query) {
      var words = analyze(query);
      var typing = !/\s$/.test(query);
      var clauses = [], seen = new Set();
      words.forEach(function (w, idx) {
        var isLast = idx === words.length - 1;
        // a finished stop word ("... for you") is not completed: it is far
        // more often a whole word than the start of another one
        var prefix = (isLast && typing && !w.cjk && w.raw.length >= T.prefixMin && !STOP_WORDS.has(w.raw)) ? w.raw : null;
        if (!w.term && !prefix) return;
        var key = (w.term || '') + '|' + (prefix || '');
        if (seen.has(key)) return;
        seen.add(key);
        clauses.push({ word: w.raw, term: w.term, prefix: prefix, cjk: w.cjk, weak: WEAK_WORDS.has(w.term), alts: [] });
      });
      if (clauses.some(function (c) { return !c.weak; })) {
        clauses.forEach(function (c) { c.weight = c.weak ? T.weakWeight : 1; });
      } else clauses.forEach(function (c) { c.weight = 1; });
      return clauses;
    }

    function addAlt(cl, entry, weight, kind, full) {
      for (var a of cl.alts) {
        if (a.entry.term === entry.term) {
          if (weight > a.weight) { a.weight = weight; a.kind = kind; }
          a.full = a.full || full;
          return;
        }
      }
      cl.alts.push({ entry: entry, weight: weight, kind: kind, full: full });
    }

    function variantRoots(t) {
      var roots = [t];
      VARIANT_SUFFIXES.forEach(function (suf) {
        if (t.length - suf.length >= T.variantRoot && t.endsWith(suf)) roots.push(t.slice(0, t.length - suf.length));
      });
      return roots;
    }

    function expandClause(cl) {
      var t = cl.term;
      return (t ? lookup(t) : Promise.resolve(null)).then(function (e) {
        var ownDf = e ? e.df : 0;
        cl.df = ownDf;
        if (e) addAlt(cl, e, 1, 'exact', true);
        var jobs = [];
        var wordy = t && !cl.cjk && !/[0-9]/.test(t);
        // other forms of the same word
        if (wordy && T.variantWeight > 0 && t.length >= 5) {
          var roots = variantRoots(t), found = new Map();
          jobs.push(Promise.all(roots.map(function (r) {
            return completions(r).then(function (list) {
              (list || []).forEach(function (c) {
                var rest = c.term.slice(r.length);
                if (c.term !== t && VARIANT_SUFFIXES.indexOf(rest) >= 0) found.set(c.term, c);
              });
            });
          })).then(function () {
            Array.from(found.values()).sort(byDf).slice(0, T.variantMax).forEach(function (c) {
              addAlt(cl, c, T.variantWeight, 'variant', false);
            });
          }));
        }
        // completions of the word being typed
        var completed = Promise.resolve(0);
        if (cl.prefix) {
          completed = completions(cl.prefix).then(function (list) {
            if (!list) return 0;
            // when the letters typed so far already form a common word, only
            // completions at least a fraction as common are plausible
            var minDf = ownDf * T.prefixMinRatio;
            list = list.filter(function (c) { return c.term !== t && c.df >= minDf; }).sort(byDf).slice(0, T.prefixMax);
            list.forEach(function (c) { addAlt(cl, c, T.prefixWeight, 'prefix', false); });
            return list.length;
          });
        }
        jobs.push(completed);
        // typo corrections: only for words the index does not know well, and
        // for the word being typed only when nothing completes it
        // (the length limits apply to the word as typed, before stemming)
        var typed = cl.word.length;
        if (wordy && typed >= T.typoLen1 && ownDf < T.typoSkipDf && manifest.typo[t[0]]) {
          jobs.push(completed.then(function (nCompleted) {
            if (nCompleted > 0) return null;
            return corrections(t, typed >= T.typoLen2 ? 2 : 1, ownDf).then(function (cands) {
              return Promise.all(cands.map(function (c) {
                return lookup(c.term).then(function (ce) {
                  if (ce) addAlt(cl, ce, (ownDf ? T.typoWeight : T.typoAbsent) / c.dist, 'typo', false);
                });
              }));
            });
          }));
        }
        return Promise.all(jobs);
      });
    }

    function byDf(a, b) { return b.df - a.df || (a.term < b.term ? -1 : 1); }

    /** index terms within the edit-distance limit of t that are more frequent than t */
    function corrections(t, maxd, ownDf) {
      var buckets = [];
      for (var len = t.length - maxd; len <= t.length + maxd; len++) buckets.push(typoBucket(t[0], len));
      return Promise.all(buckets).then(function (lists) {
        var cands = [];
        lists.forEach(function (list) {
          list.forEach(function (c) {
            if (c.df <= ownDf || c.term === t) return;
            var d = editDistance(t, c.term, maxd);
            if (d <= maxd) cands.push({ term: c.term, df: c.df, dist: d });
          });
        });
        cands.sort(function (a, b) { return a.dist - b.dist || byDf(a, b); });
        return cands.slice(0, T.typoMax);
      });
    }

    /**
     * search(query, {channel}) -> Promise<{query, clauses, docs:[{id, score}],
     * groups:[{video, score, docs:[{id, score}], more:[...]}]}>.
     * channel: a channel name from the manifest to filter on (optional).
     */
    function search(query, opts) {
      opts = opts || {};
      return init().then(function () {
        var clauses = plan(String(query || ''));
        return Promise.all(clauses.map(expandClause)).then(function () {
          return Promise.all(clauses.map(function (cl) {
            return Promise.all(cl.alts.map(function (a) {
              return postings(a.entry, a.full).then(function (p) { a.postings = p; });
            }));
          }));
        }).then(function () { return rank(query, clauses, opts); });
      });
    }

    function rank(query, clauses, opts) {
      var n = manifest.docs, q = manifest.quant;
      var scores = new Float64Array(n);
      var best = new Float64Array(n);
      var bestSec = new Int32Array(n);
      var touched = [];
      clauses.forEach(function (cl) {
        var local = [];
        // doc -> [section, score] where the clause's best alternative matched it (section > 0)
        cl.sections = new Map();
        var exactIdf = cl.df ? idf(cl.df) : Infinity;
        // The word being typed stands for all its completions: while "dev"
        // may become "development", a rare exact "dev" must not outweigh the
        // other words, so the clause takes the idf of its most common reading.
        var clauseIdf = Infinity;
        if (cl.prefix && T.prefixIdf !== 'own') {
          var maxDf = 0, sumDf = 0;
          cl.alts.forEach(function (a) { if (a.kind === 'exact' || a.kind === 'prefix') { maxDf = Math.max(maxDf, a.entry.df); sumDf += a.entry.df; } });
          if (maxDf) clauseIdf = idf(T.prefixIdf === 'sum' ? Math.min(sumDf, manifest.docs) : maxDf);
        }
        cl.alts.forEach(function (a) {
          // another form or completion never counts as rarer than the word typed
          var i = Math.min(idf(a.entry.df), clauseIdf);
          if (a.kind === 'variant' || a.kind === 'prefix') i = Math.min(i, exactIdf);
          var w = cl.weight * a.weight * i, docs = a.postings.docs, imps = a.postings.imps, secs = a.postings.secs;
          for (var k = 0; k < docs.length; k++) {
            var d = docs[k], v = w * (imps[k] + 0.5) / q;
            if (best[d] === 0) local.push(d);
            if (v > best[d]) { best[d] = v; bestSec[d] = secs[k]; }
          }
        });
        for (var k = 0; k < local.length; k++) {
          var d = local[k];
          if (scores[d] === 0) touched.push(d);
          scores[d] += best[d];
          if (bestSec[d] > 0) cl.sections.set(d, [bestSec[d], best[d]]);
          best[d] = 0;
          bestSec[d] = 0;
        }
      });
      var chan = -1;
      if (opts.channel) {
        manifest.channels.forEach(function (c, i) { if (c[0] === opts.channel) chan = i; });
        if (chan < 0) touched = [];
      }
      var ranked = [];
      touched.forEach(function (d) { if (chan < 0 || channelOf[d] === chan) ranked.push({ id: d, score: scores[d] }); });
      ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      // group per video, in the order of each video's best article
      var groups = [], byVideo = new Map();
      ranked.forEach(function (r, pos) {
        var v = videoOf[r.id], g = byVideo.get(v);
        if (!g) { g = { video: v, score: r.score, docs: [r], more: [] }; byVideo.set(v, g); groups.push(g); }
        else if (pos < T.siblingWindow && r.score >= T.siblingRatio * g.score) g.docs.push(r);
        else g.more.push(r);
      });
      return { query: query, clauses: clauses, docs: ranked, groups: groups };
    }

    /** document records {id, url, title, text, channel, headings: [{text, id}]} for doc ids */
    function getDocs(ids) {
      return init().then(function () {
        var b = manifest.block;
        return Promise.all(ids.map(function (id) {
          return get('d/' + Math.floor(id / b)).then(function (block) {
            var r = block[id % b];
            var headings = (r[3] || []).map(function (h) {
              return typeof h === 'string' ? { text: h, id: headingId(h) } : { text: h[0], id: h[1] };
            });
            return { id: id, url: r[0], title: r[1], text: r[2], channel: manifest.channels[channelOf[id]][0], headings: headings };
          });
        }));
      });
    }

    /**
     * The sections of a shown document that match the query, best first, at
     * most max: [{text, id, score}] (heading text and the page's id for it).
     * A section is where a query word weighs most in the document (from the
     * postings); headings that hold a query word follow. Section 0, the text
     * before the first heading, is the article itself and never listed.
     */
    function subResults(result, doc, max) {
      var score = new Map();
      result.clauses.forEach(function (cl) {
        var hit = cl.sections && cl.sections.get(doc.id);
        if (hit) score.set(hit[0], (score.get(hit[0]) || 0) + hit[1]);
      });
      var order = Array.from(score.keys()).sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
      var match = matcher(result);
      doc.headings.forEach(function (h, i) {
        if (!score.has(i + 1) && wordSpans(h.text).some(match)) { order.push(i + 1); score.set(i + 1, 0); }
      });
      var out = [];
      order.forEach(function (s) {
        var h = doc.headings[s - 1];
        if (h && h.id && out.length < (max || 3)) out.push({ text: h.text, id: h.id, score: score.get(s) });
      });
      return out;
    }

    /**
     * The words a result's page should mark (?hl=): the query's words, and
     * the corrections and other forms of them that matched this document.
     */
    function markWords(result, docId) {
      var words = [];
      result.clauses.forEach(function (cl) {
        if (cl.word && words.indexOf(cl.word) < 0) words.push(cl.word);
        cl.alts.forEach(function (a) {
          if ((a.kind === 'typo' || a.kind === 'variant') && words.indexOf(a.entry.term) < 0 &&
              a.postings && a.postings.docs.indexOf(docId) >= 0) words.push(a.entry.term);
        });
      });
      return words.join(' ');
    }

    /** predicate over wordSpans() entries: does this word match the query? */
    function matcher(result) {
      var exact = new Set(), prefixes = [];
      result.clauses.forEach(function (cl) {
        cl.alts.forEach(function (a) { exact.add(a.entry.term); });
        if (cl.term) exact.add(cl.term);
        if (cl.prefix) prefixes.push(cl.prefix);
      });
      return function (span) {
        for (var t of span.terms) if (exact.has(t)) return true;
        for (var r of span.raws) for (var p of prefixes) if (r.startsWith(p)) return true;
        return false;
      };
    }

    return {
      init: init, search: search, getDocs: getDocs, matcher: matcher, subResults: subResults, markWords: markWords,
      get manifest() { return manifest; },
      loadedKeys: function () { return Array.from(cache.keys()); }
    };
  }

  /**
   * Browser loader: injects <script src="BASE + key + .js + suffix"> and
   * waits for its wikisearch.register() call. Script tags, unlike fetch(),
   * also work for pages opened from file://. suffix: a string or a function
   * of the key (e.g. "?v=<index id>" against stale caches).
   */
  function scriptLoader(base, suffix) {
    var pending = new Map();
    var g = typeof window !== 'undefined' ? window : self;
    var ws = g.wikisearch = g.wikisearch || {};
    ws.register = function (key, data) {
      var p = pending.get(key);
      if (p) { pending.delete(key); p.resolve(data); }
    };
    return function load(key) {
      return new Promise(function (resolve, reject) {
        pending.set(key, { resolve: resolve, reject: reject });
        var s = document.createElement('script');
        s.src = base + key + '.js' + ((typeof suffix === 'function' ? suffix(key) : suffix) || '');
        s.async = true;
        s.onload = function () {
          s.remove();
          if (pending.has(key)) { pending.delete(key); reject(new Error('search: ' + key + ' did not register')); }
        };
        s.onerror = function () { s.remove(); pending.delete(key); reject(new Error('search: cannot load ' + s.src)); };
        document.head.appendChild(s);
      });
    };
  }

  return {
    FORMAT_VERSION: FORMAT_VERSION, DEFAULTS: DEFAULTS,
    createEngine: createEngine, scriptLoader: scriptLoader,
    fold: fold, analyze: analyze, tokenize: tokenize, stem: stem, STOP_WORDS: STOP_WORDS,
    readVarint: readVarint, writeVarint: writeVarint, decodePostings: decodePostings,
    encodePostings: encodePostings, parseTermList: parseTermList,
    editDistance: editDistance, escapeHtml: escapeHtml, docHref: docHref, headingId: headingId,
    wordSpans: wordSpans, highlight: highlight
  };
});
