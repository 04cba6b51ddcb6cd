#!/usr/bin/env bash
# Installs the Debian packages the build links against, when they are missing.
# Used by `make site` and `make test`, so two commands work on a fresh machine.
set -euo pipefail

need=()
pkg-config --exists libcmark-gfm 2>/dev/null && [ -f /usr/include/cmark-gfm-core-extensions.h ] \
  || need+=(libcmark-gfm-dev libcmark-gfm-extensions-dev)
pkg-config --exists gumbo 2>/dev/null || need+=(libgumbo-dev)
pkg-config --exists jemalloc 2>/dev/null || need+=(libjemalloc-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)

[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${need[*]} (apt-get)…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
