#!/usr/bin/env bash
# Benchmark wikisite against Hugo on the same articles (what `make bench` runs).
#
#   scripts/bench/run.sh [WIKISITE_BIN] [CORPUS_DIR]
#
#   WIKISITE_BIN  default .build/release/wikisite
#   CORPUS_DIR    default ../shared/corpus/tubegraph (relative to the repo root)
#
# Environment:
#   BENCH_RUNS       hyperfine runs for the full corpus (default 3)
#   BENCH_SEED_RUNS  hyperfine runs for seeds/ (default 10; start-up cost)
#   BENCH_SEEDS      small input for the start-up case (default seeds/)
#   BENCH_DIR        scratch folder (default .bench/, gitignored)
#   BENCH_OUT        where the generators write (default: a temp folder in
#                    /dev/shm if it has 2 GB free, else $BENCH_DIR/out)
#
# Cases: (a) wikisite on the corpus, (b) Hugo on the corpus converted by
# hugo_site.py, (c) wikisite on seeds/, (d) Hugo on converted seeds/.
# Wall time comes from hyperfine (median, warm-up 1); CPU time and peak RSS
# from one extra run under GNU time -v; pages = *.html files written.
# Results: a table on stdout and in $BENCH_DIR/bench-results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

BIN=${1:-$ROOT/.build/release/wikisite}
if [[ $BIN != */* ]]; then BIN=$(command -v "$BIN" || echo "$BIN"); fi   # a bare name: look it up on PATH
BIN=$(abspath "$BIN")
CORPUS=$(abspath "${2:-$ROOT/../shared/corpus/tubegraph}")
SEEDS=$(abspath "${BENCH_SEEDS:-$ROOT/seeds}")
WORK=$(abspath "${BENCH_DIR:-$ROOT/.bench}")
RUNS=${BENCH_RUNS:-3}
SEED_RUNS=${BENCH_SEED_RUNS:-10}

die() { echo "bench: error: $*" >&2; exit 1; }

# Fail before installing or converting anything if the inputs are missing.
[[ -f $BIN && -x $BIN ]] || die "wikisite binary not found or not executable: $BIN
  build it first (make build / swift build -c release), or pass its path as the first argument"
[[ -d $CORPUS ]] || die "corpus folder not found: $CORPUS (pass it as the second argument)"
[[ -d $SEEDS ]] || die "seeds folder not found: $SEEDS (set BENCH_SEEDS)"
CORPUS=$(cd "$CORPUS" && pwd -P); SEEDS=$(cd "$SEEDS" && pwd -P)   # tidy paths for the report
[[ $RUNS =~ ^[1-9][0-9]*$ && $SEED_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS/BENCH_SEED_RUNS must be positive integers"

# CI runs on a fresh machine: install what is missing.
PROG=bench
# shellcheck source=scripts/lib/need.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/need.sh"
need python3 python3
need hyperfine hyperfine
need hugo hugo
# /usr/bin/time, not the shell keyword: only GNU time reports peak RSS.
[[ -x /usr/bin/time ]] || need /usr/bin/time time

mkdir -p "$WORK"
HUGO_SITE=$WORK/hugo-site
HUGO_SEEDS=$WORK/hugo-seeds
# Outputs (one folder per case, emptied before every run) go to a tmpfs when
# there is room: on a disk, deleting and rewriting ~17k files per run made
# the file system's own work dominate (an ext4 test disk mounted with
# `discard` went from 1.8 s to 23 s per run for the same writer).
CLEAN_OUT=
if [[ -n ${BENCH_OUT:-} ]]; then
  OUT=$(abspath "$BENCH_OUT")
elif [[ -d /dev/shm && -w /dev/shm ]] && (( $(df -Pk /dev/shm | awk 'NR==2 {print $4}') > 2 * 1024 * 1024 )); then
  OUT=$(mktemp -d /dev/shm/wikisite-bench.XXXXXX)
  CLEAN_OUT=1
else
  OUT=$WORK/out
fi
cleanup() { if [[ -n $CLEAN_OUT ]]; then rm -rf "$OUT"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM   # so Ctrl-C / a cancelled job still runs cleanup

# Convert once, outside the timed loop.
python3 "$ROOT/scripts/bench/hugo_site.py" --input "$CORPUS" --output "$HUGO_SITE"
python3 "$ROOT/scripts/bench/hugo_site.py" --input "$SEEDS" --output "$HUGO_SEEDS"

# -N (no intermediate shell, hyperfine >= 1.13) keeps shell start-up out of
# the seeds/ timings; older hyperfine runs the same strings through sh.
NO_SHELL=()
if hyperfine --help 2>/dev/null | grep -q -- "--shell=none"; then NO_SHELL=(-N); fi
q() { printf '%q' "$1"; }   # both split the command string shell-style
cmd_wikisite() { echo "$(q "$BIN") build --input $(q "$1") --output $(q "$2")"; }
cmd_hugo() { echo "hugo --quiet -s $(q "$1") -d $(q "$2")"; }

# One run under GNU time: CPU, peak RSS, page count. Also checks the command
# works before hyperfine spends minutes on it, and shows why if it does not.
measure() { # measure NAME OUTDIR COMMAND...
  local name=$1 out=$2; shift 2
  rm -rf "$out" "$(dirname "$out")/.wikisite-cache"   # a cold build: no output, no build cache
  if ! /usr/bin/time -v -o "$WORK/time-$name.txt" "$@" >"$WORK/log-$name.txt" 2>&1; then
    tail -n 20 "$WORK/log-$name.txt" >&2
    die "$name failed: $*"
  fi
  [[ -d $out ]] || { tail -n 20 "$WORK/log-$name.txt" >&2; die "$name exited 0 but wrote no $out: $*"; }
  find "$out" -name '*.html' | wc -l >"$WORK/pages-$name.txt"
  echo "bench: $name: $(cat "$WORK/pages-$name.txt") pages" >&2
}

measure wikisite-corpus "$OUT/wikisite-corpus" "$BIN" build --input "$CORPUS" --output "$OUT/wikisite-corpus"
measure hugo-corpus "$OUT/hugo-corpus" hugo --quiet -s "$HUGO_SITE" -d "$OUT/hugo-corpus"
measure wikisite-seeds "$OUT/wikisite-seeds" "$BIN" build --input "$SEEDS" --output "$OUT/wikisite-seeds"
measure hugo-seeds "$OUT/hugo-seeds" hugo --quiet -s "$HUGO_SEEDS" -d "$OUT/hugo-seeds"

# Both tools start from an empty output folder on every run (--prepare).
bench() { # bench CASE RUNS WIKISITE_INPUT HUGO_SITE
  local case=$1 runs=$2 in=$3 site=$4
  hyperfine "${NO_SHELL[@]}" --warmup 1 --runs "$runs" --export-json "$WORK/hyperfine-$case.json" \
    --prepare "rm -rf $(q "$OUT/wikisite-$case") $(q "$OUT/.wikisite-cache")" -n "wikisite ($case)" "$(cmd_wikisite "$in" "$OUT/wikisite-$case")" \
    --prepare "rm -rf $(q "$OUT/hugo-$case")" -n "hugo ($case)" "$(cmd_hugo "$site" "$OUT/hugo-$case")"
}
bench corpus "$RUNS" "$CORPUS" "$HUGO_SITE"
bench seeds "$SEED_RUNS" "$SEEDS" "$HUGO_SEEDS"

# The table: stdout and $WORK/bench-results.md.
python3 - "$WORK" "$BIN" "$CORPUS" "$SEEDS" "$RUNS" "$SEED_RUNS" "$OUT" <<'PY'
import json, os, re, subprocess, sys, time
work, binary, corpus, seeds, runs, seed_runs, outdir = sys.argv[1:]

def gnu_time(name):
    text = open(os.path.join(work, f"time-{name}.txt")).read()
    num = lambda label: float(re.search(re.escape(label) + r":\s*([\d.]+)", text).group(1))
    return num("User time (seconds)") + num("System time (seconds)"), num("Maximum resident set size (kbytes)") / 1024

def summary_line(name):  # wikisite's last stderr line, e.g. "wikisite: 16955 articles, ..."
    lines = [l for l in open(os.path.join(work, f"log-{name}.txt"), errors="replace").read().splitlines() if l.strip()]
    return lines[-1] if lines else "(no output)"

rows, ratios = [], []
for case, label in (("corpus", os.path.basename(corpus.rstrip("/"))), ("seeds", "seeds")):
    results = json.load(open(os.path.join(work, f"hyperfine-{case}.json")))["results"]
    vals = {}
    for tool, res in zip(("wikisite", "hugo"), results):
        cpu, rss = gnu_time(f"{tool}-{case}")
        pages = int(open(os.path.join(work, f"pages-{tool}-{case}.txt")).read())
        vals[tool] = (res["median"], cpu, rss)
        rows.append(f"| {label} | {tool} | {res['median']:.3f} ± {res['stddev'] or 0:.3f} | {cpu:.2f} | {rss:.0f} | {pages} |")
    r = [w / h if h else float("nan") for w, h in zip(vals["wikisite"], vals["hugo"])]
    ratios.append(f"| {label} | {r[0]:.2f}× | {r[1]:.2f}× | {r[2]:.2f}× |")

def cmd(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"

def fstype(path):
    try:
        return subprocess.run(["df", "-PT", path], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    except Exception:
        return "?"

n_inputs = sum(1 for _, _, fs in os.walk(corpus) for f in fs if f.endswith((".md", ".txt")))
out = [
    "# wikisite vs Hugo",
    "",
    f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · {cmd('hugo', 'version')}",
    f"wikisite: `{binary}` · corpus: `{corpus}` ({n_inputs} files) · seeds: `{seeds}`",
    f"hyperfine: {runs} runs (corpus), {seed_runs} runs (seeds), warm-up 1, output folder emptied before each run.",
    f"Output written under `{outdir}` ({fstype(outdir)}). CPU and peak RSS: one extra run under GNU `time -v`.",
    "",
    "| input | tool | wall median ± σ (s) | CPU user+sys (s) | peak RSS (MB) | pages (*.html) |",
    "|---|---|---:|---:|---:|---:|",
    *rows,
    "",
    "| input | wikisite/Hugo wall | CPU | RSS |",
    "|---|---:|---:|---:|",
    *ratios,
    "",
    f"wikisite summary (corpus): `{summary_line('wikisite-corpus')}`",
    f"wikisite summary (seeds): `{summary_line('wikisite-seeds')}`",
    "",
]
text = "\n".join(out)
print("\n" + text)
with open(os.path.join(work, "bench-results.md"), "w") as f:
    f.write(text)
PY
echo "bench: results in $WORK/bench-results.md (hyperfine JSON: $WORK/hyperfine-*.json)" >&2
