#!/usr/bin/env python3
"""Reader-facing checks of a built site in headless Chromium (Selenium + axe-core).

    python3 scripts/ci/reader_checks.py SITE_DIR [--screens DIR] [--no-axe]

Serves SITE_DIR over http://127.0.0.1 (scripts/eval/browser_harness.py's
Server and chromium()) and, for one page of each kind (home, channel,
article, video, topic, search with results for words of one of the
article's sections, redirect, 404; a kind the site lacks is skipped and said
so), in the light and the dark theme (the OS preference, emulated):
  * exactly one <h1>; the first Tab reaches the skip link to #main, and #main
    exists; no horizontal scrolling at 390 px; no layout shift while loading
    (layout-shift entries without recent input sum to < 0.02);
  * no errors in the console;
  * axe-core (selenium-axe-python's copy, else axe-selenium-python's): no
    violation of impact serious or critical;
  * a screenshot at 390x844 and one at 1366x900, into --screens
    (default .ci/artifacts/screens/) as KIND-WIDTH-THEME.png.
Then the interactions:
  * theme toggle: a click changes the page's background, the choice
    survives a reload, a second click goes back (and forgets the choice);
  * Ctrl-K and "/" focus the search box from an article;
  * a search result links to its page with ?hl=words, and the page marks
    them in .body (<mark class="hl">); without ?hl= nothing is marked;
  * the channel page's filter hides the items that do not match;
  * parts that need the build's new variables are checked when their markup
    is there, else skipped with a note: the table of contents (nav.toc:
    current section marked with aria-current while scrolling, open beside
    the text at 1366 px, folded at 390 px), the video card (its play button
    opens the player; nothing is requested from another host before), and
    hover previews (needs preview.js files beside the pages).
Exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error.
"""

import argparse
import glob
import json
import os
import re
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "eval"))
import browser_harness as H  # noqa: E402

SIZES = [(390, 844), (1366, 900)]
THEMES = ["light", "dark"]
SPECIAL = {"assets", "search", "topics", "videos"}

skipped = []


check = H.check


def skip(what):
    print(f"  skip {what}", flush=True)
    skipped.append(what)


# ------------------------------------------------------------------ pages
def pick_pages(site):
    """{kind: site-relative path} of one page per kind the site has."""
    site = Path(site)
    pages = {"home": "index.html"}
    if (site / "search/index.html").is_file():
        pages["search"] = "search/index.html"
    if (site / "404.html").is_file():
        pages["404"] = "404.html"
    chans = sorted(p for p in site.glob("*/index.html") if p.parent.name not in SPECIAL)
    if chans:
        # the channel with the most videos shows the filter best
        pages["channel"] = str(max(chans, key=lambda p: p.read_text("utf-8").count('class="video"')).relative_to(site))
    best = None
    for p in sorted(site.glob("*/*/index.html")):
        if p.parts[-3] in SPECIAL:
            continue
        text = p.read_text("utf-8", "replace")
        if 'http-equiv="refresh"' in text:
            pages.setdefault("redirect", str(p.relative_to(site)))
            continue
        score = text.count("<h2") + 3 * text.count('class="topic"') + 5 * ('class="toc"' in text) + 5 * ("video-card" in text)
        if best is None or score > best[0]:
            best = (score, str(p.relative_to(site)))
    if best:
        pages["article"] = best[1]
        # the search page as a reader sees it: results for two words of one of the article's sections
        text = (site / best[1]).read_text("utf-8", "replace")
        body = text[text.find('<div class="body"'):]
        heads = re.findall(r'<h2 id="(?![^"]*-h")[^>]*>([^<]+)</h2>', body)
        words = re.findall(r"[A-Za-z]{4,}", heads[len(heads) // 2] if heads else "")[:2]
        if "search" in pages and words:
            pages["search"] += "?q=" + urllib.parse.quote(" ".join(words))
    for kind, folder in (("video", "videos"), ("topic", "topics")):
        found = sorted(site.glob(f"{folder}/*/index.html"), key=lambda p: -p.stat().st_size)
        if found:
            pages[kind] = str(found[0].relative_to(site))
    return pages


def no_refresh(html):
    """A redirect page without its <meta http-equiv=refresh>, so it can be looked at."""
    return re.sub(r'<meta http-equiv="refresh"[^>]*>', "", html)


# ---------------------------------------------------------------- browser
def emulate(d, width, height, theme):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    d.execute_cdp_cmd("Emulation.setEmulatedMedia",
                      {"features": [{"name": "prefers-color-scheme", "value": theme}]})


def console_errors(d):
    try:
        logs = d.get_log("browser")
    except Exception:
        return []
    return [e["message"] for e in logs if e.get("level") == "SEVERE" and "favicon.ico" not in e["message"]]


def axe_source():
    for mod, rel in (("selenium_axe_python", "axe-core/axe.min.js"), ("axe_selenium_python", "node_modules/axe-core/axe.min.js")):
        try:
            m = __import__(mod)
        except ImportError:
            continue
        p = Path(m.__file__).parent / rel
        if p.is_file():
            return p.read_text("utf-8")
    return None


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))
})))).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""

CLS_JS = """
const done = arguments[arguments.length - 1];
let total = 0;
try {
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
} catch (e) {}
setTimeout(() => done(total), 600);
"""


def wait_for(fn, timeout=8, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = fn()
            if v:
                return v
        except Exception:
            pass
        time.sleep(step)
    return None


def load(d, url):
    d.get(url)
    wait_for(lambda: d.execute_script("return document.readyState") == "complete")


# ------------------------------------------------------------------ checks
def page_checks(d, base, kind, rel, axe_js, screens):
    from selenium.webdriver.common.keys import Keys
    url = base + "/" + urllib.parse.quote(rel, safe="/?=&%")
    for theme in THEMES:
        for w, h in SIZES:
            emulate(d, w, h, theme)
            d.execute_script("try { localStorage.clear() } catch (e) {}")
            load(d, url)
            console_errors(d)   # drop what an earlier page left
            load(d, url)
            if "?q=" in rel:
                check(bool(wait_for(lambda: d.find_elements("css selector", "#search-results .ws-result"), 20)),
                      f"{kind} {w}px {theme}: the search page opened with ?q= lists results")
            tag = f"{kind} {w}px {theme}"
            if screens:
                d.save_screenshot(str(Path(screens) / f"{kind}-{w}-{theme}.png"))
            if w == SIZES[0][0]:
                n = d.execute_script("return document.querySelectorAll('h1').length")
                check(n == 1, f"{tag}: exactly one h1", f"{n}")
                wide = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                check(wide <= 0, f"{tag}: no horizontal scrolling", f"{wide}px too wide" if wide > 0 else "")
                cls = d.execute_async_script(CLS_JS)
                check(cls < 0.02, f"{tag}: no layout shift while loading", f"CLS {cls:.3f}")
                d.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
                d.find_element("tag name", "body").send_keys(Keys.TAB)
                first = d.execute_script(
                    "var a = document.activeElement; return a ? [a.className, a.getAttribute('href'), !!document.getElementById('main'), a.textContent.trim()] : null")
                check(first and "skip" in (first[0] or "") and first[1] == "#main" and first[2],
                      f"{tag}: the first Tab reaches the skip link to #main", str(first))
                if theme == "dark":
                    bg = d.execute_script("return getComputedStyle(document.body).backgroundColor")
                    check(bg != "rgb(253, 253, 252)", f"{tag}: the OS dark preference gives a dark page", bg)
                if axe_js:
                    d.execute_script(axe_js)
                    vs = d.execute_async_script(AXE_RUN)
                    bad = [v for v in vs if v["impact"] in ("serious", "critical")]
                    check(not bad, f"{tag}: axe finds no serious or critical violation",
                          "; ".join(f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in bad))
                    minor = [f"{v['id']} ({v['impact']})" for v in vs if v not in bad]
                    if minor:
                        print(f"       axe, minor: {', '.join(minor)}")
            errs = console_errors(d)
            check(not errs, f"{tag}: no console errors", "; ".join(errs[:3]))


def theme_toggle(d, base, rel):
    print("theme toggle")
    url = base + "/" + urllib.parse.quote(rel)
    emulate(d, 1366, 900, "light")
    load(d, url)
    d.execute_script("localStorage.clear()")
    load(d, url)
    bg = lambda: d.execute_script("return getComputedStyle(document.body).backgroundColor")
    before = bg()
    btn = d.find_elements("css selector", ".theme-toggle")
    if not check(bool(btn), "the header has a theme toggle button"):
        return
    check(btn[0].get_attribute("aria-pressed") == "false", "it is not pressed in the light theme")
    btn[0].click()
    after = bg()
    check(after != before, "a click changes the background", f"{before} -> {after}")
    check(d.execute_script("return document.documentElement.dataset.theme") == "dark", "html[data-theme=dark]")
    check(btn[0].get_attribute("aria-pressed") == "true", "the button is pressed")
    load(d, url)
    check(bg() == after, "the choice survives a reload", bg())
    d.find_element("css selector", ".theme-toggle").click()
    check(bg() == before, "a second click goes back to light", bg())
    check(d.execute_script("return localStorage.getItem('wikisite-theme')") is None,
          "and forgets the choice (it matches the OS again)")
    # a stored choice wins over the OS
    d.find_element("css selector", ".theme-toggle").click()
    emulate(d, 1366, 900, "light")
    load(d, url)
    check(bg() == after, "a stored dark choice wins over a light OS", bg())
    d.execute_script("localStorage.clear()")


def keyboard_search(d, base, rel):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    print("search shortcuts")
    url = base + "/" + urllib.parse.quote(rel)
    emulate(d, 1366, 900, "light")
    for keys, name in (((Keys.CONTROL, "k"), "Ctrl-K"), (("/",), "/")):
        load(d, url)
        d.execute_script("document.activeElement && document.activeElement.blur()")
        chain = ActionChains(d)
        if len(keys) == 2:
            chain.key_down(keys[0]).send_keys(keys[1]).key_up(keys[0])
        else:
            chain.send_keys(keys[0])
        chain.perform()
        ok = wait_for(lambda: d.execute_script("return document.activeElement && document.activeElement.id") == "search-q", 3)
        check(bool(ok), f"{name} focuses the search box")
    # a result opens its article with the query's words marked
    load(d, url)
    title = d.execute_script("return document.querySelector('h1').textContent")
    words = [w for w in re.findall(r"[A-Za-z]{4,}", title)][:2]
    if not words:
        skip("highlighting: the article's title has no plain word")
        return
    box = d.find_element("id", "search-q")
    box.click()
    box.send_keys(" ".join(words))
    link = wait_for(lambda: d.find_element("css selector", ".ws-dropdown a.ws-item"), 20)
    if not check(bool(link), "typing in the box lists results"):
        return
    href = link.get_attribute("href")
    check("?hl=" in href, "a result links to its page with the query's words (?hl=)", href)
    link.click()
    wait_for(lambda: d.current_url == href and d.execute_script("return document.readyState") == "complete")
    n = wait_for(lambda: d.execute_script("return document.querySelectorAll('.body mark.hl').length"), 5)
    check(bool(n), "the article a result opens marks the query's words in .body", f"{n} marks")
    load(d, href.split("?")[0])
    n = d.execute_script("return document.querySelectorAll('.body mark.hl').length")
    check(not n, "the page without ?hl= is not marked", f"{n} marks")
    load(d, href.split("?")[0] + "?hl=" + urllib.parse.quote(" ".join(words)))
    n = wait_for(lambda: d.execute_script("return document.querySelectorAll('.body mark.hl').length"), 5)
    check(bool(n), "a page opened with ?hl=words marks them", f"{n} marks")


def channel_filter(d, base, rel):
    print("channel filter")
    url = base + "/" + urllib.parse.quote(rel)
    emulate(d, 1366, 900, "light")
    load(d, url)
    box = d.find_elements("id", "filter-q")
    if not check(bool(box), "the channel page has a filter box"):
        return
    items = d.execute_script("return Array.from(document.querySelectorAll('#channel-lists section li')).map(l => l.textContent)")
    if len(items) < 2:
        skip("channel filter: fewer than two items to filter")
        return
    cands = re.findall(r"[A-Za-z]{5,}", items[0]) or ["zzzz"]
    word = min(cands, key=lambda w: (sum(w.lower() in i.lower() for i in items), -len(w)))
    box[0].send_keys(word)
    time.sleep(0.4)
    shown = d.execute_script("return Array.from(document.querySelectorAll('#channel-lists section li')).filter(l => l.offsetParent).length")
    check(0 < shown < len(items) or all(word.lower() in i.lower() for i in items),
          f"typing {word!r} hides the items without it", f"{shown} of {len(items)} shown")
    status = d.find_element("id", "filter-status").text
    check("match" in status, "the filter says how many match", status)


def toc(d, base, rel):
    print("table of contents")
    url = base + "/" + urllib.parse.quote(rel)
    emulate(d, 1366, 900, "light")
    load(d, url)
    if not d.find_elements("css selector", "nav.toc"):
        skip("table of contents: no nav.toc on the article (the build does not supply toc/hasToc yet)")
        return
    check(d.execute_script("return document.getElementById('toc-d').open"), "open beside the text at 1366 px")
    heads = d.execute_script("return Array.from(document.querySelectorAll('nav.toc a')).map(a => a.getAttribute('href'))")
    if len(heads) >= 2:
        target = heads[len(heads) // 2]
        d.execute_script("document.getElementById(decodeURIComponent(arguments[0].slice(1))).scrollIntoView({block: 'start'})", target)
        time.sleep(0.4)
        # The section a reader is in: the last heading in the window's top third (near the end of a
        # page the target may not scroll that far up, and the section before it is still being read).
        wanted = d.execute_script(
            "var line = innerHeight / 3, pick = null;"
            "for (const a of document.querySelectorAll('nav.toc a')) {"
            "  const h = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));"
            "  if (h && h.getBoundingClientRect().top <= line) pick = a.getAttribute('href'); }"
            "return pick")
        cur = wait_for(lambda: d.execute_script(
            "var a = document.querySelector('nav.toc a[aria-current=\"true\"]'); return a && a.getAttribute('href')"), 3)
        check(cur == wanted, "scrolling to a section marks the section in the window's top third aria-current",
              f"{cur} (wanted {wanted}; scrolled to {target})")
    emulate(d, 390, 844, "light")
    load(d, url)
    check(not d.execute_script("return document.getElementById('toc-d').open"), "folded at 390 px")


def video_card(d, server, rel):
    print("video card")
    url = server.base + "/" + urllib.parse.quote(rel)
    emulate(d, 1366, 900, "light")
    load(d, url)
    btn = d.find_elements("css selector", ".video-card button[data-play]")
    if not btn:
        skip("video card: no .video-card on the article (the build does not supply videoCard yet)")
        return
    hosts = d.execute_script("return performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
    check(all(h == f"127.0.0.1:{server.port}" for h in hosts), "nothing is requested from another host before a click",
          ", ".join(sorted(set(hosts))))
    check(not d.find_elements("css selector", ".video-card img"), "no remote thumbnail")
    btn[0].click()
    frame = wait_for(lambda: d.find_elements("css selector", ".player iframe"), 5)
    check(bool(frame) and "youtube-nocookie.com/embed/" in frame[0].get_attribute("src"),
          "the play button opens the player", frame[0].get_attribute("src") if frame else "no iframe")


def previews(d, site, base, pages, screens=None):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    print("hover previews")
    if not glob.glob(os.path.join(site, "*", "*", "preview.js")):
        skip("hover previews: no preview.js files beside the pages (the build does not write them yet)")
        return
    emulate(d, 1366, 900, "light")
    # Headless Chromium has no mouse: (hover: hover) and (pointer: fine) never
    # match and CDP cannot emulate them, so the query is answered for it.
    shim = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "(function (mm) { window.matchMedia = function (q) {"
        " return /hover: *hover/.test(q) && /pointer: *fine/.test(q) ? mm.call(window, 'all') : mm.call(window, q); };"
        "})(window.matchMedia);")})
    print("  (a mouse is emulated: matchMedia('(hover: hover) and (pointer: fine)') answers true)")
    try:
        _previews(d, base, pages, screens)
    finally:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": shim["identifier"]})


def _previews(d, base, pages, screens):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    tried = False
    for kind in ("article", "topic", "channel"):
        if kind not in pages:
            continue
        load(d, base + "/" + urllib.parse.quote(pages[kind]))
        links = d.find_elements("css selector", ".body a.wikilink, .body a.topic, [data-previews] a:not(.ts), .backlinks a, .related a")
        if not links:
            continue
        tried = True
        a = links[0]
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", a)
        ActionChains(d).move_to_element(a).perform()
        pop = wait_for(lambda: d.execute_script(
            "var p = document.querySelector('.preview'); if (!p || p.hidden) return null;"
            "var r = p.getBoundingClientRect(); return {text: p.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom,"
            " w: document.documentElement.clientWidth, h: innerHeight}"), 4)
        if not check(bool(pop), f"{kind}: hovering a link shows its preview"):
            continue
        if screens:
            d.save_screenshot(str(Path(screens) / f"preview-{kind}-1366-light.png"))
        check(pop["l"] >= 0 and pop["r"] <= pop["w"] and pop["t"] >= 0 and pop["b"] <= pop["h"],
              f"{kind}: the preview is inside the window", json.dumps(pop)[:200])
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        check(bool(wait_for(lambda: d.execute_script("var p = document.querySelector('.preview'); return !p || p.hidden"), 2)),
              f"{kind}: Esc hides it")
        # the keyboard: focusing the link shows it too
        ActionChains(d).move_by_offset(0, 300).perform()
        d.execute_script("document.activeElement && document.activeElement.blur()")
        d.execute_script("arguments[0].focus({focusVisible: true})", a)
        shown = wait_for(lambda: d.execute_script("var p = document.querySelector('.preview'); return p && !p.hidden"), 3)
        check(bool(shown), f"{kind}: focusing the link shows it")
    if not tried:
        skip("hover previews: no previewable link on the article, topic or channel page")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--screens", default=str(REPO / ".ci" / "artifacts" / "screens"),
                    help="folder for the screenshots ('' for none)")
    ap.add_argument("--no-axe", action="store_true")
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    if not os.path.isfile(os.path.join(site, "index.html")):
        print(f"{site}: no index.html", file=sys.stderr)
        return 2
    H.ensure({"selenium": "selenium", "selenium_axe_python": "selenium-axe-python"})
    axe_js = None if a.no_axe else axe_source()
    if not a.no_axe and not axe_js:
        print("no axe-core found (pip install selenium-axe-python)", file=sys.stderr)
        return 2
    if a.screens:
        os.makedirs(a.screens, exist_ok=True)
    pages = pick_pages(site)
    for kind in ("home", "channel", "article", "video", "topic", "search", "redirect", "404"):
        if kind not in pages:
            skip(f"{kind} page: the site has none")
    mem = {}
    if "redirect" in pages:
        mem["/__redirect.html"] = ("text/html; charset=utf-8",
                                   no_refresh(Path(site, pages["redirect"]).read_text("utf-8")).encode())
        # same folder depth as the original, so its relative links still work
        mem_path = "/" + str(Path(pages["redirect"]).parent / "__redirect.html")
        mem = {mem_path: mem["/__redirect.html"]}
        pages["redirect"] = mem_path.lstrip("/")
    server = H.Server(site, pages=mem)
    d = None
    try:
        d = H.chromium(1366, 900)
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        for kind, rel in pages.items():
            print(f"{kind}: {rel}")
            page_checks(d, server.base, kind, rel, axe_js, a.screens)
        if "article" in pages:
            theme_toggle(d, server.base, pages["article"])
            keyboard_search(d, server.base, pages["article"])
            toc(d, server.base, pages["article"])
            video_card(d, server, pages["article"])
        if "channel" in pages:
            channel_filter(d, server.base, pages["channel"])
        previews(d, site, server.base, pages, a.screens)
    except Exception as e:  # a crash of the harness is a failure too
        check(False, "the checks ran to their end", f"{type(e).__name__}: {str(e)[:300]}")
    finally:
        if d:
            d.quit()
        server.close()
    if a.screens:
        print(f"screenshots in {a.screens}")
    if skipped:
        print(f"reader_checks: skipped {len(skipped)}: " + "; ".join(skipped))
    return H.verdict("reader_checks")


if __name__ == "__main__":
    sys.exit(main())
