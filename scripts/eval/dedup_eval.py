#!/usr/bin/env python3
"""Scores wikisite's dedup groups against hand-labelled pairs.

    wikisite build --input CORPUS --output OUT --dedup-report report.tsv
    python3 scripts/eval/dedup_eval.py LABELS.tsv report.tsv [--reading R] [--min-precision P] [--min-f1 F]

`unsure` pairs are left out. The labels answer the policy's question for two
articles: would a reader lose anything if one page redirected to the other?
(`../shared/eval/dedup-policy.md`). The build answers it by where it sends the
readers of each article: the canonical page's readers stay on its top, and a
merged article's readers land on the canonical page's section that covers
it, or on its top. A labelled pair counts as merged under one of four readings:

- `lands-within` (the reading the gate uses): one article's readers land
  within the place the other's readers land. That is: one redirects to the
  other's page (to its top or to one of its sections), or both redirect to
  one canonical page and one lands on the top (which holds every section) or
  on a section that holds the other's section. This is the policy's own
  picture of a merge -- "the redirect should land on the section that covers
  it", while the broader article's readers see the whole page -- and it reads
  the same whether the broader of the two is the canonical page itself or was
  merged into a broader third page. Two narrow articles that one broad article
  absorbed on separate sections are not merged with each other: neither
  reader lands where the other's does, and the label of such a pair (mostly
  distinct: two facets of one video) is not what the build decided.
- `same-place`: one redirects to the other's page, or both land on exactly
  the same place (the same section of one page, or both its top). A contained
  article sent to its section of a third page is not merged with the broader
  article sent to that page's top, though the policy would send it there.
- `redirect`: one redirects to the other's page; nothing else. Too narrow for
  star groups: two rewordings of one talk that both redirect to a broader
  third page are one page for their readers, yet this misses them.
- `strict`: both are in one group, wherever each lands (two facets absorbed
  by one broad page count as merged).

Why `lands-within`, with the labellers' reasons: docs/dedup.md ("Which pairs
a build merged"). Prints every reading's precision, recall and F1, then, for
the reading asked for, the confusion counts and every wrong decision with the
labeller's reason. With --min-precision / --min-f1 it exits 1 when that
reading falls below a floor (CI uses this to catch a change that hides
articles wrongly).
"""
import argparse
import sys
import unicodedata

READINGS = ('lands-within', 'same-place', 'redirect', 'strict')


def norm(path):
    path = unicodedata.normalize('NFC', path)
    return ''.join(c for c in path if c not in '\u2066\u2067\u2068\u2069\u200b\u200e\u200f').lower()


def read_labels(path):
    """[(a, b, label, reason)] of the decided pairs (dup or distinct)."""
    out = []
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            a, b, label, reason = (line.rstrip('\n').split('\t') + [''])[:4]
            if label in ('dup', 'distinct'):
                out.append((a, b, label, reason))
    return out


def read_report(path):
    """{article: (group, canonical, section, span)} for every article of a group of the report.

    The report's second column is where the article's readers land: the
    canonical article, then `#heading-id` when a section of it covers them;
    the fifth is that section's span of the canonical article's headings
    (`lo-hi`, hi not included), empty for the top.
    """
    placed = {}
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            cols = line.rstrip('\n').split('\t')
            g, lands_on, article = cols[:3]
            canonical, _, section = lands_on.partition('#')
            span = None
            if section and len(cols) > 4 and cols[4]:
                lo, hi = cols[4].split('-')
                span = (int(lo), int(hi))
            elif section:
                span = (section,)  # an older report without spans: a section holds only itself
            placed[norm(article)] = (g, norm(canonical), section, span)
    return placed


def within(inner, outer):
    """Whether a landing lies within another; None is the top, which holds every section."""
    if outer is None:
        return True
    if inner is None:
        return False
    if len(inner) == 1 or len(outer) == 1:
        return inner == outer
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def merged(placed, a, b, reading):
    pa, pb = placed.get(norm(a)), placed.get(norm(b))
    if pa is None or pb is None or pa[0] != pb[0]:
        return False
    if reading == 'strict':
        return True
    # The canonical article's own row has no section: its readers stay on its top.
    redirect = pa[1] == norm(b) or pb[1] == norm(a)
    if reading == 'redirect' or redirect:
        return redirect
    if reading == 'same-place':
        return pa[2] == pb[2]
    return within(pa[3], pb[3]) or within(pb[3], pa[3])


def score_pairs(labels, placed, reading):
    tp = fp = fn = tn = 0
    wrong = []
    for a, b, label, reason in labels:
        m = merged(placed, a, b, reading)
        if label == 'dup' and m:
            tp += 1
        elif label == 'dup':
            fn += 1
            wrong.append(('missed', a, b, reason))
        elif m:
            fp += 1
            wrong.append(('WRONG MERGE', a, b, reason))
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return dict(prf=(p, r, f1), counts=(tp, fp, fn, tn), wrong=wrong)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('labels')
    ap.add_argument('report')
    ap.add_argument('--reading', choices=READINGS, default='lands-within')
    ap.add_argument('--min-precision', type=float, default=0.0)
    ap.add_argument('--min-f1', type=float, default=0.0)
    args = ap.parse_args()
    labels, placed = read_labels(args.labels), read_report(args.report)
    results = {reading: score_pairs(labels, placed, reading) for reading in READINGS}
    chosen = results[args.reading]
    p, r, f1 = chosen['prf']
    tp, fp, fn, tn = chosen['counts']
    print(f'pairs {tp + fp + fn + tn} ({args.reading}): precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  '
          f'(tp {tp}, fp {fp}, fn {fn}, tn {tn})')
    for reading in READINGS:
        if reading != args.reading:
            o = results[reading]
            print(f'  read as {reading}: precision {o["prf"][0]:.3f}  recall {o["prf"][1]:.3f}  F1 {o["prf"][2]:.3f}  '
                  f'(tp {o["counts"][0]}, fp {o["counts"][1]}, fn {o["counts"][2]}, tn {o["counts"][3]})')
    for kind, a, b, reason in chosen['wrong']:
        print(f'  {kind}: {a} ~ {b}  [{reason}]')
    if p < args.min_precision or f1 < args.min_f1:
        print(f'dedup_eval: below the floor ({args.reading}: precision >= {args.min_precision}, F1 >= {args.min_f1})',
              file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
