#!/usr/bin/env python3
"""Fits and cross-validates the dedup rule on the hand-labelled pairs (v2 policy).

    python3 scripts/eval/dedup_fit.py --labels ../shared/eval/dedup-labels-v2.tsv \
        --corpus ../shared/corpus/tubegraph [--folds 5 --reps 10]

Reads the corpus (words, sections, cited moments of each article, as
docs/dedup.md §1 describes), measures the directional features of each labelled
pair, prints their separation, fits the logistic rule on all pairs (the weights
the Swift stage ships) and the k-fold figures with the weights and the
threshold refitted in every training fold. Standard library, numpy and scipy.
"""
import argparse
import bisect
import collections
import math
import os
import pickle
import re
import sys
import unicodedata

import numpy as np
from scipy.optimize import minimize

FRONT_MATTER = re.compile(r'\A---\n(.*?)\n---\n', re.S)
FROM_LINE = re.compile(r'^From:\s*\[\[[^\]]*\]\]\s*<br\s*/?>[ \t]*', re.M)
ANCHOR = re.compile(r'<a\b[^>]*?>(.*?)</a\s*>?|<a\b[^>]*?class="yt[^"]*"[^>]*?>', re.S | re.I)
DATA_T = re.compile(r'data[-=_]?t?=?"?\s*([0-9][0-9:]*)')
TIME_TOKEN = re.compile(r'\b\d{1,2}(?::\d{1,2}){1,3}\b')
WIKILINK = re.compile(r'!?\[\[([^\[\]]*?)\]\]')
HEADING = re.compile(r'^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$')
HTML_TAG = re.compile(r'<[^>]{0,200}>')
MD_LINK = re.compile(r'\[([^\]]*)\]\([^)]*\)')
WORD = re.compile(r'[^\W_]+')
STOP = frozenset('the a an and or of to in on for with by from at as is are was were be '
                 'been being it its this that these those how what why when which who s vs'.split())
TS_TOL = 15


def readings(s):
    try:
        f = [int(p) for p in s.strip().split(':') if p]
    except ValueError:
        return ()
    if len(f) == 1:
        return (f[0],)
    if len(f) == 2:
        return (f[0] * 60 + f[1],)
    if len(f) == 3:
        h, m, sec = f
        p = h * 3600 + m * 60 + sec
        return (p, h * 60 + m) if sec == 0 and h > 0 else (p,)
    if len(f) == 4:
        return (f[0] * 3600 + f[1] * 60 + f[2],)
    return ()


def norm(s):
    return unicodedata.normalize('NFKC', s).lower()


def parse_article(text):
    m = FRONT_MATTER.match(text)
    if not m:
        return None
    title = vid = ''
    for line in m.group(1).split('\n'):
        if line.startswith('title:'):
            title = line[6:].strip().strip('"\'')
        elif line.startswith('videoId:'):
            vid = line[8:].strip().strip('"\'')
    if not vid:
        return None
    body = FROM_LINE.sub('', text[m.end():], count=1)
    body = re.sub(r'^\s*```markdown\s*\n', '', body)
    # sections: (level, heading text, [lines]); level 0 = the part before the first heading
    sections = [[0, '', []]]
    for line in body.split('\n'):
        h = HEADING.match(line)
        if h:
            sections.append([len(h.group(1)), h.group(2), []])
        else:
            sections[-1][2].append(line)
    out = []
    for level, head, lines in sections:
        txt = head + '\n' + '\n'.join(lines)
        stamps = []

        def drop_anchor(mm):
            dt = DATA_T.search(mm.group(0))
            tok = dt.group(1) if dt else (TIME_TOKEN.search(mm.group(0)) or [None])[0]
            r = readings(tok) if tok else ()
            if r:
                stamps.append(r)
            return ' '
        txt = ANCHOR.sub(drop_anchor, txt)

        def drop_time(mm):
            r = readings(mm.group(0))
            if r:
                stamps.append(r)
            return ' '
        txt = TIME_TOKEN.sub(drop_time, txt)
        txt = WIKILINK.sub(lambda mm: ' ' + (mm.group(1).split('|')[-1]).strip() + ' ', txt)
        txt = MD_LINK.sub(r' \1 ', txt)
        txt = HTML_TAG.sub(' ', txt)
        hw = frozenset(WORD.findall(norm(WIKILINK.sub(lambda mm: mm.group(1).split('|')[-1], head)))) - STOP
        words = frozenset(WORD.findall(norm(txt)))
        if not words and not stamps and level == 0:
            continue
        out.append(dict(level=level, head=head, words=words, hw=hw, stamps=stamps))
    words = frozenset().union(*[s['words'] for s in out]) if out else frozenset()
    hw = frozenset().union(*[s['hw'] for s in out]) if out else frozenset()
    tw = frozenset(WORD.findall(norm(title))) - STOP
    return dict(title=title, vid=vid, sections=out, words=words, hw=hw, tw=tw,
                stamps=[r for s in out for r in s['stamps']])


def load_corpus(root, cache):
    if cache and os.path.exists(cache):
        with open(cache, 'rb') as f:
            return pickle.load(f)
    docs = {}
    for ch in sorted(os.listdir(root)):
        p = os.path.join(root, ch)
        if not os.path.isdir(p):
            continue
        for fn in sorted(os.listdir(p)):
            if not fn.endswith('.md') or fn[:-3].lower() == ch.lower():
                continue
            with open(os.path.join(p, fn), encoding='utf-8', errors='replace') as f:
                d = parse_article(f.read())
            if d:
                docs[ch + '/' + fn] = d
    if cache:
        with open(cache, 'wb') as f:
            pickle.dump(docs, f)
    return docs


class Corpus:
    def __init__(self, docs):
        self.docs = docs
        self.n = len(docs)
        df = collections.Counter()
        for d in docs.values():
            df.update(d['words'])
        self.idf = {t: math.log(self.n / c) for t, c in df.items()}
        for d in docs.values():
            d['mass'] = self.mass(d['words'])
        self.by_vid = collections.defaultdict(list)
        for k, d in docs.items():
            self.by_vid[d['vid']].append(k)

    def mass(self, ws):
        return sum(self.idf.get(t, 0) for t in ws)


def matched(A, B, tol=TS_TOL):
    """share of A's cited moments that B also cites within tol, under any reading"""
    if not A or not B:
        return 0.0
    bv = sorted(v for r in B for v in r)
    hit = 0
    for r in A:
        for v in r:
            j = bisect.bisect_left(bv, v - tol)
            if j < len(bv) and bv[j] <= v + tol:
                hit += 1
                break
    return hit / len(A)


def section_cover(C, s, l, floor):
    """share of s's section mass (sections by IDF mass) whose words l holds at >= floor"""
    tot = cov = 0.0
    for sec in s['sections']:
        m = C.mass(sec['words'])
        if m <= 0:
            continue
        tot += m
        if C.mass(sec['words'] & l['words']) / m >= floor:
            cov += m
    return cov / tot if tot else 0.0


def features(C, ka, kb):
    a, b = C.docs[ka], C.docs[kb]
    # s: the smaller article (by IDF mass), l: the larger one
    s, l = (a, b) if (a['mass'], ka) < (b['mass'], kb) else (b, a)
    shared = C.mass(a['words'] & b['words'])
    same = a['vid'] == b['vid']
    f = {}
    f['cont_small'] = shared / max(s['mass'], 1e-9)
    f['cont_large'] = shared / max(l['mass'], 1e-9)
    f['size_ratio'] = s['mass'] / max(l['mass'], 1e-9)
    f['sec_small_50'] = section_cover(C, s, l, 0.5)
    f['sec_small_60'] = section_cover(C, s, l, 0.6)
    f['sec_large_50'] = section_cover(C, l, s, 0.5)
    ts_s = matched(s['stamps'], l['stamps']) if same else 0.0
    ts_l = matched(l['stamps'], s['stamps']) if same else 0.0
    f['ts_small'] = ts_s
    f['ts_large'] = ts_l
    f['ts_min'] = min(ts_s, ts_l)
    hs, hl = s['hw'], l['hw']
    f['head_jac'] = len(hs & hl) / (len(hs | hl) + 4)
    f['head_small_in_large'] = len(hs & l['words']) / (len(hs) + 2)
    f['head_small_in_lhead'] = len(hs & hl) / (len(hs) + 2)
    f['same_vid'] = 1.0 if same else 0.0
    # rare-word containment of s (words in <= 1% of articles)
    rare_s = [t for t in s['words'] if C.idf.get(t, 0) > math.log(100)]
    rm = sum(C.idf[t] for t in rare_s)
    f['rare_small'] = sum(C.idf[t] for t in rare_s if t in l['words']) / rm if rm else 0.0
    return f


def fit_logistic(X, y, l2=1e-2):
    Xb = np.c_[X, np.ones(len(X))]

    def nll(w):
        z = Xb @ w
        return np.sum(np.logaddexp(0, z) - y * z) + l2 * np.sum(w[:-1] ** 2)

    def grad(w):
        p = 1 / (1 + np.exp(-(Xb @ w)))
        g = Xb.T @ (p - y)
        g[:-1] += 2 * l2 * w[:-1]
        return g
    return minimize(nll, np.zeros(Xb.shape[1]), jac=grad, method='L-BFGS-B').x


def score(w, X):
    return np.c_[X, np.ones(len(X))] @ w


def threshold_for_precision(s, y, target):
    """the lowest threshold whose precision on (s, y) is >= target, midway to the next score"""
    order = np.argsort(-s, kind='stable')
    tp = np.cumsum(y[order])
    prec = tp / np.arange(1, len(s) + 1)
    ok = np.where(prec >= target)[0]
    if len(ok) == 0:
        return np.inf
    i = ok.max()
    nxt = s[order][i + 1] if i + 1 < len(s) else s[order][i] - 1
    return (s[order][i] + nxt) / 2


def threshold_best_f1(s, y, min_p):
    best = (-1, np.inf)
    for t in np.unique(s):
        pred = s >= t
        P, R, F = prf(pred, y)
        if P >= min_p and F > best[0]:
            best = (F, t)
    ss = np.sort(np.unique(s))
    t = best[1]
    i = np.searchsorted(ss, t)
    return (t + ss[i - 1]) / 2 if i > 0 else t - 1e-6


def prf(pred, y):
    y = y > 0.5
    tp = np.sum(pred & y)
    p = tp / max(1, pred.sum())
    r = tp / max(1, y.sum())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def auc(x, y):
    from scipy.stats import rankdata
    r = rankdata(x)
    n1 = y.sum()
    n0 = len(y) - n1
    return (r[y > 0.5].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def cv(X, y, k, reps, choose, seed=20261205):
    rng = np.random.default_rng(seed)
    res, pooled = [], np.zeros((reps, 4))
    wrong = collections.Counter()
    for rep in range(reps):
        folds = np.zeros(len(y), int)
        for cls in (0, 1):
            idx = np.where(y == cls)[0]
            rng.shuffle(idx)
            folds[idx] = np.arange(len(idx)) % k
        pred_all = np.zeros(len(y), bool)
        for i in range(k):
            tr, te = folds != i, folds == i
            w = fit_logistic(X[tr], y[tr])
            tau = choose(score(w, X[tr]), y[tr])
            pred = score(w, X[te]) > tau
            pred_all[te] = pred
            res.append(prf(pred, y[te]))
            for j in np.where(te)[0][pred != (y[te] > 0.5)]:
                wrong[j] += 1
        pooled[rep, :3] = prf(pred_all, y)
    r = np.array(res)
    return r.mean(0), r.std(0), pooled[:, :3].mean(0), wrong


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--labels', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--cache', default='')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--reps', type=int, default=10)
    ap.add_argument('--features', default='cont_small,ts_small,head_small_in_large,same_vid')
    ap.add_argument('--min-precision', type=float, default=0.97)
    ap.add_argument('--dump', default='')
    args = ap.parse_args()
    C = Corpus(load_corpus(args.corpus, args.cache))
    rows = []
    with open(args.labels, encoding='utf-8') as f:
        next(f)
        for line in f:
            a, b, label, reason = (line.rstrip('\n').split('\t') + [''])[:4]
            if label in ('dup', 'distinct') and a in C.docs and b in C.docs:
                rows.append((a, b, label, reason))
    y = np.array([r[2] == 'dup' for r in rows], float)
    feats = [features(C, r[0], r[1]) for r in rows]
    names = list(feats[0])
    print('pairs %d (dup %d, distinct %d)' % (len(y), y.sum(), len(y) - y.sum()))
    print('%-22s %6s %8s %8s' % ('feature', 'AUC', 'med dup', 'med dist'))
    for n in names:
        x = np.array([f[n] for f in feats])
        print('%-22s %6.3f %8.3f %8.3f' % (n, auc(x, y), np.median(x[y > 0.5]), np.median(x[y < 0.5])))
    if args.dump:
        with open(args.dump, 'w') as f:
            f.write('a\tb\tlabel\t' + '\t'.join(names) + '\treason\n')
            for r, ft in zip(rows, feats):
                f.write('%s\t%s\t%s\t%s\t%s\n' % (r[0], r[1], r[2], '\t'.join('%.3f' % ft[n] for n in names), r[3]))
    use = args.features.split(',')
    X = np.array([[f[n] for n in use] for f in feats])
    w = fit_logistic(X, y)
    s = score(w, X)
    print('\nrule: z = ' + ' + '.join('%.3f*%s' % (wi, n) for wi, n in zip(w, use)) + ' %+.3f' % w[-1])
    print('AUC in-sample %.3f' % auc(s, y))
    for name, choose in [('balanced z>0', lambda s_, y_: 0.0),
                         ('train P>=%.2f' % args.min_precision, lambda s_, y_: threshold_for_precision(s_, y_, args.min_precision)),
                         ('best F1 at train P>=0.95', lambda s_, y_: threshold_best_f1(s_, y_, 0.95))]:
        tau = choose(s, y)
        P, R, F = prf(s > tau, y)
        m, sd, pooled, wrong = cv(X, y, args.folds, args.reps, choose)
        print('%-26s tau %6.3f  in-sample P %.3f R %.3f F1 %.3f | %dx%d CV P %.3f±%.3f R %.3f±%.3f F1 %.3f±%.3f (pooled P %.3f R %.3f F1 %.3f)'
              % (name, tau, P, R, F, args.folds, args.reps, m[0], sd[0], m[1], sd[1], m[2], sd[2], *pooled))
    tau = threshold_best_f1(s, y, 0.95)
    print('\nin-sample errors at tau %.3f:' % tau)
    for i in np.argsort(-s):
        if (s[i] > tau) != (y[i] > 0.5):
            print('  %s z %.2f %s ~ %s [%s] %s' % ('FP' if s[i] > tau else 'FN', s[i], rows[i][0], rows[i][1], rows[i][3][:90],
                                                ' '.join('%s=%.2f' % (n, feats[i][n]) for n in use)))


if __name__ == '__main__':
    main()
