#!/usr/bin/env bash
# How the Dedup stage's time grows with the input (part of `make bench`).
#
#   scripts/bench/dedup_scale.sh [WIKISITE_BIN] [CORPUS_DIR]
#
# Builds samples of about 1k and 4k articles and the whole corpus, three
# times each, and prints the median time of the dedup stage (from
# `wikisite build --verbose`) with the candidate pairs it scored. A sample
# takes whole videos in a fixed pseudo-random order, so every sampled
# article keeps all its siblings (the same-video blocking sees what it
# would see in a real wiki of that size). Samples are copies (the reader
# does not follow symlinks out of the input folder) and outputs
# go to /dev/shm when it exists.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${1:-$ROOT/.build/release/wikisite}
CORPUS=$(cd "${2:-$ROOT/../shared/corpus/tubegraph}" && pwd -P)
SCRATCH=$(mktemp -d "$([[ -w /dev/shm ]] && echo /dev/shm || echo /tmp)/wikisite-dedup-scale.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

python3 - "$CORPUS" "$SCRATCH" <<'PY'
import hashlib, os, re, shutil, sys
corpus, scratch = sys.argv[1:]
videos = {}
for channel in sorted(os.listdir(corpus)):
    folder = os.path.join(corpus, channel)
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        head = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read(600)
        m = re.search(r"^videoId:\s*[\"']?([\w-]+)", head, re.M)
        videos.setdefault(m.group(1) if m else channel + "/" + name, []).append((channel, name))
order = sorted(videos, key=lambda v: hashlib.sha1(v.encode()).hexdigest())
for target in (1000, 4000):
    taken = 0
    for v in order:
        if taken >= target:
            break
        for channel, name in videos[v]:
            os.makedirs(os.path.join(scratch, f"in-{target}", channel), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, channel, name), os.path.join(scratch, f"in-{target}", channel, name))
            taken += 1
PY
ln -s "$CORPUS" "$SCRATCH/in-all"

echo "| input | articles | dedup stage, median of 3 (s) | candidates same video | across videos | articles merged |"
echo "|---|---:|---:|---:|---:|---:|"
for size in 1000 4000 all; do
  times=()
  for _ in 1 2 3; do
    "$BIN" build --no-cache --input "$SCRATCH/in-$size" --output "$SCRATCH/out" --verbose 2>"$SCRATCH/log" >/dev/null || { tail -5 "$SCRATCH/log" >&2; exit 1; }
    times+=("$(grep -o 'dedup [0-9.]* s' "$SCRATCH/log" | awk '{print $2}')")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  summary=$(tail -1 "$SCRATCH/log")
  stat() { grep -o "$1 [0-9]*" "$SCRATCH/log" | head -1 | awk '{print $NF}'; }
  echo "| $size | $(echo "$summary" | grep -o '[0-9]* articles' | awk '{print $1}') | $median | $(stat 'dedup candidates, same video') | $(stat 'dedup candidates, across videos') | $(stat 'articles merged') |"
done
