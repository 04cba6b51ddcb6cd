#!/usr/bin/env python3
"""Runs the graded search queries through Pagefind over a wikisite-built site.

    python3 scripts/eval/pagefind_eval.py SITE_DIR QUERIES_TSV RUN_TSV [--json OUT.json]
        [--work DIR] [--reuse] [--index-meta]
    python3 /work/shared/eval/score_search.py /work/shared/eval/search-queries.tsv RUN_TSV

What it does:

1. Installs PyPI `pagefind[bin]` (and selenium) when missing: pip, else a
   virtual environment in .venv-eval/ (scripts/eval/browser_harness.py).
   PAGEFIND=/path/to/pagefind overrides the binary.
2. Copies the article pages of SITE_DIR (`<channel>/<slug>/index.html` with an
   `<article>`; no topic, video or channel pages, no redirect stubs of merged
   articles) into a work folder, marking `<article>` with
   `data-pagefind-body`, so Pagefind indexes exactly the article, as a
   Pagefind user would set it up. The line under the title (channel, video
   title) and the timestamp links are marked `data-pagefind-ignore`, so both
   engines index the same text: title, headings and body (--index-meta keeps
   them). SITE_DIR itself is not modified.
3. Runs `pagefind --site WORK --output-subdir pagefind_eval` under
   `/usr/bin/time -v`: wall time, peak RSS; then the index's bytes and files.
4. Serves WORK on 127.0.0.1 (free port) and, for every query, in headless
   Chromium with the HTTP cache disabled, on a fresh blank page:
   `await import('/pagefind_eval/pagefind.js')`, then timed:
   `pagefind.search(q)` + `await r.data()` for the top 10 results (what a
   results page shows). Cold bytes = every file the server sent for that
   (pagefind.js, entry, wasm, meta, index chunks, 10 fragments), sizes on disk
   (Pagefind's chunks are gzipped on disk already); gz bytes = the same with
   the text files gzipped. Warm = the same query again on that page, search
   only. The run file gets the first 100 results (their data is fetched after
   the byte count).

RUN_TSV gets `qid<TAB>rank<TAB>channel/slug.md`; --json writes a summary and
every query (same shape as scripts/eval/search_eval.mjs, plus `indexing`).
WORK defaults to a temporary folder in /dev/shm (removed at the end); with
--work it is kept, and --reuse skips indexing when WORK already has an index.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_harness as H  # noqa: E402

SUBDIR = "pagefind_eval"
NOT_ARTICLES = {"topics", "videos", "search", "assets", SUBDIR}
SHOWN = 10        # results whose data a results page loads
RUN_DEPTH = 100   # results written per query to the run file

EVAL_PAGE = H.eval_page("pagefind eval")

COLD_JS = H.async_script("q", r"""
    const pf = await import('/%s/pagefind.js');
    window.__pf = pf;
    const t0 = performance.now();
    const s = await pf.search(q);
    const t1 = performance.now();
    const results = s ? s.results : [];
    const top = await Promise.all(results.slice(0, %d).map((r) => r.data()));
    const t2 = performance.now();
    window.__results = results;
    done({ ok: true, searchMs: t1 - t0, ms: t2 - t0, n: results.length,
           urls: top.map((d) => d.url), titles: top.map((d) => (d.meta && d.meta.title) || '') });""") % (SUBDIR, SHOWN)

REST_JS = H.async_script("depth", r"""
    const rest = await Promise.all(window.__results.slice(%d, depth).map((r) => r.data()));
    done({ ok: true, urls: rest.map((d) => d.url) });""") % SHOWN

WARM_JS = H.async_script("q", r"""
    const t0 = performance.now();
    const s = await window.__pf.search(q);
    done({ ok: true, ms: performance.now() - t0, n: s ? s.results.length : 0 });""")


def pagefind_binary():
    if os.environ.get("PAGEFIND"):
        return os.environ["PAGEFIND"]
    import pagefind_bin
    return str(pagefind_bin.get_executable())


def article_pages(site):
    """(relative path, html) of every article page of the site."""
    for ch in sorted(os.listdir(site)):
        d = os.path.join(site, ch)
        if ch in NOT_ARTICLES or not os.path.isdir(d):
            continue
        for slug in sorted(os.listdir(d)):
            f = os.path.join(d, slug, "index.html")
            if not os.path.isfile(f):
                continue
            html = Path(f).read_text(encoding="utf-8", errors="replace")
            if "<article" not in html or 'http-equiv="refresh"' in html:
                continue
            yield os.path.join(ch, slug, "index.html"), html


ARTICLE_RE = re.compile(r"<article(?=[\s>])")
META_RE = re.compile(r'<p class="meta"')
TS_RE = re.compile(r'<a class="ts"')


def make_work_site(site, work, index_meta):
    n = 0
    for rel, html in article_pages(site):
        html = ARTICLE_RE.sub("<article data-pagefind-body", html, count=1)
        if not index_meta:
            html = META_RE.sub('<p class="meta" data-pagefind-ignore', html, count=1)
            html = TS_RE.sub('<a data-pagefind-ignore class="ts"', html)
        out = os.path.join(work, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            f.write(html)
        n += 1
    return n


def parse_time_v(text):
    rss = wall = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(":", 1)[1])
        elif line.startswith("Elapsed (wall clock) time"):
            v = line.split("):", 1)[1].strip() if "):" in line else line.rsplit(" ", 1)[1]
            secs = 0.0
            for part in v.split(":"):
                secs = secs * 60 + float(part)
            wall = secs
    return wall, rss


def run_pagefind(work):
    binary = pagefind_binary()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    cmd = [binary, "--site", work, "--output-subdir", SUBDIR]
    timev = shutil.which("time") if not os.path.exists("/usr/bin/time") else "/usr/bin/time"
    if timev:
        cmd = [timev, "-v", *cmd]
    H.log(f"indexing: {' '.join(cmd)}")
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall_self = time.monotonic() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-3000:] + p.stderr[-3000:])
        sys.exit(f"pagefind failed ({p.returncode})")
    wall, rss = parse_time_v(p.stderr)
    out = p.stdout
    def grab(pat):
        m = re.search(pat, out)
        return int(m.group(1).replace(",", "")) if m else None
    info = {"version": version, "wallS": round(wall if wall is not None else wall_self, 2),
            "maxRssKB": rss, "pages": grab(r"Indexed (\d[\d,]*) pages?"),
            "words": grab(r"Indexed (\d[\d,]*) words?"), "command": " ".join(cmd[2:] if timev else cmd)}
    H.log(out.strip().splitlines()[-1] if out.strip() else "(no output)")
    return info


def index_stats(bundle):
    total, files = H.dir_size(bundle)
    ui = ui_files = 0
    for name in os.listdir(bundle):
        p = os.path.join(bundle, name)
        if os.path.isfile(p) and re.match(r"pagefind-(ui|modular-ui|component-ui|highlight)", name):
            ui += os.path.getsize(p)
            ui_files += 1
    return {"indexBytes": total, "indexFiles": files, "uiBytes": ui, "uiFiles": ui_files}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("queries")
    ap.add_argument("run")
    ap.add_argument("--json")
    ap.add_argument("--work")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--index-meta", action="store_true")
    a = ap.parse_args()

    H.ensure({"selenium": "selenium", "pagefind_bin": "pagefind[bin]"})
    site = os.path.abspath(a.site)
    if not os.path.isdir(site):
        sys.exit(f"{site}: no such folder")
    queries = H.read_queries(a.queries)

    temp = a.work is None
    if temp:
        base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        work = tempfile.mkdtemp(prefix="pagefind-eval-", dir=base)
    else:
        work = os.path.abspath(a.work)
    bundle = os.path.join(work, SUBDIR)
    stats_file = os.path.join(work, "indexing.json")
    try:
        if a.reuse and os.path.exists(os.path.join(bundle, "pagefind.js")) and os.path.exists(stats_file):
            indexing = json.load(open(stats_file))
            H.log(f"reusing the index in {bundle}")
        else:
            if os.path.isdir(work) and os.listdir(work):
                if not (temp or os.path.exists(stats_file) or os.path.isdir(bundle)):
                    sys.exit(f"{work}: not empty and not a work folder of this script; not touching it")
                shutil.rmtree(work)
            os.makedirs(work, exist_ok=True)
            t0 = time.monotonic()
            n = make_work_site(site, work, a.index_meta)
            H.log(f"copied {n} article pages to {work} in {time.monotonic() - t0:.1f} s")
            indexing = run_pagefind(work)
            indexing["articlePages"] = n
            indexing["indexMeta"] = a.index_meta
            json.dump(indexing, open(stats_file, "w"))
        indexing.update(index_stats(bundle))
        H.log(f"pagefind: {indexing['pages']} pages in {indexing['wallS']} s, peak RSS "
              f"{(indexing['maxRssKB'] or 0) / 1024:.0f} MB, index {indexing['indexBytes']} B in "
              f"{indexing['indexFiles']} files")

        summary, per_query, runs = browse(work, queries)
        summary["indexing"] = indexing
        summary["indexBytes"] = indexing["indexBytes"]
        summary["indexFiles"] = indexing["indexFiles"]
    finally:
        if temp:
            shutil.rmtree(work, ignore_errors=True)

    H.write_run(a.run, runs)
    print(json.dumps(summary, indent=1))
    worst = sorted(per_query, key=lambda q: -q["bytes"])[:5]
    print("largest cold queries: " + "; ".join(f'{q["qid"]} {q["bytes"]}B/{q["files"]} files "{q["query"]}"' for q in worst))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "perQuery": per_query}, f, indent=1, ensure_ascii=False)
    print(f"score with: python3 /work/shared/eval/score_search.py {a.queries} {a.run}")


def browse(work, queries):
    per_query, runs = [], []
    for q, r, rest, sent, w in H.cold_queries(work, EVAL_PAGE, queries, COLD_JS, REST_JS, RUN_DEPTH, WARM_JS,
                                              need_rest=lambda r: r["n"] > SHOWN):
        urls = list(r["urls"]) + (rest["urls"] if rest else [])
        runs.append((q["qid"], [H.url_to_path(u) for u in urls]))
        per_query.append({
            "qid": q["qid"], "kind": q["kind"], "query": q["query"],
            "bytes": sum(s for _, s, _ in sent), "gzBytes": sum(H.gz_size(f) for _, _, f in sent),
            "files": len(sent), "results": r["n"],
            "searchMs": round(r["searchMs"], 2), "coldMs": round(r["ms"], 2),
            "warmMs": round(w.get("ms", 0), 2), "top": r["titles"][:3],
            "requested": [p for p, _, _ in sent],
        })
    summary = {"engine": "pagefind", "harness": "chromium", **H.cost_summary(per_query)}
    return summary, per_query, runs

if __name__ == "__main__":
    main()
