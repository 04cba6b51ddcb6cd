#!/usr/bin/env python3
"""Browser test of a built site's search, in headless Chromium (Selenium).

    python3 scripts/ci/search_browser_test.py SITE_DIR [--query "words"]

Checks, on SITE_DIR as `wikisite build` wrote it:

(a) file://: open SITE_DIR/index.html, click the header's search box
    (#search-q), type the query, wait for the as-you-type list (.ws-dropdown):
    at least one result (.ws-item), the first result's title shares a word
    with the query; ArrowDown + Enter must open that result's page
    (.../<channel>/<slug>/index.html), an article whose <h1> is that title.
(b) the same over http://127.0.0.1:PORT/ (SITE_DIR served by Python's
    http.server on a free port); there result links are folder URLs.
(c) search/index.html?q=<query>, over http and from file://: ranked results
    render in #search-results (ol.ws-results > li.ws-result), the first one's
    title shares a word with the query, and the article the query was taken
    from is on the first page.
(d) over http, a freshly loaded article page requests nothing under search/
    and not assets/search-engine.js (performance.getEntriesByType('resource')
    and the server's log agree) until the box gets focus; after focus both
    the engine and search/manifest.js are loaded (so the check can fail).
Also fails on uncaught JavaScript errors in the page console.

The query (unless --query): the title of an article from SITE_DIR/search/d/
(the document store), the first whose title has 2 to 6 plain ASCII words.

Selenium is installed when missing (pip, else .venv-eval/); CHROME_BIN and
CHROMEDRIVER override /usr/bin/chromium and /usr/bin/chromedriver.
Exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error.
"""

import argparse
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

WAIT = 20  # seconds for any UI reaction



check = H.check


def words(s):
    return set(w for w in re.findall(r"[a-z0-9]+", s.lower()) if len(w) >= 3)


def pick_query(site):
    """(query, url, title) of an article from the document store."""
    d = Path(site, "search", "d")
    files = sorted(d.glob("*.js"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
    for f in files[:200]:
        text = f.read_text(encoding="utf-8")
        m = re.match(r'wikisearch\.register\("[^"]*",(.*)\);\s*$', text, re.S)
        if not m:
            continue
        for rec in json.loads(m.group(1)):
            url, title = rec[0], rec[1]
            ws = title.split()
            if 2 <= len(ws) <= 6 and re.fullmatch(r"[A-Za-z0-9 ,'-]+", title) and len(words(title)) >= 2:
                return title, url, title
    sys.exit(f"{site}: no article with a plain title in search/d/")


def wait_for(driver, fn, timeout=WAIT, what="condition"):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # stale elements while the list re-renders
            last = e
        time.sleep(0.05)
    return None


def js_errors(driver):
    try:
        logs = driver.get_log("browser")
    except Exception:
        return []
    return [e["message"] for e in logs
            if e.get("level") == "SEVERE" and "favicon.ico" not in e.get("message", "")]


def dropdown_items(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.ws-dropdown:not([hidden]) .ws-item:not(.ws-all)'))"
        ".map(a => ({href: a.href, title: (a.querySelector('.ws-title')||a).textContent}));")


def type_and_open(driver, start_url, query, expect_title, label):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    print(f"({label}) as-you-type from {start_url}")
    driver.get(start_url)
    box = driver.find_element(By.ID, "search-q")
    box.click()
    box.send_keys(query)
    items = wait_for(driver, lambda: dropdown_items(driver))
    if not check(bool(items), "the dropdown lists results (.ws-dropdown .ws-item)",
                 "none after %d s" % WAIT if not items else f"{len(items)} results"):
        return
    time.sleep(0.6)  # let the debounce and the last render settle
    items = dropdown_items(driver) or items
    first = items[0]
    check(bool(words(first["title"]) & words(query)), "the first result's title shares a word with the query",
          repr(first["title"]))
    check(any(i["title"].strip() == expect_title for i in items),
          "the article the query was taken from is listed", expect_title)
    before = driver.current_url
    box.send_keys(Keys.ARROW_DOWN)
    active = driver.execute_script("var a=document.querySelector('.ws-active');return a&&a.href;")
    check(active == first["href"], "ArrowDown selects the first result", str(active))
    box.send_keys(Keys.ENTER)
    moved = wait_for(driver, lambda: driver.current_url != before and
                     driver.execute_script("return document.readyState") == "complete")
    url = driver.current_url
    check(bool(moved) and url == first["href"], "Enter opens the selected result", url)
    page = url.split("?")[0].split("#")[0]   # the query's words ride along in ?hl=
    check("?hl=" in url, "the result URL carries the query's words (?hl=)", url)
    if start_url.startswith("file:"):
        check(page.endswith("/index.html"), "from file:// the result URL names index.html", url)
    else:
        check(page.endswith("/"), "over http the result URL is the article's folder", url)
    h1 = driver.execute_script("var h=document.querySelector('article h1');return h&&h.textContent;")
    check(h1 is not None and h1.strip() == first["title"].strip(), "the page opened is that article",
          repr(h1))


def results_page(driver, url, query, expect_url, label):
    print(f"({label}) results page {url}")
    driver.get(url)
    res = wait_for(driver, lambda: driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ol.ws-results > li.ws-result'))"
        ".map(li => {var a = li.querySelector('a.ws-item'); return {href: a.href, title: a.textContent};});"))
    if not check(bool(res), "ranked results render in #search-results", f"{len(res)} results" if res else "none"):
        txt = driver.execute_script("var r=document.getElementById('search-results');return r&&r.textContent;")
        print(f"       #search-results: {txt!r}")
        return
    check(bool(words(res[0]["title"]) & words(query)), "the first result's title shares a word with the query",
          repr(res[0]["title"]))
    want = urllib.parse.quote(expect_url.rstrip("/"))
    ranks = [i + 1 for i, r in enumerate(res) if urllib.parse.urlsplit(r["href"]).path.rstrip("/")
             .removesuffix("/index.html").endswith(want)]
    check(bool(ranks), "the article the query was taken from is on the first page",
          f"rank {ranks[0]}" if ranks else expect_url)
    count = driver.execute_script("var c=document.querySelector('#search-results .ws-count');return c&&c.textContent;")
    check(bool(count), "a result count is shown", repr(count))
    q = driver.execute_script("return document.getElementById('search-q').value;")
    check(q == query, "the box holds the query from ?q=", repr(q))


def lazy_loading(driver, server, article_url):
    from selenium.webdriver.common.by import By

    print(f"(d) nothing of the search is loaded before focus: {article_url}")
    H.clear_cache(driver)
    server.take_log()
    driver.get(article_url)
    wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete")
    time.sleep(1.0)  # deferred scripts, idle callbacks, anything late
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    sent = [p for p, _, _ in server.take_log()]
    bad = [n for n in names if "/search/" in urllib.parse.urlsplit(n).path or n.endswith("search-engine.js")
           or "search-engine.js" in n]
    bad_sent = [p for p in sent if p.startswith("/search/") or p.endswith("search-engine.js")]
    check(any(n.endswith("/assets/search.js") for n in names), "the page loaded assets/search.js",
          f"{len(names)} resources")
    check(not bad, "performance entries: no search/ file and no search-engine.js before focus",
          ", ".join(bad) if bad else f"{len(names)} resources: " + ", ".join(
              urllib.parse.urlsplit(n).path.rsplit("/", 1)[-1] for n in names))
    check(not bad_sent, "server log: no search/ file and no search-engine.js before focus", ", ".join(bad_sent))
    if bad or bad_sent:
        print("  (skipped the after-focus check: the search was loaded already)")
        return
    driver.find_element(By.ID, "search-q").click()
    ok = wait_for(driver, lambda: any(p.endswith("/search/manifest.js") for p, _, _ in server.log), timeout=WAIT)
    after = [p for p, _, _ in server.take_log()]
    check(bool(ok) and any(p.endswith("search-engine.js") for p in after),
          "after focus the engine and search/manifest.js are loaded", ", ".join(after))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--query")
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    for need in ("index.html", "search/index.html", "search/manifest.js", "assets/search.js",
                 "assets/search-engine.js"):
        if not os.path.isfile(os.path.join(site, need)):
            print(f"{site}: no {need}", file=sys.stderr)
            sys.exit(2)
    H.ensure({"selenium": "selenium"})

    query, url, title = pick_query(site)
    if a.query:
        query = a.query
    print(f"site {site}; query {query!r} (from the article {url} {title!r})")

    server = H.Server(site)
    driver = None
    try:
        driver = H.chromium()
        file_root = Path(site).as_uri()
        type_and_open(driver, file_root + "/index.html", query, title, "a")
        type_and_open(driver, server.base + "/", query, title, "b")
        qs = "?q=" + urllib.parse.quote(query)
        results_page(driver, server.base + "/search/" + qs, query, url, "c, http")
        results_page(driver, file_root + "/search/index.html" + qs, query, url, "c, file")
        lazy_loading(driver, server, server.base + "/" + urllib.parse.quote(url))
        errs = [e for e in js_errors(driver) if "Uncaught" in e or "search" in e.lower()]
        check(not errs, "no JavaScript errors in the console", "; ".join(errs[:5]))
    except Exception as e:  # a crash of the harness is a failure too
        check(False, "the test ran to its end", f"{type(e).__name__}: {e}")
    finally:
        if driver:
            driver.quit()
        server.close()
    sys.exit(H.verdict("search_browser_test"))


if __name__ == "__main__":
    main()
