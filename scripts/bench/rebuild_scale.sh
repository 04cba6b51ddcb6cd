#!/usr/bin/env bash
# Rebuilds and scale (part of `make bench`, after run.sh's cold builds).
#
#   scripts/bench/rebuild_scale.sh [WIKISITE_BIN] [CORPUS_DIR]
#
# (1) No-change rebuild: the corpus built once, then built again with
#     nothing changed (hyperfine, BENCH_RUNS runs).
# (2) One-article rebuild: a copy of the corpus, one article edited before
#     each run (hyperfine --prepare appends a sentence). (1) and (2) run on
#     tmpfs, then again on a disk (BENCH_DISK, default .bench/) when that is
#     not tmpfs.
# (3) Scale: samples of 1k and 4k articles (whole videos), the corpus, and
#     with BENCH_10X=1 a synthetic corpus ten times its size (scale.py: nine
#     letter-rotated copies that link among themselves and merge with
#     nothing); BENCH_SCALE_RUNS clean builds of each under GNU time, the sizes
#     taking turns (the 10x series then takes ~8 min): wall, CPU, peak RSS, pages.
# Scratch goes to /dev/shm when it has room (the 10x series needs ~20 GB
# there, else set BENCH_SCRATCH to a disk folder).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$(cd "$(dirname "${1:-$ROOT/.build/release/wikisite}")" && pwd)/$(basename "${1:-wikisite}")
CORPUS=$(cd "${2:-$ROOT/../shared/corpus/tubegraph}" && pwd -P)
RUNS=${BENCH_RUNS:-3}
BASE=${BENCH_SCRATCH:-$([[ -w /dev/shm ]] && echo /dev/shm || echo /tmp)}
SCRATCH=$(mktemp -d "$BASE/wikisite-rebuild.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
trap 'exit 130' INT TERM
WORK=${BENCH_DIR:-$ROOT/.bench}
mkdir -p "$WORK"
q() { printf '%q' "$1"; }

# (1) and (2)
# rebuilds FOLDER SUFFIX NAME: copies the corpus into FOLDER, then times the no-change and the
# one-article rebuild there (hyperfine-rebuild-{none,one}SUFFIX.json).
rebuilds() {
  local dir=$1 suffix=$2 name=$3
  cp -r "$CORPUS" "$dir/corpus"
  local edited build
  edited=$(find "$dir/corpus" -name '*.md' | sort | sed -n 100p)
  build="$(q "$BIN") build --input $(q "$dir/corpus") --output $(q "$dir/out")"
  # (hyperfine applies a lone --prepare to every command: two runs of it.)
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine-rebuild-none$suffix.json" -n "no-change rebuild$name" "$build" >&2
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine-rebuild-one$suffix.json" -n "one-article rebuild$name" \
    --prepare "sh -c 'printf \"\\nOne more sentence.\\n\" >> $(q "$edited")'" "$build" >&2
  rm -rf "$dir/out" "$dir/corpus"
}
rebuilds "$SCRATCH" "" ""
# The same two on a disk (the repository's volume, unless BENCH_DISK names another folder):
# a rebuild's cost there is mostly its file system calls.
DISK_BASE=${BENCH_DISK:-$WORK}
if [[ $(df -PT "$DISK_BASE" | awk 'NR == 2 { print $2 }') != tmpfs ]]; then
  DISK=$(mktemp -d "$DISK_BASE/rebuild-disk.XXXXXX")
  trap 'rm -rf "$SCRATCH" "$DISK"' EXIT
  rebuilds "$DISK" -disk ", disk"
  rm -rf "$DISK"
fi

# (3)
SIZES=(1000 4000 all)
[[ ${BENCH_10X:-0} == 1 ]] && SIZES+=(10x)
python3 "$ROOT/scripts/bench/scale.py" "$CORPUS" "$SCRATCH" "${SIZES[@]}" >/dev/null
# Each size is built BENCH_SCALE_RUNS times (default 3), the sizes taking turns in each
# round, and the run with the median wall time is reported: one run of the corpus moved by
# ±10% on a shared machine, and the 10x/1x ratio inherits that from both sides (in one
# bench, 1x was 9.14 s here and 10.26 s in run.sh's cold builds). Taking turns puts the
# two sizes of a round under the same load.
SCALE_RUNS=${BENCH_SCALE_RUNS:-3}
for size in "${SIZES[@]}"; do rm -f "$WORK"/time-scale-"$size"-*.txt; done
for ((r = 1; r <= SCALE_RUNS; r++)); do
  for size in "${SIZES[@]}"; do
    rm -rf "$SCRATCH/out"
    /usr/bin/time -v -o "$WORK/time-scale-$size-$r.txt" "$BIN" build --no-cache --input "$SCRATCH/in-$size" --output "$SCRATCH/out" \
      2>"$WORK/log-scale-$size.txt" >/dev/null || { tail -5 "$WORK/log-scale-$size.txt" >&2; exit 1; }
    find "$SCRATCH/out" -name '*.html' | wc -l >"$WORK/pages-scale-$size.txt"
    echo "bench: scale $size, run $r of $SCALE_RUNS done" >&2
  done
done
rm -rf "$SCRATCH/out" "$SCRATCH/in-10x"

python3 - "$WORK" "${SIZES[@]}" <<'PY'
import json, os, re, sys
work, sizes = sys.argv[1], sys.argv[2:]
out = ["", "| rebuild of the corpus | wall median ± σ (s) |", "|---|---:|"]
kinds = ("none", "one") + tuple(k for k in ("none-disk", "one-disk") if os.path.exists(os.path.join(work, f"hyperfine-rebuild-{k}.json")))
for r in [json.load(open(os.path.join(work, f"hyperfine-rebuild-{k}.json")))["results"][0] for k in kinds]:
    out.append(f"| {r['command']} | {r['median']:.3f} ± {r['stddev'] or 0:.3f} |")
out += ["", "| scale | articles | pages (*.html) | wall (s) | CPU (s) | peak RSS (MB) | s per 1k articles |", "|---|---:|---:|---:|---:|---:|---:|"]
def elapsed(t):
    parts = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d.:]+)", t).group(1).split(":")
    return sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
walls = {}
for size in sizes:
    runs = sorted((open(os.path.join(work, name)).read() for name in os.listdir(work)
                   if name.startswith(f"time-scale-{size}-") and name.endswith(".txt")), key=elapsed)
    t = runs[len(runs) // 2]  # the median run (of an odd number; the upper one of an even)
    num = lambda label: float(re.search(re.escape(label) + r":\s*([\d.:]+)", t).group(1).split(":")[-1])
    wall = walls[size] = elapsed(t)
    cpu = num("User time (seconds)") + num("System time (seconds)")
    rss = num("Maximum resident set size (kbytes)") / 1024
    log = open(os.path.join(work, f"log-scale-{size}.txt"), errors="replace").read()
    m = re.findall(r"wikisite: (\d+) articles, (\d+) pages written", log)
    articles = int(m[-1][0]) if m else 0
    pages = int(open(os.path.join(work, f"pages-scale-{size}.txt")).read())
    out.append(f"| {size} | {articles} | {pages} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {1000 * wall / max(articles, 1):.3f} |")
out.append(f"\nwall: median of {os.environ.get('BENCH_SCALE_RUNS', '3')} runs for each size, the sizes taking turns")
if "10x" in walls and "all" in walls:
    ratio = walls["10x"] / walls["all"]
    out.append(f"10x / all: {ratio:.2f}x (target <= 11x): {'met' if ratio <= 11 else 'NOT MET'}")
text = "\n".join(out) + "\n"
print(text)
with open(os.path.join(work, "bench-results.md"), "a") as f:
    f.write(text)
PY
