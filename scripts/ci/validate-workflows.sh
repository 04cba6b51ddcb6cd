#!/usr/bin/env bash
# Validate .github/workflows/*.yml against the GitHub Actions workflow schema.
#
#   scripts/ci/validate-workflows.sh
#
# Uses PyPI's check-jsonschema, whose bundled schema ("vendor.github-workflows")
# works offline once the package is installed. Exits non-zero if any workflow
# is invalid.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
has_module() { "$1" -c 'import check_jsonschema' 2>/dev/null; }

# Run it as a module: a fresh pip install may put the command in a bin folder
# that is not on PATH (or behind a stale pyenv shim).
PY=
if [[ -x .venv-ci/bin/python ]] && has_module .venv-ci/bin/python; then
  PY=.venv-ci/bin/python
elif has_module python3; then
  PY=python3
else
  echo "validate-workflows: installing check-jsonschema" >&2
  if python3 -m pip install --quiet check-jsonschema 2>/dev/null && has_module python3; then
    PY=python3
  else
    # Refused (Debian/Ubuntu's PEP 668 "externally-managed-environment", no
    # write access, or no pip): use a private venv instead.
    if ! python3 -m venv .venv-ci 2>/dev/null; then
      rm -rf .venv-ci
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv .venv-ci
    fi
    .venv-ci/bin/python -m pip install --quiet check-jsonschema
    PY=.venv-ci/bin/python
  fi
fi

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if (( ${#workflows[@]} == 0 )); then
  echo "validate-workflows: no workflow files in .github/workflows" >&2
  exit 1
fi
"$PY" -m check_jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"
