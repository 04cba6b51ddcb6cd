#!/usr/bin/env bash
# Same input, same bytes: builds a wiki twice and fails on any difference.
#   first:  one job, from a copy of the input whose folders list their files
#           in a shuffled order (copied file by file in random order onto
#           tmpfs, which lists a folder newest first)
#   second: every core, from the input as it is, to another output path
# Usage: scripts/ci/determinism.sh BIN INPUT SCRATCH
set -euo pipefail
bin=$1 input=${2%/} scratch=$3
mkdir -p "$scratch"
copy=$scratch/shuffled/$(basename "$input")
rm -rf "$scratch/shuffled" "$scratch/one-job" "$scratch/all-jobs"
python3 - "$input" "$copy" <<'PY'
import os, random, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
files = [os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs]
random.Random(os.environ.get("SHUFFLE_SEED", "17")).shuffle(files)
for rel in files:
    os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
    shutil.copyfile(os.path.join(src, rel), os.path.join(dst, rel))
print(f"copied {len(files)} files in shuffled order")
PY
"$bin" build --input "$copy" --output "$scratch/one-job" --jobs 1 2> "$scratch/one-job.log" || { tail -5 "$scratch/one-job.log"; exit 1; }
"$bin" build --input "$input" --output "$scratch/all-jobs" 2> "$scratch/all-jobs.log" || { tail -5 "$scratch/all-jobs.log"; exit 1; }
if diff -rq "$scratch/one-job" "$scratch/all-jobs" > "$scratch/differences.txt"; then
  echo "byte-identical: $(find "$scratch/one-job" -type f | wc -l) files, one job from a shuffled copy against every core"
  rm -rf "$scratch/shuffled" "$scratch/one-job" "$scratch/all-jobs"
else
  echo "the two builds differ in $(wc -l < "$scratch/differences.txt") files; the first:" >&2
  head -n 10 "$scratch/differences.txt" >&2
  first=$(grep -m1 '^Files ' "$scratch/differences.txt" | sed -E 's/^Files (.*) and (.*) differ$/\1 \2/') || true
  # shellcheck disable=SC2086
  [ -n "$first" ] && diff $first | head -n 20 >&2
  exit 1
fi
