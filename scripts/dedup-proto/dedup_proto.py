#!/usr/bin/env python3
"""Dedup prototype for wikisite (reference for the Swift Dedup stage).

Finds groups of near-identical generated articles, see docs/dedup.md.

    python3 scripts/dedup-proto/dedup_proto.py \
        --labels ../shared/eval/dedup-labels.tsv --corpus ../shared/corpus/tubegraph

prints per-feature separation and the repeated stratified k-fold CV figures of the
rule.  --corpus-run also scores every candidate pair of the whole corpus and prints
group statistics; --sample N prints N merged pairs that are not in the label file.

Standard library + numpy/scipy only.  Single process.
"""
import argparse
import bisect
import collections
import csv
import math
import os
import random
import re
import time
import unicodedata

import numpy as np
from scipy.optimize import minimize

# --------------------------------------------------------------------------------------
# 1. Normalisation
# --------------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r'\A---\n(.*?)\n---\n', re.S)
FROM_LINE = re.compile(r'^From:\s*\[\[[^\]]*\]\]\s*<br\s*/?>[ \t]*', re.M)
# any <a ...>...</a>; timestamp anchors are recognised by a time inside them
ANCHOR = re.compile(r'<a\b[^>]*?>(.*?)</a\s*>?|<a\b[^>]*?class="yt[^"]*"[^>]*?>', re.S | re.I)
DATA_T = re.compile(r'data[-=_]?t?=?"?\s*([0-9][0-9:]*)')
TIME_TOKEN = re.compile(r'\b\d{1,2}(?::\d{1,2}){1,3}\b')      # 1:02, 00:01:02, 01:00:13:00
WIKILINK = re.compile(r'!?\[\[([^\[\]]*?)\]\]')
HEADING = re.compile(r'^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$', re.M)
HTML_TAG = re.compile(r'<[^>]{0,200}>')
MD_LINK = re.compile(r'\[([^\]]*)\]\([^)]*\)')
WORD = re.compile(r'[^\W_]+')                                 # letters/digits, Unicode

# small stop list, used only for heading words (the body features are IDF weighted)
STOP = frozenset('the a an and or of to in on for with by from at as is are was were be '
                 'been being it its this that these those how what why when which who s vs'.split())


def time_readings(s):
    """Seconds a timestamp string can mean.  'HH:MM:SS' also reads as 'MM:SS:00'
    (hour field = minutes) when the seconds field is 00 and the first field > 0."""
    parts = [p for p in s.strip().split(':') if p]
    try:
        f = [int(p) for p in parts]
    except ValueError:
        return ()
    if len(f) == 1:
        return (f[0],)
    if len(f) == 2:
        return (f[0] * 60 + f[1],)
    if len(f) == 3:
        h, m, sec = f
        primary = h * 3600 + m * 60 + sec
        return (primary, h * 60 + m) if sec == 0 and h > 0 else (primary,)
    if len(f) == 4:                                           # 01:00:13:00 -> 01:00:13
        return (f[0] * 3600 + f[1] * 60 + f[2],)
    return ()


def parse_article(text):
    """-> dict(title, vid, words, head_words, stamps) or None if not an article."""
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
    body = re.sub(r'^\s*```markdown\s*\n', '', body)          # LLM wrapper fence

    stamps = []                                                # (position, readings)

    def drop_anchor(mm):
        dt = DATA_T.search(mm.group(0))
        tok = dt.group(1) if dt else (TIME_TOKEN.search(mm.group(0)) or [None])[0]
        r = time_readings(tok) if tok else ()
        if r:
            stamps.append((mm.start(), r))
        return ' '
    body = ANCHOR.sub(drop_anchor, body)

    def drop_time(mm):                                         # plain [00:01:02], lists, (..)
        r = time_readings(mm.group(0))
        if r:
            stamps.append((10 ** 9 + mm.start(), r))
        return ' '
    body = TIME_TOKEN.sub(drop_time, body)
    stamps.sort(key=lambda x: x[0])

    def link_label(mm):                                        # keep the label, drop the target
        inner = mm.group(1)
        label = inner.split('|')[-1] if '|' in inner else inner
        return ' ' + label.strip() + ' '
    body = WIKILINK.sub(link_label, body)
    headings = HEADING.findall(body)
    body = MD_LINK.sub(r' \1 ', body)
    body = HTML_TAG.sub(' ', body)
    norm = lambda s: unicodedata.normalize('NFKC', s).lower()
    head_words = {w for h in headings for w in WORD.findall(norm(h))} - STOP
    return dict(title=title, vid=vid, words=frozenset(WORD.findall(norm(body))),
                head_words=frozenset(head_words), stamps=[r for _, r in stamps])


def load_corpus(root):
    docs = {}
    for ch in sorted(os.listdir(root)):
        p = os.path.join(root, ch)
        if not os.path.isdir(p):
            continue
        for fn in sorted(os.listdir(p)):
            if not fn.endswith('.md') or fn[:-3].lower() == ch.lower():   # channel page
                continue
            with open(os.path.join(p, fn), encoding='utf-8') as f:
                d = parse_article(f.read())
            if d:
                d['key'] = ch + '/' + fn
                docs[d['key']] = d
    return docs


class Corpus:
    def __init__(self, docs):
        self.docs = docs
        self.n = len(docs)
        self.df = collections.Counter()
        for d in docs.values():
            self.df.update(d['words'])
        self.idf = {t: math.log(self.n / c) for t, c in self.df.items()}
        for d in docs.values():
            d['mass'] = sum(self.idf[t] for t in d['words'])
        self.by_vid = collections.defaultdict(list)
        for k, d in docs.items():
            self.by_vid[d['vid']].append(k)


# --------------------------------------------------------------------------------------
# 2. Pair features
# --------------------------------------------------------------------------------------

TS_TOL = 15          # seconds
HEAD_PRIOR = 4       # pseudo-words added to the heading-word union


def moments_matched(A, B, tol=TS_TOL):
    """fraction of cited moments of A that B also cites (within tol, any reading)"""
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


def jaccard(a, b, prior=0):
    u = len(a | b) + prior
    return len(a & b) / u if u else 0.0


def features(C, ka, kb):
    a, b = C.docs[ka], C.docs[kb]
    shared = sum(C.idf[t] for t in a['words'] & b['words'])
    same_vid = a['vid'] == b['vid']
    f = {
        # min of the two IDF-weighted containments of the body word sets
        'cov_min': shared / max(a['mass'], b['mass'], 1e-9),
        # Jaccard of heading word sets, with HEAD_PRIOR pseudo-words in the union so that
        # two tiny generic outlines ("Ingredients / Preparation Steps") are weak evidence
        'head_jac': jaccard(a['head_words'], b['head_words'], HEAD_PRIOR),
        # cited moments in common, the weaker direction; only meaningful in one video
        'ts_match': min(moments_matched(a['stamps'], b['stamps']),
                        moments_matched(b['stamps'], a['stamps'])) if same_vid else 0.0,
        'same_vid': 1.0 if same_vid else 0.0,
    }
    return f


FEATURES = ['cov_min', 'head_jac', 'ts_match', 'same_vid']


# extra features that were measured but are not in the rule (for the separation table)
def extra_features(C, ka, kb):
    a, b = C.docs[ka], C.docs[kb]
    inter = a['words'] & b['words']
    union = a['words'] | b['words']
    ta = set(w for w in WORD.findall(a['title'].lower())) - STOP
    tb = set(w for w in WORD.findall(b['title'].lower())) - STOP
    sib = set(C.by_vid[a['vid']]) | set(C.by_vid[b['vid']])
    sdf = collections.Counter()
    for k in sib:
        sdf.update(C.docs[k]['words'])
    n = len(sib)
    sw = lambda t: math.log((n + 1) / sdf[t])
    la, lb = len(a['words']), len(b['words'])
    return {
        'word_jac': len(inter) / len(union),
        'idf_jac': sum(C.idf[t] for t in inter) / sum(C.idf[t] for t in union),
        'sibling_idf_jac': sum(sw(t) for t in inter) / max(1e-9, sum(sw(t) for t in union)),
        'title_jac': jaccard(ta, tb),
        'vocab_ratio': min(la, lb) / max(la, lb, 1),
    }


# --------------------------------------------------------------------------------------
# 3. Rule: logistic score z = w . x + b ; dup iff z > tau
# --------------------------------------------------------------------------------------

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
    """smallest tau such that precision of (s > tau) on (s, y) is >= target"""
    order = np.argsort(-s)
    tp = np.cumsum(y[order])
    prec = tp / np.arange(1, len(s) + 1)
    ok = np.where(prec >= target)[0]
    if len(ok) == 0:
        return np.inf
    i = ok.max()
    nxt = s[order][i + 1] if i + 1 < len(s) else s[order][i] - 1
    return (s[order][i] + nxt) / 2


def prf(pred, y):
    y = y > 0.5
    tp = np.sum(pred & y)
    p = tp / max(1, pred.sum())
    r = tp / max(1, y.sum())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def repeated_cv(X, y, k=5, reps=10, seed=20250605, target_p=None, allow=None):
    """allow: optional boolean mask of pairs the policy may merge (e.g. same video only)"""
    rng = np.random.default_rng(seed)
    res = []
    wrong = collections.Counter()
    for _ in range(reps):
        folds = np.zeros(len(y), int)
        for cls in (0, 1):
            idx = np.where(y == cls)[0]
            rng.shuffle(idx)
            folds[idx] = np.arange(len(idx)) % k
        for i in range(k):
            tr, te = folds != i, folds == i
            w = fit_logistic(X[tr], y[tr])
            tau = 0.0 if target_p is None else threshold_for_precision(score(w, X[tr]), y[tr], target_p)
            pred = score(w, X[te]) > tau
            if allow is not None:
                pred &= allow[te]
            res.append(prf(pred, y[te]))
            for j in np.where(te)[0][pred != (y[te] > 0.5)]:
                wrong[j] += 1
    r = np.array(res)
    return r.mean(0), r.std(0), wrong


def auc(x, y):
    from scipy.stats import rankdata
    r = rankdata(x)
    n1 = y.sum()
    n0 = len(y) - n1
    return (r[y > 0.5].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def best_threshold_f1(x, y):
    best = (0, 0, 0, 0)
    for t in np.unique(x):
        p = x >= t
        P, R, F = prf(p, y)
        if F > best[0]:
            best = (F, t, P, R)
    return best


# --------------------------------------------------------------------------------------
# 4. Candidates, scoring, grouping over the whole corpus
# --------------------------------------------------------------------------------------

RARE_DF_FRACTION = 0.006      # a "rare" word is in 2 .. 0.6% of articles (df <= 101 here)
CROSS_MIN_COV = 0.15          # cross-video candidate: rare-word cov_min >= this


def candidates(C):
    """same-videoId blocking + rare-word inverted index for cross-video pairs"""
    keys = sorted(C.docs)
    pairs = set()
    for ks in C.by_vid.values():
        ks = sorted(ks)
        for i in range(len(ks)):
            for j in range(i + 1, len(ks)):
                pairs.add((ks[i], ks[j]))
    n_same = len(pairs)
    cap = max(2, int(RARE_DF_FRACTION * C.n))
    rare = {t for t, c in C.df.items() if 2 <= c <= cap}
    postings = collections.defaultdict(list)
    rmass = {}
    for i, k in enumerate(keys):
        ws = C.docs[k]['words'] & rare
        rmass[i] = sum(C.idf[t] for t in ws)
        for t in ws:
            postings[t].append(i)
    # accumulate shared rare mass per pair, one article at a time (what Swift does)
    vid = [C.docs[k]['vid'] for k in keys]
    n_cross = 0
    work = 0
    for i, k in enumerate(keys):
        acc = collections.defaultdict(float)
        for t in C.docs[k]['words'] & rare:
            w = C.idf[t]
            for j in postings[t]:
                if j > i:
                    acc[j] += w
            work += len(postings[t])
        for j, s in acc.items():
            if vid[j] != vid[i] and s >= CROSS_MIN_COV * max(rmass[i], rmass[j]):
                pairs.add((k, keys[j]))
                n_cross += 1
    return pairs, n_same, n_cross, cap, work


def group(pos_edges, edge_score, mode):
    """mode: 'single' = connected components; 'complete' = merge two clusters only if
    every pair across them was scored positive (greedy, strongest edges first)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    members = collections.defaultdict(set)
    for a, b in sorted(pos_edges, key=lambda e: (-edge_score[e], e)):   # ties: key order
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma = members[ra] or {a}
        mb = members[rb] or {b}
        if mode == 'complete':
            if not all(((x, y) if x < y else (y, x)) in pos_edges for x in ma for y in mb):
                continue
        parent[rb] = ra
        members[ra] = ma | mb
        members.pop(rb, None)
    groups = collections.defaultdict(set)
    for x in parent:
        groups[find(x)].add(x)
    return [g for g in groups.values() if len(g) > 1]


def canonical(C, g):
    """canonical page: the member with the largest IDF mass (most content)"""
    return max(g, key=lambda k: (C.docs[k]['mass'], k))


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--labels', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--reps', type=int, default=10)
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--target-precision', type=float, default=0.97,
                    help='training-fold precision used to set the precision-first threshold')
    ap.add_argument('--corpus-run', action='store_true', help='score the whole corpus')
    ap.add_argument('--sample', type=int, default=15)
    ap.add_argument('--seed', type=int, default=7)
    args = ap.parse_args()

    t0 = time.time()
    C = Corpus(load_corpus(args.corpus))
    print('articles %d, videos %d, parse %.1fs' % (C.n, len(C.by_vid), time.time() - t0))

    rows = list(csv.DictReader(open(args.labels, encoding='utf-8'), delimiter='\t'))
    rows = [r for r in rows if r['label'] in ('dup', 'distinct')]
    y = np.array([r['label'] == 'dup' for r in rows], float)
    feats = [features(C, r['a'], r['b']) for r in rows]
    X = np.array([[f[c] for c in FEATURES] for f in feats])
    print('labelled pairs: %d (dup %d, distinct %d; unsure left out)' % (len(y), y.sum(), len(y) - y.sum()))

    # -- per-feature separation
    ext = [extra_features(C, r['a'], r['b']) for r in rows]
    print('\nper-feature separation (AUC; best single threshold in-sample; medians)')
    print('  %-16s %6s %6s %7s %6s %6s %8s %8s' % ('feature', 'AUC', 'bestF1', 'thr', 'P', 'R', 'med dup', 'med dist'))
    for name, col in [(c, X[:, i]) for i, c in enumerate(FEATURES)] + \
                     [(c, np.array([e[c] for e in ext])) for c in ext[0]]:
        F1, t, P, R = best_threshold_f1(col, y)
        print('  %-16s %6.3f %6.3f %7.3f %6.3f %6.3f %8.3f %8.3f' % (
            name, auc(col, y), F1, t, P, R, np.median(col[y > .5]), np.median(col[y < .5])))

    # -- rule fitted on all pairs
    w = fit_logistic(X, y)
    s_all = score(w, X)
    tau_p = threshold_for_precision(s_all, y, args.target_precision)
    print('\nrule: z = %s %+.3f' % (' '.join('%+.3f*%s' % (wi, c) for wi, c in zip(w[:-1], FEATURES)), w[-1]))
    for name, tau in (('balanced  (z > 0)', 0.0), ('precision (z > %.3f)' % tau_p, tau_p)):
        P, R, F = prf(s_all > tau, y)
        print('  fit on all pairs, %-22s P=%.3f R=%.3f F1=%.3f' % (name, P, R, F))

    # -- repeated stratified k-fold
    print('\n%d-fold x %d repeated stratified CV (held-out means +- sd over folds); the weights and'
          ' the threshold are refitted in every training fold' % (args.folds, args.reps))
    same_video = X[:, FEATURES.index('same_vid')] > 0
    for policy, allow in (('merge cross-video', None), ('same video only', same_video)):
        for name, tp in (('balanced  (z > 0)', None), ('precision (train P>=%.2f)' % args.target_precision,
                                                       args.target_precision)):
            m, sd, _ = repeated_cv(X, y, args.folds, args.reps, target_p=tp, allow=allow)
            print('  %-18s %-26s P=%.3f+-%.3f R=%.3f+-%.3f F1=%.3f+-%.3f' % (
                policy, name, m[0], sd[0], m[1], sd[1], m[2], sd[2]))
    print('  precision/recall trade-off (merge cross-video), training-fold precision target:')
    for tp in (0.90, 0.93, 0.95, 0.97, 0.99):
        m, sd, _ = repeated_cv(X, y, args.folds, args.reps, target_p=tp)
        print('    target %.2f: held-out P=%.3f R=%.3f F1=%.3f' % (tp, m[0], m[1], m[2]))

    print('\nconfusion cases of the balanced rule fitted on all pairs (z, features, label reason):')
    for i in np.argsort(s_all):
        if (s_all[i] > 0) != (y[i] > .5):
            r = rows[i]
            print('  %-8s z=%+.2f cov=%.2f head=%.2f ts=%.2f sv=%d  %s | %s\n           %s' % (
                r['label'], s_all[i], *X[i], r['a'], r['b'], r['reason']))

    print('\nfalse positives of the precision rule fitted on all pairs (z > %.3f):' % tau_p)
    for i in np.argsort(-s_all):
        if s_all[i] > tau_p and y[i] < .5:
            r = rows[i]
            print('  z=%+.2f cov=%.2f head=%.2f ts=%.2f sv=%d  %s | %s' % (s_all[i], *X[i], r['a'], r['b']))

    unsure = [r for r in csv.DictReader(open(args.labels, encoding='utf-8'), delimiter='\t')
              if r['label'] == 'unsure']
    if unsure:
        Xu = np.array([[features(C, r['a'], r['b'])[c] for c in FEATURES] for r in unsure])
        zu = score(w, Xu)
        print('\n"unsure" pairs (not scored): %d; rule says dup for %d (balanced), %d (precision)' % (
            len(unsure), (zu > 0).sum(), (zu > tau_p).sum()))

    if not args.corpus_run:
        return

    # -- whole corpus
    t1 = time.time()
    pairs, n_same, n_cross, cap, work = candidates(C)
    t2 = time.time()
    print('\ncandidates: %d same-video pairs + %d cross-video pairs (rare df 2..%d, rare cov_min >= %.2f); '
          '%.1fM postings visited; %.1fs' % (n_same, n_cross, cap, CROSS_MIN_COV, work / 1e6, t2 - t1))
    lab_pairs = {tuple(sorted((r['a'], r['b']))): r for r in
                 csv.DictReader(open(args.labels, encoding='utf-8'), delimiter='\t')}   # incl. unsure
    missing = [p for p, r in lab_pairs.items() if r['label'] == 'dup' and p not in pairs]
    print('labelled dup pairs that are not candidates: %d of %d %s' % (
        len(missing), sum(r['label'] == 'dup' for r in lab_pairs.values()), missing))
    keys = sorted(pairs)
    Xc = np.array([[features(C, a, b)[c] for c in FEATURES] for a, b in keys])
    sc = score(w, Xc)
    t3 = time.time()
    print('scored %d pairs in %.1fs' % (len(keys), t3 - t2))
    for name, tau in (('balanced', 0.0), ('precision', tau_p)):
        pos = {p for p, s in zip(keys, sc) if s > tau}
        es = {p: s for p, s in zip(keys, sc)}
        n_xv = sum(1 for a, b in pos if C.docs[a]['vid'] != C.docs[b]['vid'])
        print('\n[%s rule, tau=%.3f] positive pairs: %d (cross-video %d)' % (name, tau, len(pos), n_xv))
        pos_sv = {(a, b) for a, b in pos if C.docs[a]['vid'] == C.docs[b]['vid']}
        for mode, edges in (('single', pos), ('complete', pos), ('complete, same video only', pos_sv)):
            gs = group(edges, es, mode.split(',')[0])
            sizes = collections.Counter(len(g) for g in gs)
            hidden = sum(len(g) - 1 for g in gs)
            print('  %-8s linkage: %d groups, %d articles merged away, largest %d, sizes %s' % (
                mode, len(gs), hidden, max(sizes) if sizes else 0, dict(sorted(sizes.items()))))
        if name == 'precision':
            final_pos = pos

    rnd = random.Random(args.seed)
    pool = [p for p in sorted(final_pos) if p not in lab_pairs]
    xpool = [p for p in pool if C.docs[p[0]]['vid'] != C.docs[p[1]]['vid']]
    sample = rnd.sample(pool, min(args.sample, len(pool)))
    sample += rnd.sample(xpool, min(args.sample // 2, len(xpool)))
    print('\nsample of %d merged pairs (precision rule) not in the label file, then %d cross-video ones:'
          % (args.sample, min(args.sample // 2, len(xpool))))
    for a, b in sample:
        f = features(C, a, b)
        print('  cov=%.2f head=%.2f ts=%.2f sv=%d  %s  |  %s\n      "%s"  |  "%s"' % (
            f['cov_min'], f['head_jac'], f['ts_match'], f['same_vid'], a, b,
            C.docs[a]['title'], C.docs[b]['title']))


if __name__ == '__main__':
    main()
