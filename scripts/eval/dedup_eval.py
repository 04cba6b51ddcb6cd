#!/usr/bin/env python3
"""Scores wikisite's dedup groups against hand-labelled pairs.

    wikisite build --input CORPUS --output OUT --dedup-report report.tsv
    python3 scripts/eval/dedup_eval.py LABELS.tsv report.tsv [--min-precision P] [--min-f1 F]

A labelled pair counts as merged when both articles are in one group of the
report (the strict reading: two narrow articles one broad article absorbed
count as merged with each other too). `unsure` pairs are left out. Prints precision, recall, F1, the
confusion counts and every wrong decision with the labeller's reason. With
--min-precision / --min-f1 it exits 1 when a figure falls below the floor
(CI uses this to catch a change that hides articles wrongly).
"""
import argparse
import sys
import unicodedata


def norm(path):
    path = unicodedata.normalize('NFC', path)
    return ''.join(c for c in path if c not in '\u2066\u2067\u2068\u2069\u200b\u200e\u200f').lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('labels')
    ap.add_argument('report')
    ap.add_argument('--min-precision', type=float, default=0.0)
    ap.add_argument('--min-f1', type=float, default=0.0)
    args = ap.parse_args()
    labels, report = args.labels, args.report
    group_of = {}
    with open(report, encoding='utf-8') as f:
        next(f)
        for line in f:
            g, _lands_on, article, _score = line.rstrip('\n').split('\t')[:4]
            group_of[norm(article)] = g
    tp = fp = fn = tn = 0
    wrong = []
    with open(labels, encoding='utf-8') as f:
        next(f)
        for line in f:
            a, b, label, reason = (line.rstrip('\n').split('\t') + [''])[:4]
            if label not in ('dup', 'distinct'):
                continue
            ga, gb = group_of.get(norm(a)), group_of.get(norm(b))
            merged = ga is not None and ga == gb
            if label == 'dup' and merged:
                tp += 1
            elif label == 'dup':
                fn += 1
                wrong.append(('missed', a, b, reason))
            elif merged:
                fp += 1
                wrong.append(('WRONG MERGE', a, b, reason))
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f'pairs {tp + fp + fn + tn}: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  '
          f'(tp {tp}, fp {fp}, fn {fn}, tn {tn})')
    for kind, a, b, reason in wrong:
        print(f'  {kind}: {a} ~ {b}  [{reason}]')
    if p < args.min_precision or f1 < args.min_f1:
        print(f'dedup_eval: below the floor (precision >= {args.min_precision}, F1 >= {args.min_f1})', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
