#!/usr/bin/env python3
"""Stands in for the build's side of the "Readers" template contract, to look at and test the templates before it exists.

    python3 scripts/ci/contract_mock.py SITE_DIR [--templates templates]

Rewrites, in place, a site that `wikisite build` wrote with these templates
(use a copy): every article page is rendered again from article.mustache
with the variables taken from its HTML plus the new ones the build will
supply (toc/hasToc from the body's h2/h3, videoCard from the video's page,
graphSVG from the sibling and backlink lists, pageKind); every page gets
`data-kind` and a `preview.js` beside it; 404.html is rendered from
404.mustache. The template engine is chevron (PyPI), close enough to
swift-mustache for these templates. Nothing here is the build: it is the
contract, written out, and a fixture for scripts/ci/reader_checks.py.

preview.js format (one file in each page's folder):
    window.wikisitePreview({"url": "chan/slug/", "kind": "article",
                            "title": "...", "channel": "...", "text": "..."});
`url` is the page's folder relative to the site's root, not percent-encoded;
kind is article, topic, video or channel; text is the first paragraph as
plain text (at most ~300 characters here).
"""

import argparse
import html
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "eval"))
import browser_harness as H  # noqa: E402

SPECIAL = {"assets", "search", "topics", "videos"}


def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment or "")).strip()


def grab(pattern, s, group=1, default=None):
    m = re.search(pattern, s, re.S)
    return m.group(group) if m else default


def first_paragraph(page):
    body = grab(r'<div class="body"[^>]*>(.*?)</div>\n</article>', page) or grab(r'<main id="main">(.*?)</main>', page, default="")
    for p in re.findall(r"<p>(.*?)</p>", body, re.S):
        t = re.sub(r"\s+", " ", text_of(re.sub(r'<a class="ts"[^>]*>.*?</a>', "", p))).strip()
        if len(t) > 40:
            return t[:300] + ("…" if len(t) > 300 else "")
    return text_of(grab(r'<p class="meta">(.*?)</p>', page, default=""))


def kind_of(rel):
    parts = Path(rel).parts
    if len(parts) == 1:
        return "home" if rel == "index.html" else None
    if parts[0] == "topics":
        return "topic"
    if parts[0] == "videos":
        return "video"
    if parts[0] == "search":
        return "search"
    return "channel" if len(parts) == 2 else "article"


def graph_svg(title, links):
    """A small radial graph: the article in the middle, its neighbours around."""
    import math
    n = len(links)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 360" role="img" aria-label="Articles linked with this one">']
    for i, (t, u) in enumerate(links):
        a = 2 * math.pi * i / n
        x, y = 300 + 220 * math.cos(a), 180 + 130 * math.sin(a)
        out.append(f'<line x1="300" y1="180" x2="{x:.0f}" y2="{y:.0f}"/>')
    out.append(f'<circle cx="300" cy="180" r="7"/><text x="300" y="204" text-anchor="middle">{html.escape(title[:40])}</text>')
    for i, (t, u) in enumerate(links):
        a = 2 * math.pi * i / n
        x, y = 300 + 220 * math.cos(a), 180 + 130 * math.sin(a)
        out.append(f'<a href="{html.escape(u)}"><circle cx="{x:.0f}" cy="{y:.0f}" r="6"/>'
                   f'<text x="{x:.0f}" y="{y + 20:.0f}" text-anchor="middle">{html.escape(t[:32])}</text></a>')
    out.append("</svg>")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--templates", default=str(REPO / "templates"))
    a = ap.parse_args()
    H.ensure({"chevron": "chevron"})
    import chevron

    site, tpl = Path(a.site), Path(a.templates)
    partials = {p.relative_to(tpl).with_suffix("").as_posix(): p.read_text("utf-8") for p in tpl.glob("partials/*.mustache")}

    def render(name, ctx):
        return chevron.render(Path(tpl, name + ".mustache").read_text("utf-8"), ctx, partials_dict=partials)

    site_name = text_of(grab(r'<a class="site-name"[^>]*>(.*?)</a>', (site / "index.html").read_text("utf-8"), default="Video wiki"))
    n_articles = n_previews = 0
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site).as_posix()
        kind = kind_of(rel)
        if not kind:
            continue
        s = page.read_text("utf-8")
        if 'http-equiv="refresh"' in s:
            kind = "redirect"
        s = s.replace(f'<body data-root="', f'<body data-kind="{kind}" data-root="', 1) if "data-kind" not in s else s
        root = grab(r'<body[^>]*data-root="([^"]*)"', s, default="")
        if kind == "article":
            title = text_of(grab(r"<h1>(.*?)</h1>", s))
            crumbs = re.findall(r'<a href="([^"]*)">(.*?)</a>', grab(r'<nav class="crumbs".*?</nav>', s, 0))
            channel_url, channel_name = crumbs[-1][0], html.unescape(crumbs[-1][1])
            body = grab(r'<div class="body"[^>]*>\n(.*?)\n</div>\n</article>', s, default="")
            video_id = grab(r'<div class="body" data-video="([^"]+)"', s)
            ctx = {"root": root, "siteName": site_name, "pageTitle": text_of(grab(r"<title>(.*?)</title>", s)),
                   "title": title, "channelName": channel_name, "channelURL": channel_url, "body": body,
                   "pageKind": "article"}
            also = re.findall(r"<span>(.*?)</span>", grab(r'<p class="meta also"[^>]*>(.*?)</p>', s, default=""))
            if also:
                ctx["hasAlso"], ctx["alsoTitles"] = True, [{"title": html.unescape(t)} for t in also]
            sib = grab(r'<section class="related"[^>]*>\n<h2[^>]*>[^<]*</h2>\n<ul>\n(.*?)</ul>', s)
            if sib:
                ctx["hasSiblings"], ctx["siblings"] = True, sib
            groups = re.findall(r"<h3>(.*?)</h3>\n<ul>\n(.*?)</ul>", grab(r'<section class="backlinks".*?</section>', s, 0, ""), re.S)
            if groups:
                ctx["backlinkCount"] = sum(g[1].count("<li>") for g in groups)
                ctx["backlinkGroups"] = [{"channelName": html.unescape(c), "items": i} for c, i in groups]
            heads = re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', body, re.S)
            if heads:
                ctx["hasToc"] = True
                ctx["toc"] = [{"level": int(l), "id": html.unescape(i), "text": text_of(t)} for l, i, t in heads]
            if video_id:
                vpage_url = grab(r'<a href="([^"]*videos/[^"]+)">', s)
                vpage = (page.parent / vpage_url).resolve()
                v = vpage.read_text("utf-8") if vpage.is_file() else ""
                ctx.update({"videoID": video_id, "videoURL": f"https://www.youtube.com/watch?v={video_id}",
                            "videoPageURL": vpage_url})
                ctx["videoCard"] = {
                    "title": text_of(grab(r"<h1>(.*?)</h1>", v, default=f"Video {video_id}")),
                    "channelName": channel_name, "channelURL": channel_url,
                    "articleCount": grab(r"<ol data-previews>\n(.*?)</ol>", v, default="").count("<li>"),
                    "momentCount": grab(r'<ol class="moments"[^>]*>\n(.*?)</ol>', v, default="").count('class="ts"'),
                    "pageURL": vpage_url, "youtubeURL": f"https://www.youtube.com/watch?v={video_id}", "id": video_id}
            links = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', (sib or "") + "".join(g[1] for g in groups))
            if links:
                ctx["graphSVG"] = graph_svg(title, [(text_of(t), u) for u, t in links[:10]])
            s = render("article", ctx)
            n_articles += 1
        page.write_text(s, "utf-8")
        if kind in ("article", "topic", "video", "channel"):
            folder = page.parent.relative_to(site).as_posix() + "/"
            crumbs = re.findall(r'<a href="[^"]*">(.*?)</a>', grab(r'<nav class="crumbs".*?</nav>', s, 0, ""))
            channel = html.unescape(crumbs[1]) if kind in ("article", "video") and len(crumbs) > 1 else ""
            rec = {"url": folder, "kind": kind, "title": text_of(grab(r"<h1>(.*?)</h1>", s, default="")),
                   "channel": channel, "text": first_paragraph(s)}
            (page.parent / "preview.js").write_text(
                "window.wikisitePreview(" + json.dumps(rec, ensure_ascii=False) + ");\n", "utf-8")
            n_previews += 1
    (site / "404.html").write_text(render("404", {"root": "", "siteName": site_name, "pageKind": "404",
                                                  "pageTitle": f"Page not found · {site_name}"}), "utf-8")
    print(f"contract_mock: {n_articles} article pages rendered again, {n_previews} preview.js files, 404.html")


if __name__ == "__main__":
    main()
