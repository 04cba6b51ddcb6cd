// Tests of the client-side search engine (templates/assets/search-engine.js)
// against indexes written by the shipping Swift indexer (the wikisite binary).
// Run: node --test Tests/js/        (after `make build`; `make test-js` does both)
//
// The index under test is the site the binary builds from the fixture wiki
// Tests/fixtures/search-wiki/ (12 articles in 5 channels, plus two channel
// pages). `make test-js` builds it and passes its folder in
// WIKISITE_FIXTURE_SITE; without that variable this file builds it itself
// with WIKISITE_BIN, else .build/release/wikisite of this repository. Two
// corpora are also generated here and built with the same binary: tricky
// strings for normaliser parity, and 300 articles sharing one word for the
// paths a dozen articles cannot reach (postings files, head + tail).
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

// ------------------------------------------------------------------ sites built by the binary
const BIN = path.resolve(repo, process.env.WIKISITE_BIN || path.join('.build', 'release', 'wikisite'));
const FIXTURE_WIKI = path.join(repo, 'Tests', 'fixtures', 'search-wiki');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wikisite-js-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** Builds `input` into `output` with the wikisite binary; fails clearly when there is none. */
function buildSite(input, output, extra = []) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`wikisite binary not found at ${BIN}.\n` +
      'Build it first (`make build`), or run `make test-js`, or point WIKISITE_BIN at a binary ' +
      '(and WIKISITE_FIXTURE_SITE at a site built from Tests/fixtures/search-wiki).');
  }
  const args = ['build', '--input', input, '--output', output, '--templates', path.join(repo, 'templates'), ...extra];
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${BIN} build --input ${input} failed (status ${r.status}):\n${r.stderr}`);
  if (!fs.existsSync(path.join(output, 'search', 'manifest.js'))) throw new Error(`${output}: the build wrote no search index`);
  return output;
}

let fixtureSite = process.env.WIKISITE_FIXTURE_SITE;
if (fixtureSite) {
  fixtureSite = path.resolve(fixtureSite);
  if (!fs.existsSync(path.join(fixtureSite, 'search', 'manifest.js'))) {
    throw new Error(`WIKISITE_FIXTURE_SITE=${fixtureSite} has no search/manifest.js; build it with ` +
      '`wikisite build --input Tests/fixtures/search-wiki --output <dir>`');
  }
} else {
  fixtureSite = buildSite(FIXTURE_WIKI, path.join(scratch, 'fixture'));
}

/** An engine over <site>/search/, loading files the way a page does (one register() call each). */
function siteEngine(site) {
  const ctx = vm.createContext({ wikisearch: { register: (k, v) => { ctx.got = [k, v]; } } });
  const loaded = [];
  const engine = E.createEngine({
    load: async (key) => {
      loaded.push(key);
      ctx.got = null;
      vm.runInContext(fs.readFileSync(path.join(site, 'search', key + '.js'), 'utf8'), ctx);
      assert.ok(ctx.got && ctx.got[0] === key, `search/${key}.js registers under its own key`);
      return ctx.got[1];
    },
  });
  engine.loaded = loaded;
  return engine;
}

/** URLs of the results of query q, best first (what the reader sees, article by article). */
async function urls(eng, q, opts) {
  const res = await eng.search(q, opts);
  return (await eng.getDocs(res.docs.map((d) => d.id))).map((r) => r.url);
}

// The fixture's articles, by the URL the results link to.
const QEC = 'physicsexplained/quantum_error_correction/';
const QUBITS = 'physicsexplained/qubits_and_noise/';
const CAT = 'physicsexplained/schrodingers_cat/';
const PASTA = 'kitchentable/spaghetti_bolognese/';
const CAFE = 'kitchentable/cafe_culture_in_paris/';
const BREAD = 'kitchentable/sourdough_bread/';
const SCHIZO = 'mindmatters/schizophrenia_treatment/';
const PSYCHOSIS = 'mindmatters/early_signs_of_psychosis/';
const MYTHS = 'mindmatters/myths_about_mental_illness/';
const ERDOGAN = 'worldaffairs/erdogan_and_turkey/';
const QUANTIZATION = 'devtalks/quantization_of_language_models/';
const ERRORS = 'devtalks/error_handling_in_code/';
const ARTICLES = { [QEC]: 'Quantum error correction', [QUBITS]: 'Qubits & <noise>',
  [CAT]: "Schrödinger's cat and superposition", [PASTA]: 'Spaghetti bolognese', [CAFE]: 'Café culture in Paris',
  [BREAD]: 'Sourdough bread at home', [SCHIZO]: 'Schizophrenia treatment', [PSYCHOSIS]: 'Early signs of psychosis',
  [MYTHS]: 'Myths about mental illness', [ERDOGAN]: 'Erdoğan and Turkey',
  [QUANTIZATION]: 'Quantization of language models', [ERRORS]: 'Error handling in code' };
const sorted = (a) => [...a].sort();

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
    const list = [...docs].sort((a, b) => a - b).map((d) => [d, rnd(32), rnd(40)]);
    const s = E.encodePostings(list);
    const d = [], q = [];
    E.decodePostings(s, { i: 0 }, -1, d, q);
    assert.deepEqual(d, list.map((x) => x[0]));
    assert.deepEqual(q, list.map((x) => x[1]));
    // with sections (inline lists and heads)
    const ws = E.encodePostings(list, true);
    const d2 = [], q2 = [], s2 = [];
    E.decodePostings(ws, { i: 0 }, -1, d2, q2, s2, true);
    assert.deepEqual([d2, q2, s2], [list.map((x) => x[0]), list.map((x) => x[1]), list.map((x) => x[2])]);
  }
  // consecutive documents with impact < 32 take one character each
  assert.equal(E.encodePostings([[0, 5], [1, 6], [2, 7]]).length, 3);
});

test('term lists: front coding with inline postings', () => {
  const s = E.writeVarint(0) + 'quantum ' + E.writeVarint(2) + E.encodePostings([[3, 9, 0], [10, 31, 4]], true) +
    E.writeVarint(5) + 'ization ' + E.writeVarint(40);
  const entries = E.parseTermList(s, 32);
  assert.deepEqual(entries.map((e) => [e.term, e.df]), [['quantum', 2], ['quantization', 40]]);
  assert.equal(entries[1].at, -1);
  const d = [], q = [], sec = [];
  E.decodePostings(s, { i: entries[0].at }, 2, d, q, sec, true);
  assert.deepEqual([d, q, sec], [[3, 10], [9, 31], [0, 4]]);
});

test('edit distance: optimal string alignment, capped', () => {
  assert.equal(E.editDistance('haung', 'huang', 2), 1);              // transposition
  assert.equal(E.editDistance('intermitent', 'intermittent', 2), 1);
  assert.equal(E.editDistance('shizophrenia', 'schizophrenia', 2), 1);
  assert.equal(E.editDistance('kitten', 'sitting', 2), 3);            // capped at max + 1
  assert.equal(E.editDistance('abc', 'abcdef', 2), 3);
});

// ------------------------------------------------------------------ what the fixture index holds
test('every article is found by its title, first', async () => {
  const eng = siteEngine(fixtureSite);
  assert.equal((await eng.init()).docs, Object.keys(ARTICLES).length);
  for (const [url, title] of Object.entries(ARTICLES)) {
    const found = await urls(eng, title + ' ');
    assert.equal(found[0], url, `"${title}" -> ${found.join(', ')}`);
    const rec = (await eng.getDocs([(await eng.search(title + ' ')).docs[0].id]))[0];
    assert.equal(rec.title, title);                                      // shown as written, not re-escaped
    assert.ok(fs.existsSync(path.join(fixtureSite, url, 'index.html')), `${url} is a page of the site`);
  }
});

test('channel pages, From lines, link targets and timestamps are not searchable', async () => {
  const eng = siteEngine(fixtureSite);
  assert.deepEqual(await urls(eng, 'physicsexplained '), []);       // channel page and "From: [[physicsexplained]]"
  assert.deepEqual(await urls(eng, 'kitchentable '), []);
  assert.deepEqual(await urls(eng, 'maillard '), []);               // [[maillard_reaction | browning]]: the target ...
  assert.equal((await urls(eng, 'browning '))[0], BREAD);           // ... no, the label yes
  assert.equal((await urls(eng, 'surface codes'))[0], QEC);
  assert.deepEqual(await urls(eng, '01 14'), []);                    // <a class="yt-timestamp">[00:01:14]</a>
  assert.deepEqual(await urls(eng, '00:07:45'), []);
  const res = await eng.search('quantum');
  for (const rec of await eng.getDocs(res.docs.map((d) => d.id))) {
    assert.ok(!/yt-timestamp|\[\d\d:\d\d|<a |\[\[/.test(rec.text), rec.text);  // snippets hold no markup or times
  }
});

// ------------------------------------------------------------------ ranking
test('exact words: title beats heading beats body; more matching words rank higher', async () => {
  const eng = siteEngine(fixtureSite);
  // "bolognese": the title of PASTA, a heading of CAFE, a line of BREAD's body
  assert.deepEqual(await urls(eng, 'bolognese '), [PASTA, CAFE, BREAD]);
  assert.deepEqual(await urls(eng, 'decoherence '), [QUBITS]);
  // not every word has to match, but matching more scores more
  const both = await urls(eng, 'schizophrenia therapy');
  assert.equal(both[0], SCHIZO);
  assert.deepEqual(sorted(both), sorted([SCHIZO, PSYCHOSIS, MYTHS]));
  assert.equal((await urls(eng, 'sourdough bolognese'))[0], BREAD);
});

test('multi-word queries', async () => {
  const eng = siteEngine(fixtureSite);
  const qec = await urls(eng, 'quantum error correction');
  assert.equal(qec[0], QEC);
  assert.deepEqual(sorted(qec.slice(0, 2)), sorted([QEC, QUBITS]));
  assert.ok(qec.includes(ERRORS) && qec.includes(CAT) && !qec.includes(PASTA));
  assert.equal((await urls(eng, 'error handling'))[0], ERRORS);
  assert.equal((await urls(eng, 'language models memory'))[0], QUANTIZATION);
  assert.equal((await urls(eng, 'espresso paris terrace'))[0], CAFE);
});

test('index files are loaded lazily and only as needed', async () => {
  const eng = siteEngine(fixtureSite);
  await eng.init();
  assert.deepEqual(eng.loaded, ['manifest']);
  await eng.search('schizophrenia ');
  assert.ok(eng.loaded.every((k) => k === 'manifest' || /^[tpf]\//.test(k)), eng.loaded.join());
  assert.ok(!eng.loaded.some((k) => k.startsWith('d/')), 'no document store before display');
});

test('prefix matching applies to the last word only, below exact matches', async () => {
  const eng = siteEngine(fixtureSite);
  assert.equal((await urls(eng, 'quantiz'))[0], QUANTIZATION);
  const typing = await urls(eng, 'schizo');                           // completed while typing ...
  assert.equal(typing[0], SCHIZO);
  assert.deepEqual(sorted(typing), sorted([SCHIZO, PSYCHOSIS, MYTHS]));
  assert.deepEqual(await urls(eng, 'schizo '), []);                   // ... but not once the word is finished
  assert.deepEqual(await urls(eng, 'schizo treatment'), [SCHIZO]);    // nor when it is not the last word
  const early = await eng.search('schizo treatment');                 // (found through "treatment" only)
  assert.equal(early.clauses.find((c) => c.word === 'schizo').alts.length, 0);
  const qerr = await eng.search('quantum err');
  assert.ok(qerr.clauses[1].alts.some((a) => a.entry.term === 'error' && a.kind === 'prefix'));
  const qerrFound = await urls(eng, 'quantum err');
  assert.equal(qerrFound[0], QEC);                                    // both words in its title
  assert.ok(qerrFound.includes(QUBITS) && qerrFound.includes(ERRORS) && !qerrFound.includes(PASTA));
  assert.equal((await urls(eng, 'sourd'))[0], BREAD);
});

test('typo tolerance: 1 edit from 5 letters, 2 from 9, none below 5', async () => {
  const eng = siteEngine(fixtureSite);
  const schizo = await urls(eng, 'shizophrenia ');                    // 12 letters, 1 edit
  assert.equal(schizo[0], SCHIZO);
  assert.deepEqual(sorted(schizo), sorted([SCHIZO, PSYCHOSIS, MYTHS]));
  assert.equal((await urls(eng, 'schizofrenia '))[0], SCHIZO);       // 12 letters, 2 edits
  assert.deepEqual(await urls(eng, 'shizofrenia '), []);              // 3 edits: too far
  const errors = await urls(eng, 'erors ');                           // erors -> error (5 letters, 1 edit)
  assert.deepEqual(sorted(errors.slice(0, 2)), sorted([ERRORS, QEC])); // "error" in the title
  assert.deepEqual(sorted(errors), sorted([ERRORS, QEC, QUBITS, QUANTIZATION]));
  assert.deepEqual(await urls(eng, 'eror '), []);                     // 4 letters: no tolerance
  assert.equal((await urls(eng, 'bolgnesee '))[0], PASTA);            // 9 letters, 2 edits
  assert.deepEqual(await urls(eng, 'bolgnee '), []);                  // 7 letters, 2 edits: too far
  assert.deepEqual(await urls(eng, 'quantun computers'), await urls(eng, 'quantum computers'));
  // a correction is offered as one, below the word as typed
  const res = await eng.search('erors ');
  const alt = res.clauses[0].alts.find((a) => a.entry.term === 'error');
  assert.equal(alt.kind, 'typo');
  assert.ok(alt.weight < 1);
});

test('accents fold away on both sides; CJK and Turkish letters', async () => {
  const eng = siteEngine(fixtureSite);
  for (const q of ['cafe ', 'café ', 'CAFÉ ', 'Cafe culture']) assert.equal((await urls(eng, q))[0], CAFE, q);
  assert.equal((await urls(eng, 'caf'))[0], CAFE);                    // typed, not finished
  for (const q of ['erdogan ', 'ERDOĞAN ', 'Erdoğan ', 'turkiye ', 'istanbul ', '未来', '光の未来']) {
    assert.deepEqual(await urls(eng, q), [ERDOGAN], q);
  }
  assert.equal((await urls(eng, 'schrodinger '))[0], CAT);
  assert.equal((await urls(eng, 'SCHRÖDINGER cat'))[0], CAT);
  assert.equal((await urls(eng, 'ragu '))[0], PASTA);                 // "ragù"
});

test('stop-word-only, empty and unknown queries return nothing', async () => {
  const eng = siteEngine(fixtureSite);
  assert.deepEqual(await urls(eng, ''), []);
  assert.deepEqual(await urls(eng, '   '), []);
  assert.deepEqual(await urls(eng, 'what is the '), []);
  assert.deepEqual(await urls(eng, 'xylophone '), []);
  assert.deepEqual(await urls(eng, 'zzqx'), []);
});

test('results are grouped per video; channel filter', async () => {
  const eng = siteEngine(fixtureSite);
  const groupUrls = async (res, g) => (await eng.getDocs(g.map((d) => d.id))).map((r) => r.url);
  // two articles of one video: one group, the better first, the other listed with it ...
  let res = await eng.search('qubits noise');
  assert.deepEqual(await groupUrls(res, res.groups[0].docs), [QUBITS, QEC]);
  assert.equal(res.groups.length, 1);
  // ... or, when it matches much less, counted in the group as "more from this video"
  res = await eng.search('quantum error correction');
  assert.equal((await groupUrls(res, res.groups[0].docs))[0], QEC);
  assert.deepEqual(sorted(await groupUrls(res, res.groups[0].docs.concat(res.groups[0].more))), sorted([QEC, QUBITS]));
  assert.equal(new Set(res.groups.map((x) => x.video)).size, res.groups.length);
  assert.equal(res.groups.reduce((n, x) => n + x.docs.length + x.more.length, 0), res.docs.length);
  const only = await urls(eng, 'quantum error correction', { channel: 'devtalks' });
  assert.deepEqual(sorted(only), sorted([ERRORS, QUANTIZATION]));
  const recs = await eng.getDocs((await eng.search('quantum', { channel: 'devtalks' })).docs.map((d) => d.id));
  assert.ok(recs.length > 0 && recs.every((r) => r.channel === 'devtalks'));
  assert.deepEqual(sorted(await urls(eng, 'error ', { channel: 'physicsexplained' })), sorted([QEC, QUBITS]));
  assert.deepEqual(await urls(eng, 'quantum', { channel: 'nope' }), []);
});

test('snippets: highlighted, windowed, and HTML-escaped', async () => {
  const eng = siteEngine(fixtureSite);
  const res = await eng.search('qubits noise');
  const [rec] = await eng.getDocs([res.docs[0].id]);
  assert.equal(rec.url, QUBITS);
  const m = eng.matcher(res);
  const title = E.highlight(rec.title, m, 0);
  const text = E.highlight(rec.text, m, 120);
  assert.equal(title, '<mark>Qubits</mark> &amp; &lt;<mark>noise</mark>&gt;');
  assert.match(text, /<mark>noise<\/mark>/);
  assert.ok(text.replace(/<\/?mark>/g, '').length <= 122, text);
  const hostile = E.highlight('<img src=x onerror="window.__pwned=1"> & a <script>window.__pwned=1</script> qubit \'quote\'', m, 0);
  const tags = hostile.match(/<[^>]*>/g) || [];
  assert.ok(tags.every((t) => t === '<mark>' || t === '</mark>'), hostile);
  assert.ok(!/<(script|img)/i.test(hostile));
  assert.match(hostile, /^&lt;img src=x onerror=&quot;window\.__pwned=1&quot;&gt; &amp; a &lt;script&gt;/);
  assert.match(hostile, /<mark>qubit<\/mark> &#39;quote&#39;$/);
  // a window of the long text around the matches, with ellipses
  const long = 'filler '.repeat(60) + 'the noise part ' + 'tail '.repeat(60);
  const snip = E.highlight(long, m, 80);
  assert.match(snip, /^\u2026.*<mark>noise<\/mark>.*\u2026$/);
  assert.ok(snip.replace(/<\/?mark>/g, '').length <= 84);
  // prefixes highlight the words they complete, in the stored text too
  const pres = await eng.search('quantiz');
  const [qrec] = await eng.getDocs([pres.docs[0].id]);
  assert.match(E.highlight(qrec.text, eng.matcher(pres), 200), /<mark>quantization<\/mark>.*<mark>Quantized<\/mark>/);
  assert.match(E.highlight('Int8 quantization helps', eng.matcher(pres), 0), /<mark>quantization<\/mark>/);
  assert.equal(E.escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('document links are relative and cannot become script URLs', () => {
  assert.equal(E.docHref('../../', 'lexfridman/quantum_mechanics/'), '../../lexfridman/quantum_mechanics/');
  assert.equal(E.docHref('', 'javascript:alert(1)/x/'), 'javascript%3Aalert(1)/x/');
  assert.equal(E.docHref('', '//evil.example/x/'), '//evil.example/x/'.split('/').map(encodeURIComponent).join('/'));
  assert.ok(!E.docHref('', 'a b/"q"/').includes('"'));
});

// ------------------------------------------------------------------ generated corpora, same binary
/** Writes articles {channel, name, title, videoId, body} under a new folder and builds it. */
function generatedSite(name, articles) {
  const input = path.join(scratch, name + '-wiki');
  for (const a of articles) {
    const file = path.join(input, a.channel, a.name + '.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `---\ntitle: ${JSON.stringify(a.title)}\nvideoId: ${a.videoId}\n---\n\n` +
      `From: [[${a.channel}]] <br/>\n\n${a.body}\n`);
  }
  // --no-dedup: the generated articles share their filler text on purpose
  return buildSite(input, path.join(scratch, name), ['--no-dedup']);
}
const videoId = (prefix, i) => prefix + String(i).padStart(11 - prefix.length, '0');

/** Every dictionary term of a built index -> sorted doc ids (head and tail read), plus the doc titles. */
async function readIndex(site) {
  const eng = siteEngine(site);
  const m = await eng.init();
  const shards = 1 + (m.dict ? m.dict.split(' ').length : 0);
  const load = (key) => { const c = vm.createContext({ wikisearch: { register: (k, v) => { c.v = v; } } });
    vm.runInContext(fs.readFileSync(path.join(site, 'search', key + '.js'), 'utf8'), c); return c.v; };
  const terms = new Map();
  for (let n = 0; n < shards; n++) {
    const s = load('t/' + n);
    E.parseTermList(s, m.inline).forEach((e, j) => {
      const docs = [], imps = [];
      if (e.at >= 0) E.decodePostings(s, { i: e.at }, e.df, docs, imps, null, true);
      else {
        E.decodePostings(load(`p/${n}-${j}`), { i: 0 }, -1, docs, imps, null, true);
        if (e.df > m.head) E.decodePostings(load(`p/${n}-${j}t`), { i: 0 }, -1, docs, imps);
      }
      terms.set(e.term, { shard: n, df: e.df, docs: docs.sort((a, b) => a - b) });
    });
  }
  return { manifest: m, terms, eng };
}

const FILLER = 'This generated article only carries its title into the index. Its body is one paragraph, long ' +
  'enough that the loader does not take the page for a stub, which it does below two hundred characters of body ' +
  'text, and the same in every generated article.';

test('normaliser parity: the Swift index holds exactly the terms the engine makes of the same text', async () => {
  const samples = ['Erdoğan', 'POKÉMON cards', "world's zippers don't", 'Straße Æther Øre Łódź', '光の未来', 'AI時代',
    'Я тебя люблю', 'विद्या', 'idea of \u200b\u200bdemocracy', 'companies series matches processes boxes analysis news',
    'ﬁnance ＡＢＣ ½ ™', 'x😀y', 'İstanbul ǅemal', 'ΣΟΦΙΑ σοφίας', "rock'n'roll o'brien's", 'Mañana Ñandú',
    'Schrödinger\u2019s cat', '\u2068cleoabram\u2069 on Göbekli Tepe', 'don\u2019t stop-words: the of and', 'C++ & C# 3.14'];
  const site = generatedSite('parity', samples.map((title, i) =>
    ({ channel: 'parity', name: 'sample_' + String(i).padStart(2, '0'), title, videoId: videoId('P', i), body: FILLER })));
  const { manifest, terms, eng } = await readIndex(site);
  assert.equal(manifest.docs, samples.length);
  const recs = await eng.getDocs([...Array(samples.length).keys()]);
  const filler = new Set(E.tokenize(FILLER));
  for (const rec of recs) {
    const i = Number((/^parity\/sample_(\d\d)\/$/.exec(rec.url) || [])[1]);
    assert.ok(i >= 0 && i < samples.length, rec.url);
    const expected = sorted(new Set([...E.tokenize(samples[i]), ...filler]));
    const indexed = sorted([...terms].filter(([, t]) => t.docs.includes(rec.id)).map(([term]) => term));
    assert.deepEqual(indexed, expected, `terms of ${JSON.stringify(samples[i])}`);
    assert.equal((await urls(eng, samples[i] + ' ')).filter((u) => u === rec.url).length, E.tokenize(samples[i]).length ? 1 : 0);
  }
});

test('300 articles: postings files, head and tail, several dictionary shards', async () => {
  // every article says "zebra"; the first 20 also have it in the title
  const words = (i) => 'k' + i.toString(26).split('').map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('') + 'x';
  const articles = [];
  for (let i = 0; i < 300; i++) {
    articles.push({ channel: i < 150 ? 'herd' : 'savanna', name: 'article_' + i, videoId: videoId('Z', i),
      title: i < 20 ? `Zebra stripes ${words(i)}` : `Grassland notes ${words(i)}`,
      body: `A zebra was seen near the river, together with ${words(i)} and ${words(i + 1000)}. ` + FILLER });
  }
  const site = generatedSite('bulk', articles);
  const { manifest, terms } = await readIndex(site);
  assert.equal(manifest.docs, 300);
  assert.ok(manifest.dict.split(' ').length >= 2, 'several dictionary shards');
  // the dictionary is sorted across shards, and the manifest's separators lead to the right shard
  const all = [...terms.keys()];
  assert.deepEqual(all, [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const keys = [''].concat(manifest.dict.split(' '));
  for (const [term, t] of terms) {
    assert.ok(keys[t.shard] <= term && (t.shard + 1 === keys.length || term < keys[t.shard + 1]), term);
    assert.equal(t.docs.length, t.df, term);
    assert.equal(new Set(t.docs).size, t.df, term);
  }
  assert.equal(terms.get('zebra').df, 300);

  const eng = siteEngine(site);
  const exact = await urls(eng, 'zebra ');                             // the word as typed: head and tail
  assert.equal(exact.length, 300);
  assert.ok(eng.loaded.some((k) => /^p\/\d+-\d+t$/.test(k)), 'tail read for the typed word');
  const titled = articles.slice(0, 20).map((a) => `${a.channel}/${a.name}/`);
  assert.deepEqual(sorted(exact.slice(0, 20)), sorted(titled));      // title matches first
  const eng2 = siteEngine(site);
  const typing = await urls(eng2, 'zebr');                             // a completion: the head only ...
  assert.ok(!eng2.loaded.some((k) => /^p\/\d+-\d+t$/.test(k)), 'no tail for a completion');
  assert.ok(typing.length < 300);
  assert.deepEqual(sorted(typing.slice(0, 20)), sorted(titled));     // ... which holds the best articles
  // a rare word stays inline in the dictionary and finds its article
  assert.deepEqual(await urls(eng, words(7) + ' '), ['herd/article_7/']);
  assert.deepEqual(await urls(eng, 'zebra ', { channel: 'savanna' }), exact.filter((u) => u.startsWith('savanna/')));
});

// ------------------------------------------------------------------ heading-level sub-results
/** The sub-results of the first result of q: [url, [[heading id, heading text]]]. */
async function subs(eng, q, max) {
  const res = await eng.search(q);
  const [doc] = await eng.getDocs([res.docs[0].id]);
  return [doc.url, eng.subResults(res, doc, max).map((s) => [s.id, s.text])];
}

test('sub-results: the section where a body word is, the heading that holds it, never the intro', async () => {
  const eng = siteEngine(fixtureSite);
  // "employment" is only in the body of "Therapy and support"
  assert.deepEqual(await subs(eng, 'supported employment '), ['mindmatters/schizophrenia_treatment/', [['therapy-and-support', 'Therapy and support']]]);
  // a heading's own word
  assert.deepEqual(await subs(eng, 'schizophrenia therapy '), ['mindmatters/schizophrenia_treatment/', [['therapy-and-support', 'Therapy and support']]]);
  // words of the text before the first heading: the article itself, no section
  assert.deepEqual(await subs(eng, 'antipsychotic medication '), ['mindmatters/schizophrenia_treatment/', []]);
  // the id a sub-result links to is on the page
  const html = fs.readFileSync(path.join(fixtureSite, 'mindmatters', 'schizophrenia_treatment', 'index.html'), 'utf8');
  assert.match(html, /<h2 id="therapy-and-support"/);
});

test('sub-results: several sections best first, ids as the page has them (accents, repeats, reserved names)', async () => {
  const section = (h, words) => `## ${h}\n\n${words} ${FILLER}\n\n`;
  const body = 'An introduction that names none of the section words below. ' + FILLER + '\n\n' +
    section('Overview', 'walrus walrus walrus') + section('Café prices', 'espresso walrus') +
    section('Overview', 'narwhal') + section('Main', 'okapi') + section('Zürich trams', 'tramway');
  const site = generatedSite('sections', [{ channel: 'zoo', name: 'sections', title: 'Sections', videoId: videoId('S', 1), body }]);
  const eng = siteEngine(site);
  const page = fs.readFileSync(path.join(site, 'zoo', 'sections', 'index.html'), 'utf8');
  const ids = [...page.matchAll(/<h[1-6] id="([^"]+)"/g)].map((m) => m[1]);
  const [url, walrus] = await subs(eng, 'walrus ');
  assert.equal(url, 'zoo/sections/');
  assert.deepEqual(walrus, [['overview', 'Overview']]);                 // where it weighs most
  const [, both] = await subs(eng, 'walrus espresso ');
  // each word's own section, the one where the query weighs more first
  assert.deepEqual(both.map((s) => s[1]), ['Overview', 'Café prices']);
  for (const [q, text] of [['narwhal ', 'Overview'], ['okapi ', 'Main'], ['tramway ', 'Zürich trams'], ['prices ', 'Café prices']]) {
    const [, found] = await subs(eng, q);
    assert.equal(found.length, 1, q);
    assert.equal(found[0][1], text, q);
    assert.ok(ids.includes(found[0][0]), `${q}: #${found[0][0]} is a heading of the page (${ids})`);
  }
  const [, second] = await subs(eng, 'narwhal ');
  assert.notEqual(second[0][0], 'overview');                            // the repeated heading's own id
  assert.equal((await subs(eng, 'walrus espresso ', 1))[1].length, 1); // at most max
});

test('sub-results: the words a result marks, corrections included', async () => {
  const eng = siteEngine(fixtureSite);
  const res = await eng.search('shizophrenia treatment');
  const top = res.docs[0].id;
  const words = eng.markWords(res, top).split(' ');
  assert.ok(words.includes('shizophrenia') && words.includes('schizophrenia') && words.includes('treatment'), words.join(' '));
});

test('heading ids the client derives agree with the page for ASCII headings', () => {
  assert.equal(E.headingId('Therapy and support'), 'therapy-and-support');
  assert.equal(E.headingId('  C++ & C# (3.14)!'), 'c-c-3-14');
  assert.equal(E.headingId('...'), 'section');
  assert.equal(E.headingId('a'.repeat(90)).length, 80);
});
