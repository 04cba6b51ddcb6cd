#!/usr/bin/env node
// Runs the relevance set against a built site's search index with the real
// client (templates/assets/search-engine.js) under Node, and measures what a
// browser would download for each query when nothing is cached yet.
//
//   node scripts/eval/search_eval.mjs SITE_DIR QUERIES_TSV RUN_TSV [--flat] [--json OUT.json]
//   python3 /work/shared/eval/score_search.py /work/shared/eval/search-queries.tsv RUN_TSV
//
// SITE_DIR is the generated site root (the folder holding search/ and
// assets/). The engine script is read from SITE_DIR/assets/search-engine.js
// when present, else from templates/assets/ of this repository.
//
// RUN_TSV gets "qid<TAB>rank<TAB>channel/slug.md", in the order the results
// page lists articles: video groups by their best article, each group's
// listed articles in score order (--flat: plain article ranking instead).
//
// Cold bytes per query = search.js + search-ui.js + search-engine.js + every index file the
// engine loads to answer the query and show the first page (RESULTS_SHOWN
// video groups, with their listed articles). Sizes are on-disk, uncompressed.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const RESULTS_SHOWN = 10;     // video groups on the first results page (search-ui.js PAGE_SIZE)
const PER_GROUP = 3;          // articles listed per group (search-ui.js GROUP_SHOWN)
const RUN_DEPTH = 100;        // articles written per query to the run file

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--json');
const flat = process.argv.includes('--flat');
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
if (args.length !== 3) {
  console.error('usage: search_eval.mjs SITE_DIR QUERIES_TSV RUN_TSV [--flat] [--json OUT.json]');
  process.exit(2);
}
const [siteDir, queriesPath, runPath] = args;
const searchDir = path.join(siteDir, 'search');

function asset(name) {
  const inSite = path.join(siteDir, 'assets', name);
  return fs.existsSync(inSite) ? inSite : path.join(repo, 'templates', 'assets', name);
}
const enginePath = asset('search-engine.js');
const require = createRequire(import.meta.url);
const Engine = require(path.resolve(enginePath));
// what the page loads before the first index file: search.js (every page),
// search-ui.js (on the box's first focus), then the engine
const fixedBytes = fs.statSync(enginePath).size + fs.statSync(asset('search.js')).size + fs.statSync(asset('search-ui.js')).size;

/** fs + vm loader: runs a shard file in a sandbox whose wikisearch.register captures the payload. */
export function nodeLoader(dir, onFile) {
  let captured = new Map();
  const context = vm.createContext({ wikisearch: { register: (k, v) => captured.set(k, v) } });
  return async function load(key) {
    const file = path.join(dir, key + '.js');
    const code = await fs.promises.readFile(file, 'utf8');
    if (onFile) onFile(key, Buffer.byteLength(code, 'utf8'));
    vm.runInContext(code, context, { filename: file });
    if (!captured.has(key)) throw new Error(file + ' did not register ' + key);
    const v = captured.get(key);
    captured.delete(key);
    return v;
  };
}

function urlToPath(url) {
  return url.replace(/\/$/, '') + '.md';
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

// experiments: SEARCH_TUNING='{"prefixMax":12}' overrides the engine's query-time knobs
const tuning = process.env.SEARCH_TUNING ? JSON.parse(process.env.SEARCH_TUNING) : {};
const lines = fs.readFileSync(queriesPath, 'utf8').split('\n').slice(1).filter((l) => l.trim());
const out = [];
const perQuery = [];
for (const line of lines) {
  const [qid, query, kind] = line.split('\t');
  let bytes = fixedBytes;
  const files = [];
  const engine = Engine.createEngine({ tuning, load: nodeLoader(searchDir, (k, n) => { bytes += n; files.push(k); }) });
  const t0 = performance.now();
  const res = await engine.search(query);
  const t1 = performance.now();
  // what the first results page shows
  const shown = [];
  for (const g of res.groups.slice(0, RESULTS_SHOWN)) shown.push(...g.docs.slice(0, PER_GROUP).map((d) => d.id));
  const docs = await engine.getDocs(shown);
  const t2 = performance.now();
  // warm: the same query again on the now-populated engine
  const t3 = performance.now();
  await engine.search(query);
  const t4 = performance.now();

  let order;
  if (flat) order = res.docs.map((d) => d.id);
  else {
    order = [];
    for (const g of res.groups) for (const d of g.docs) order.push(d.id);
    // articles hidden under "more from this video" come after everything listed
    for (const g of res.groups) for (const d of g.more) order.push(d.id);
  }
  order = order.slice(0, RUN_DEPTH);
  const coldBytes = bytes, coldFiles = files.length;
  const recs = await engine.getDocs(order);   // after the byte count: only for the run file
  recs.forEach((r, i) => out.push(`${qid}\t${i + 1}\t${urlToPath(r.url)}`));
  perQuery.push({ qid, kind, query, bytes: coldBytes, files: coldFiles, searchMs: t1 - t0, coldMs: t2 - t0, warmMs: t4 - t3,
    top: docs.slice(0, 3).map((d) => d.title) });
}
fs.writeFileSync(runPath, out.join('\n') + '\n');

const b = perQuery.map((q) => q.bytes);
const cold = perQuery.map((q) => q.coldMs);
const warm = perQuery.map((q) => q.warmMs);
let idxBytes = 0, idxFiles = 0;
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(d, e.name));
    else { idxBytes += fs.statSync(path.join(d, e.name)).size; idxFiles++; }
  }
})(searchDir);
const summary = {
  queries: perQuery.length,
  indexBytes: idxBytes, indexFiles: idxFiles,
  coldBytes: { median: percentile(b, 0.5), p95: percentile(b, 0.95), max: Math.max(...b), fixed: fixedBytes },
  coldMs: { median: +percentile(cold, 0.5).toFixed(1), p95: +percentile(cold, 0.95).toFixed(1) },
  warmMs: { median: +percentile(warm, 0.5).toFixed(1), p95: +percentile(warm, 0.95).toFixed(1) },
};
console.log(JSON.stringify(summary, null, 1));
const worst = [...perQuery].sort((x, y) => y.bytes - x.bytes).slice(0, 5);
console.log('largest cold queries:', worst.map((q) => `${q.qid} ${q.bytes}B/${q.files} files "${q.query}"`).join('; '));
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ summary, perQuery }, null, 1));
console.log(`score with: python3 /work/shared/eval/score_search.py ${queriesPath} ${runPath}`);
