// WCAG contrast of the site's palette, read from templates/assets/style.css.
// Run: node --test Tests/js/
//
// The light theme is the first `:root { … }` block; the dark theme is
// `:root[data-theme="dark"] { … }` and the same values again inside
// `@media (prefers-color-scheme: dark)` (the OS default). Text pairs need
// 4.5:1 (WCAG 2.x AA, links included), UI parts (borders of controls, the
// focus ring, the play button) 3:1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const css = fs.readFileSync(path.join(here, '..', '..', 'templates', 'assets', 'style.css'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '');

export function props(block) {
  const out = {};
  for (const m of block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out[m[1]] = m[2].trim();
  return out;
}

function blockAfter(selectorRe) {
  const m = selectorRe.exec(css);
  assert.ok(m, `style.css has a block ${selectorRe}`);
  const start = css.indexOf('{', m.index) + 1;
  return css.slice(start, css.indexOf('}', start));
}

export function rgb(hex) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  assert.ok(m, `a #hex colour: ${hex}`);
  let h = m[1];
  if (h.length === 3) h = h.replace(/./g, '$&$&');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

export function luminance(hex) {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const light = props(blockAfter(/^:root\s*\{/m));
const dark = props(blockAfter(/^:root\[data-theme="dark"\]\s*\{/m));
const darkMedia = props(blockAfter(/@media \(prefers-color-scheme: dark\)\s*\{\s*:root:not\(\[data-theme="light"\]\)\s*\{/));

// [foreground, background, minimum ratio, what]
const PAIRS = [
  ['--text', '--bg', 4.5, 'body text'],
  ['--muted', '--bg', 4.5, 'secondary text (meta, counts, placeholder)'],
  ['--link', '--bg', 4.5, 'links'],
  ['--visited', '--bg', 4.5, 'visited links'],
  ['--topic', '--bg', 4.5, 'topic links'],
  ['--text', '--panel', 4.5, 'text on panels (code, callouts, video card)'],
  ['--muted', '--panel', 4.5, 'secondary text on panels'],
  ['--link', '--panel', 4.5, 'links on panels'],
  ['--visited', '--panel', 4.5, 'visited links on panels'],
  ['--topic', '--panel', 4.5, 'topic links on panels'],
  ['--text', '--mark', 4.5, 'highlighted words'],
  ['--link', '--mark', 4.5, 'highlighted words in a link'],
  ['--border', '--bg', 3, 'borders of inputs and buttons'],
  ['--border', '--panel', 3, 'borders of buttons on panels'],
  ['--focus', '--bg', 3, 'focus outline'],
  ['--focus', '--panel', 3, 'focus outline on panels'],
  ['--bg', '--link', 3, 'play icon on the play button'],
  ['--link', '--panel', 3, 'play button on the video card'],
];

test('the palette is parsed from style.css', () => {
  for (const theme of [light, dark]) {
    for (const [fg, bg] of PAIRS) {
      assert.ok(theme[fg] && theme[bg], `${fg} and ${bg} are defined`);
    }
  }
});

test('the OS dark theme and the chosen dark theme are the same palette', () => {
  assert.deepEqual(darkMedia, dark);
});

test('contrast formula agrees with known values', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(2), '21.00');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
  assert.equal(contrast('#0b57d0', '#0b57d0'), 1);
});

for (const [name, theme] of [['light', light], ['dark', dark]]) {
  test(`${name} theme passes WCAG AA`, () => {
    const report = PAIRS.map(([fg, bg, min, what]) => {
      const r = contrast(theme[fg], theme[bg]);
      return { what, fg: theme[fg], bg: theme[bg], r: Math.round(r * 100) / 100, min };
    });
    const bad = report.filter((x) => x.r < x.min);
    assert.deepEqual(bad, [], `${name}: ${JSON.stringify(bad)}`);
  });
}
