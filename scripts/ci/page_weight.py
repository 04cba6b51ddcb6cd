#!/usr/bin/env python3
"""What each page of a built site weighs before the reader does anything.

    python3 scripts/ci/page_weight.py SITE_DIR [--budget BYTES] [--kind article]

Weight of a page = its HTML + every stylesheet it links + every script it
loads by itself (<script src>, deferred or not), uncompressed, as stored.
Not counted: what loads on interaction (search-ui.js, search-engine.js and the
index on the search box's first focus, preview.js excerpts on hover, the
YouTube player on a click, highlight.js only for ?hl= links). Pages are
grouped by kind (<body data-kind>); for each kind: count, median, p90, max
and the heaviest page. An article's own text (its <div class="body">) is
what it is: a transcript summary of 100 KB weighs that much on any site. So
the budget (--budget bytes, default 50,000: issue #13's 50 KB) holds for
what the site adds to the text: every page of --kind (default article)
without its .body must weigh at most that (exit 1 if not), and the pages
whose whole weight is over it are counted, with their text's size.
"""

import argparse
import os
import re
import sys
from pathlib import Path

DIV = re.compile(r"<(/?)div\b")


def body_bytes(html):
    """Bytes of the page's <div class="body">…</div> (0 if none)."""
    start = html.find('<div class="body"')
    if start < 0:
        return 0
    depth = 0
    for m in DIV.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return len(html[start:m.end() + 4].encode("utf-8"))
    return 0


SRC = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')


def percentile(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * len(s)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--budget", type=int, default=50_000)
    ap.add_argument("--kind", default="article")
    a = ap.parse_args()
    site = Path(a.site).resolve()
    sizes = {}       # asset path -> bytes
    kinds = {}       # kind -> [(bytes, page)]
    for root, _, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            page = Path(root) / name
            html = page.read_text("utf-8", "replace")
            m = re.search(r'<body[^>]*data-kind="([^"]+)"', html)
            kind = m.group(1) if m else "other"
            total = len(html.encode("utf-8"))
            for ref in SRC.findall(html):
                if "://" in ref or ref.startswith("//"):
                    continue
                asset = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
                if asset not in sizes:
                    sizes[asset] = asset.stat().st_size if asset.is_file() else 0
                total += sizes[asset]
            kinds.setdefault(kind, []).append((total, str(page.relative_to(site)), body_bytes(html)))
    if not kinds:
        print(f"{site}: no pages", file=sys.stderr)
        return 2
    print(f"{'kind':10} {'pages':>6} {'median':>9} {'p90':>9} {'max':>9}  heaviest")
    for kind in sorted(kinds):
        ws = [w for w, _, _ in kinds[kind]]
        heavy = max(kinds[kind])
        print(f"{kind:10} {len(ws):6} {percentile(ws, .5):9,} {percentile(ws, .9):9,} {max(ws):9,}  {heavy[1]}")
    pages = kinds.get(a.kind, [])
    if not pages:
        print(f"page_weight: no {a.kind} page")
        return 0
    chrome = [(w - b, p) for w, p, b in pages]
    cs = [c for c, _ in chrome]
    print(f"{a.kind} without its text: median {percentile(cs, .5):,}, p90 {percentile(cs, .9):,}, max {max(cs):,} B ({max(chrome)[1]})")
    whole = [(w, p, b) for w, p, b in pages if w > a.budget]
    if whole:
        bs = [b for _, _, b in whole]
        print(f"{len(whole)} of {len(pages)} {a.kind} pages weigh over {a.budget:,} B in all; their text alone: "
              f"median {percentile(bs, .5):,}, min {min(bs):,} B")
    over = [(c, p) for c, p in chrome if c > a.budget]
    if over:
        print(f"page_weight: {len(over)} {a.kind} page(s) over {a.budget:,} B without their text, e.g. "
              + ", ".join(f"{p} {c:,} B" for c, p in sorted(over, reverse=True)[:5]))
        return 1
    print(f"page_weight: every {a.kind} page within {a.budget:,} B besides its text (HTML + CSS + scripts loaded before interaction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
