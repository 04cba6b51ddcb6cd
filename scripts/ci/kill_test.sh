#!/usr/bin/env bash
# Kill builds at random moments: the previous site must always be whole.
#
#   scripts/ci/kill_test.sh [INPUT]
#
# 1. Builds INPUT (default: seeds/) into a temporary output folder and
#    records its manifest (the sha256 of every file, every folder, every
#    link).
# 2. Builds the larger input once into a scratch folder to learn how long a
#    normal build takes (D), when it starts writing its temporary folder (W)
#    and which files a whole site holds. The larger input is $BIG_INPUT, else
#    ../shared/corpus/tubegraph when present, else seeds/ copied $SEED_COPIES
#    times.
# 3. $KILLS times (8): starts a build of the larger input into the same
#    output, SIGKILLs it after a random delay in [0.05 s, D] (odd kills:
#    uniform over [0.05 s, D]; even kills: uniform over [W, D], the writing
#    and swapping phase, where a kill can do harm), then checks the output
#    folder: its manifest must equal the recorded one (the previous
#    site, whole). When the build finished before the kill, the new site
#    must be whole (exactly the files of a normal build) and becomes the
#    recorded one. (A build killed in the instant between its final rename
#    and its exit counts as finished: the site is then whole, new.)
# 4. Runs a normal build and checks that no `.NAME.tmp-*` folder of the
#    killed builds is left beside the output, and that the `.NAME.old-*`
#    folders go away (they are removed in the background) within 120 s.
# 5. Rebuilds: a copy of the larger input, one article edited before each
#    build, so each brings the site before last (the standby in the build
#    cache) up to date in place. $REBUILD_KILLS times (KILLS/2) a rebuild is
#    killed after a random delay within a rebuild's time: the output must be
#    the previous site (or, finished, a whole new one). Then a rebuild must
#    equal a clean build of the edited input (diff -r).
#
# Environment: WIKISITE (.build/release/wikisite), TEMPLATES (templates),
# BIG_INPUT, CORPUS (../shared/corpus/tubegraph), SEED_COPIES (200), KILLS (8), REBUILD_KILLS, KILL_SEED (random; printed, set it
# to replay the same delays), KEEP_WORK=1 keeps the temporary folder.
# Prints one summary line on stdout; progress on stderr. Exit status: 0
# passed, 1 a check failed, 2 usage or setup error.
set -euo pipefail

PROG=kill_test
die() { echo "$PROG: error: $*" >&2; exit 2; }
[[ $# -le 1 ]] || die "usage: $0 [INPUT]"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
WIKISITE=${WIKISITE:-$REPO/.build/release/wikisite}
[[ $WIKISITE == /* ]] || WIKISITE=$PWD/$WIKISITE
TEMPLATES=${TEMPLATES:-$REPO/templates}
INPUT=${1:-$REPO/seeds}
CORPUS=${CORPUS:-$REPO/../shared/corpus/tubegraph}
SEED_COPIES=${SEED_COPIES:-200}
KILLS=${KILLS:-8}
KILL_SEED=${KILL_SEED:-$(( (RANDOM << 15) | RANDOM ))}
[[ -x $WIKISITE ]] || die "no wikisite binary at $WIKISITE (set WIKISITE)"
[[ -d $TEMPLATES ]] || die "no templates at $TEMPLATES (set TEMPLATES)"
[[ -d $INPUT ]] || die "no input folder at $INPUT"
[[ $KILLS =~ ^[0-9]+$ ]] || die "KILLS must be a number"
TEMPLATES=$(cd "$TEMPLATES" && pwd -P)
INPUT=$(cd "$INPUT" && pwd -P)

SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
if ! command -v python3 >/dev/null 2>&1; then
  echo "$PROG: installing python3 (apt-get)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kill-test.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
OUT=$WORK/site
NAME=site
BUILD_PID=
# shellcheck disable=SC2317  # called from the trap
cleanup() {
  if [[ -n $BUILD_PID ]] && kill -0 "$BUILD_PID" 2>/dev/null; then kill -KILL "$BUILD_PID" 2>/dev/null || true; wait "$BUILD_PID" 2>/dev/null || true; fi
  if [[ ${KEEP_WORK:-} == 1 ]]; then echo "$PROG: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/cwd" "$WORK/logs"

if [[ -n ${BIG_INPUT:-} ]]; then
  BIG=$(cd "$BIG_INPUT" && pwd -P)
elif [[ -d $CORPUS ]]; then
  BIG=$(cd "$CORPUS" && pwd -P)
else
  BIG=$WORK/big
  mkdir -p "$BIG"
  for ((i = 1; i <= SEED_COPIES; i++)); do
    for f in "$REPO"/seeds/*; do [[ -f $f ]] && cp "$f" "$BIG/${i}_$(basename "$f")"; done
  done
fi

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# manifest DIR FILE: one line per entry, sorted: type, sha256 (files) or
# target (links), path relative to DIR.
manifest() {
  python3 - "$1" "$2" <<'PY'
import hashlib, os, sys
root, out = sys.argv[1], sys.argv[2]
lines = []
if os.path.isdir(root):
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                lines.append(f"l {os.readlink(p)} {rel}")
                if n in dirs:
                    dirs.remove(n)
            elif os.path.isdir(p):
                lines.append(f"d - {rel}")
            else:
                h = hashlib.sha256()
                with open(p, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                lines.append(f"f {h.hexdigest()} {rel}")
else:
    lines.append("missing - .")
lines.sort(key=lambda l: l.split(" ", 2)[2])
with open(out, "w", encoding="utf-8", errors="surrogateescape") as f:
    f.write("\n".join(lines) + "\n")
PY
}
paths() { cut -d' ' -f1,3- "$1"; }  # the entries without their contents
# describe OLD NEW: how two manifests differ, in one line
describe() {
  python3 - "$1" "$2" <<'PY'
import sys
def load(p):
    d = {}
    for l in open(p, encoding="utf-8", errors="surrogateescape"):
        l = l.rstrip("\n")
        if l:
            t, h, rel = l.split(" ", 2)
            d[rel] = (t, h)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
missing = sorted(set(a) - set(b)); extra = sorted(set(b) - set(a))
changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
ex = (missing[:2] and f" e.g. missing {missing[:2]}") or (changed[:2] and f" e.g. changed {changed[:2]}") or (extra[:2] and f" e.g. new {extra[:2]}") or ""
print(f"{len(missing)} missing, {len(extra)} new, {len(changed)} changed of {len(a)} entries{ex}")
PY
}

build() { # build INPUT OUT LOG: a normal build, in the foreground
  (cd "$WORK/cwd" && "$WIKISITE" build --input "$1" --output "$2" --templates "$TEMPLATES") 2>"$3"
}

failures=0
fail() { echo "$PROG: FAIL: $*" >&2; failures=$((failures + 1)); }

# ---- 1. the first site
echo "$PROG: building $INPUT into $OUT" >&2
build "$INPUT" "$OUT" "$WORK/logs/first" || { tail -n 5 "$WORK/logs/first" >&2; die "the first build failed"; }
manifest "$OUT" "$WORK/current"
echo "$PROG: first site: $(grep -c . "$WORK/current") entries" >&2

# ---- 2. a normal build of the larger input: its duration and its files
echo "$PROG: timing a normal build of $BIG" >&2
t0=$(now)
build "$BIG" "$WORK/ref" "$WORK/logs/ref" &
BUILD_PID=$!
W=
while kill -0 "$BUILD_PID" 2>/dev/null; do
  if [[ -z $W ]] && compgen -G "$WORK/.ref.tmp-*" >/dev/null; then W=$(elapsed "$t0" "$(now)"); fi
  sleep 0.05
done
wait "$BUILD_PID" || { tail -n 5 "$WORK/logs/ref" >&2; die "the build of $BIG failed"; }
BUILD_PID=
t1=$(now)
D=$(elapsed "$t0" "$t1")
W=${W:-0.05}
manifest "$WORK/ref" "$WORK/ref.manifest"
paths "$WORK/ref.manifest" >"$WORK/ref.paths"
rm -rf "$WORK/ref"
echo "$PROG: normal build: $D s, writing from $W s, $(grep -c . "$WORK/ref.paths") entries; kill seed $KILL_SEED" >&2

# the delays, reproducible from KILL_SEED
mapfile -t DELAYS < <(python3 -c "
import random, sys
r = random.Random(int(sys.argv[1])); d, w = float(sys.argv[2]), float(sys.argv[4])
for i in range(int(sys.argv[3])):
    lo = 0.05 if i % 2 == 0 else max(0.05, min(w, d))
    print(f'{lo + r.random() * max(0.0, d - lo):.3f}')" "$KILL_SEED" "$D" "$KILLS" "$W")

# ---- 3. kill builds
killed=0 finished=0 swapped=0 mid_write=0
for ((i = 0; i < KILLS; i++)); do
  delay=${DELAYS[$i]}
  log=$WORK/logs/kill-$i
  (cd "$WORK/cwd" && exec "$WIKISITE" build --input "$BIG" --output "$OUT" --templates "$TEMPLATES") 2>"$log" &
  BUILD_PID=$!
  sleep "$delay"
  if kill -KILL "$BUILD_PID" 2>/dev/null; then sent=1; else sent=0; fi
  pid=$BUILD_PID
  writing=; [[ -e $WORK/.$NAME.tmp-$pid ]] && writing=" while writing"
  set +e
  wait "$BUILD_PID" 2>/dev/null  # (no "Killed" job notice)
  status=$?
  set -e
  BUILD_PID=
  manifest "$OUT" "$WORK/now"
  what=
  if [[ $status -eq 0 ]]; then
    finished=$((finished + 1))
    if cmp -s <(paths "$WORK/now") "$WORK/ref.paths"; then
      what="finished before the kill; new site whole, recorded"
      cp "$WORK/now" "$WORK/current"
    else
      fail "kill $((i + 1)): the build finished (exit 0) but the site is not whole: $(describe "$WORK/ref.manifest" "$WORK/now")"
      cp "$WORK/now" "$WORK/current"
    fi
  elif [[ $status -eq 137 && $sent -eq 1 ]]; then
    killed=$((killed + 1))
    [[ -z $writing ]] || mid_write=$((mid_write + 1))
    if cmp -s "$WORK/now" "$WORK/current"; then
      what="killed$writing; previous site whole"
    elif cmp -s <(paths "$WORK/now") "$WORK/ref.paths" && [[ ! -e $WORK/.$NAME.tmp-$pid ]]; then
      # killed after its final rename: the new site is in place, whole
      swapped=$((swapped + 1))
      what="killed just after its swap; new site whole, recorded"
      cp "$WORK/now" "$WORK/current"
    else
      fail "kill $((i + 1)) after ${delay} s: the output folder is neither the previous site nor a whole new one: $(describe "$WORK/current" "$WORK/now")"
      cp "$WORK/now" "$WORK/current"
    fi
  else
    fail "kill $((i + 1)): the build exited $status on its own; its stderr ends with:"
    tail -n 5 "$log" | sed 's/^/  | /' >&2
    cp "$WORK/now" "$WORK/current"
  fi
  leftovers=$(find "$WORK" -mindepth 1 -maxdepth 1 -name ".$NAME.*" -printf '%f ' 2>/dev/null || true)
  echo "$PROG: kill $((i + 1))/$KILLS after ${delay} s: ${what:-FAILED}; beside the output: ${leftovers:-nothing}" >&2
done

# ---- 4. a normal build removes the leftovers of the killed ones
t0=$(now)
if ! build "$BIG" "$OUT" "$WORK/logs/final"; then
  fail "the final normal build failed:"
  tail -n 5 "$WORK/logs/final" | sed 's/^/  | /' >&2
fi
t1=$(now)
manifest "$OUT" "$WORK/now"
cmp -s <(paths "$WORK/now") "$WORK/ref.paths" ||
  fail "after the final build the site is not whole: $(describe "$WORK/ref.manifest" "$WORK/now")"
tmp_left=$(find "$WORK" -mindepth 1 -maxdepth 1 -name ".$NAME.tmp-*" -printf '%f ' 2>/dev/null || true)
[[ -z $tmp_left ]] || fail "temporary folders left beside the output after a normal build: $tmp_left"
old_left=
for _ in $(seq 240); do
  old_left=$(find "$WORK" -mindepth 1 -maxdepth 1 -name ".$NAME.old-*" -printf '%f ' 2>/dev/null || true)
  [[ -n $old_left ]] || break
  sleep 0.5
done
[[ -z $old_left ]] || fail "old sites still beside the output 120 s after the final build: $old_left"

final_time=$(elapsed "$t0" "$t1")

# ---- 5. rebuilds: a copy of the larger input, one article edited before each build, so each
# build brings the site before last (the standby in the build cache) up to date in place.
# Killed at random moments, the output must stay the previous site; the standby a killed
# build half changed must never be trusted: after the kills, a rebuild equals a clean build.
REBUILD_KILLS=${REBUILD_KILLS:-$(( (KILLS + 1) / 2 ))}
cp -r "$BIG" "$WORK/edit"
edited=$(find "$WORK/edit" -name '*.md' | sort | sed -n 100p)
[[ -n $edited ]] || edited=$(find "$WORK/edit" -type f \( -name '*.md' -o -name '*.txt' \) | sort | head -n 1)
edit() { printf '\nOne more sentence, number %s.\n' "$1" >> "$edited"; }
edit 0; build "$WORK/edit" "$OUT" "$WORK/logs/rebuild-0" || die "a rebuild failed"
# A rebuild's time: the shorter of two (the first may still share the disk with the removals of step 4).
R=
for round in 1 2; do
  edit "$round"
  t0=$(now); build "$WORK/edit" "$OUT" "$WORK/logs/rebuild-$round" || die "a rebuild failed"; t1=$(now)
  r=$(elapsed "$t0" "$t1")
  if [[ -z $R ]] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$r" "$R"; then R=$r; fi
done
[[ -d $WORK/.wikisite-cache/$NAME.standby ]] || fail "no standby site in the build cache after two rebuilds"
manifest "$OUT" "$WORK/current"
rebuild_killed=0 rebuild_finished=0
for ((i = 0; i < REBUILD_KILLS; i++)); do
  edit "k$i"
  delay=$(python3 -c "import random, sys; r = random.Random(int(sys.argv[1]) + int(sys.argv[3])); print(f'{0.05 + r.random() * float(sys.argv[2]):.3f}')" "$KILL_SEED" "$R" "$i")
  (cd "$WORK/cwd" && exec "$WIKISITE" build --input "$WORK/edit" --output "$OUT" --templates "$TEMPLATES") 2>"$WORK/logs/rebuild-kill-$i" &
  BUILD_PID=$!
  sleep "$delay"
  kill -KILL "$BUILD_PID" 2>/dev/null || true
  set +e
  wait "$BUILD_PID" 2>/dev/null
  status=$?
  set -e
  BUILD_PID=
  manifest "$OUT" "$WORK/now"
  if [[ $status -eq 0 ]]; then
    rebuild_finished=$((rebuild_finished + 1)); what="finished before the kill"
    cp "$WORK/now" "$WORK/current"
  elif cmp -s "$WORK/now" "$WORK/current"; then
    rebuild_killed=$((rebuild_killed + 1)); what="killed; previous site whole"
  elif cmp -s <(paths "$WORK/now") <(paths "$WORK/current"); then
    # killed just after its swap: the same files, one article's pages new
    rebuild_finished=$((rebuild_finished + 1)); what="killed just after its swap"
    cp "$WORK/now" "$WORK/current"
  else
    fail "rebuild kill $((i + 1)) after ${delay} s: the output is neither the previous site nor a whole new one: $(describe "$WORK/current" "$WORK/now")"
    cp "$WORK/now" "$WORK/current"
  fi
  echo "$PROG: rebuild kill $((i + 1))/$REBUILD_KILLS after ${delay} s (a rebuild takes $R s): $what" >&2
done
edit last
build "$WORK/edit" "$OUT" "$WORK/logs/rebuild-last" || fail "the rebuild after the kills failed"
(cd "$WORK/cwd" && "$WIKISITE" build --input "$WORK/edit" --output "$WORK/clean" --templates "$TEMPLATES" --no-cache) 2>"$WORK/logs/clean" ||
  fail "the clean build of the edited input failed"
diff -rq "$OUT" "$WORK/clean" >"$WORK/rebuild-differences" ||
  fail "after the rebuild kills, a rebuild differs from a clean build: $(head -n 3 "$WORK/rebuild-differences" | tr '\n' ' ')"

summary="$KILLS kills of a $D s build ($killed killed mid-build, $mid_write of them while writing the new site, $finished finished first, $swapped killed right after the swap), final build $final_time s; $REBUILD_KILLS kills of a $R s rebuild ($rebuild_killed killed, $rebuild_finished finished), then a rebuild equal to a clean build; seed $KILL_SEED"
if [[ $failures -eq 0 ]]; then
  echo "kill_test: OK: $summary; the previous site was whole after every kill, no leftovers"
  exit 0
fi
echo "kill_test: FAILED ($failures): $summary"
exit 1
