"""Shared pieces of the browser-side search evaluations and tests.

Used by scripts/eval/pagefind_eval.py, scripts/eval/wikisite_browser_eval.py
and scripts/ci/search_browser_test.py:

* ensure(modules): imports Python packages, installing the missing ones with
  pip, else into a virtual environment in .venv-eval/ at the repository's
  root (the script is then run again under that environment's Python);
* Server: serves a folder on 127.0.0.1 (free port) from a thread, with
  `Cache-Control: no-store`, a few in-memory pages, and a log of every file
  it sent (URL path and size on disk), so the bytes a query downloads are
  counted exactly;
* chromium(): headless Chromium driven by Selenium (CHROME_BIN /
  CHROMEDRIVER override /usr/bin/chromium and /usr/bin/chromedriver), with
  the HTTP cache disabled through the DevTools protocol;
* gz_size(), percentile(), url_to_path(), read_queries(), write_run().
"""

import gzip
import http.server
import importlib
import os
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv-eval"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------- packages
def _venv_python():
    return VENV / "bin" / "python3"


def ensure(requirements):
    """requirements: {import name: pip requirement}. Installs what is missing."""
    missing = {}
    for mod, req in requirements.items():
        try:
            importlib.import_module(mod)
        except ImportError:
            missing[mod] = req
    if not missing:
        return
    reqs = sorted(set(missing.values()))
    in_venv = Path(sys.prefix).resolve() == VENV.resolve()
    if not in_venv:
        log(f"installing {' '.join(reqs)} with pip")
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", *reqs],
                           capture_output=True, text=True)
        if r.returncode == 0:
            importlib.invalidate_caches()
            for mod in missing:
                importlib.import_module(mod)
            return
        why = (r.stderr.strip().splitlines() or ["?"])[0]
        log(f"plain pip did not work ({why}); using a virtual environment in {VENV}")
        if not _venv_python().exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    # install everything the scripts need into the venv, then run again there
    subprocess.run([str(_venv_python()), "-m", "pip", "install", "-q", *reqs,
                    "selenium", "pagefind[bin]"], check=True)
    if in_venv:
        importlib.invalidate_caches()
        for mod in missing:
            importlib.import_module(mod)
        return
    os.execv(str(_venv_python()), [str(_venv_python()), *sys.argv])


# ----------------------------------------------------------------- server
class Server:
    """Serves `root` on 127.0.0.1:<free port> from a background thread.

    `pages` maps URL paths to (content type, bytes) served from memory and not
    logged. Every file sent from disk is appended to `self.log` as
    (url path without query, size on disk, file path)."""

    def __init__(self, root, pages=None):
        self.root = str(root)
        self.pages = dict(pages or {})
        self.log = []
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=server.root, **kw)

            def log_message(self, *a):
                pass

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def do_GET(self):
                path = urllib.parse.urlsplit(self.path).path
                if path in server.pages:
                    ctype, body = server.pages[path]
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().do_GET()

            def send_head(self):
                f = super().send_head()
                if f is not None and hasattr(f, "name"):
                    try:
                        size = os.fstat(f.fileno()).st_size
                    except OSError:
                        size = 0
                    path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
                    with server.lock:
                        server.log.append((path, size, f.name))
                return f

        Handler.extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map)
        Handler.extensions_map.update({".js": "text/javascript", ".mjs": "text/javascript",
                                       ".wasm": "application/wasm", ".json": "application/json"})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def take_log(self):
        with self.lock:
            out, self.log = self.log, []
        return out

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------- browser
def chromium(width=1200, height=900):
    """Headless Chromium with the HTTP cache disabled (every request reaches the server)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
    driver_bin = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-extensions", "--no-first-run", "--disable-background-networking",
              f"--window-size={width},{height}", "--allow-file-access-from-files"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_bin), options=opts)
    driver.set_script_timeout(180)
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def clear_cache(driver):
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})


# ---------------------------------------------------------------- helpers
_gz_cache = {}


def gz_size(file_path):
    """Bytes on the wire if the server gzips the file (-6); files already
    gzipped on disk (Pagefind's .pf_* and wasm chunks) count as they are."""
    if file_path not in _gz_cache:
        data = Path(file_path).read_bytes()
        if data[:2] == b"\x1f\x8b":
            _gz_cache[file_path] = len(data)
        else:
            _gz_cache[file_path] = len(gzip.compress(data, 6, mtime=0))
    return _gz_cache[file_path]


def percentile(xs, p):
    """Same rule as scripts/eval/search_eval.mjs: the element at floor(p*n) of the sorted list."""
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * len(s)))] if s else 0


def url_to_path(url):
    """Site URL of an article (`/chan/slug/`, `chan/slug/index.html`, absolute) -> `chan/slug.md`."""
    p = urllib.parse.urlsplit(url).path
    p = urllib.parse.unquote(p).lstrip("/")
    if p.endswith("index.html"):
        p = p[: -len("index.html")]
    return p.rstrip("/") + ".md"


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            out.append({"qid": cols[0], "query": cols[1], "kind": cols[2]})
    return out


def write_run(path, runs):
    """runs: list of (qid, [paths best first])."""
    with open(path, "w", encoding="utf-8") as f:
        for qid, paths in runs:
            for i, p in enumerate(paths, 1):
                f.write(f"{qid}\t{i}\t{p}\n")


def dir_size(d):
    total = files = 0
    for root, _, names in os.walk(d):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def cold_queries(root, page, queries, cold_js, rest_js=None, rest_arg=None, warm_js=None, need_rest=lambda r: True):
    """Runs every query cold on a fresh page served from ROOT and yields what each cost.

    PAGE is the evaluation page's HTML (served as /__eval.html); COLD_JS runs one
    query and returns {ok, n, urls, titles, ms, searchMs}; REST_JS (when
    need_rest(r) says so) fetches the rest of the ranking; WARM_JS times the query
    again warm. Yields (query, cold result, rest result or None, files sent cold,
    warm result). One unrecorded query first, so the browser's own start-up
    costs no measured query.
    """
    server = Server(root, pages={"/__eval.html": ("text/html; charset=utf-8", page)})
    driver = chromium()
    try:
        driver.get(server.base + "/__eval.html")
        driver.execute_async_script(cold_js, queries[0]["query"])
        for q in queries:
            clear_cache(driver)
            driver.get(server.base + "/__eval.html")
            server.take_log()
            r = driver.execute_async_script(cold_js, q["query"])
            sent = server.take_log()
            if not r.get("ok"):
                raise RuntimeError(f'{q["qid"]}: {r.get("error")}')
            rest = None
            if rest_js and need_rest(r):
                rest = driver.execute_async_script(rest_js, rest_arg)
                if not rest.get("ok"):
                    raise RuntimeError(f'{q["qid"]}: {rest.get("error")}')
            server.take_log()
            w = driver.execute_async_script(warm_js, q["query"]) if warm_js else {}
            server.take_log()
            yield q, r, rest, sent, w
    finally:
        driver.quit()
        server.close()


def cost_summary(per_query):
    """Median/p95/max of the bytes, files and latency of cold queries."""
    b = [q["bytes"] for q in per_query]
    g = [q["gzBytes"] for q in per_query]
    cold = [q["coldMs"] for q in per_query]
    warm = [q["warmMs"] for q in per_query]
    return {
        "queries": len(per_query),
        "zeroResults": sum(1 for q in per_query if q["results"] == 0),
        "coldBytes": {"median": percentile(b, .5), "p95": percentile(b, .95), "max": max(b)},
        "coldGzBytes": {"median": percentile(g, .5), "p95": percentile(g, .95), "max": max(g)},
        "coldFiles": {"median": percentile([q["files"] for q in per_query], .5)},
        "coldMs": {"median": round(percentile(cold, .5), 1), "p95": round(percentile(cold, .95), 1)},
        "warmMs": {"median": round(percentile(warm, .5), 1), "p95": round(percentile(warm, .95), 1)},
    }


def eval_page(title):
    """An empty page for a harness to run its scripts in."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f'<body><p>{title}</p></body></html>').encode()


def async_script(arg, body):
    """A script for execute_async_script: BODY runs with `arg` = the first argument
    and reports {ok: true, ...} through `done(...)`; a throw reports {ok: false, error}."""
    return ("const %s = arguments[0], done = arguments[arguments.length - 1];\n"
            "(async () => {\n  try {\n%s\n  } catch (e) { done({ ok: false, error: String((e && e.stack) || e) }); }\n})();\n"
            % (arg, body))


# ------------------------------------------------------------ check lines
failures = []


def check(ok, what, detail=""):
    """Prints one `ok`/`FAIL` line and remembers the failures for the script's exit."""
    print(f"  {'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(what + (f": {detail}" if detail else ""))
    return ok


def verdict(name):
    """Prints the failures (or that all passed) under the script's name; returns its exit status."""
    if failures:
        print(f"{name}: {len(failures)} check(s) failed")
        for f in failures:
            print("  - " + f)
        return 1
    print(f"{name}: all checks passed")
    return 0
