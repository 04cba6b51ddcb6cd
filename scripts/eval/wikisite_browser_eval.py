#!/usr/bin/env python3
"""Runs the graded search queries through wikisite's own client in headless
Chromium, with the same harness as scripts/eval/pagefind_eval.py.

    python3 scripts/eval/wikisite_browser_eval.py SITE_DIR QUERIES_TSV RUN_TSV [--json OUT.json]

SITE_DIR is served on 127.0.0.1 (free port), HTTP cache disabled. For every
query, on a fresh blank page: load `assets/search-engine.js` with a script
tag, create the engine with its browser loader (`scriptLoader('/search/')`,
the one search.js uses), then timed: `engine.search(q)` and `getDocs` of what
the first results page shows (10 video groups, 3 articles each), as
scripts/eval/search_eval.mjs does under Node. Cold bytes = every file the
server sent (search-engine.js and the index files) + the sizes on disk of
search.js (on every page) and search-ui.js (loaded on the first focus), which
search_eval.mjs counts too; gz bytes = the same, each file gzipped. Warm = the same query again on that page, search only.
RUN_TSV: the order the results page lists articles (video groups; articles
under "+n more" after everything listed), 100 per query, as search_eval.mjs
writes it, so the two runs should be identical.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_harness as H  # noqa: E402

RESULTS_SHOWN, PER_GROUP, RUN_DEPTH = 10, 3, 100

EVAL_PAGE = H.eval_page("wikisite eval")

COLD_JS = H.async_script("q", r"""
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/assets/search-engine.js';
      s.onload = resolve; s.onerror = () => reject(new Error('cannot load search-engine.js'));
      document.head.appendChild(s);
    });
    const E = window.WikiSearchEngine;
    const engine = E.createEngine({ load: E.scriptLoader('/search/') });
    window.__engine = engine;
    const t0 = performance.now();
    const res = await engine.search(q);
    const t1 = performance.now();
    const shown = [];
    for (const g of res.groups.slice(0, %d)) shown.push(...g.docs.slice(0, %d).map((d) => d.id));
    const docs = await engine.getDocs(shown);
    const t2 = performance.now();
    window.__res = res;
    done({ ok: true, searchMs: t1 - t0, ms: t2 - t0, n: res.docs.length, groups: res.groups.length,
           titles: docs.slice(0, 3).map((d) => d.title) });""") % (RESULTS_SHOWN, PER_GROUP)

REST_JS = H.async_script("depth", r"""
    const res = window.__res, order = [];
    for (const g of res.groups) for (const d of g.docs) order.push(d.id);
    for (const g of res.groups) for (const d of g.more) order.push(d.id);
    const recs = await window.__engine.getDocs(order.slice(0, depth));
    done({ ok: true, urls: recs.map((r) => r.url) });""")

WARM_JS = H.async_script("q", r"""
    const t0 = performance.now();
    await window.__engine.search(q);
    done({ ok: true, ms: performance.now() - t0 });""")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("queries")
    ap.add_argument("run")
    ap.add_argument("--json")
    a = ap.parse_args()
    H.ensure({"selenium": "selenium"})
    site = os.path.abspath(a.site)
    for need in ("assets/search-engine.js", "assets/search.js", "assets/search-ui.js", "search/manifest.js"):
        if not os.path.isfile(os.path.join(site, need)):
            sys.exit(f"{site}: no {need}")
    uis = [os.path.join(site, "assets", name) for name in ("search.js", "search-ui.js")]
    ui_bytes, ui_gz = sum(os.path.getsize(f) for f in uis), sum(H.gz_size(f) for f in uis)
    queries = H.read_queries(a.queries)

    per_query, runs = [], []
    for q, r, rest, sent, w in H.cold_queries(site, EVAL_PAGE, queries, COLD_JS, REST_JS, RUN_DEPTH, WARM_JS):
        runs.append((q["qid"], [u.rstrip("/") + ".md" for u in rest["urls"]]))
        per_query.append({
            "qid": q["qid"], "kind": q["kind"], "query": q["query"],
            "bytes": ui_bytes + sum(s for _, s, _ in sent),
            "gzBytes": ui_gz + sum(H.gz_size(f) for _, _, f in sent),
            "files": len(sent), "results": r["n"],
            "searchMs": round(r["searchMs"], 2), "coldMs": round(r["ms"], 2),
            "warmMs": round(w.get("ms", 0), 2), "top": r["titles"],
            "requested": [p for p, _, _ in sent],
        })

    H.write_run(a.run, runs)
    total, files = H.dir_size(os.path.join(site, "search"))   # as search_eval.mjs: all of search/
    costs = H.cost_summary(per_query)
    costs["coldBytes"]["ui"], costs["coldGzBytes"]["ui"] = ui_bytes, ui_gz
    summary = {"engine": "wikisite", "harness": "chromium", "queries": costs.pop("queries"),
               "zeroResults": costs.pop("zeroResults"), "indexBytes": total, "indexFiles": files, **costs}
    print(json.dumps(summary, indent=1))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "perQuery": per_query}, f, indent=1, ensure_ascii=False)
    print(f"score with: python3 /work/shared/eval/score_search.py {a.queries} {a.run}")


if __name__ == "__main__":
    main()
