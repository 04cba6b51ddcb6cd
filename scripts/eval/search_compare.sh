#!/usr/bin/env bash
# Compares wikisite's client-side search with Pagefind on the same built site.
#
#   scripts/eval/search_compare.sh SITE_DIR [BUILD_LOG]
#
# SITE_DIR: a site built by `wikisite build` (make eval-search builds the full
# corpus into it). BUILD_LOG: stderr of that build with --verbose; its
# "wikisite: stages: ... search X s" line gives wikisite's indexing time.
#
# Runs, on SITE_DIR:
#   scripts/eval/search_eval.mjs          wikisite's client under Node
#   scripts/eval/wikisite_browser_eval.py wikisite's client in headless Chromium
#   scripts/eval/pagefind_eval.py         Pagefind (index + its JS client in headless Chromium)
# scores the three runs with score_search.py and prints one side-by-side table.
#
# Environment: QUERIES (default /work/shared/eval/search-queries.tsv), SCORER
# (default: score_search.py next to QUERIES), EVAL_OUT (folder for the runs and
# JSON summaries; default a new temporary folder, kept), NO_CHROMIUM_WIKISITE=1
# skips the Chromium run of wikisite, PAGEFIND_WORK=DIR keeps Pagefind's
# work copy + index there (with PAGEFIND_REUSE=1, an index already there is reused).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 SITE_DIR [BUILD_LOG]" >&2
  exit 2
fi
site="$1"
log="${2:-}"
[ -f "$site/search/manifest.js" ] || { echo "$site: no search/manifest.js (not a built site?)" >&2; exit 2; }
queries="${QUERIES:-/work/shared/eval/search-queries.tsv}"
scorer="${SCORER:-$(dirname "$queries")/score_search.py}"
out="${EVAL_OUT:-$(mktemp -d /tmp/search-compare.XXXXXX)}"
mkdir -p "$out"
echo "search_compare: runs and summaries in $out" >&2

echo "== wikisite under Node (search_eval.mjs)" >&2
node "$here/search_eval.mjs" "$site" "$queries" "$out/wikisite-node.tsv" --json "$out/wikisite-node.json" > "$out/wikisite-node.out"

chrome_args=()
if [ "${NO_CHROMIUM_WIKISITE:-}" != 1 ]; then
  echo "== wikisite in Chromium (wikisite_browser_eval.py)" >&2
  python3 "$here/wikisite_browser_eval.py" "$site" "$queries" "$out/wikisite-chromium.tsv" \
    --json "$out/wikisite-chromium.json" > "$out/wikisite-chromium.out"
  chrome_args=(--ws-chrome "$out/wikisite-chromium.tsv" "$out/wikisite-chromium.json")
fi

echo "== Pagefind (pagefind_eval.py)" >&2
pf_args=()
[ -n "${PAGEFIND_WORK:-}" ] && pf_args+=(--work "$PAGEFIND_WORK")
[ "${PAGEFIND_REUSE:-}" = 1 ] && pf_args+=(--reuse)
python3 "$here/pagefind_eval.py" "$site" "$queries" "$out/pagefind.tsv" --json "$out/pagefind.json" \
  "${pf_args[@]}" > "$out/pagefind.out"

log_args=()
[ -n "$log" ] && log_args=(--build-log "$log")
python3 "$here/compare_table.py" --queries "$queries" --scorer "$scorer" --site "$site" \
  --ws-node "$out/wikisite-node.tsv" "$out/wikisite-node.json" \
  "${chrome_args[@]}" \
  --pagefind "$out/pagefind.tsv" "$out/pagefind.json" \
  "${log_args[@]}" | tee "$out/table.txt"
