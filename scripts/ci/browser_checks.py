#!/usr/bin/env python3
"""Checks a built site in a real browser (headless Chromium, driven by Selenium).

    python3 scripts/ci/browser_checks.py security SITE_DIR [--max-pages N] [--hostile DIR] ...
    python3 scripts/ci/browser_checks.py player   SITE_DIR [--page REL/PATH/index.html]
    python3 scripts/ci/browser_checks.py selftest

security
    Opens HTML pages of SITE_DIR from file:// (at most --max-pages, 400 by
    default; when the site is larger, every page that comes from a hostile
    input comes first: its path names a hostile file, or its HTML holds a
    hostile file's title or the string `__pwned`). On each page it fires
    mouse, pointer, focus and key events at every distinct element of the
    body, then for each one moves the real pointer over it (ActionChains),
    and clicks it (JS `el.click()`); text inputs (the search box) get hostile
    queries typed into them, once per distinct input for the whole run. A
    page fails when `window.__pwned` (in the page or any of its frames) is
    set, when the hook that watches it reports a write (even on a page since
    left), or when a JS dialog (alert/confirm/prompt) opens.
    "Distinct": elements with the same tag, the same attributes (names and
    values) and the same parent tag behave the same way, so one of them
    stands for all (the 19,000 identical links of a 1 MB article are one
    element); --all-elements clicks every one.
    Navigation: a click that would load another page of the site (a file://
    .html under SITE_DIR, no query string) or a web page (http/https: the
    network is blocked anyway) is recorded and cancelled (Navigation API),
    since those pages are checked on their own; any other navigation (a
    query string, data:, blob:, a file outside the site...) is followed, the
    landing page checked, and the page loaded again to go on clicking.
    --follow-links follows every navigation instead (slower).
    The network is off: every host name resolves to nothing and http(s)
    requests are blocked, so the YouTube iframe never loads.

player
    Opens one article page (the first <channel>/<slug>/index.html with a
    `class="ts"` link, or --page) with JavaScript on: a click on the first
    timestamp must open one youtube-nocookie iframe at the link's second,
    above the article, without leaving the page; a click on a second
    timestamp must seek that same iframe (data-t) and open no other. Then
    with JavaScript off: the timestamp is a plain link to
    https://www.youtube.com/watch?v=ID&t=Ns (N agrees with the link's text),
    a click follows it (to a blocked network), and no player appears.

selftest
    Builds a tiny site of known payloads and checks that `security` catches
    each one and passes the clean page: a test of this checker itself.

Installs what is missing: Selenium with pip (into .venv-ci/ at the
repository's root when pip refuses, e.g. an externally managed Python), and
Debian's chromium and chromium-driver with apt-get (sudo when not root).
CHROME_BIN and CHROMEDRIVER override the browser and driver paths.

Exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error.
"""

import argparse
import html
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv-ci"
DEFAULT_HOSTILE = REPO.parent / "shared" / "eval" / "hostile"
PROG = "browser_checks"


def log(msg):
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def die(msg, code=2):
    log(f"error: {msg}")
    sys.exit(code)


# --------------------------------------------------------------------------
# Dependencies


def _sudo():
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        return ["sudo"]
    die("not root and no sudo: cannot apt-get install")


_apt_updated = False


def apt_install(*packages):
    global _apt_updated
    if not shutil.which("apt-get"):
        die(f"{' '.join(packages)} missing and no apt-get to install it")
    log(f"installing {' '.join(packages)} (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _apt_updated:
        subprocess.run(_sudo() + ["apt-get", "update", "-qq"], check=True, env=env)
        _apt_updated = True
    subprocess.run(_sudo() + ["apt-get", "install", "-y", "-qq", *packages],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def ensure_selenium():
    """Imports selenium, installing it (pip, else a venv in .venv-ci/) if needed."""
    if importlib.util.find_spec("selenium") is not None:
        return
    vpy = VENV / "bin" / "python3"
    reexec = os.environ.get("BROWSER_CHECKS_REEXEC") == "1"

    def run_in_venv():
        if reexec:
            die(f"selenium still missing in {sys.executable}")
        log(f"running again with {vpy}")
        os.execve(str(vpy), [str(vpy), str(Path(__file__).resolve()), *sys.argv[1:]],
                  dict(os.environ, BROWSER_CHECKS_REEXEC="1"))

    in_venv = Path(sys.prefix).resolve() == VENV.resolve()
    if vpy.exists() and not in_venv:
        ok = subprocess.run([str(vpy), "-c", "import selenium"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if ok:
            run_in_venv()
    if not os.environ.get("BROWSER_CHECKS_FORCE_VENV") and not in_venv:
        log("installing selenium (pip)")
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", "selenium>=4.11"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            why = [l for l in r.stdout.splitlines() if l.strip()][:1]
            log(f"pip refused: {why[0].strip() if why else 'exit ' + str(r.returncode)}")
        if r.returncode == 0:
            importlib.invalidate_caches()
            if importlib.util.find_spec("selenium") is not None:
                return
        log("plain pip did not work; using a virtual environment in .venv-ci/")
    if not vpy.exists():
        r = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if r.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            v = f"python3.{sys.version_info.minor}-venv"
            try:
                apt_install("python3-venv", v)
            except subprocess.CalledProcessError:
                apt_install("python3-venv")
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(vpy), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "selenium>=4.11"], check=True)
    run_in_venv()


def find_browser():
    def first(env, names, paths):
        if os.environ.get(env):
            if os.access(os.environ[env], os.X_OK):
                return os.environ[env]
            log(f"warning: {env}={os.environ[env]} is not an executable; looking elsewhere")
        for n in names:
            p = shutil.which(n)
            if p:
                return p
        for p in paths:
            if os.access(p, os.X_OK):
                return p
        return None

    def look():
        return (first("CHROME_BIN", ["chromium", "chromium-browser", "google-chrome"],
                      ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]),
                first("CHROMEDRIVER", ["chromedriver"],
                      ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]))

    browser, driver = look()
    if not browser or not driver:
        apt_install("chromium", "chromium-driver")
        browser, driver = look()
    if not browser or not driver:
        die("chromium or chromedriver still missing after apt-get install")
    return browser, driver


# --------------------------------------------------------------------------
# Browser


def init_script(site_uri, follow_all):
    """Runs in every new document and frame before the page's own scripts."""
    return r"""
(function () {
  // Watch window.__pwned: any write is reported on the console, so a payload
  // that runs and then navigates away is still caught.
  var value;
  try {
    Object.defineProperty(window, "__pwned", {
      configurable: false,
      get: function () { return value; },
      set: function (v) {
        value = v;
        try { console.error("__CI_PWNED__ " + String(v) + " at " + location.href); } catch (e) {}
      }
    });
    // The checker clears the value once reported, to catch the next payload.
    Object.defineProperty(window, "__ciClearPwned", {value: function () { value = undefined; }});
  } catch (e) {}
  window.__ciNav = null;
  window.__ciNavKind = null;
  var SITE = %s, FOLLOW_ALL = %s;
  if (window.navigation && window.top === window) {
    window.navigation.addEventListener("navigate", function (e) {
      var u = e.destination.url;
      window.__ciNav = u;
      if (e.hashChange) { window.__ciNavKind = "same-document"; return; }
      var low = u.toLowerCase();
      var sitePage = low.indexOf(SITE) === 0 && u.indexOf("?") < 0 && /\.html?(#.*)?$/.test(low);
      var web = /^(https?|wss?|ftp):/.test(low);
      if (!FOLLOW_ALL && (sitePage || web) && e.cancelable) {
        e.preventDefault();
        window.__ciNavKind = "cancelled";
        return;
      }
      window.__ciNavKind = "followed";
    });
  }
})();
""" % (repr(site_uri.lower()).replace("'", '"'), "true" if follow_all else "false")


class Browser:
    def __init__(self, javascript=True, site_uri="file:///", follow_all=False):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.browser_bin, self.driver_bin = find_browser()
        opts = webdriver.ChromeOptions()
        opts.binary_location = self.browser_bin
        for a in [
            "--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,900", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--disable-default-apps", "--mute-audio",
            "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
            # No network: every name resolves to nothing (the YouTube iframe cannot load).
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            # Keep child frames (data:, srcdoc) in the page's process, so the
            # __pwned hook is installed in them too.
            "--disable-site-isolation-trials",
        ]:
            opts.add_argument(a)
        if os.geteuid() == 0:
            opts.add_argument("--no-sandbox")
        prefs = {"download_restrictions": 3}  # no downloads
        if not javascript:
            prefs["profile.managed_default_content_settings.javascript"] = 2
        opts.add_experimental_option("prefs", prefs)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        opts.set_capability("unhandledPromptBehavior", "dismiss and notify")
        opts.page_load_strategy = "normal"
        log_path = os.devnull
        self.driver = webdriver.Chrome(service=Service(self.driver_bin, log_output=log_path),
                                       options=opts)
        self.driver.set_page_load_timeout(15)
        self.driver.set_script_timeout(10)
        self.main_handle = self.driver.current_window_handle
        try:
            self.driver.execute_cdp_cmd("Network.enable", {})
            self.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [
                "http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
        except Exception as e:  # the resolver rule above is enough
            log(f"note: could not block URLs through CDP ({e.__class__.__name__})")
        if javascript:
            self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                        {"source": init_script(site_uri, follow_all)})

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass


# --------------------------------------------------------------------------
# security


def hostile_markers(hdir):
    """(file stems, strings) that mark a page as coming from a hostile input."""
    stems, strings = set(), {"__pwned"}
    if not hdir or not hdir.is_dir():
        return stems, strings
    for f in sorted(hdir.iterdir()):
        if not f.is_file() or f.name.lower() == "readme.md":
            continue
        stems.add(f.stem.lower())
        text = f.read_bytes()[:65536].decode("utf-8", "replace").lstrip("\ufeff")
        m = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
        if not m:
            continue
        for line in m.group(1).splitlines():
            if line.startswith("title:"):
                t = line[6:].strip()
                if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
                    t = t[1:-1]
                if len(t) >= 6:
                    strings.add(t)
                    strings.add(html.escape(t, quote=False))
                    strings.add(html.escape(t, quote=True))
    return stems, strings


def select_pages(site, max_pages, hdir):
    pages = sorted(p for p in site.rglob("*.html")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts))
    stems, strings = hostile_markers(hdir)
    hostile, other = [], []
    for p in pages:
        rel = p.relative_to(site)
        segs = {s.lower() for s in rel.parts[:-1]}
        try:
            text = p.read_text("utf-8", "replace")
        except OSError:
            text = ""
        rank = None
        if "__pwned" in text:
            rank = 0
        elif segs & stems or any(s in text for s in strings):
            rank = 1
        (hostile if rank is not None else other).append((rank, str(rel), p))
    hostile.sort()
    if len(pages) <= max_pages:
        chosen = [p for _, _, p in hostile] + [p for _, _, p in other]
    else:
        chosen = [p for _, _, p in hostile][:max_pages]
        # Fill up with a spread over the site's sections (index, channels, videos, topics...).
        room = max_pages - len(chosen)
        groups = {}
        for _, rel, p in other:
            groups.setdefault(rel.split("/")[0] if "/" in rel else "", []).append(p)
        keys = sorted(groups)
        i = 0
        while room > 0 and any(groups.values()):
            g = groups[keys[i % len(keys)]]
            if g:
                # take evenly spaced pages, not the alphabetical head
                step = max(1, len(g) // max(1, room))
                chosen.append(g.pop(0 if step == 1 else min(len(g) - 1, step - 1)))
                room -= 1
            i += 1
    return chosen, len(pages), len([1 for _ in hostile])


TAG_JS = r"""
// Tags the body's elements (expando, the DOM is untouched) and returns the
// indices of the distinct ones, to be hovered and clicked one by one.
var all = arguments[0], fire = arguments[1], cap = arguments[2], onlyNew = arguments[3];
var els = Array.prototype.slice.call(document.body ? document.body.querySelectorAll("*") : []);
if (onlyNew) els = els.filter(function (e) { return !e.__ciTagged; });
var base = (window.__ciEls || []).length;
if (!onlyNew) { window.__ciEls = []; base = 0; }
var seen = window.__ciSeen && onlyNew ? window.__ciSeen : {};
window.__ciSeen = seen;
var picks = [];
for (var i = 0; i < els.length; i++) {
  var e = els[i];
  e.__ciTagged = true;
  window.__ciEls.push(e);
  var s = e.tagName;
  for (var j = 0; j < e.attributes.length; j++) s += "\u0001" + e.attributes[j].name + "=" + e.attributes[j].value;
  s += "\u0002" + (e.parentElement ? e.parentElement.tagName : "");
  if (e.closest("form")) s += "\u0003form";
  if (!all) { if (seen[s]) continue; seen[s] = 1; }
  picks.push(base + i);
}
window.__ciTaggedDoc = true;
var capped = picks.length > cap;
if (capped) picks = picks.slice(0, cap);
if (fire) {
  var names = ["pointerover", "pointerenter", "mouseover", "mouseenter", "pointermove", "mousemove",
               "pointerdown", "mousedown", "pointerup", "mouseup", "dblclick", "contextmenu", "auxclick",
               "wheel", "pointerout", "pointerleave", "mouseout", "mouseleave"];
  for (var k = 0; k < picks.length; k++) {
    var el = window.__ciEls[picks[k]];
    for (var n = 0; n < names.length; n++) {
      try {
        var ev = /^pointer/.test(names[n]) ? new PointerEvent(names[n], {bubbles: !/enter|leave/.test(names[n]), cancelable: true, view: window})
               : /^wheel/.test(names[n]) ? new WheelEvent(names[n], {bubbles: true, cancelable: true, view: window})
               : new MouseEvent(names[n], {bubbles: !/enter|leave/.test(names[n]), cancelable: true, view: window});
        // A synthetic contextmenu/dblclick/mousedown does not navigate; cancel anyway.
        el.dispatchEvent(ev);
      } catch (e) {}
    }
    try { el.dispatchEvent(new FocusEvent("focus")); el.dispatchEvent(new FocusEvent("focusin", {bubbles: true})); } catch (e) {}
    try { if (el.focus) el.focus(); } catch (e) {}
    try {
      ["keydown", "keypress", "keyup"].forEach(function (t) {
        el.dispatchEvent(new KeyboardEvent(t, {bubbles: true, cancelable: true, key: "a"}));
      });
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
      el.dispatchEvent(new Event("toggle"));
    } catch (e) {}
    try { if (el.blur) el.blur(); el.dispatchEvent(new FocusEvent("blur")); el.dispatchEvent(new FocusEvent("focusout", {bubbles: true})); } catch (e) {}
  }
}
return {total: els.length, picks: picks, capped: capped,
        pwned: PWNED()};
"""

# Scrolls an element into view where nothing covers it (the sticky player
# covers the top of the window once open): centre, else bottom, else top.
SCROLL_FN = r"""
function SCROLL(el) {
  var where = ["center", "end", "start"];
  for (var i = 0; i < where.length; i++) {
    try { el.scrollIntoView({block: where[i], inline: "nearest"}); } catch (e) { return; }
    var r = el.getBoundingClientRect();
    if (!r.width || !r.height) return;
    var x = r.left + Math.min(r.width / 2, 8), y = r.top + Math.min(r.height / 2, 8);
    var h = document.elementFromPoint(x, y);
    if (h && (h === el || el.contains(h))) return;
  }
}
"""

PREP_JS = SCROLL_FN + r"""
if (!window.__ciTaggedDoc) return {lost: true};
var el = window.__ciEls[arguments[0]];
if (!el || !el.isConnected) return {gone: true};
SCROLL(el);
return {el: el};
"""

CLICK_JS = r"""
if (!window.__ciTaggedDoc) return {lost: true};
var el = window.__ciEls[arguments[0]];
if (!el || !el.isConnected) return {gone: true};
window.__ciNav = null; window.__ciNavKind = null;
var before = location.href;
try { el.click(); } catch (e) {}
var pw = PWNED(), desc = null;
if (pw !== null || (window.__ciNav && window.__ciNavKind !== "cancelled")) {
  var h = el.outerHTML, i = h.indexOf(">");
  desc = h.slice(0, Math.min(i + 1, 200));
}
return {nav: window.__ciNav, kind: window.__ciNavKind, href: before, pwned: pw, desc: desc};
"""

# Reads window.__pwned, then clears it (through the hook) so that the next
# payload is seen on its own.
PWNED_FN = r"""
function PWNED() {
  var v = window.__pwned;
  if (v === undefined || v === null) return null;
  try { if (window.__ciClearPwned) window.__ciClearPwned(); } catch (e) {}
  try { return String(v); } catch (e) { return "(a value)"; }
}
"""
TAG_JS = PWNED_FN + TAG_JS
CLICK_JS = PWNED_FN + CLICK_JS
PWNED_JS = PWNED_FN + "return PWNED();"


def describe(driver, idx):
    try:
        return driver.execute_script(
            "var e = (window.__ciEls || [])[arguments[0]]; if (!e) return '?';"
            "var h = e.outerHTML; var i = h.indexOf('>'); return h.slice(0, Math.min(i + 1, 200));", idx)
    except Exception:
        return "?"


class SecurityRun:
    QUERIES_FIXED = ["<img src=x onerror=window.__pwned=91>", "\"><svg onload=window.__pwned=92>",
                     "pwned", "script", "title"]

    def __init__(self, site, args):
        self.site = site
        self.args = args
        self.site_uri = site.as_uri().rstrip("/") + "/"
        self.failures = []
        self.failure_keys = set()
        self.pages_checked = 0
        self.elements_total = 0
        self.elements_clicked = 0
        self.hover_fallbacks = 0
        self.navs_cancelled = 0
        self.navs_followed = 0
        self.capped_pages = 0
        self.typed = set()
        self.queries = []
        self.browser = None

    # -- helpers
    def fail(self, page, what, key=None):
        """Records a failure, once per (page, key): one payload is one failure."""
        k = (page, key if key is not None else what)
        if k in self.failure_keys:
            return
        self.failure_keys.add(k)
        self.failures.append((page, what))
        log(f"FAIL {page}: {what}")

    def pwned(self, page, value, where):
        self.fail(page, f"window.__pwned = {value!r} {where}", key=("pwned", value))

    def check_dialog(self, page, what):
        """A script call that returned nothing may have opened a dialog."""
        from selenium.common.exceptions import NoAlertPresentException
        try:
            a = self.d.switch_to.alert  # first: any other call would dismiss the dialog
            text = a.text
            a.dismiss()
        except NoAlertPresentException:
            return False
        except Exception as e:
            if e.__class__.__name__ != "UnexpectedAlertPresentException":
                return False
            text = self.alert_text(e)
        if callable(what):
            what = what()
        self.fail(page, f"a JS dialog opened ({what}): {text!r}", key=("dialog", text))
        return True

    def new_browser(self):
        if self.browser:
            self.browser.quit()
        self.browser = Browser(javascript=True, site_uri=self.site_uri,
                               follow_all=self.args.follow_links)
        self.d = self.browser.driver

    def drain_logs(self, page):
        try:
            entries = self.d.get_log("browser")
        except Exception:
            return
        for e in entries:
            msg = e.get("message", "")
            m = re.search(r'__CI_PWNED__ (.*?) at (\S+?)"?$', msg)
            if m:
                self.fail(page, f"a script set window.__pwned = {m.group(1)!r} at {m.group(2)}",
                          key=("pwned", m.group(1)))
            elif "__pwned" in msg:
                self.fail(page, f"a payload ran (console): {msg[:300]}")

    def alert_text(self, exc):
        t = getattr(exc, "alert_text", None)
        if t is None:
            try:
                a = self.d.switch_to.alert
                t = a.text
                a.dismiss()
            except Exception:
                t = "?"
        return t

    def guard(self, page, fn, what):
        """Runs fn(); turns an alert into a failure; returns fn's value or None."""
        from selenium.common.exceptions import UnexpectedAlertPresentException
        try:
            return fn()
        except UnexpectedAlertPresentException as e:
            t = self.alert_text(e)
            self.fail(page, f"a JS dialog opened ({what}): {t!r}", key=("dialog", t))
            return None

    def check_frames(self, page):
        """window.__pwned in the page and every frame (recursively, 2 levels)."""
        from selenium.webdriver.common.by import By
        d = self.d
        found = []

        def walk(depth, path):
            v = d.execute_script(PWNED_JS)
            if v is not None:
                found.append((path or "page", v))
            if depth >= 2:
                return
            frames = d.find_elements(By.CSS_SELECTOR, "iframe, frame")
            for i in range(len(frames)):
                try:
                    frames = d.find_elements(By.CSS_SELECTOR, "iframe, frame")
                    d.switch_to.frame(frames[i])
                except Exception:
                    continue
                try:
                    walk(depth + 1, f"{path}/frame[{i}]")
                except Exception:
                    pass
                finally:
                    d.switch_to.parent_frame()

        try:
            walk(0, "")
        finally:
            try:
                d.switch_to.default_content()
            except Exception:
                pass
        for where, v in found:
            self.pwned(page, v, f"in {where}")

    def close_popups(self, page):
        d = self.d
        try:
            handles = d.window_handles
        except Exception:
            return
        for h in handles:
            if h == self.browser.main_handle:
                continue
            try:
                d.switch_to.window(h)
                v = self.guard(page, lambda: d.execute_script(PWNED_JS), "popup")
                if v is not None:
                    self.pwned(page, v, f"in a popup window ({d.current_url})")
                d.close()
            except Exception:
                pass
        d.switch_to.window(self.browser.main_handle)

    def load(self, page, url):
        from selenium.common.exceptions import TimeoutException
        try:
            self.guard(page, lambda: self.d.get(url), "page load")
        except TimeoutException:
            log(f"note: {page}: load timed out; going on with what loaded")
            try:
                self.d.execute_script("window.stop()")
            except Exception:
                pass

    def tag(self, page, fire, only_new=False, context="after mouse, pointer, focus and key events"):
        cap = 10 ** 9 if self.args.max_elements <= 0 else self.args.max_elements
        r = self.guard(page, lambda: self.d.execute_script(
            TAG_JS, self.args.all_elements, fire, cap, only_new), "events")
        if not r:
            self.check_dialog(page, context)
            return None
        if r.get("pwned") is not None:
            self.pwned(page, r["pwned"], context)
        return r

    # -- one page
    def check_page(self, path):
        from selenium.common.exceptions import WebDriverException

        rel = str(path.relative_to(self.site))
        url = path.as_uri()
        t0 = time.monotonic()
        for attempt in (1, 2):
            try:
                clicked, total, note = self.click_page(rel, url)
                break
            except WebDriverException as e:
                msg = str(e).splitlines()[0] if str(e) else e.__class__.__name__
                if attempt == 2:
                    self.fail(rel, f"the browser failed twice on this page: {msg[:200]}")
                    self.new_browser()
                    return
                log(f"note: {rel}: browser error ({msg[:120]}); restarting and retrying")
                self.new_browser()
        self.drain_logs(rel)
        self.pages_checked += 1
        self.elements_total += total
        self.elements_clicked += clicked
        if self.args.verbose or time.monotonic() - t0 > 5:
            log(f"{rel}: {total} elements, {clicked} hovered and clicked{note}, "
                f"{time.monotonic() - t0:.1f} s")

    def click_page(self, rel, url):
        from selenium.webdriver.common.action_chains import ActionChains
        d = self.d
        self.load(rel, url)
        self.drain_logs(rel)
        r = self.tag(rel, fire=True)
        if r is None:
            return 0, 0, " (could not read the page)"
        total, picks = r["total"], list(r["picks"])
        note = ""
        if r["capped"]:
            self.capped_pages += 1
            note = f" (capped at {len(picks)} distinct elements)"
        deadline = time.monotonic() + self.args.page_budget
        clicked = 0
        queue = list(picks)
        while queue:
            if time.monotonic() > deadline:
                note += f" (time budget spent: {len(queue)} elements left unclicked)"
                self.fail(rel, f"time budget of {self.args.page_budget} s spent with "
                               f"{len(queue)} elements left (raise --page-budget)")
                break
            idx = queue.pop(0)
            prep = self.guard(rel, lambda: d.execute_script(PREP_JS, idx), "scroll")
            if prep and prep.get("lost"):
                self.reload(rel, url)
                prep = self.guard(rel, lambda: d.execute_script(PREP_JS, idx), "scroll")
            if not prep or prep.get("gone") or prep.get("lost"):
                continue
            try:
                ActionChains(d, duration=0).move_to_element(prep["el"]).perform()
            except Exception as e:
                if e.__class__.__name__ == "UnexpectedAlertPresentException":
                    t = self.alert_text(e)
                    self.fail(rel, f"a JS dialog opened (hover): {t!r}", key=("dialog", t))
                self.hover_fallbacks += 1  # hidden or zero-size: synthetic events only
            res = self.guard(rel, lambda: d.execute_script(CLICK_JS, idx), "click")
            clicked += 1
            if res is None:
                # a dialog opened (the call returns nothing then): start the page again
                self.check_dialog(rel, lambda: f"clicking {describe(d, idx)}")
                self.reload(rel, url)
                continue
            if res.get("lost"):
                self.reload(rel, url)
                continue
            if res.get("pwned") is not None:
                self.pwned(rel, res["pwned"], f"after hovering over and clicking {res.get('desc')}")
                self.reload(rel, url)
                continue
            if res.get("kind") == "cancelled":
                self.navs_cancelled += 1
            elif res.get("nav") and res.get("kind") != "same-document":
                self.navs_followed += 1
                self.after_navigation(rel, url, res["nav"], res.get("desc") or "?")
            if len(d.window_handles) > 1:
                self.close_popups(rel)
        self.guard(rel, lambda: self.check_frames(rel), "frames")
        clicked += self.type_into_inputs(rel, url)
        return clicked, total, note

    def reload(self, rel, url):
        self.load(rel, url)
        self.tag(rel, fire=False)

    def after_navigation(self, rel, url, dest, what):
        """A click navigated for real: check where it landed, then go back."""
        d = self.d
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                if not d.execute_script("return !!window.__ciTaggedDoc") and \
                        d.execute_script("return document.readyState") == "complete":
                    break
            except Exception as e:
                if e.__class__.__name__ == "UnexpectedAlertPresentException":
                    t = self.alert_text(e)
                    self.fail(rel, f"a JS dialog opened after navigating to {dest}: {t!r}",
                              key=("dialog", t))
            time.sleep(0.05)
        time.sleep(0.2)
        v = self.guard(rel, lambda: d.execute_script(PWNED_JS), "landing page")
        if v is not None:
            self.pwned(rel, v, f"on {dest} (reached by clicking {what})")
        self.drain_logs(rel)
        self.reload(rel, url)

    def type_into_inputs(self, rel, url):
        """Types hostile queries into each distinct text input (once per run)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.common.action_chains import ActionChains
        d = self.d
        n = 0
        sel = ("input:not([type]), input[type=text], input[type=search], input[type=url], "
               "input[type=email], textarea")
        try:
            inputs = d.find_elements(By.CSS_SELECTOR, sel)
        except Exception:
            return 0
        for i in range(len(inputs)):
            try:
                inputs = d.find_elements(By.CSS_SELECTOR, sel)
                el = inputs[i]
                sig = d.execute_script(
                    "var e = arguments[0], s = e.tagName;"
                    "for (var j = 0; j < e.attributes.length; j++) s += ' ' + e.attributes[j].name + '=' + e.attributes[j].value;"
                    "return s;", el)
            except Exception:
                continue
            if sig in self.typed or not el.is_displayed():
                continue
            self.typed.add(sig)
            for q in self.queries:
                try:
                    self.guard(rel, lambda: (el.clear(), el.send_keys(q)), "typing")
                    time.sleep(self.args.type_wait)
                    # the elements that appeared (search results, say)
                    r = self.tag(rel, fire=True, only_new=True,
                                 context=f"after typing {q!r} into {sig[:80]}")
                    v = self.guard(rel, lambda: d.execute_script(PWNED_JS), "typing")
                    if v is not None:
                        self.pwned(rel, v, f"after typing {q!r} into {sig[:80]}")
                    for idx in (r or {}).get("picks", [])[:200]:
                        prep = self.guard(rel, lambda: d.execute_script(PREP_JS, idx), "scroll")
                        if not prep or prep.get("gone") or prep.get("lost"):
                            break
                        try:
                            ActionChains(d, duration=0).move_to_element(prep["el"]).perform()
                        except Exception:
                            self.hover_fallbacks += 1
                        res = self.guard(rel, lambda: d.execute_script(CLICK_JS, idx), "click")
                        n += 1
                        if not res:
                            self.check_dialog(rel, f"typing {q!r} and clicking a result")
                            break
                        if res.get("lost"):
                            break
                        if res.get("pwned") is not None:
                            self.pwned(rel, res["pwned"], f"after typing {q!r} and clicking "
                                                          f"{res.get('desc')}")
                        if res.get("kind") == "cancelled":
                            self.navs_cancelled += 1
                        elif res.get("nav") and res.get("kind") != "same-document":
                            self.navs_followed += 1
                            self.after_navigation(rel, url, res["nav"], res.get("desc") or "?")
                            break
                    # Enter: submits the search form (followed: it has a query string).
                    self.reload(rel, url)
                    inputs = d.find_elements(By.CSS_SELECTOR, sel)
                    el = inputs[i]
                    self.guard(rel, lambda: (el.clear(), el.send_keys(q + Keys.ENTER)), "submit")
                    time.sleep(self.args.type_wait)
                    v = self.guard(rel, lambda: d.execute_script(PWNED_JS), "submit")
                    if v is not None:
                        self.pwned(rel, v, f"after submitting {q!r} ({d.current_url})")
                    self.drain_logs(rel)
                    self.reload(rel, url)
                    inputs = d.find_elements(By.CSS_SELECTOR, sel)
                    el = inputs[i]
                except Exception as e:
                    log(f"note: {rel}: typing {q!r} failed: {e.__class__.__name__}")
                    self.reload(rel, url)
                    try:
                        el = d.find_elements(By.CSS_SELECTOR, sel)[i]
                    except Exception:
                        break
            if self.args.verbose:
                log(f"{rel}: typed {len(self.queries)} queries into {sig[:60]}")
        return n

    def run(self):
        args = self.args
        hdir = Path(args.hostile) if args.hostile else DEFAULT_HOSTILE
        if not hdir.is_dir():
            log(f"note: no hostile folder at {hdir}; pages are ranked by the string __pwned only")
            hdir = None
        pages, n_site, n_hostile = select_pages(self.site, args.max_pages, hdir)
        if not pages:
            die(f"no HTML pages under {self.site}")
        _, strings = hostile_markers(hdir)
        titles = sorted(s for s in strings if s != "__pwned" and "&" not in s)[:4]
        self.queries = self.QUERIES_FIXED[:2] + titles + self.QUERIES_FIXED[2:]
        log(f"checking {len(pages)} of {n_site} pages ({n_hostile} from hostile inputs) in {self.site}")
        t0 = time.monotonic()
        self.new_browser()
        try:
            for i, p in enumerate(pages, 1):
                if self.args.verbose:
                    log(f"[{i}/{len(pages)}] {p.relative_to(self.site)}")
                self.check_page(p)
        finally:
            self.browser.quit()
        dt = time.monotonic() - t0
        print(f"security: {self.pages_checked} pages checked ({n_hostile} from hostile inputs, "
              f"{n_site} in the site), {self.elements_clicked} distinct elements hovered and "
              f"clicked of {self.elements_total}, {self.hover_fallbacks} hidden ones by events only, "
              f"navigations {self.navs_cancelled} cancelled / {self.navs_followed} followed, "
              f"{len(self.failures)} failures, {dt:.1f} s")
        if self.capped_pages:
            print(f"security: note: {self.capped_pages} pages had more than {args.max_elements} "
                  f"distinct elements; the rest were not clicked")
        if self.failures:
            print("security: FAILED:")
            for page, what in self.failures:
                print(f"  {page}: {what}")
            return 1
        print("security: OK, no payload ran")
        return 0


# --------------------------------------------------------------------------
# player


def find_article(site, explicit):
    if explicit:
        p = site / explicit
        if not p.is_file():
            die(f"no such page: {p}")
        return p
    best = None
    for p in sorted(site.glob("*/*/index.html")):
        top = p.relative_to(site).parts[0]
        if top in ("topics", "videos", "assets", "search"):
            continue
        text = p.read_text("utf-8", "replace")
        if 'class="ts"' not in text or "data-video=" not in text:
            continue
        ts = re.findall(r'class="ts" href="[^"]*[?&]t=(\d+)s', text)
        if len(set(ts)) >= 2:
            return p
        best = best or p
    if not best:
        die(f"no article page with a timestamp link (class=\"ts\") under {site}")
    return best


def clock_seconds(text):
    parts = text.strip().split(":")
    if not parts or not all(x.isdigit() for x in parts):
        return None
    s = 0
    for x in parts:
        s = s * 60 + int(x)
    return s


class PlayerStop(Exception):
    pass


def run_player(site, args):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = find_article(site, args.page)
    rel = str(page.relative_to(site))
    url = page.as_uri()
    failures = []
    t0 = time.monotonic()

    def check(cond, what):
        print(f"  {'ok  ' if cond else 'FAIL'} {what}")
        if not cond:
            failures.append(what)
        return cond

    def ts_info(href):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
        m = re.fullmatch(r"(\d+)s", (q.get("t") or [""])[0])
        return (q.get("v") or [None])[0], (int(m.group(1)) if m else None)

    print(f"player: {rel}")
    # ---- JavaScript on
    # follow_all: a timestamp click that is not intercepted must really navigate.
    b = Browser(javascript=True, site_uri=site.as_uri() + "/", follow_all=True)
    d = b.driver
    try:
        d.get(url)
        video = d.find_element(By.CSS_SELECTOR, ".body[data-video]").get_attribute("data-video")
        links = d.find_elements(By.CSS_SELECTOR, ".body[data-video] a.ts")
        check(len(links) >= 1, f"page has timestamp links inside .body[data-video] ({len(links)})")
        if not links:
            raise PlayerStop("no timestamp link")
        first = links[0]
        v1, n1 = ts_info(first.get_attribute("href"))
        check(v1 == video and n1 is not None,
              f"first timestamp links to ?v={video}&t=Ns (href {first.get_attribute('href')})")
        second = next((l for l in links[1:] if ts_info(l.get_attribute("href"))[1] not in (None, n1)),
                      links[1] if len(links) > 1 else None)
        n2 = ts_info(second.get_attribute("href"))[1] if second is not None else None
        src = None
        d.execute_script(SCROLL_FN + "SCROLL(arguments[0]);", first)
        first.click()  # a real (trusted) click
        try:
            WebDriverWait(d, 5).until(lambda x: x.find_elements(By.CSS_SELECTOR, ".player iframe"))
        except Exception:
            pass
        if not check(d.current_url == url, f"the click did not leave the page (now {d.current_url})"):
            raise PlayerStop("the page was left: no second click")
        frames = d.find_elements(By.CSS_SELECTOR, ".player iframe")
        if check(len(frames) == 1, f"one player iframe after the first click ({len(frames)})"):
            src = frames[0].get_attribute("src")
            sq = urllib.parse.parse_qs(urllib.parse.urlsplit(src).query)
            check(f"youtube-nocookie.com/embed/{video}" in src,
                  f"iframe src is youtube-nocookie.com/embed/{video} ({src})")
            check(sq.get("start") == [str(n1)], f"iframe starts at the link's second: start={n1}")
            check(d.execute_script(
                "var a = document.querySelector('article'), p = document.querySelector('.player');"
                "return !!a && a.firstElementChild === p;"),
                "the player is the article's first child")
        if second is None:
            check(False, "page has a second timestamp link to click")
        else:
            d.execute_script(SCROLL_FN + "SCROLL(arguments[0]);", second)
            second.click()
            try:
                WebDriverWait(d, 3).until(lambda x: x.find_element(
                    By.CSS_SELECTOR, ".player iframe").get_attribute("data-t") == str(n2))
            except Exception:
                pass
            frames2 = d.find_elements(By.CSS_SELECTOR, ".player iframe")
            players = d.find_elements(By.CSS_SELECTOR, ".player")
            all_frames = d.find_elements(By.CSS_SELECTOR, "iframe")
            check(len(frames2) == 1 and len(players) == 1 and len(all_frames) == 1,
                  f"still one player and one iframe after the second click "
                  f"({len(players)} players, {len(all_frames)} iframes)")
            if frames2 and frames:
                check(frames2[0] == frames[0], "it is the same iframe (seek, not a new player)")
                check(frames2[0].get_attribute("data-t") == str(n2),
                      f"the iframe was told to seek to the second link's t={n2}s "
                      f"(data-t={frames2[0].get_attribute('data-t')})")
                check(frames2[0].get_attribute("src") == src, "its src is unchanged")
            check(d.current_url == url, "the second click did not leave the page")
    except PlayerStop as e:
        print(f"  (stopped: {e})")
    except WebDriverException as e:
        check(False, f"the browser failed: {str(e).splitlines()[0][:200]}")
    finally:
        b.quit()

    # ---- JavaScript off
    b = Browser(javascript=False)
    d = b.driver
    try:
        d.get(url)
        link = d.find_element(By.CSS_SELECTOR, ".body[data-video] a.ts")
        href = link.get_dom_attribute("href")
        v, n = ts_info(href or "")
        check(bool(href) and href.startswith("https://www.youtube.com/watch?") and v == video
              and n is not None,
              f"without JS the first timestamp is a link to https://www.youtube.com/watch?v={video}&t=Ns "
              f"({href})")
        label = clock_seconds(link.text)
        check(n is not None and label == n, f"its t={n}s agrees with its text {link.text!r}")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        try:
            WebDriverWait(d, 5).until(lambda x: x.current_url != url)
        except Exception:
            pass
        now = d.current_url
        check(now != url and ("youtube.com/watch" in now or now.startswith("chrome-error:")),
              f"without JS a click follows the link to YouTube (network off; now at {now})")
        if "youtube.com/watch" in now:
            check(ts_info(now)[1] == n, f"and keeps t={n}s")
        d.get(url)
        check(not d.find_elements(By.CSS_SELECTOR, ".player, iframe"), "without JS no player is made")
    except WebDriverException as e:
        check(False, f"the browser failed: {str(e).splitlines()[0][:200]}")
    finally:
        b.quit()
    dt = time.monotonic() - t0
    if failures:
        print(f"player: FAILED, {len(failures)} checks failed on {rel} ({dt:.1f} s)")
        return 1
    print(f"player: OK on {rel} ({dt:.1f} s)")
    return 0


# --------------------------------------------------------------------------
# selftest


SELFTEST_PAGES = {
    # name: (html body, caught?)
    "clean": ('<p>Fine <a href="other.html">link</a> <a class="ts" href="https://www.youtube.com/watch?v=aaaaaaaaaaa&amp;t=5s">0:05</a>'
              ' <a href="#x" id="x">here</a> <button type="button">b</button></p>', False),
    "other": ("<p>other page</p>", False),
    "onload": ('<img src="nope.png" onerror="window.__pwned=1">', True),
    "hover": ('<p>text <span onmouseover="window.__pwned=2">hover me</span></p>', True),
    "realhover": ('<div id="h" style="height:40px">hover</div><script>'
                  'document.getElementById("h").addEventListener("mousemove", function (e) {'
                  ' if (e.isTrusted) window.__pwned = 3; });</script>', True),
    "click": ('<p><span onclick="window.__pwned=4">click</span></p>', True),
    "jsurl": ('<p><a href="javascript:window.__pwned=5">js link</a></p>', True),
    "alert": ('<p><button onclick="alert(6)">x</button></p>', True),
    "hoveralert": ('<p><b onmouseover="confirm(10)">x</b></p>', True),
    "srcdoc": ('<iframe srcdoc="<script>window.__pwned=7</script>"></iframe>', True),
    "navaway": ('<p><a href="#" onclick="window.__pwned=8; location.href=\'other.html\'; return false">go</a></p>', True),
    "focus": ('<p><input onfocus="window.__pwned=9" value="x"></p>', True),
    # A navigation with a query string is followed and its landing page checked.
    "land": ('<p>landing</p><script>if (location.search) window.__pwned = 12;</script>', False),
    "follow": ('<p><a href="land.html?x=1">go</a></p>', True),
    "typed": ('<p><input type="search" id="q"></p><div id="out"></div><script>'
              'document.getElementById("q").addEventListener("input", function () {'
              ' document.getElementById("out").innerHTML = this.value; });</script>', True),
}


def run_selftest(args):
    tmp = Path(tempfile.mkdtemp(prefix="browser-checks-selftest-"))
    try:
        for name, (body, _) in SELFTEST_PAGES.items():
            (tmp / f"{name}.html").write_text(
                f"<!doctype html><html><head><meta charset=utf-8><title>{name}</title></head>"
                f"<body>{body}</body></html>", "utf-8")
        args.hostile = str(tmp / "no-hostile-folder")
        run = SecurityRun(tmp, args)
        run.run()
        flagged = {p.split(".html")[0] for p, _ in run.failures}
        bad = []
        for name, (_, caught) in SELFTEST_PAGES.items():
            if caught != (name in flagged):
                bad.append(f"{name}: expected {'a failure' if caught else 'no failure'}")
        if bad:
            print("selftest: FAILED, the checker is wrong on: " + "; ".join(bad))
            return 1
        print(f"selftest: OK, all {sum(c for _, c in SELFTEST_PAGES.values())} payloads caught, "
              f"clean pages pass")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(prog="browser_checks.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["security", "player", "selftest"])
    ap.add_argument("site", nargs="?", help="the built site's folder")
    ap.add_argument("--max-pages", type=int, default=400, help="pages to open at most (400)")
    ap.add_argument("--max-elements", type=int, default=2000,
                    help="distinct elements clicked per page at most (2000; 0: no cap)")
    ap.add_argument("--page-budget", type=float, default=120,
                    help="seconds per page before it fails as too slow (120)")
    ap.add_argument("--all-elements", action="store_true",
                    help="click every element, not one per distinct tag+attributes")
    ap.add_argument("--follow-links", action="store_true",
                    help="follow every navigation (then go back) instead of cancelling those to "
                         "the site's own pages and the web")
    ap.add_argument("--hostile", help=f"folder of hostile inputs (default {DEFAULT_HOSTILE})")
    ap.add_argument("--type-wait", type=float, default=0.4,
                    help="seconds to wait after typing a query (0.4)")
    ap.add_argument("--page", help="player: the article page, relative to SITE")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    if args.mode != "selftest":
        if not args.site:
            ap.error(f"{args.mode} needs SITE_DIR")
        site = Path(args.site).resolve()
        if not site.is_dir():
            die(f"not a folder: {args.site}")
    ensure_selenium()
    find_browser()
    if args.mode == "security":
        return SecurityRun(site, args).run()
    if args.mode == "player":
        return run_player(site, args)
    return run_selftest(args)


if __name__ == "__main__":
    sys.exit(main())
