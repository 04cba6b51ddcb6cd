// Tests of the client-side search engine (templates/assets/search-engine.js).
// Run: node --test Tests/js/
//
// The ranking tests build a tiny index in the test itself, in the on-disk
// format of docs/search-index.md (with small shard limits so that every
// path is used: several dictionary shards, inline / head / head+tail
// postings, typo buckets, doc blocks), and serve it from memory. When
// python3 is available, the last tests also build a fixture corpus with the
// reference indexer (scripts/search-proto/build_index.py) and check that its
// normaliser agrees with the engine's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const E = require(path.join(repo, 'templates', 'assets', 'search-engine.js'));

// ------------------------------------------------------------------ fixture index
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PARAMS = { w: [8, 3, 1], b: [0.3, 0.4, 0.75], k1: 1.2, quant: 32, dictLimit: 60, inline: 2, head: 3, block: 2, typoMinDf: 1 };

function lcp(a, b) { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; }

/**
 * docs: [{channel, video, slug, title, headings: [..], body}] (already in
 * index order: channel, video, slug). Returns Map(key -> payload), the values
 * the shard files would register.
 */
function buildFixture(docs, p = PARAMS) {
  const N = docs.length, files = new Map();
  const len = [[], [], []], post = new Map();
  docs.forEach((d, i) => {
    const fields = [E.tokenize(d.title), E.tokenize((d.headings || []).join(' ')), E.tokenize(d.body || '')];
    fields.forEach((toks, f) => {
      len[f][i] = toks.length;
      for (const t of toks) {
        if (!post.has(t)) post.set(t, new Map());
        const m = post.get(t);
        if (!m.has(i)) m.set(i, [0, 0, 0]);
        m.get(i)[f]++;
      }
    });
  });
  const avg = [0, 1, 2].map((f) => len[f].reduce((a, b) => a + b, 0) / N);
  const impact = (i, tf) => {
    let tfw = 0;
    for (let f = 0; f < 3; f++) if (tf[f]) tfw += (p.w[f] * tf[f]) / ((1 - p.b[f]) + p.b[f] * (len[f][i] / avg[f]));
    return Math.min(p.quant - 1, Math.floor((tfw / (p.k1 + tfw)) * p.quant));
  };
  const terms = [...post.keys()].sort();
  const seps = [];
  let shard = [], shardLen = 0, prev = '', shardTerms = [];
  const flush = () => {
    const n = seps.length - 1;
    files.set('t/' + n, shard.join(''));
    shardTerms.forEach(([, list], j) => {
      if (list.length <= p.inline) return;
      let head = list;
      if (list.length > p.head) {
        const ranked = [...list].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        head = ranked.slice(0, p.head).sort((a, b) => a[0] - b[0]);
        files.set(`p/${n}-${j}t`, E.encodePostings(ranked.slice(p.head).sort((a, b) => a[0] - b[0])));
      }
      files.set(`p/${n}-${j}`, E.encodePostings(head));
    });
  };
  for (const t of terms) {
    const m = post.get(t);
    const list = [...m.keys()].sort((a, b) => a - b).map((i) => [i, impact(i, m.get(i))]);
    const entry = (pv) => {
      const k = lcp(pv, t);
      return E.writeVarint(k) + t.slice(k) + ' ' + E.writeVarint(list.length) + (list.length <= p.inline ? E.encodePostings(list) : '');
    };
    let e = entry(shard.length ? prev : '');
    if (shard.length && shardLen + Buffer.byteLength(e) > p.dictLimit) {
      flush();
      shard = []; shardTerms = []; shardLen = 0;
      e = entry('');
    }
    if (!shard.length) seps.push(seps.length ? t.slice(0, lcp(prev, t) + 1) : '');
    shard.push(e); shardTerms.push([t, list]); shardLen += Buffer.byteLength(e); prev = t;
  }
  if (shard.length) flush();
  // typo buckets
  const typo = {}, buckets = new Map();
  for (const t of terms) {
    if (t.length < 4 || t.length > 32 || post.get(t).size < p.typoMinDf || !/^\p{L}/u.test(t)) continue;
    const key = t[0] + '|' + t.length;
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key).push(t);
    const r = typo[t[0]] || (typo[t[0]] = [t.length, t.length]);
    r[0] = Math.min(r[0], t.length); r[1] = Math.max(r[1], t.length);
  }
  for (const [c, [lo, hi]] of Object.entries(typo)) {
    for (let n = lo; n <= hi; n++) {
      let s = '', pv = '';
      for (const t of buckets.get(c + '|' + n) || []) { const k = lcp(pv, t); s += E.writeVarint(k) + t.slice(k) + ' ' + E.writeVarint(post.get(t).size); pv = t; }
      files.set(`f/${c.codePointAt(0).toString(16)}-${n}`, s);
    }
  }
  for (let k = 0; k < N; k += p.block) {
    files.set('d/' + k / p.block, docs.slice(k, k + p.block).map((d) => [d.channel + '/' + d.slug + '/', d.title, d.body || '']));
  }
  const channels = [];
  let bits = '', acc = 0;
  docs.forEach((d, i) => {
    if (!channels.length || channels[channels.length - 1][0] !== d.channel) channels.push([d.channel, i]);
    if (i === 0 || d.video !== docs[i - 1].video) acc |= 1 << (i % 6);
    if (i % 6 === 5 || i === N - 1) { bits += B64[acc]; acc = 0; }
  });
  files.set('manifest', { version: 1, id: 'fixture', docs: N, quant: p.quant, inline: p.inline, head: p.head, block: p.block,
    dict: seps.slice(1).join(' '), typo, channels, videos: bits });
  return files;
}

function memoryEngine(files, tuning) {
  const loaded = [];
  const engine = E.createEngine({
    tuning,
    load: async (key) => {
      loaded.push(key);
      if (!files.has(key)) throw new Error('no such file: ' + key);
      return files.get(key);
    },
  });
  engine.loaded = loaded;
  return engine;
}

const FIXTURE = [
  // channel a, video v1: two articles of the same video
  { channel: 'a', video: 'v1', slug: 'quantum_error_correction', title: 'Quantum error correction',
    headings: ['Surface codes'], body: 'Quantum computers need error correction. Logical qubits are built from many physical qubits.' },
  { channel: 'a', video: 'v1', slug: 'qubits_and_noise', title: 'Qubits and noise',
    headings: ['Decoherence'], body: 'Noise destroys quantum states; error rates must fall below a threshold for quantum error correction to work.' },
  { channel: 'a', video: 'v2', slug: 'cooking_pasta', title: 'Cooking pasta',
    headings: ['Salt the water'], body: 'Boil the pasta in salted water. Quantum of salt: a pinch. Bolognese sauce goes well with it.' },
  { channel: 'a', video: 'v3', slug: 'schizophrenia_treatment', title: 'Schizophrenia treatment',
    headings: ['Medication'], body: 'Antipsychotic medication treats schizophrenia. Therapy helps patients with schizophrenia.' },
  { channel: 'b', video: 'v4', slug: 'quantization_of_models', title: 'Quantization of models',
    headings: ['Int8 quantization'], body: 'Quantization reduces the memory of language models. Quantized weights use fewer bits.' },
  { channel: 'b', video: 'v5', slug: 'error_handling', title: 'Error handling in code',
    headings: ['Exceptions'], body: 'Errors happen. Handle each error close to where it occurs; correction of bugs comes later.' },
  { channel: 'b', video: 'v6', slug: 'hostile', title: '<img src=x onerror="window.__pwned=1"> & friends',
    headings: ['<script>window.__pwned=1</script>'], body: 'A <script>window.__pwned=1</script> payload next to the word quantum & an "attribute" \'quote\'.' },
  { channel: 'b', video: 'v7', slug: 'erdogan', title: 'Erdoğan and Turkey',
    headings: ['Politics'], body: 'Recep Tayyip Erdoğan leads Türkiye. 光の未来 is a song.' },
];

// ------------------------------------------------------------------ normaliser
test('folding: case, diacritics both ways, special letters, invisible characters', () => {
  assert.equal(E.fold('Erdoğan'), 'erdogan');
  assert.equal(E.fold('POKÉMON'), 'pokemon');
  assert.equal(E.fold('Schrödinger'), 'schrodinger');
  assert.equal(E.fold('Straße Æther Øresund Łódź'), 'strasse aether oresund lodz');
  assert.equal(E.fold('idea of \u200b\u200bdemocracy'), 'idea of democracy');
  assert.equal(E.fold('\u2068cleoabram\u2069'), 'cleoabram');
  assert.equal(E.fold('ﬁnance ＡＢＣ'), 'finance abc');            // compatibility forms
  assert.equal(E.fold('a-b_c.d'), 'a b c d');                      // punctuation -> space
  assert.equal(E.fold('don\u2019t'), "don't");                      // typographic apostrophe
  assert.equal(E.fold('x😀y'), 'x y');                               // astral -> separator
  // query and document fold the same way, whichever side has the accent
  assert.deepEqual(E.tokenize('pokémon cards'), E.tokenize('Pokemon Cards'));
  assert.deepEqual(E.tokenize('gobekli tepe'), E.tokenize('Göbekli Tepe'));
});

test('tokenizer: stop words, apostrophes, stemming, CJK bigrams, other scripts', () => {
  assert.deepEqual(E.tokenize("Why did the world's zippers come from Japan?"), ['world', 'zipper', 'come', 'japan']);
  assert.deepEqual(E.tokenize("Moore's law; don't rock'n'roll"), ['moore', 'law', 'dont', 'rocknroll']);
  assert.deepEqual(E.tokenize('光の未来'), ['光の', 'の未', '未来']);
  assert.deepEqual(E.tokenize('光'), ['光']);
  assert.deepEqual(E.tokenize('AI時代'), ['ai', '時代']);
  assert.deepEqual(E.tokenize('Я тебя люблю'), ['я', 'тебя', 'люблю']);
  assert.deepEqual(E.tokenize('विद्या'), ['विदया']);          // virama (Mn) folded away, word kept whole
  assert.deepEqual(E.tokenize('a'.repeat(33) + ' ok'), ['ok']);   // overlong words dropped
  assert.deepEqual(E.tokenize('how does it work'), ['work']);
});

test('stemmer: plurals and possessives only', () => {
  const cases = { companies: 'company', series: 'sery', lies: 'lie', matches: 'match', processes: 'process',
    boxes: 'box', makes: 'make', models: 'model', analysis: 'analysis', bus: 'bus', virus: 'virus', glass: 'glass',
    ads: 'ads', gas: 'gas', news: 'new', chips: 'chip', quantum: 'quantum' };
  for (const [w, s] of Object.entries(cases)) assert.equal(E.stem(w), s, w);
});

// ------------------------------------------------------------------ encodings
test('varint round trip', () => {
  const values = [0, 1, 31, 32, 33, 1023, 1024, 32767, 32768, 1 << 20, (1 << 25) + 12345, 2 ** 31 + 7];
  const s = values.map((v) => E.writeVarint(v)).join('');
  const cur = { i: 0 };
  for (const v of values) assert.equal(E.readVarint(s, cur), v);
  assert.equal(cur.i, s.length);
  assert.equal(E.writeVarint(0), 'A');
  assert.equal(E.writeVarint(31), 'f');
  assert.equal(E.writeVarint(32), 'gB');                    // 32 = 0 + 1*32: 'g' (0|continuation), 'B' (1)
  assert.throws(() => E.readVarint('!', { i: 0 }));
});

test('postings: delta + impact round trip', () => {
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let round = 0; round < 50; round++) {
    const docs = new Set();
    const n = 1 + rnd(300);
    while (docs.size < n) docs.add(rnd(20000));
    const list = [...docs].sort((a, b) => a - b).map((d) => [d, rnd(32)]);
    const s = E.encodePostings(list);
    const d = [], q = [];
    E.decodePostings(s, { i: 0 }, -1, d, q);
    assert.deepEqual(d, list.map((x) => x[0]));
    assert.deepEqual(q, list.map((x) => x[1]));
  }
  // consecutive documents with impact < 32 take one character each
  assert.equal(E.encodePostings([[0, 5], [1, 6], [2, 7]]).length, 3);
});

test('term lists: front coding with inline postings', () => {
  const s = E.writeVarint(0) + 'quantum ' + E.writeVarint(2) + E.encodePostings([[3, 9], [10, 31]]) +
    E.writeVarint(5) + 'ization ' + E.writeVarint(40);
  const entries = E.parseTermList(s, 32);
  assert.deepEqual(entries.map((e) => [e.term, e.df]), [['quantum', 2], ['quantization', 40]]);
  assert.equal(entries[1].at, -1);
  const d = [], q = [];
  E.decodePostings(s, { i: entries[0].at }, 2, d, q);
  assert.deepEqual([d, q], [[3, 10], [9, 31]]);
});

// ------------------------------------------------------------------ ranking
test('BM25F: title beats headings beats body; more matching words rank higher', async () => {
  const docs = [
    { channel: 'c', video: '1', slug: 'x1', title: 'Sauna and health', headings: [], body: 'Some text about the weather.' },
    { channel: 'c', video: '2', slug: 'x2', title: 'Weather', headings: ['Sauna'], body: 'Some text about health and weather.' },
    { channel: 'c', video: '3', slug: 'x3', title: 'Weather report', headings: ['Rain'], body: 'A sauna is mentioned once, health too, in a longer body of text about many other things entirely.' },
    { channel: 'c', video: '4', slug: 'x4', title: 'Weather today', headings: ['Sun'], body: 'Nothing relevant in this one except weather and more weather.' },
  ];
  const eng = memoryEngine(buildFixture(docs));
  const res = await eng.search('sauna health ');
  assert.deepEqual(res.docs.map((d) => d.id), [0, 1, 2]);
  assert.ok(res.docs[0].score > res.docs[1].score && res.docs[1].score > res.docs[2].score);
  // not every word has to match, but matching more scores more
  const res2 = await eng.search('sauna rain ');
  assert.equal(res2.docs[0].id, 2);
});

test('index files are loaded lazily and only as needed', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  await eng.init();
  assert.deepEqual(eng.loaded, ['manifest']);
  await eng.search('schizophrenia ');
  assert.ok(eng.loaded.every((k) => k === 'manifest' || /^[tpf]\//.test(k)), eng.loaded.join());
  assert.ok(!eng.loaded.some((k) => k.startsWith('d/')), 'no document store before display');
});

test('head and tail postings: exact words read both, alternatives only the head', async () => {
  const files = buildFixture(FIXTURE);
  assert.ok([...files.keys()].some((k) => /^p\/\d+-\d+t$/.test(k)), 'fixture has split postings');
  const eng = memoryEngine(files);
  const res = await eng.search('quantum ');
  // "quantum" is in 4 documents (head 3 + tail 1): all are found
  assert.equal(res.docs.length, 4);
  assert.ok(eng.loaded.some((k) => k.endsWith('t')));
});

test('prefix matching applies to the last word only, below exact matches', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  let res = await eng.search('quantiz');
  assert.equal(res.docs[0].id, 4);                                   // quantization
  assert.equal(res.clauses[0].alts.find((a) => a.entry.term === 'quantization').weight < 1, true);
  res = await eng.search('schizo');
  assert.deepEqual(res.docs.map((d) => d.id), [3]);                   // completed while typing ...
  res = await eng.search('schizo ');                                  // ... but not once the word is finished
  assert.equal(res.docs.length, 0);
  res = await eng.search('schizo treatment');                         // nor when it is not the last word
  assert.deepEqual(res.docs.map((d) => d.id), [3]);                   // (found through "treatment" only)
  assert.equal(res.clauses.find((c) => c.word === 'schizo').alts.length, 0);
  res = await eng.search('quantum err');
  const alts = res.clauses[1].alts;
  assert.ok(alts.some((a) => a.entry.term === 'error' && a.kind === 'prefix' && a.weight < 1));
  assert.deepEqual(res.docs.slice(0, 2).map((d) => d.id).sort(), [0, 1]);
});

test('typo tolerance: 1 edit from 5 letters, 2 from 9, none below 5; swaps count 1', async () => {
  assert.equal(E.editDistance('haung', 'huang', 2), 1);              // transposition
  assert.equal(E.editDistance('intermitent', 'intermittent', 2), 1);
  assert.equal(E.editDistance('shizophrenia', 'schizophrenia', 2), 1);
  assert.equal(E.editDistance('kitten', 'sitting', 2), 3 > 2 ? 3 : 3);  // capped at max + 1
  assert.equal(E.editDistance('abc', 'abcdef', 2), 3);

  const eng = memoryEngine(buildFixture(FIXTURE));
  const top = async (q) => (await eng.search(q)).docs.map((d) => d.id);
  assert.deepEqual((await top('shizophrenia ')).slice(0, 1), [3]);   // 12 letters, 1 edit
  assert.deepEqual((await top('schizofrenia ')).slice(0, 1), [3]);   // 12 letters, 2 edits
  assert.deepEqual(await top('shizofrenia '), []);                    // 3 edits: too far
  assert.deepEqual((await top('erors ')).sort(), [0, 1, 5]);         // erors -> error (5 letters as typed, 1 edit)
  assert.deepEqual(await top('eror '), []);                           // 4 letters: no tolerance
  assert.deepEqual(await top('bolgnesee '), [2]);                     // 9 letters, 2 edits
  assert.deepEqual(await top('bolgnee '), []);                        // 7 letters, 2 edits: too far
  // a correction never outranks an exact match of the same strength
  const res = await eng.search('erors ');
  const alt = res.clauses[0].alts.find((a) => a.entry.term === 'error');
  assert.equal(alt.kind, 'typo');
  assert.ok(alt.weight < 1);
});

test('diacritics and CJK in queries', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  assert.equal((await eng.search('erdogan ')).docs[0].id, 7);
  assert.equal((await eng.search('ERDOĞAN ')).docs[0].id, 7);
  assert.equal((await eng.search('未来')).docs[0].id, 7);
  assert.equal((await eng.search('光の未来')).docs[0].id, 7);
});

test('stop-word-only and empty queries return nothing', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  assert.equal((await eng.search('')).docs.length, 0);
  assert.equal((await eng.search('what is the ')).docs.length, 0);
});

test('results are grouped per video; channel filter', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  const res = await eng.search('quantum error correction');
  const g = res.groups[0];
  assert.deepEqual(g.docs.map((d) => d.id).sort(), [0, 1]);          // both articles of video v1
  assert.equal(new Set(res.groups.map((x) => x.video)).size, res.groups.length);
  for (const grp of res.groups) for (const d of grp.docs.concat(grp.more)) assert.equal(res.groups.indexOf(grp), res.groups.findIndex((x) => x.docs.concat(x.more).includes(d)));
  const only = await eng.search('quantum error correction', { channel: 'b' });
  assert.ok(only.docs.length > 0);
  const recs = await eng.getDocs(only.docs.map((d) => d.id));
  assert.ok(recs.every((r) => r.channel === 'b'));
  assert.equal((await eng.search('quantum', { channel: 'nope' })).docs.length, 0);
});

test('snippets: highlighted, windowed, and HTML-escaped', async () => {
  const eng = memoryEngine(buildFixture(FIXTURE));
  const res = await eng.search('quantum payload');
  const rec = (await eng.getDocs([6]))[0];
  const m = eng.matcher(res);
  const title = E.highlight(rec.title, m, 0);
  const text = E.highlight(rec.text, m, 120);
  for (const html of [title, text]) {
    const tags = html.match(/<[^>]*>/g) || [];
    assert.ok(tags.every((t) => t === '<mark>' || t === '</mark>'), html);
    assert.ok(!/<(script|img)/i.test(html));
  }
  assert.match(title, /^&lt;img src=x onerror=&quot;window\.__pwned=1&quot;&gt; &amp; friends$/);
  assert.match(text, /<mark>payload<\/mark>/);
  assert.match(text, /<mark>quantum<\/mark>/);
  assert.match(text, /&lt;script&gt;/);
  // a window of the long text around the matches, with ellipses
  const long = 'filler '.repeat(60) + 'the quantum part ' + 'tail '.repeat(60);
  const snip = E.highlight(long, m, 80);
  assert.match(snip, /^\u2026.*<mark>quantum<\/mark>.*\u2026$/);
  assert.ok(snip.replace(/<\/?mark>/g, '').length <= 84);
  // prefixes highlight the words they complete
  const pres = await eng.search('quantiz');
  assert.match(E.highlight('Int8 quantization helps', eng.matcher(pres), 0), /<mark>quantization<\/mark>/);
  assert.equal(E.escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('document links are relative and cannot become script URLs', () => {
  assert.equal(E.docHref('../../', 'lexfridman/quantum_mechanics/'), '../../lexfridman/quantum_mechanics/');
  assert.equal(E.docHref('', 'javascript:alert(1)/x/'), 'javascript%3Aalert(1)/x/');
  assert.equal(E.docHref('', '//evil.example/x/'), '//evil.example/x/'.split('/').map(encodeURIComponent).join('/'));
  assert.ok(!E.docHref('', 'a b/"q"/').includes('"'));
});

// ------------------------------------------------------------------ reference indexer
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;

test('normaliser parity with the reference indexer', { skip: !python && 'python3 not found' }, () => {
  const samples = ['Erdoğan', 'POKÉMON cards', "world's zippers don't", 'Straße Æther Øre Łódź', '光の未来', 'AI時代',
    'Я тебя люблю', 'विद्या', 'idea of \u200b\u200bdemocracy', 'companies series matches processes boxes analysis news',
    'ﬁnance ＡＢＣ ½ ™', 'x😀y', 'İstanbul ǅemal', 'ΣΟΦΙΑ σοφίας', "rock'n'roll o'brien's", 'Mañana Ñandú'];
  const code = 'import sys, json; sys.path.insert(0, sys.argv[1]); import build_index as b; ' +
    'print(json.dumps([b.tokenize(s) for s in json.loads(sys.stdin.read())]))';
  const r = spawnSync(python, ['-B', '-c', code, path.join(repo, 'scripts', 'search-proto')], { input: JSON.stringify(samples), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), samples.map((s) => E.tokenize(s)));
});

test('end to end on an index written by the reference indexer', { skip: !python && 'python3 not found' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wikisearch-'));
  const corpus = path.join(dir, 'corpus'), out = path.join(dir, 'public');
  const write = (rel, text) => { fs.mkdirSync(path.dirname(path.join(corpus, rel)), { recursive: true }); fs.writeFileSync(path.join(corpus, rel), text); };
  write('chan/chan.md', '---\ntitle: chan\n---\n[[quantum_error_correction]]\n');
  write('chan/quantum_error_correction.md', '---\ntitle: Quantum error correction\nvideoId: v1\n---\n\nFrom: [[chan]] <br/> \n\n' +
    'Logical qubits <a class="yt-timestamp" data-t="00:01:14">[00:01:14]</a> protect [[surface_code | surface codes]] from noise.\n\n## Thresholds\nBelow threshold, errors shrink.\n');
  write('chan/qubits.md', '---\ntitle: "Qubits & <noise>"\nvideoId: v1\n---\nFrom: [[chan]] <br/>\n# Decoherence\nQuantum states decay.\n');
  write('other/pasta.md', '---\ntitle: Pasta\nvideoId: v2\n---\nFrom: [[other]] <br/> \nBoil water. [[surface_code | Bubbles]] rise.\n');
  const r = spawnSync(python, ['-B', path.join(repo, 'scripts', 'search-proto', 'build_index.py'), corpus, out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const ctx = vm.createContext({ wikisearch: { register: (k, v) => { ctx.last = v; } } });
  const eng = E.createEngine({
    load: async (key) => { vm.runInContext(fs.readFileSync(path.join(out, 'search', key + '.js'), 'utf8'), ctx); return ctx.last; },
  });
  const m = await eng.init();
  assert.equal(m.docs, 3);                                             // channel page excluded
  let res = await eng.search('surface codes');
  const recs = await eng.getDocs(res.docs.map((d) => d.id));
  assert.equal(recs[0].url, 'chan/quantum_error_correction/');
  assert.ok(!recs[0].text.includes('00:01:14') && !recs[0].text.includes('yt-timestamp'));
  assert.ok(!recs.some((d) => d.url === 'other/pasta/'), 'link targets are not indexed');
  res = await eng.search('threshold');
  assert.equal(res.docs.length, 1);
  res = await eng.search('quantum');
  assert.equal(res.groups.length, 1);                                   // same video
  assert.equal(res.groups[0].docs.length, 2);
  assert.equal((await eng.getDocs([res.docs[1].id]))[0].title, 'Qubits & <noise>');
  assert.equal((await eng.search('01 14')).docs.length, 0);              // timestamps are not indexed
  fs.rmSync(dir, { recursive: true, force: true });
});
