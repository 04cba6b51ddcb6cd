// Pure parts of the reader scripts: hover previews, search-word
// highlighting, the channel filter (templates/assets/*.js; each exports its
// pure functions when loaded as a CommonJS module and touches no DOM then).
// Run: node --test Tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const asset = (f) => require(path.join(here, '..', '..', 'templates', 'assets', f));
const P = asset('previews.js');
const HL = asset('highlight.js');
const F = asset('filter.js');

test('previews: the folder of a link, relative to the site root', () => {
  const root = 'http://h/site/';
  assert.equal(P.previewFolder('http://h/site/chan/slug/index.html', root), 'chan/slug/');
  assert.equal(P.previewFolder('http://h/site/chan/slug/', root), 'chan/slug/');
  assert.equal(P.previewFolder('http://h/site/chan/slug/index.html#part', root), 'chan/slug/');
  assert.equal(P.previewFolder('http://h/site/topics/caf%C3%A9/index.html', root), 'topics/café/');
  assert.equal(P.previewFolder('file:///tmp/s/videos/abc/index.html', 'file:///tmp/s/'), 'videos/abc/');
  assert.equal(P.previewFolder('http://h/site/chan/index.html', root), 'chan/');
});

test('previews: links that do not preview', () => {
  const root = 'http://h/site/';
  for (const href of [
    'https://www.youtube.com/watch?v=abc&t=5s',      // another origin
    'http://other/site/chan/slug/index.html',
    'http://h/elsewhere/chan/slug/index.html',        // outside the root
    'http://h/site/index.html',                       // the home page
    'http://h/site/search/index.html',
    'http://h/site/search/index.html?q=x',
    'http://h/site/chan/slug/page.html',
    'http://h/site/assets/x/',
    'not a url',
  ]) assert.equal(P.previewFolder(href, root), null, href);
});

test('previews: placement stays inside the window', () => {
  const view = { x: 0, y: 0, width: 400, height: 800 };
  const pop = { width: 300, height: 200 };
  // below the link when there is room
  assert.deepEqual(P.place({ left: 10, top: 100, bottom: 120 }, pop, view), { left: 10, top: 128 });
  // shifted left near the right edge
  assert.equal(P.place({ left: 350, top: 100, bottom: 120 }, pop, view).left, 92);
  // above the link near the bottom
  assert.deepEqual(P.place({ left: 10, top: 700, bottom: 720 }, pop, view), { left: 10, top: 492 });
  // a window too small for either: below, never off the top
  const tiny = P.place({ left: 0, top: 50, bottom: 70 }, pop, { x: 0, y: 0, width: 320, height: 240 });
  assert.ok(tiny.top >= 0 && tiny.left >= 8);
});

test('previews: records are checked and trimmed', () => {
  assert.equal(P.clean(null), null);
  assert.equal(P.clean({ url: 'a/', title: 5 }), null);
  const r = P.clean({ url: 'c/s/', kind: 'bogus', title: 'T', channel: 'C', text: 'x'.repeat(2000) });
  assert.equal(r.kind, 'article');
  assert.equal(r.text.length, 700);
  assert.equal(P.clean({ url: 'topics/caf%C3%A9/', kind: 'topic', title: 'T' }).url, 'topics/café/');
});

test('highlight: query words, without short and stop words', () => {
  assert.deepEqual(HL.terms('How to build the AI models?'), ['models', 'build']);
  assert.deepEqual(HL.terms(''), []);
  assert.deepEqual(HL.terms('Données données'), ['données']);
});

test('highlight: words match at a word start, case-insensitively', () => {
  const re = HL.matcher(HL.terms('model data'));
  const text = 'Models, a remodel; DATA and database.';
  const got = HL.ranges(text, re).map(([a, b]) => text.slice(a, b));
  assert.deepEqual(got, ['Models', 'DATA', 'database']);
  assert.equal(HL.matcher([]), null);
  // regex characters in a query are literal
  assert.deepEqual(HL.ranges('aaa (x)', HL.matcher(['a+', 'x.'])), []);
});

test('filter: every word, folded', () => {
  const ws = F.words('  Café  GPU ');
  assert.deepEqual(ws, ['cafe', 'gpu']);
  assert.ok(F.matches('The CAFÉ of GPUs', ws));
  assert.ok(!F.matches('The café', ws));
  assert.ok(F.matches('anything', []));
});
