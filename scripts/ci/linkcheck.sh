#!/usr/bin/env bash
# Check every internal link of a built site over HTTP with linkchecker.
#
#   scripts/ci/linkcheck.sh DIR [START [DEPTH]]
#
# START (a path inside DIR) and DEPTH crawl a sample: from one channel page,
# say, two links deep, instead of the whole site.
#
# Serves DIR on 127.0.0.1 (a free port), crawls it from / with Debian's
# linkchecker, and exits non-zero if any internal link is broken. External
# URLs (YouTube and the like) are not fetched: CI must not depend on, or
# hammer, other people's servers.
set -euo pipefail

die() { echo "linkcheck: error: $*" >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 ]] || die "usage: $0 DIR [START [DEPTH]]"
START=${2:-}
DEPTH=${3:--1}
[[ -d $1 ]] || die "not a folder: $1"
DIR=$(cd "$1" && pwd -P)
[[ -f $DIR/index.html ]] || echo "linkcheck: warning: $DIR has no index.html; the crawl starts from /" >&2

# CI runs on a fresh machine: install what is missing.
PROG=linkcheck
# shellcheck source=scripts/lib/need.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/need.sh"
need python3 python3
need linkchecker linkchecker

TMP=$(mktemp -d)
SERVER_PID=
# shellcheck disable=SC2317  # called from the trap
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # run cleanup on Ctrl-C / cancel too

# A static server that sends a `LinkChecker` header on every response:
# linkchecker only lifts its per-host rate limit (maxrequestspersecond above
# 10, see the config below) for servers that send it. One channel took 282 s
# without it and 7 s with it.
cat >"$TMP/serve.py" <<'PY'
import functools, http.server, os, sys

root, port_file = sys.argv[1:]

class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, *args):  # keep the CI log to linkchecker's report
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
server.daemon_threads = True
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)  # the shell never reads half a number
server.serve_forever()
PY
python3 "$TMP/serve.py" "$DIR" "$TMP/port" &
SERVER_PID=$!

for _ in $(seq 100); do
  [[ -s $TMP/port ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the HTTP server did not start"
  sleep 0.1
done
[[ -s $TMP/port ]] || die "the HTTP server did not report its port"
PORT=$(<"$TMP/port")
BASE="http://127.0.0.1:$PORT/"

# linkchecker reads its config file before it drops root privileges, so a
# private temp file is fine.
cat >"$TMP/linkcheckerrc" <<EOF
[checking]
maxrequestspersecond=10000
threads=10
EOF

echo "linkcheck: checking $DIR at $BASE" >&2
# Internal links are those under $BASE; anything else is only syntax-checked
# (--ignore-url), never fetched. Warnings (redirects, empty files...) are not
# failures: only broken links are.
set +e
linkchecker \
  --config "$TMP/linkcheckerrc" \
  --no-robots --no-status --no-warnings \
  --recursion-level "$DEPTH" \
  --ignore-url "^(?!http://127\\.0\\.0\\.1:$PORT/)" \
  "$BASE$START"
rc=$?
set -e

case $rc in
  0) echo "linkcheck: OK, no broken links in $DIR" >&2 ;;
  1) echo "linkcheck: FAILED, broken links in $DIR (listed above)" >&2 ;;
  *) echo "linkcheck: linkchecker itself failed (exit $rc)" >&2 ;;
esac
exit "$rc"
