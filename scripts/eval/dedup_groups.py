#!/usr/bin/env python3
"""Replays the Dedup stage's grouping from its measured candidate pairs, and
scores groups under the readings of "merged" (see dedup_eval.py).

    wikisite build --input CORPUS --output OUT --dedup-candidates cand.tsv --dedup-report report.tsv
    python3 scripts/eval/dedup_groups.py --labels LABELS.tsv --candidates cand.tsv [--report report.tsv]
        [--folds 5 --reps 10]

The candidates file holds, for every pair the stage scored, the two features of
the rule both ways, whether the titles name the same thing, each article's mass
and inbound links, and where each would land on the other. From it this script
groups exactly as `Deduplicator+Groups.swift` does for any weights and
threshold, so the rule can be refitted on some labelled pairs and the groups
scored on the others: a grouped k-fold CV, not an in-sample figure. With
--report it first checks that the replay with the shipped rule gives the
stage's own groups and landings.
"""
import argparse
import collections
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dedup_eval import norm, read_labels, score_pairs, READINGS, within  # noqa: E402
from dedup_fit import fit_logistic, threshold_for_precision, prf  # noqa: E402

SHIPPED = (22.922, 3.745, -12.635, 0.19)
# Two members that did not pass may share a place when each cites more than this share of the
# other's moments and their score is above the threshold minus the margin (dedup v5-v7; subsumed since v8).
SIBLING_MOMENTS, SIBLING_MARGIN = 0.7, 1.0
# Two members that did not pass may share a place when their score is above the threshold minus this
# (Deduplicator.siblingFloor, since dedup v8).
SIBLING_FLOOR = 2.0
# A section takes a narrow article that would share the top with a sibling when it holds at least
# this share of its credit (Deduplicator.spreadCover).
SPREAD_COVER = 0.15


def parse_range(s):
    if s == 'top':
        return None
    lo, hi = s.split('-')
    return (int(lo), int(hi))


def numbers(s, kind):
    return [kind(x) for x in s.split(',')] if s else []


def sections(credit, levels):
    """`Deduplicator.sections`: each section of a page (a heading to the next one of its level or
    higher) as (level, share of the credit it holds, (first heading, end)); a first heading whose
    section is the whole page is left out."""
    out = []
    for k, lv in enumerate(levels if credit and levels else []):
        end = k + 1
        while end < len(levels) and levels[end] > lv:
            end += 1
        if not (k == 0 and end == len(levels)):
            out.append((lv, sum(credit[k:end]), (k, end)))
    return out


def landing_from_credit(credit, levels, cover=0.5):
    """`Deduplicator.landing(credit:segments:)`: the deepest section holding more than `cover` of the
    credit, then the one holding the most; None for the top (also when the first heading's section
    is the whole page)."""
    best = None
    for lv, c, rng in sections(credit, levels):
        if c > cover and (best is None or (lv, c) > best[:2]):
            best = (lv, c, rng)
    return best[2] if best else None


class Candidates:
    def __init__(self, path):
        self.pairs = []
        self.path, self.mass, self.inbound = {}, {}, {}
        with open(path, encoding='utf-8') as f:
            head = next(f).rstrip('\n').split('\t')
            for line in f:
                r = dict(zip(head, line.rstrip('\n').split('\t')))
                s, l = int(r['small_index']), int(r['large_index'])
                self.path[s], self.path[l] = r['small'], r['large']
                self.mass[s], self.mass[l] = float(r['mass_small']), float(r['mass_large'])
                self.inbound[s], self.inbound[l] = int(r['inbound_small']), int(r['inbound_large'])
                self.pairs.append(dict(small=s, large=l, same_topic=r['same_topic'] == '1',
                                       x=(float(r['contained']), float(r['moments'])),
                                       xr=(float(r['contained_reverse']), float(r['moments_reverse'])),
                                       lands={(s, l): parse_range(r['small_lands_on']), (l, s): parse_range(r['large_lands_on'])},
                                       # the credit behind each landing, per heading segment of the other article,
                                       # and each article's heading levels: to try other landing rules
                                       credit={(s, l): numbers(r.get('small_credit', ''), float),
                                               (l, s): numbers(r.get('large_credit', ''), float)},
                                       levels={s: numbers(r.get('small_levels', ''), int),
                                               l: numbers(r.get('large_levels', ''), int)},
                                       # the part of the credit by cited moments (empty: the landing read words only)
                                       moment_credit={(s, l): numbers(r.get('small_moment_credit', ''), float),
                                                      (l, s): numbers(r.get('large_moment_credit', ''), float)}))
        self.index = {norm(p): i for i, p in self.path.items()}
        self.by_key = {}
        for p in self.pairs:
            self.by_key[(min(p['small'], p['large']), max(p['small'], p['large']))] = p

    def features(self, a, b):
        """The rule's features of the labelled pair (a, b), smaller first; None when not a candidate."""
        ia, ib = self.index.get(norm(a)), self.index.get(norm(b))
        if ia is None or ib is None:
            return None
        return self.by_key.get((min(ia, ib), max(ia, ib)))


def within_range(inner, outer):
    """Whether a landing (a range of headings, None for the top) lies within another."""
    if outer is None:
        return True
    if inner is None:
        return False
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def nested(a, b):
    return within_range(a, b) or within_range(b, a)


def pair_key(x, y):
    return (min(x, y), max(x, y))


def is_broader(mass, x, y):
    return (mass[x], -x) > (mass[y], -y)


def held_score(passed, mass, x, y):
    """How strongly y holds x: the passed pair's score read from y's side (-inf if not passed)."""
    p = passed.get(pair_key(x, y))
    if p is None:
        return -np.inf
    return p['score'] if is_broader(mass, y, x) else p['reverse']


def group(C, rule, guard='same-place', sibling_floor=('rel', SIBLING_FLOOR), parent_by='broadest', blocked=None, same_moments=True,
          spread=True, close_both_ways=True, split_taken=True, reland=True):
    """The stage's containment trees for `rule` = (w_contained, w_moments, bias, threshold), as
    `Deduplicator+Groups.swift` builds them.

    Each article hangs under at most one broader article it passed with (its parent); a tree's
    root is its broadest member and its canonical page (or a reworded copy of the root that holds
    the root and the root's children). Passed pairs are taken broadest parent first
    (parent_by='broadest'; 'strongest': the highest score first), and a pair hangs the narrower
    article (with everything under it) under the broader one only when the narrower one has no
    parent yet: two broad articles that share a narrow one so never join through it, and a chain
    A in B in C joins C when B passes with C, although A does not.

    A member lands on the root's section that covers it when its parent is the root; deeper, on
    its own landing on the root when that lies within its parent's (the pair was measured), else
    on its parent's: A lands within B's place.

    guard: two members that are not one the other's ancestor and did not pass with each other
    may not land
      'same-place' on the same place (the same section, or both the top);
      'nested'     on places one within the other (the top holds every section);
      'none'       anything goes.
    same_moments: such members may still share a place when they tell the same part of the video:
    each cites more than SIBLING_MOMENTS of the other's moments and their score is above the
    threshold minus SIBLING_MARGIN (ships; False to measure without).
    close_both_ways: such members may also share a place when the rule scores them above the
    threshold minus SIBLING_MARGIN both ways (rewordings just short of a pass; a facet fails one
    way by far). Ships since dedup v7; False to measure without.
    sibling_floor: such members may still share when their own score is above this (absolute),
    or above the threshold minus d for ('rel', d). Ships at ('rel', 2) since dedup v8 (which
    subsumes same_moments and close_both_ways); None replays v7.
    reland: once the trees are made, a direct child of the root with no members of its own that
    lands on the root's top (a tree of 3 or more whose canonical page is its root) moves to
    `plurality(m, root)` when no member it is not alike lands exactly there and, of the members
    whose place would then be neither within that section nor around it, more failed the rule
    against it (measured pairs) than passed; it then drills down like a spread member
    (`Deduplicator.reland`, since v8; False replays v7).
    spread: a narrow article (no members of its own) hung on the root that would clash may still
    join when it and the direct children of the root it would meet on the top (none with members
    of its own) each go to the root's section holding the most of them (at least SPREAD_COVER of
    the credit), and no two of them, nor a moved one and a member that stays, share a place
    (`Deduplicator.spread`; ships, False to measure without). Once the trees are made, a spread
    member that nothing hangs under lands, within its section, on the child section holding more
    than half of that section's credit for it, and on down (`Deduplicator.drillDown`).
    split_taken: when spreading finds the article's section taken by a member it is not alike,
    the section is split: the article and the members on it (direct children of the root with no
    members of their own) go to the sections inside it holding the most of each, none on or
    around the article's (ships since dedup v7; False to measure without).
    blocked: a list that receives (narrow, broad, member, clashing member) of each pair refused.
    Returns {article: (canonical, landing range or None)} for every merged article.
    """
    wc, wm, b, thr = rule
    passed, scored, reverse, moments = {}, {}, {}, {}
    for p in C.pairs:
        if not p['same_topic']:
            continue
        a, c = min(p['small'], p['large']), max(p['small'], p['large'])
        z = wc * p['x'][0] + wm * p['x'][1] + b
        zr = wc * p['xr'][0] + wm * p['xr'][1] + b
        scored[(a, c)] = z
        reverse[(a, c)] = zr
        moments[(a, c)] = min(p['x'][1], p['xr'][1])
        if z <= thr:
            continue
        passed[(a, c)] = dict(a=a, b=c, score=z, reverse=zr)
    if sibling_floor is None:
        floor = thr
    elif isinstance(sibling_floor, tuple):
        floor = thr - sibling_floor[1]
    else:
        floor = sibling_floor
    mass = C.mass

    key = pair_key

    def broader(x, y):
        return is_broader(mass, x, y)

    def measured(m, c):
        return key(m, c) in C.by_key

    def section(m, c):
        return C.by_key[key(m, c)]['lands'][(m, c)]

    def alike(x, y):
        k = key(x, y)
        if k in passed or scored.get(k, -np.inf) > floor:
            return True
        if same_moments and moments.get(k, 0) > SIBLING_MOMENTS and scored[k] > thr - SIBLING_MARGIN:
            return True
        # Or the rule scores them just short of a pass both ways (Deduplicator closeBothWays).
        return close_both_ways and k in scored and min(scored[k], reverse[k]) > thr - SIBLING_MARGIN

    def clash(a, b):
        if guard == 'same-place':
            return a == b
        if guard == 'nested':
            return nested(a, b)
        return False

    def place(m, c, parent_place, parent_is_c):
        """Where m lands on c, given where its parent lands on c."""
        if parent_is_c:
            return section(m, c)
        if measured(m, c):
            own = section(m, c)
            if within_range(own, parent_place):
                return own
        return parent_place

    def plurality(m, c):
        """`Deduplicator.plurality`: the section of c holding the most of m's credit (the deepest of
        equals), at least SPREAD_COVER; None when none does."""
        p = C.by_key.get(key(m, c))
        best = None
        for lv, c_, rng in sections(p['credit'].get((m, c)), p['levels'].get(c)) if p else []:
            if c_ >= SPREAD_COVER and (best is None or (c_, lv) > best[:2]):
                best = (c_, lv, rng)
        return best[2] if best else None

    def inner(m, c, outer):
        """`Deduplicator.plurality(within:)`: the section strictly inside `outer` of c holding the
        most of m's credit (the deepest of equals), at least SPREAD_COVER; None when none does."""
        p = C.by_key.get(key(m, c))
        best = None
        for lv, c_, rng in sections(p['credit'].get((m, c)), p['levels'].get(c)) if p else []:
            if rng != outer and within_range(rng, outer) and c_ >= SPREAD_COVER \
                    and (best is None or (c_, lv) > best[:2]):
                best = (c_, lv, rng)
        return best[2] if best else None

    def movable(n, tree, r):
        return parent.get(n) == r and not any(parent.get(q) == n for q in tree)

    def attempt(m, tree, r, own, outer):
        moved = {}
        for n in tree:
            if n == r or alike(m, n):
                continue
            ln = land[n]
            if ln is None:
                if not movable(n, tree, r):
                    return None
                to = plurality(n, r)
            elif ln == own:
                return None
            elif outer is not None and ln == outer:
                if not movable(n, tree, r):
                    return None
                to = inner(n, r, outer)
            else:
                continue
            if to is None or to == own or (outer is not None and nested(to, own)):
                return None
            moved[n] = to
        for n, to in moved.items():
            for q in tree:
                if q != n and q != r and not alike(n, q) and moved.get(q, land[q]) == to:
                    return None
        return own, moved

    def spread_places(m, tree, new, r):
        """`Deduplicator.spread`: m's place and the moved members' when m joins by spreading; None
        when not. When m's section is taken by a member it is not alike, the section is split: m and
        the members on it go to the sections inside it holding the most of each."""
        own = new[m] if new[m] is not None else plurality(m, r)
        if own is None:
            return None
        res = attempt(m, tree, r, own, None)
        if res is None and split_taken and any(n != r and not alike(m, n) and land[n] == own for n in tree):
            inside = inner(m, r, own)
            if inside is not None:
                res = attempt(m, tree, r, inside, own)
        return res

    def wide(e):
        return e['a'] if broader(e['a'], e['b']) else e['b']

    if parent_by == 'broadest':
        edges = sorted(passed.values(), key=lambda e: (-mass[wide(e)], -e['score'], e['a'], e['b']))
    else:
        edges = sorted(passed.values(), key=lambda e: (-e['score'], e['a'], e['b']))
    parent, root, members, land = {}, {}, {}, {}
    spread_ones = set()
    for e in edges:
        y = wide(e)
        x = e['a'] if y == e['b'] else e['b']
        if x in parent:
            continue
        r = root.get(y, y)
        sub, tree = members.get(x, [x]), members.get(r, [r])
        parent[x] = y
        new = {}
        for m in sub:  # parents before children
            p = parent[m]
            new[m] = place(m, r, None if p == r else new.get(p, land.get(p)), p == r)
        above = {y}
        z = y
        while z in parent:
            z = parent[z]
            above.add(z)
        clashing = next(((m, n) for m in sub for n in tree
                         if n not in above and clash(new[m], land[n]) and not alike(m, n)), None)
        if clashing and spread and sub == [x] and y == r:
            moves = spread_places(x, tree, new, r)
            if moves:
                clashing = None
                new[x] = moves[0]
                land.update(moves[1])
                spread_ones.add(x)
                spread_ones.update(moves[1])
        if clashing:
            del parent[x]
            if blocked is not None:
                blocked.append((x, y) + clashing)
            continue
        land.update(new)
        for m in sub:
            root[m] = r
        members[r] = tree + sub
        members.pop(x, None)

    def held(x, y):
        return held_score(passed, mass, x, y)

    def drill_down(m, c, section):
        """`Deduplicator.drillDown`: within `section` of c, the child section holding more than half
        of its credit for m, and on down while one does."""
        p = C.by_key[key(m, c)]
        secs = sections(p['credit'][(m, c)], p['levels'][c])
        at = section
        cover = next(c_ for _, c_, rng in secs if rng == section)
        while True:
            inside = [x for x in secs if x[2][0] > at[0] and x[2][1] <= at[1]]
            if not inside:
                return at
            top = min(lv for lv, _, _ in inside)
            children = [x for x in inside if x[0] == top and x[1] > 0.5 * cover]
            if not children:
                return at
            _, cover, at = max(children, key=lambda x: x[1])  # the first of equals, as Swift's max(by:)

    parents = set(parent.values())
    out = {}
    for r in sorted(members):
        grp = members[r]
        if len(grp) < 2:
            continue
        # The canonical page: the root, or a reworded copy of it among its children that holds
        # the root and every other child; the most linked to first.
        need = [r] + [m for m in grp if parent.get(m) == r]
        holders = [c for c in need if all(m == c or held(m, c) > thr for m in need)]
        best = min(holders, key=lambda x: (-C.inbound[x], -mass[x], C.path[x]))
        if best == r:
            before = {m: land.get(m) for m in grp if m != r}
            drilled = {m for m in grp if m in spread_ones and m not in parents}

            def final(m):
                # A spread member that nothing hangs under lands on the part of its section about it.
                v = before[m]
                return drill_down(m, r, v) if m in drilled and v is not None else v
            if reland and len(grp) >= 3:
                for m in grp:
                    if m == r or parent.get(m) != r or m in parents or before[m] is not None:
                        continue
                    to = plurality(m, r)
                    if to is None or any(n != r and n != m and before[n] == to and not alike(m, n) for n in grp):
                        continue
                    gain = 0
                    for n in grp:
                        if n == r or n == m or not measured(m, n):
                            continue
                        at = final(n)
                        if within_range(at, to) or within_range(to, at):
                            continue
                        gain += -1 if key(m, n) in passed else 1
                    if gain > 0:
                        before[m] = to
                        drilled.add(m)
            places = {m: final(m) for m in before}
        else:
            places = {}
            for m in grp:
                if m == best:
                    continue
                p = parent.get(m)
                places[m] = place(m, best, places.get(p), p is None or p == r or p == best)
        for m in grp:
            out[m] = (best, None if m == best else places[m])
    return out


def group_stars(C, rule, guard='overlap', sibling_floor=None):
    """The previous stage's star groups (dedup v3, kept to compare: --grouping stars) for `rule` = (w_contained, w_moments, bias, threshold).

    guard: how two members that did not pass with each other may share a centre:
      'overlap'    they land on sections that do not overlap (the top overlaps all);
      'same-place' they do not land on the same place (the same section, or both the top);
      'none'       always.
    sibling_floor: with 'overlap', two such members that did not pass may still share a centre
    when their own score is above this (measured, not shipped: docs/dedup.md).
    Returns {article: (canonical, landing range or None)} for every merged article.
    """
    wc, wm, b, thr = rule
    passed = {}
    for p in C.pairs:
        if not p['same_topic']:
            continue
        z = wc * p['x'][0] + wm * p['x'][1] + b
        if z <= thr:
            continue
        zr = wc * p['xr'][0] + wm * p['xr'][1] + b
        a, c = min(p['small'], p['large']), max(p['small'], p['large'])
        # Swift's Pair keeps the smaller-by-mass score; `small` here is the stage's smaller article.
        passed[(a, c)] = dict(a=a, b=c, score=z, reverse=zr, small=p['small'], p=p)
    # Two members that would land within each other's place must be alike at least this much.
    floor = thr if sibling_floor is None else sibling_floor
    alike = set(passed)
    if floor < thr:
        for p in C.pairs:
            if p['same_topic'] and wc * p['x'][0] + wm * p['x'][1] + b > floor:
                alike.add((min(p['small'], p['large']), max(p['small'], p['large'])))
    mass = C.mass

    key = pair_key

    def broader(x, y):
        return is_broader(mass, x, y)

    def section(m, c):
        return C.by_key[key(m, c)]['lands'][(m, c)]

    def apart(x, y, c):
        sx, sy = section(x, c), section(y, c)
        if guard == 'none':
            return True
        if guard == 'same-place':
            return (sx[0] if sx else None) != (sy[0] if sy else None)
        if sx is None or sy is None:
            return False
        return not (sx[0] < sy[1] and sy[0] < sx[1])

    edges = sorted(passed.values(), key=lambda e: (-e['score'], e['a'], e['b']))
    group_of, members = {}, {}
    for e in edges:
        ga, gb = group_of.get(e['a'], e['a']), group_of.get(e['b'], e['b'])
        if ga == gb:
            continue
        left, right = members.get(ga, [ga]), members.get(gb, [gb])
        union = left + right
        centre = union[0]
        for m in union[1:]:
            if broader(m, centre):
                centre = m
        if not all(m == centre or key(m, centre) in passed for m in union):
            continue
        if not all(x == centre or y == centre or key(x, y) in alike or apart(x, y, centre) for x in left for y in right):
            continue
        for y in right:
            group_of[y] = ga
        members[ga] = union
        members.pop(gb, None)

    def held(x, y):
        return held_score(passed, mass, x, y)

    out = {}
    for g in sorted(members):
        grp = members[g]
        if len(grp) < 2:
            continue
        holders = [c for c in grp if all(m == c or held(m, c) > thr for m in grp)]
        best = min(holders, key=lambda x: (-C.inbound[x], -mass[x], C.path[x]))
        for m in grp:
            out[m] = (best, None if m == best else section(m, best))
    return out


def placement(C, groups):
    """{normalised path: (group, canonical, section, span)} as dedup_eval reads the report."""
    out = {}
    for m, (c, sec) in groups.items():
        out[norm(C.path[m])] = (C.path[c], norm(C.path[c]), '' if sec is None else str(sec[0]), sec)
    return out


def check_against_report(C, report):
    """The replay with the shipped rule against the stage's report: groups, canonicals, landings
    (the span of the canonical article's headings each merged article lands on)."""
    rep = {}
    with open(report, encoding='utf-8') as f:
        next(f)
        for line in f:
            cols = line.rstrip('\n').split('\t')
            lands, art = cols[1], cols[2]
            can, _, sec = lands.partition('#')
            rep[norm(art)] = (norm(can), cols[4] if sec and len(cols) > 4 else '')
    mine = {}
    for k, v in placement(C, group(C, SHIPPED)).items():
        # The stage sends a reader to the top when the page's headings are not its heading lines.
        mine[k] = (v[1], '' if v[3] is None else '%d-%d' % v[3])
    # The landing rule from the dumped credit (5 decimals) against the stage's own landings.
    off = sum(1 for p in C.pairs for k in p['lands'] if p['credit'][k] or p['levels'][k[1]]
              if landing_from_credit(p['credit'][k], p['levels'][k[1]]) != p['lands'][k])
    print('landings recomputed from the credit: %d of %d differ (rounding at exactly one half)' % (off, 2 * len(C.pairs)))
    diff = [k for k in set(rep) | set(mine) if rep.get(k) != mine.get(k)]
    print('replay vs report: %d merged in the report, %d in the replay, %d differ' % (len(rep), len(mine), len(diff)))
    for k in sorted(diff)[:10]:
        print('  ', k, rep.get(k), mine.get(k))
    return not diff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--labels', required=True)
    ap.add_argument('--candidates', required=True)
    ap.add_argument('--report', default='')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--reps', type=int, default=10)
    ap.add_argument('--min-precision', type=float, default=0.97)
    ap.add_argument('--grouping', choices=('trees', 'stars'), default='trees',
                    help='stars: the previous stage (dedup v3), to compare')
    ap.add_argument('--guard', choices=('same-place', 'nested', 'none'), default='same-place',
                    help='trees: where two members that did not pass may not both land (measured variants)')
    ap.add_argument('--parent-by', choices=('broadest', 'strongest'), default='broadest')
    ap.add_argument('--no-same-moments', action='store_true',
                    help='trees: two members that did not pass never share a place, even when they cite the same moments')
    ap.add_argument('--no-spread', action='store_true',
                    help='trees: a narrow article that would share the top with a sibling is refused (dedup v5)')
    ap.add_argument('--no-close-both-ways', action='store_true',
                    help='trees: members scored just short of a pass both ways do not share a place (dedup v6)')
    ap.add_argument('--no-split', action='store_true',
                    help='trees: spreading does not split a taken section (dedup v6)')
    ap.add_argument('--sibling-floor-rel', type=float, default=SIBLING_FLOOR,
                    help='trees: such members may share a place when their score is above the threshold minus this '
                         '(a negative value: none, as dedup v7)')
    ap.add_argument('--no-reland', action='store_true',
                    help='trees: members left on the root\'s top stay there (dedup v7)')
    ap.add_argument('--seeds', type=int, default=0,
                    help='also run the lands-within grouped CV with fold seeds 1..SEEDS and print their mean: one '
                         'seed\'s fold assignment moves F1 by about 0.001-0.002')
    args = ap.parse_args()
    global group
    if args.grouping == 'stars':
        group = group_stars
    else:
        shipped_group, floor = group, None if args.sibling_floor_rel < 0 else ('rel', args.sibling_floor_rel)

        def group(C, rule, sibling_floor=None, **kw):
            return shipped_group(C, rule, guard=args.guard, parent_by=args.parent_by, same_moments=not args.no_same_moments,
                                 spread=not args.no_spread, close_both_ways=not args.no_close_both_ways,
                                 split_taken=not args.no_split, reland=not args.no_reland,
                                 sibling_floor=floor if sibling_floor is None else sibling_floor, **kw)
    C = Candidates(args.candidates)
    if args.report:
        check_against_report(C, args.report)
    rows = read_labels(args.labels)
    print('\nshipped rule, %s, in-sample (all labelled pairs):' % (args.grouping if args.grouping == 'stars' else
          'trees (guard %s, parent %s, sibling floor %s)' % (args.guard, args.parent_by, args.sibling_floor_rel)))
    placed = placement(C, group(C, SHIPPED))
    for reading in READINGS:
        r = score_pairs(rows, placed, reading)
        print('  %-12s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d tn %d)' % (reading, *r['prf'], *r['counts']))
    print('\ngrouped %dx%d CV (rule and threshold refitted per fold, held-out pairs scored through the groups):'
          % (args.folds, args.reps))
    for reading in ('lands-within', 'strict'):
        per_fold, pooled, _ = grouped_cv(C, rows, args.folds, args.reps, args.min_precision, True, reading=reading)
        m, sd = per_fold.mean(0), per_fold.std(0)
        print('  %-12s P %.3f±%.3f R %.3f±%.3f F1 %.3f±%.3f (pooled P %.3f R %.3f F1 %.3f)'
              % (reading, m[0], sd[0], m[1], sd[1], m[2], sd[2], *pooled.mean(0)))
    if args.seeds > 0:
        print('\ngrouped %dx%d CV, lands-within, fold seeds 1..%d:' % (args.folds, args.reps, args.seeds))
        means = []
        for seed in range(1, args.seeds + 1):
            per_fold, pooled, _ = grouped_cv(C, rows, args.folds, args.reps, args.min_precision, True, seed=seed)
            means.append(per_fold.mean(0))
            print('  seed %2d: P %.4f R %.4f F1 %.4f (pooled F1 %.4f)' % (seed, *means[-1], pooled.mean(0)[2]), flush=True)
        means = np.array(means)
        print('  mean over the seeds: P %.4f R %.4f F1 %.4f (sd across seeds %.4f)'
              % (*means.mean(0), means[:, 2].std()))




def score_groups(C, groups, rows, reading='lands-within'):
    """(P, R, F1, (tp, fp, fn, tn)) of replayed groups on labelled rows."""
    r = score_pairs(rows, placement(C, groups), reading)
    return (*r['prf'], r['counts'])


def fit_rule(C, rows, min_precision):
    """The rule's weights (logistic) and threshold (lowest with precision >= min_precision) on labelled rows."""
    X, y = [], []
    for a, b, label, _ in rows:
        p = C.features(a, b)
        if p is not None and p['same_topic']:
            X.append(p['x'])
            y.append(label == 'dup')
    X, y = np.array(X), np.array(y, float)
    w = fit_logistic(X, y)
    s = X @ w[:-1] + w[-1]
    return (w[0], w[1], w[2], threshold_for_precision(s, y, min_precision))


FLOORS = (None, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0)


def choose_floor(C, rule, rows, min_precision, floors=FLOORS):
    """The sibling floor with the best grouped F1 on `rows` whose precision stays >= min_precision."""
    best = (-1.0, None)
    for fl in floors:
        if fl is not None and fl >= rule[3]:
            continue
        p, _, f1, _ = score_groups(C, group(C, rule, sibling_floor=fl), rows)
        if p >= min_precision and f1 > best[0] + 1e-9:
            best = (f1, fl)
    return best[1]


def grouped_cv(C, rows, folds, reps, min_precision, fixed_floor=False, seed=20261205, reading='lands-within'):
    """Grouped k-fold CV: per fold the rule, its threshold and the sibling floor are fitted on the
    training pairs, the whole corpus is grouped with them, and the held-out pairs are scored."""
    rng = np.random.default_rng(seed)
    y = np.array([r[2] == 'dup' for r in rows])
    per_fold, pooled, chosen = [], [], collections.Counter()
    for _ in range(reps):
        fold = np.zeros(len(rows), int)
        for cls in (False, True):
            idx = np.where(y == cls)[0]
            rng.shuffle(idx)
            fold[idx] = np.arange(len(idx)) % folds
        counts = np.zeros(4, int)
        for k in range(folds):
            train = [r for r, f in zip(rows, fold) if f != k]
            test = [r for r, f in zip(rows, fold) if f == k]
            rule = fit_rule(C, train, min_precision)
            fl = None if fixed_floor else choose_floor(C, rule, train, min_precision)
            chosen[fl] += 1
            res = score_groups(C, group(C, rule, sibling_floor=fl), test, reading)
            per_fold.append(res[:3])
            counts += res[3]
        tp, fp, fn, tn = counts
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        pooled.append((p, r, 2 * p * r / (p + r)))
    return np.array(per_fold), np.array(pooled), chosen


if __name__ == '__main__':
    main()
