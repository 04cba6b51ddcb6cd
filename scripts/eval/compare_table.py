#!/usr/bin/env python3
"""Prints the side-by-side table of scripts/eval/search_compare.sh.

    python3 scripts/eval/compare_table.py --queries Q.tsv --scorer score_search.py
        --ws-node RUN.tsv SUMMARY.json [--ws-chrome RUN.tsv SUMMARY.json]
        --pagefind RUN.tsv SUMMARY.json [--build-log LOG] [--site DIR]

Each RUN.tsv is scored with the scorer (--json); each SUMMARY.json is what
search_eval.mjs / wikisite_browser_eval.py / pagefind_eval.py wrote with --json.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

KINDS = ["known-item", "topic", "entity", "typo", "prefix", "question", "non-latin"]


def score(scorer, queries, run):
    p = subprocess.run([sys.executable, scorer, queries, run, "--json"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"scorer failed on {run}: {p.stderr}")
    return json.loads(p.stdout)


REDIRECT = re.compile(r'http-equiv="refresh" content="0; url=\.\./([^"/]+)/index\.html"')
SKIP = {"topics", "videos", "search", "assets", "pagefind_eval"}


def merged_groups(site):
    """{canonical 'chan/slug': set of 'chan/slug' merged into it} from the redirect stubs of merged articles."""
    groups = {}
    if not site or not os.path.isdir(site):
        return groups
    for ch in os.listdir(site):
        d = os.path.join(site, ch)
        if ch in SKIP or not os.path.isdir(d):
            continue
        for slug in os.listdir(d):
            f = os.path.join(d, slug, "index.html")
            try:
                with open(f, encoding="utf-8", errors="replace") as fh:
                    head = fh.read(2000)
            except OSError:
                continue
            m = REDIRECT.search(head)
            if m:
                c = f"{ch}/{m.group(1)}".lower()
                groups.setdefault(c, {c}).add(f"{ch}/{slug}".lower())
    return groups


def read_qrels(path):
    rel = {}
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4:
                continue
            rel[cols[0]] = {}
            for item in cols[3].split():
                pth, _, g = item.rpartition(":")
                rel[cols[0]][re.sub(r"\.md$", "", pth).lower()] = int(g)
    return rel


def remap_run(run, rel, groups):
    """A copy of RUN where each merged page is reported as its best-judged source path."""
    fd, out = tempfile.mkstemp(suffix=".tsv")
    with open(run, encoding="utf-8") as f, os.fdopen(fd, "w", encoding="utf-8") as o:
        for line in f:
            qid, rank, pth = line.rstrip("\n").split("\t")
            key = re.sub(r"\.md$", "", pth).lower()
            if key in groups:
                grades = rel.get(qid, {})
                pth = max(sorted(groups[key]), key=lambda m: (grades.get(m, 0), m == key)) + ".md"
            o.write(f"{qid}\t{rank}\t{pth}\n")
    return out


def ceiling(rel, groups):
    """Best nDCG@10 a run can reach when each merged group can be returned once."""
    member = {m: c for c, ms in groups.items() for m in ms}
    def dcg(gs):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(sorted(gs, reverse=True)[:10]))
    vals = []
    for r in rel.values():
        best = {}
        for pth, g in r.items():
            k = member.get(pth, pth)
            best[k] = max(best.get(k, 0), g)
        ideal = dcg(list(r.values()))
        vals.append(dcg(list(best.values())) / ideal if ideal else 0)
    return sum(vals) / len(vals) if vals else 0


def dedup_note(a, ws_run, pf_run):
    groups = merged_groups(a.site)
    if not groups:
        return []
    rel = read_qrels(a.queries)
    member = {m for c, ms in groups.items() for m in ms if m != c}
    judged = [(p, g) for r in rel.values() for p, g in r.items()]
    gone = [g for p, g in judged if p in member]
    lines = [f"Merged pages: the site merges {len(member):,} articles into {len(groups):,} pages; "
             f"{len(gone)} of {len(judged)} judged paths ({sum(1 for g in gone if g == 2)} of "
             f"{sum(1 for _, g in judged if g == 2)} grade 2) are redirect stubs no search returns, "
             f"so the best nDCG@10 reachable on this site is {ceiling(rel, groups):.3f}."]
    cells = []
    for name, run in (("wikisite", ws_run), ("Pagefind", pf_run)):
        tmp = remap_run(run, rel, groups)
        try:
            o = score(a.scorer, a.queries, tmp)["overall"]
        finally:
            os.unlink(tmp)
        cells.append(f"{name} {o['ndcg@10']:.3f} / {o['recall@10']:.3f} / {o['mrr']:.3f}")
    lines.append("Counting a merged page as its best-judged source path (nDCG@10 / Recall@10 / MRR): " + "; ".join(cells) + ".")
    return lines


def kb(n):
    if n is None:
        return "n/a"
    if n >= 1e6:
        return f"{n / 1e6:.1f} MB"
    return f"{n / 1e3:.0f} KB" if n >= 1e4 else f"{n / 1e3:.1f} KB"


def ms(d):
    return f"{d['median']:.1f} / {d['p95']:.1f} ms" if d else "n/a"


def build_times(path):
    if not path:
        return None, None
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return None, None
    stage = total = None
    for line in text.splitlines():
        if line.startswith("wikisite: stages:"):
            m = re.search(r"\bsearch ([0-9.]+) s", line)
            stage = float(m.group(1)) if m else None
        m = re.match(r"wikisite: .*pages written.*?([0-9.]+) s\s*$", line)
        if m:
            total = float(m.group(1))
    return stage, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", required=True)
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--ws-node", nargs=2, required=True, metavar=("RUN", "JSON"))
    ap.add_argument("--ws-chrome", nargs=2, metavar=("RUN", "JSON"))
    ap.add_argument("--pagefind", nargs=2, required=True, metavar=("RUN", "JSON"))
    ap.add_argument("--build-log")
    ap.add_argument("--site", default="")
    a = ap.parse_args()

    ws_score = score(a.scorer, a.queries, a.ws_node[0])
    pf_score = score(a.scorer, a.queries, a.pagefind[0])
    ws = json.load(open(a.ws_node[1]))["summary"]
    pf_all = json.load(open(a.pagefind[1]))
    pf = pf_all["summary"]
    wc = wc_score = None
    if a.ws_chrome:
        wc = json.load(open(a.ws_chrome[1]))["summary"]
        wc_score = score(a.scorer, a.queries, a.ws_chrome[0])
    ix = pf.get("indexing", {})

    out = []
    out.append(f"Search on {a.site or 'the site'}: wikisite vs {ix.get('version', 'pagefind')} "
               f"({ws_score['overall']['queries']} graded queries; Pagefind indexes the <article> of "
               f"{ix.get('articlePages', '?')} article pages)")
    out.append("")
    cols = "nDCG@10 Recall@10    MRR zero"
    out.append(f"{'kind':<11} {'n':>3}  {' wikisite ':-^29}   {' Pagefind ':-^29}")
    sub = f"{'':<11} {'':>3}  {cols}   {cols}"
    out.append(sub)
    for kind in KINDS + ["overall"]:
        w = ws_score["overall"] if kind == "overall" else ws_score["per_kind"].get(kind)
        p = pf_score["overall"] if kind == "overall" else pf_score["per_kind"].get(kind)
        if not w:
            continue
        if kind == "overall":
            out.append("-" * len(sub))
        cells = []
        for s in (w, p):
            cells.append(f"{s['ndcg@10']:7.3f} {s['recall@10']:9.3f} {s['mrr']:6.3f} {s['zero_results']:4d}")
        out.append(f"{kind:<11} {w['queries']:>3}  {cells[0]}   {cells[1]}")
    if wc_score:
        same = wc_score["overall"] == ws_score["overall"]
        out.append(f"(wikisite's run in Chromium {'scores the same' if same else 'DIFFERS: ' + json.dumps(wc_score['overall'])};"
                   f" the results page's order: video groups)")
    out.extend(dedup_note(a, a.ws_node[0], a.pagefind[0]))
    out.append("")

    stage, total = build_times(a.build_log)
    rows = []
    rows.append(("index on disk", f"{kb(ws['indexBytes'])} ({ws['indexBytes']:,} B)",
                 f"{kb(pf['indexBytes'])} ({pf['indexBytes']:,} B)"))
    rows.append(("  of which UI assets", "0 (search.js, search-ui.js live in assets/)",
                 f"{kb(ix.get('uiBytes'))} ({ix.get('uiFiles')} files: pagefind-ui, -modular-ui, -component-ui, -highlight)"))
    rows.append(("index files", f"{ws['indexFiles']:,}", f"{pf['indexFiles']:,}"))
    wsb = wc["coldBytes"] if wc else ws["coldBytes"]
    rows.append(("cold query bytes, median / max", f"{kb(ws['coldBytes']['median'])} / {kb(ws['coldBytes']['max'])}",
                 f"{kb(pf['coldBytes']['median'])} / {kb(pf['coldBytes']['max'])}"))
    rows.append(("  p95", kb(ws['coldBytes']['p95']), kb(pf['coldBytes']['p95'])))
    rows.append(("  counted", f"search.js + search-ui.js + search-engine.js ({kb(ws['coldBytes'].get('fixed'))}), index files",
                 "pagefind.js, worker, wasm, entry, meta, index chunks, 10 fragments"))
    if wc:
        rows.append(("  gzipped on the wire, median / max", f"{kb(wc['coldGzBytes']['median'])} / {kb(wc['coldGzBytes']['max'])}",
                     f"{kb(pf['coldGzBytes']['median'])} / {kb(pf['coldGzBytes']['max'])}"))
        rows.append(("  files requested, median", f"{wc['coldFiles']['median']} (+ search.js, search-ui.js)", f"{pf['coldFiles']['median']}"))
        if wsb['median'] != ws['coldBytes']['median']:
            rows.append(("  (Chromium-measured bytes)", f"{kb(wsb['median'])} / {kb(wsb['max'])}", ""))
    if wc:
        rows.append(("cold query latency, Chromium, median / p95", ms(wc["coldMs"]), ms(pf["coldMs"])))
        rows.append(("warm query latency, Chromium, median / p95", ms(wc["warmMs"]), ms(pf["warmMs"])))
    else:
        rows.append(("cold query latency, Chromium, median / p95", "n/a (not run)", ms(pf["coldMs"])))
    rows.append(("cold query latency, Node, median / p95", ms(ws["coldMs"]), "n/a"))
    rows.append(("warm query latency, Node, median / p95", ms(ws["warmMs"]), "n/a"))
    rows.append(("queries with no result", str(ws_score["overall"]["zero_results"]), str(pf.get("zeroResults", "?"))))
    ws_build = f"{stage:.2f} s (search stage)" if stage is not None else "n/a (no build log)"
    if stage is not None and total is not None:
        ws_build += f" of a {total:.1f} s build"
    pf_build = f"{ix.get('wallS', 0):.1f} s wall"
    if ix.get("maxRssKB"):
        pf_build += f", peak RSS {ix['maxRssKB'] / 1024 / 1024:.2f} GB"
    rows.append(("indexing time", ws_build, pf_build))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    out.append(f"{'':<{w0}}  {'wikisite':<{w1}}  Pagefind")
    for r in rows:
        out.append(f"{r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]}")
    out.append("")
    out.append("Bytes: files as stored (wikisite's shards are plain text, Pagefind's chunks are gzipped on disk); "
               "'gzipped' also gzips wikisite's files and Pagefind's JS.")
    out.append("Latency: Chromium = headless, served from 127.0.0.1 by a Python server, HTTP cache off, first query "
               "on a fresh page (engine script loaded, index not); search + data of the first results page. "
               "Node = search_eval.mjs, files read from disk.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
