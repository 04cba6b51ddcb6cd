#!/usr/bin/env python3
"""The whole way a reader goes through a built site, in headless Chromium.

    python3 scripts/ci/reader_flow.py SITE_DIR [--screens DIR]

Serves SITE_DIR over http://127.0.0.1 (browser_harness.Server) and, by
clicking links as a reader does:
  home -> a channel -> one of its videos -> one of that video's articles;
  on the article: hover an internal link (the preview shows the target's
  title), click a timestamp (the player appears), toggle the dark theme (the
  background changes and survives a reload); then Ctrl-K, type the text of
  one of the article's section headings, open a section sub-result of the
  search (the page lands on that heading: it is in the upper half of the
  window, and the query's words are marked in the text).
No console errors on any page of the way. The article is chosen from the
files: one with timestamps, previewable links and h2 sections, reachable
from home through its channel and video pages. With --screens, the landing
on the sub-result is saved as search-landing-WIDTH-light.png.
Exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error.
"""

import argparse
import html
import os
import re
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "eval"))
sys.path.insert(0, str(REPO / "scripts" / "ci"))
import browser_harness as H  # noqa: E402
from reader_checks import SPECIAL, console_errors, emulate, load, wait_for  # noqa: E402

check = H.check


def h1(path):
    m = re.search(r"<h1[^>]*>(.*?)</h1>", Path(path).read_text("utf-8", "replace"), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else None


def hrefs(path):
    """Site-relative paths (folder/index.html) of the internal links of a page."""
    text = Path(path).read_text("utf-8", "replace")
    base = Path(path).parent
    out = set()
    for h in re.findall(r'<a [^>]*href="([^"#?]+)', text):
        h = html.unescape(h)
        if "://" in h or h.startswith("/"):
            continue
        p = os.path.normpath(base / urllib.parse.unquote(h))
        out.add(p if p.endswith(".html") else os.path.join(p, "index.html"))
    return out


def pick_route(site):
    """[home, channel, video, article] paths (absolute) a reader can click through, or None."""
    site = Path(site)
    home_links = hrefs(site / "index.html")
    for art in sorted(site.glob("*/*/index.html")):
        if art.parts[-3] in SPECIAL:
            continue
        text = art.read_text("utf-8", "replace")
        if 'data-kind="article"' not in text or 'class="ts"' not in text or "<h2 id=" not in text:
            continue
        if not re.search(r'<div class="body".*?<a [^>]*class="(?:topic|wikilink)"', text, re.S):
            continue
        channel = str(art.parent.parent / "index.html")
        if channel not in home_links:
            continue
        videos = [v for v in hrefs(channel) if "/videos/" in v and str(art) in hrefs(v)]
        if videos:
            return [str(site / "index.html"), channel, sorted(videos)[0], str(art)]
    return None


def click_to(d, base, site, target, what):
    """Clicks the first link of the page that leads to target (a file of the site); True when it got there."""
    rel = os.path.relpath(target, site)
    want = [base + "/" + urllib.parse.quote(rel), base + "/" + urllib.parse.quote(rel[: -len("index.html")])]
    a = d.execute_script(
        "return Array.from(document.querySelectorAll('main a[href], body a[href]')).find(a => arguments[0].includes(a.href.split('#')[0]))",
        want)
    if not check(bool(a), f"{what}: the page links to {rel}"):
        return False
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", a)
    a.click()
    ok = wait_for(lambda: d.current_url.split("#")[0] in want and d.execute_script("return document.readyState") == "complete", 8)
    return check(bool(ok), f"{what}: clicking it opens {rel}", d.current_url)


def flow(d, server, site, route, screens):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    base = server.base
    errors = []

    def errs(where):
        e = console_errors(d)
        errors.extend(f"{where}: {m}" for m in e)

    emulate(d, 1366, 900, "light")
    load(d, base + "/index.html")
    d.execute_script("try { localStorage.clear() } catch (e) {}")
    load(d, base + "/index.html")
    errs("home")
    for target, what in zip(route[1:], ("home -> channel", "channel -> video", "video -> article")):
        if not click_to(d, base, site, target, what):
            return
        errs(what)
    article_url = d.current_url

    # hover an internal link: the preview shows the target's title
    links = d.find_elements("css selector", ".body a.wikilink, .body a.topic")
    a = links[0]
    target_title = h1(os.path.join(site, urllib.parse.unquote(a.get_attribute("href")[len(base) + 1:])))
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", a)
    ActionChains(d).move_to_element(a).perform()
    pop = wait_for(lambda: d.execute_script("var p = document.querySelector('.preview'); return p && !p.hidden && p.textContent"), 4)
    check(bool(pop) and bool(target_title) and target_title in pop, "hovering an internal link previews its target's title",
          f"{target_title!r} in {str(pop)[:120]!r}")
    ActionChains(d).send_keys(Keys.ESCAPE).move_by_offset(0, 200).perform()
    errs("preview")

    # a timestamp opens the player
    ts = d.find_elements("css selector", ".body a.ts")[0]
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", ts)
    ts.click()
    frame = wait_for(lambda: d.find_elements("css selector", ".player iframe"), 5)
    src = frame[0].get_attribute("src") if frame else ""
    check("youtube-nocookie.com/embed/" in src and "start=" in src, "clicking a timestamp opens the player at its second", src)
    check(d.current_url == article_url, "and stays on the article", d.current_url)
    errs("player")

    # the dark theme: the background changes and survives a reload
    bg = lambda: d.execute_script("return getComputedStyle(document.body).backgroundColor")
    light = bg()
    d.execute_script("window.scrollTo(0, 0)")
    d.find_element("css selector", ".theme-toggle").click()
    dark = bg()
    check(dark != light, "the theme toggle changes the background", f"{light} -> {dark}")
    load(d, article_url)
    check(bg() == dark, "the dark theme survives a reload", bg())
    errs("theme")

    # Ctrl-K, a heading's words, a section sub-result
    heading = d.execute_script(
        "var hs = Array.from(document.querySelectorAll('.body h2[id]')).filter(h => (h.textContent.match(/[A-Za-z]{4,}/g) || []).length >= 2);"
        "var h = hs[Math.floor(hs.length / 2)] || hs[0]; return h ? [h.id, h.textContent] : null")
    if not check(bool(heading), "the article has an h2 of two words or more to search for"):
        return
    query = " ".join(re.findall(r"[A-Za-z]{4,}", heading[1])[:4])
    d.execute_script("document.activeElement && document.activeElement.blur()")
    ActionChains(d).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    focused = wait_for(lambda: d.execute_script("return document.activeElement && document.activeElement.id") == "search-q", 3)
    if not check(bool(focused), "Ctrl-K focuses the search box"):
        return
    ActionChains(d).send_keys(query).perform()
    # The list is drawn again as each typed letter's search returns: read it once it holds the
    # whole query's results, the same two polls in a row (an element of an earlier list is stale).
    seen = [None]

    def settled():
        now = d.execute_script(
            "var q = document.getElementById('search-q');"
            "return q && q.value === arguments[0] ?"
            " Array.from(document.querySelectorAll('.ws-dropdown a.ws-sub')).map(a => a.href) : null", query)
        same = bool(now) and now == seen[0]
        seen[0] = now
        return now if same else None
    subs = wait_for(settled, 20, step=0.3)
    if not check(bool(subs), f"typing {query!r} lists section sub-results", d.execute_script(
            "var x = document.querySelector('.ws-dropdown'); return x ? x.textContent.slice(0, 200) : 'no dropdown'")):
        return
    article_path = urllib.parse.urlsplit(article_url).path.rsplit("/", 1)[0] + "/"
    mine = [h for h in subs if urllib.parse.urlsplit(h).path.startswith(article_path)]
    href = (mine or subs)[0]
    parts = urllib.parse.urlsplit(href)
    check(bool(parts.fragment) and "hl=" in parts.query, "a sub-result links to page?hl=words#heading", href)
    if screens:
        d.save_screenshot(str(Path(screens) / "search-dropdown-1366-dark.png"))

    def click_sub():
        for a in d.find_elements("css selector", ".ws-dropdown a.ws-sub"):
            if a.get_attribute("href") == href:
                a.click()
                return True
        return False
    check(bool(wait_for(click_sub, 5)), "the sub-result can be clicked", href)
    wait_for(lambda: d.current_url == href and d.execute_script("return document.readyState") == "complete", 8)
    landed = wait_for(lambda: d.execute_script(
        "var h = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
        "var n = document.querySelectorAll('.body mark.hl').length;"
        "return h && n ? {tag: h.tagName, top: h.getBoundingClientRect().top, vh: innerHeight, marks: n,"
        " inSection: !!(h.nextElementSibling && document.querySelector('.body mark.hl'))} : null"), 5)
    check(bool(landed), "the sub-result's page has the heading and marks the query's words", str(landed))
    if landed:
        check(landed["tag"] in ("H2", "H3", "H4", "H5", "H6") and -2 <= landed["top"] <= landed["vh"] / 2,
              "it lands on the heading (in the upper half of the window)", str(landed))
    if screens:
        emulate(d, 1366, 900, "light")
        d.execute_script("localStorage.clear()")
        d.get("about:blank")   # the same URL again would only scroll, not load
        load(d, href)
        time.sleep(0.3)
        d.save_screenshot(str(Path(screens) / "search-landing-1366-light.png"))
        emulate(d, 390, 844, "light")
        d.get("about:blank")
        load(d, href)
        time.sleep(0.3)
        d.save_screenshot(str(Path(screens) / "search-landing-390-light.png"))
    errs("sub-result")
    check(not errors, "no console errors on the way", "; ".join(errors[:4]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--screens", default="", help="folder for the screenshots of the landing")
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    if not os.path.isfile(os.path.join(site, "index.html")):
        print(f"{site}: no index.html", file=sys.stderr)
        return 2
    H.ensure({"selenium": "selenium"})
    route = pick_route(site)
    if not route:
        print(f"{site}: no article with timestamps, previewable links and sections reachable from home", file=sys.stderr)
        return 2
    print("route: " + " -> ".join(os.path.relpath(p, site) for p in route))
    if a.screens:
        os.makedirs(a.screens, exist_ok=True)
    server = H.Server(site)
    d = None
    try:
        d = H.chromium(1366, 900)
        # Headless Chromium has no mouse: (hover: hover) and (pointer: fine) never match, so previews
        # stay off; the query is answered for it, as reader_checks.py does.
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "(function (mm) { window.matchMedia = function (q) {"
            " return /hover: *hover/.test(q) && /pointer: *fine/.test(q) ? mm.call(window, 'all') : mm.call(window, q); };"
            "})(window.matchMedia);")})
        flow(d, server, site, route, a.screens)
    except Exception as e:  # a crash of the harness is a failure too
        check(False, "the reader's way ran to its end", f"{type(e).__name__}: {str(e)[:300]}")
    finally:
        if d:
            d.quit()
        server.close()
    return H.verdict("reader_flow")


if __name__ == "__main__":
    sys.exit(main())
