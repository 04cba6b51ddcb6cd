#!/usr/bin/env bash
# The site as real static hosts serve it, crawled with linkchecker.
#
#   scripts/ci/hosts.sh WIKISITE INPUT [START [DEPTH]]
#
# Builds INPUT with --base-url http://127.0.0.1:PORT/wiki/, validates its
# sitemap against the sitemaps.org schemas (xmllint, scripts/ci/sitemaps/),
# then serves it with Debian's nginx under the sub-path /wiki/ and crawls it
# from START (a path inside the site, e.g. a channel's index.html) DEPTH
# links deep (default: all of it): 0 broken links and the right
# Content-Type for every kind of file the site has. The GitHub Pages side of
# the same site (404.html at the root, folders served by their index.html)
# is what python's http.server does in scripts/ci/linkcheck.sh.
set -euo pipefail

die() { echo "hosts: error: $*" >&2; exit 2; }
[[ $# -ge 2 && $# -le 4 ]] || die "usage: $0 WIKISITE INPUT [START [DEPTH]]"
WIKISITE=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
INPUT=$2
START=${3:-}
DEPTH=${4:--1}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

PROG=hosts
# shellcheck source=scripts/lib/need.sh
source "$HERE/../lib/need.sh"
need nginx nginx
need xmllint libxml2-utils
need linkchecker linkchecker
need curl curl
need python3 python3

TMP=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )")
chmod 755 "$TMP"   # nginx workers run as another user
NGINX_PID=
PY_PID=
# shellcheck disable=SC2317  # called from the trap
cleanup() {
  if [[ -n $PY_PID ]]; then kill "$PY_PID" 2>/dev/null || true; wait "$PY_PID" 2>/dev/null || true; fi
  if [[ -n $NGINX_PID ]]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT/wiki/"
SITE=$TMP/public
"$WIKISITE" build --input "$INPUT" --output "$SITE" --base-url "$BASE" 2> >(tail -n 1 >&2)

echo "hosts: the sitemap against the sitemaps.org schema" >&2
root=$(xmllint --xpath 'local-name(/*)' "$SITE/sitemap.xml")
if [[ $root == sitemapindex ]]; then
  xmllint --noout --schema "$HERE/sitemaps/siteindex.xsd" "$SITE/sitemap.xml"
  for part in "$SITE"/sitemap-*.xml; do xmllint --noout --schema "$HERE/sitemaps/sitemap.xsd" "$part"; done
else
  xmllint --noout --schema "$HERE/sitemaps/sitemap.xsd" "$SITE/sitemap.xml"
fi
grep -q "^Sitemap: ${BASE}sitemap.xml$" "$SITE/robots.txt" || die "robots.txt does not name ${BASE}sitemap.xml"
# Every URL listed is a page of the site, none a redirect stub; every
# canonical page is listed.
python3 - "$SITE" "$BASE" <<'PY' || die "the sitemap does not list the site's canonical pages exactly"
import pathlib, re, sys, urllib.parse
site, base = pathlib.Path(sys.argv[1]), sys.argv[2]
urls = [u for f in sorted(site.glob("sitemap*.xml")) for u in re.findall(r"<loc>([^<]*)</loc>", f.read_text())
        if not re.search(r"/sitemap-\d+\.xml$", u)]
bad = 0
listed = set()
for url in urls:
    rel = urllib.parse.unquote(url[len(base):]) if url.startswith(base) else None
    path = site / ((rel or "") + ("index.html" if not rel or rel.endswith("/") else ""))
    if rel is None or not path.is_file():
        print("hosts: not a page:", url, file=sys.stderr); bad += 1
    elif 'http-equiv="refresh"' in path.read_text(errors="replace"):
        print("hosts: a redirect stub:", url, file=sys.stderr); bad += 1
    else:
        listed.add(path)
for page in site.rglob("*.html"):
    text = page.read_text(errors="replace")
    if page.name != "404.html" and 'http-equiv="refresh"' not in text and page not in listed:
        print("hosts: not in the sitemap:", page.relative_to(site), file=sys.stderr); bad += 1
print(len(urls), file=open(site.parent / "count", "w"))
sys.exit(1 if bad else 0)
PY
n=$(<"$TMP/count")
echo "hosts: sitemap OK ($n URLs, $root)" >&2

# check_types URL WHAT: the right Content-Type for one file of each kind the
# site has, and the site's 404 page for a missing one.
check_types() {
  local base=$1 bad=0 ext file got want code
  echo "hosts: Content-Type of every kind of file, from $2" >&2
  while IFS= read -r ext; do
    file=$(cd "$SITE" && find . -type f -name "*.$ext" | LC_ALL=C sort | awk 'NR == 1' | sed 's|^\./||')
    got=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base$file")
    case $ext in
      html) want='text/html' ;; css) want='text/css' ;; js) want='application/javascript|text/javascript' ;;
      svg) want='image/svg+xml' ;; xml) want='text/xml|application/xml' ;; txt) want='text/plain' ;;
      json) want='application/json' ;; md) want='text/(plain|markdown)' ;; *) want='.' ;;
    esac
    if [[ $got =~ ^200\ ($want) ]]; then echo "  .$ext  $got  ($file)" >&2
    else echo "hosts: .$ext served as '$got' ($file)" >&2; bad=$((bad + 1)); fi
  done < <(cd "$SITE" && find . -type f -name '*.*' | sed 's/.*\.//' | LC_ALL=C sort -u)
  [[ $bad -eq 0 ]] || die "$bad kinds of file served with the wrong type by $2"
  code=$(curl -s -o /dev/null -w '%{http_code}' "${base}no/such/page/")
  [[ $code == 404 ]] && curl -s "${base}no/such/page/" | grep -q 'Page not found' \
    || die "$2: a missing page is not the site's 404 page (got $code)"
}

# nginx, as Debian installs it, serving the site under /wiki/. linkchecker
# only lifts its rate limit for servers that send a LinkChecker header.
mkdir -p "$TMP/nginx/logs"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi; uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$PORT;
    add_header LinkChecker 1 always;
    location /wiki/ {
      alias $SITE/;
      index index.html;
      error_page 404 /wiki/404.html;
    }
  }
}
CONF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "$BASE" && break; sleep 0.1; done

check_types "$BASE" "nginx under /wiki/"
cat >"$TMP/linkcheckerrc" <<RC
[checking]
maxrequestspersecond=10000
threads=10
RC
echo "hosts: linkchecker from $BASE$START, depth $DEPTH" >&2
set +e
linkchecker --config "$TMP/linkcheckerrc" --no-robots --no-status --no-warnings \
  --recursion-level "$DEPTH" --ignore-url "^(?!http://127\\.0\\.0\\.1:$PORT/wiki/)" "$BASE$START"
rc=$?
set -e
[[ $rc -eq 0 ]] && echo "hosts: OK, nginx under /wiki/: no broken links" >&2 || { echo "hosts: FAILED (above)" >&2; exit "$rc"; }

# The same site at the root of python's http.server: content types and 404
# here; its crawl is scripts/ci/linkcheck.sh (the site's own links are relative).
PY_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/serve404.py" <<'PY'
import functools, http.server, sys
root, port = sys.argv[1], int(sys.argv[2])
class Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        if code != 404: return super().send_error(code, message, explain)
        body = open(root + "/404.html", "rb").read()   # what GitHub Pages does
        self.send_response(404); self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root)).serve_forever()
PY
python3 "$TMP/serve404.py" "$SITE" "$PY_PORT" &
PY_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PY_PORT/" && break; sleep 0.1; done
check_types "http://127.0.0.1:$PY_PORT/" "python's http.server at the root"
kill "$PY_PID" 2>/dev/null || true
echo "hosts: OK" >&2
