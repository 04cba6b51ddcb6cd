#!/usr/bin/env bash
# Build the hostile inputs mixed with the seeds, and check what the build did.
#
#   scripts/ci/hostile_site.sh OUT_DIR
#
# Copies seeds/ (at the top) and ../shared/eval/hostile (into hostile/, the
# README left out) into a temporary input folder, builds it into OUT_DIR with
# $WIKISITE (default .build/release/wikisite), then checks:
#   1. the build exits 0 (warnings are fine) within $BUILD_TIMEOUT seconds;
#   2. every hostile article (*.md, *.txt) has a page or a diagnostic (`path:line:col:
#      warning: message [code]` on stderr) naming it; an empty or binary file
#      must have a diagnostic (no page is expected for it);
#   3. nothing was written outside OUT_DIR: the build runs under strace, and
#      every file it created, wrote, renamed, linked, removed or chmod-ed must
#      lie in OUT_DIR or in its `.NAME.tmp-*` / `.NAME.old-*` siblings (or be
#      the build's own bookkeeping beside it, named by the build alone: the
#      cache folder `.wikisite-cache/`, the writability probe
#      `.wikisite-probe-PID`, and the bodies' scratch file, which has no name
#      (O_TMPFILE in OUT_DIR's parent; `.wikisite-spill-*`, unlinked at once,
#      where O_TMPFILE is missing)); on
#      top of that, `find` snapshots of OUT_DIR's parent, of /tmp and of the
#      input's folder are compared before and after (a new entry fails when
#      the build wrote it, or when strace is not available), and nothing named
#      like the traversal payloads (escaped*, etc, *pwned*) may be newer than
#      the build's start under /tmp, /work, the input's parent or OUT_DIR's
#      parent;
#   4. `wikisite check OUT_DIR` passes.
# The site is left in OUT_DIR (for scripts/ci/browser_checks.py security).
#
# Environment: WIKISITE, HOSTILE_DIR (../shared/eval/hostile), SEEDS_DIR
# (seeds), TEMPLATES (templates), BUILD_TIMEOUT (300), KEEP_WORK=1 keeps the
# temporary folder (input, stderr, strace logs). Installs python3 and strace
# with apt-get when missing. Exit status: 0 all passed, 1 a check failed,
# 2 usage or setup error.
set -euo pipefail

PROG=hostile_site
die() { echo "$PROG: error: $*" >&2; exit 2; }
[[ $# -eq 1 ]] || die "usage: $0 OUT_DIR"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
abspath() { # abspath PATH: absolute, without resolving the last component
  local d b
  d=$(dirname -- "$1"); b=$(basename -- "$1")
  mkdir -p -- "$d"
  printf '%s/%s\n' "$(cd -- "$d" && pwd -P)" "$b"
}
WIKISITE=${WIKISITE:-$REPO/.build/release/wikisite}
[[ $WIKISITE == /* ]] || WIKISITE=$(abspath "$WIKISITE")
HOSTILE_DIR=${HOSTILE_DIR:-$REPO/../shared/eval/hostile}
SEEDS_DIR=${SEEDS_DIR:-$REPO/seeds}
TEMPLATES=${TEMPLATES:-$REPO/templates}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-300}
[[ -x $WIKISITE ]] || die "no wikisite binary at $WIKISITE (set WIKISITE)"
[[ -d $HOSTILE_DIR ]] || die "no hostile inputs at $HOSTILE_DIR (set HOSTILE_DIR)"
[[ -d $SEEDS_DIR ]] || die "no seeds at $SEEDS_DIR (set SEEDS_DIR)"
[[ -d $TEMPLATES ]] || die "no templates at $TEMPLATES (set TEMPLATES)"
HOSTILE_DIR=$(cd "$HOSTILE_DIR" && pwd -P)
SEEDS_DIR=$(cd "$SEEDS_DIR" && pwd -P)
TEMPLATES=$(cd "$TEMPLATES" && pwd -P)

OUT=$(abspath "$1")
PARENT=$(dirname "$OUT")
NAME=$(basename "$OUT")
[[ $NAME != . && $NAME != .. && $NAME != / ]] || die "OUT_DIR must name a folder: $1"
case "$REPO/" in "$OUT"/*) die "OUT_DIR must not hold the repository: $OUT" ;; esac

# CI runs on a fresh machine: install what is missing.
# shellcheck source=scripts/lib/need.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/need.sh"
need python3 python3
need timeout coreutils
need strace strace || true
HAVE_STRACE=
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
  HAVE_STRACE=1
else
  echo "$PROG: warning: strace missing or not allowed (ptrace); writes are checked with find only" >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostile-site.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
# shellcheck disable=SC2317  # called from the trap
cleanup() { if [[ ${KEEP_WORK:-} == 1 ]]; then echo "$PROG: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

IN=$WORK/input
mkdir -p "$IN/hostile" "$WORK/cwd" "$WORK/trace"
cp -R "$SEEDS_DIR/." "$IN/"
n_hostile=0
for f in "$HOSTILE_DIR"/* "$HOSTILE_DIR"/.[!.]*; do
  [[ -f $f ]] || continue
  case $(basename "$f") in README|README.*|readme.*) continue ;; esac
  cp -p "$f" "$IN/hostile/"
  n_hostile=$((n_hostile + 1))
done
[[ $n_hostile -gt 0 ]] || die "no hostile files in $HOSTILE_DIR"
n_seeds=$(find "$SEEDS_DIR" -type f | wc -l)

# ---- snapshots before the build
# Prunes OUT_DIR, its temp/old siblings and this script's own folder.
snap() { # snap DIR DEPTH
  [[ -d $1 ]] || return 0
  find "$1" -xdev -maxdepth "$2" \
    \( -path "$OUT" -o -path "$PARENT/.$NAME.tmp-*" -o -path "$PARENT/.$NAME.old-*" -o -path "$PARENT/.wikisite-cache" -o -path "$PARENT/.wikisite-probe-*" -o -path "$PARENT/.wikisite-spill-*" -o -path "$WORK" \) -prune \
    -o -print 2>/dev/null | LC_ALL=C sort -u
}
snapshot() { # snapshot FILE
  { snap "$PARENT" 3; snap /tmp 2; snap "$WORK" 6; } | LC_ALL=C sort -u >"$1"
}
snapshot "$WORK/before"
touch "$WORK/stamp"
sleep 0.01

# ---- the build
echo "$PROG: building $n_seeds seed files + $n_hostile hostile files into $OUT" >&2
cmd=("$WIKISITE" build --input "$IN" --output "$OUT" --templates "$TEMPLATES")
if [[ -n $HAVE_STRACE ]]; then
  # Every call that can change a file, and chdir to resolve relative paths.
  calls=chdir,fchdir,open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat
  calls+=,symlink,symlinkat,unlink,unlinkat,rmdir,truncate,chmod,fchmodat,chown,lchown,fchownat
  calls+=,utimensat,mknod,mknodat
  cmd=(strace -f -ff -qq -y -xx -s 65536 -o "$WORK/trace/t" -e "trace=$calls" "${cmd[@]}")
fi
t0=$(date +%s.%N)
set +e
(cd "$WORK/cwd" && timeout --signal=KILL "$BUILD_TIMEOUT" "${cmd[@]}") 2>"$WORK/stderr"
rc=$?
set -e
t1=$(date +%s.%N)
build_s=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
sleep 0.2  # let the build's background `rm` of the old site get going
snapshot "$WORK/after"

n_diag=$(grep -cE '^.+:[0-9]+:[0-9]+: (warning|error|note): .*\[[^]]+\]$' "$WORK/stderr" || true)
echo "$PROG: build exited $rc in ${build_s} s; $n_diag diagnostics; last lines of its stderr:" >&2
tail -n 3 "$WORK/stderr" | sed 's/^/  | /' >&2

failures=0
fail() { echo "$PROG: FAIL: $*" >&2; failures=$((failures + 1)); }

if [[ $rc -eq 137 ]]; then
  fail "the build did not finish within $BUILD_TIMEOUT s (killed)"
elif [[ $rc -ne 0 ]]; then
  fail "the build exited $rc (warnings must not fail it); its stderr:"
  sed 's/^/  | /' "$WORK/stderr" | tail -n 40 >&2
fi

# ---- 2. a page or a diagnostic for every hostile file; 3. writes outside OUT_DIR
set +e
OUT="$OUT" PARENT="$PARENT" NAME="$NAME" IN="$IN" WORK="$WORK" HAVE_STRACE="$HAVE_STRACE" \
BUILD_RC="$rc" python3 - <<'PY'
import html, os, re, sys
from pathlib import Path

OUT, PARENT, NAME = os.environ["OUT"], os.environ["PARENT"], os.environ["NAME"]
IN, WORK = Path(os.environ["IN"]), Path(os.environ["WORK"])
failures = 0

def fail(msg):
    global failures
    failures += 1
    print(f"hostile_site: FAIL: {msg}", file=sys.stderr)

def note(msg):
    print(f"hostile_site: {msg}", file=sys.stderr)

# -- diagnostics per file
diag_re = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error|note): (?P<msg>.*) \[(?P<code>[^\]]+)\]$")
diags = {}
for line in (WORK / "stderr").read_text("utf-8", "replace").splitlines():
    m = diag_re.match(line)
    if m:
        p = os.path.normpath(os.path.join(str(WORK / "cwd"), m["path"]))
        diags.setdefault(p, []).append((int(m["line"]), m["code"]))

# -- article pages: <channel>/<slug>/index.html, and their <h1>
pages_by_slug, pages_by_title = {}, {}
out = Path(OUT)
if os.environ["BUILD_RC"] == "0" and out.is_dir():
    for p in out.glob("*/*/index.html"):
        rel = p.relative_to(out)
        if rel.parts[0] in ("topics", "videos", "search", "assets"):
            continue
        pages_by_slug.setdefault(rel.parts[1].lower(), []).append(str(rel))
        m = re.search(r"<h1[^>]*>(.*?)</h1>", p.read_text("utf-8", "replace"), re.S)
        if m:
            t = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
            pages_by_title.setdefault(t, []).append(str(rel))

def front_title(data):
    text = data[:65536].decode("utf-8", "replace").lstrip("\ufeff")
    m = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
    if not m:
        return None
    for line in m.group(1).splitlines():
        if line.startswith("title:"):
            t = line[6:].strip()
            if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
                t = t[1:-1]
            return t
    return None

rows = []
for f in sorted((IN / "hostile").iterdir()):
    if f.suffix.lower() not in (".md", ".txt"):
        rows.append(f"  {f.name:22} not an article (*.md, *.txt): not read by design")
        continue
    data = f.read_bytes()
    kind = "empty" if not data.strip() else "binary" if b"\0" in data else "text"
    d = diags.get(os.path.normpath(str(f)), [])
    pages = pages_by_slug.get(f.stem.lower(), [])
    if not pages:
        t = front_title(data)
        pages = pages_by_title.get(t, []) if t else []
    codes = ", ".join(f"{c} (line {l})" for l, c in d) or "-"
    rows.append(f"  {f.name:22} {kind:6}  page: {', '.join(pages) or '-'}  diagnostics: {codes}")
    if kind != "text":
        if not d:
            fail(f"{f.name} is {kind} and no diagnostic names it")
    elif not pages and not d:
        fail(f"{f.name}: no page and no diagnostic names it")
note("hostile files (page / diagnostics):")
print("\n".join(rows), file=sys.stderr)

# -- strace: every path the build changed
def unhex(s):
    return bytes.fromhex(s.replace("\\x", "")).decode("utf-8", "surrogateescape")

def allowed(path):
    path = os.path.normpath(path)
    if path == OUT or path.startswith(OUT + "/"):
        return True
    for kind in ("tmp", "old"):
        pre = f"{PARENT}/.{NAME}.{kind}-"
        if path.startswith(pre):
            return True
    # the build's bookkeeping beside OUT_DIR: names the build chooses, not the input
    if path == f"{PARENT}/.wikisite-cache" or path.startswith(f"{PARENT}/.wikisite-cache/"):
        return True
    if path.startswith(f"{PARENT}/.wikisite-probe-") or path.startswith(f"{PARENT}/.wikisite-spill-"):
        return True
    if path in ("/dev/null", "/dev/tty") or path.startswith("/dev/pts/"):
        return True
    # creating OUT_DIR's parent folders is fine
    return OUT.startswith(path + "/")

written = set()
if os.environ.get("HAVE_STRACE"):
    arg_re = re.compile(r'(?:(?P<fd>AT_FDCWD|\d+)(?:<(?P<fdpath>(?:\\x[0-9a-f]{2})*)>)?|"(?P<str>(?:\\x[0-9a-f]{2})*)"|(?P<other>[^,]+))\s*(?:,\s*|$)')
    call_re = re.compile(r"^(?P<name>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>-?\d+)(?:<(?P<retpath>(?:\\x[0-9a-f]{2})*)>)?")
    bad = []
    ncalls = 0
    for tf in sorted((WORK / "trace").iterdir()):
        # One file per thread (-ff), in order: a relative path is resolved
        # against the last chdir of that thread, else the build's folder.
        cwd = str(WORK / "cwd")
        for line in tf.read_text("ascii", "replace").splitlines():
            m = call_re.match(line)
            if not m or int(m["ret"]) < 0:
                continue
            name, args = m["name"], []
            for a in arg_re.finditer(m["args"]):
                if a["str"] is not None:
                    args.append(("str", unhex(a["str"])))
                elif a["fd"] is not None:
                    args.append(("fd", unhex(a["fdpath"]) if a["fdpath"] else (cwd if a["fd"] == "AT_FDCWD" else None)))
                else:
                    args.append(("other", (a["other"] or "").strip()))

            def at(i):  # a path given by (dirfd, string) at args i, i+1
                base = args[i][1] if args[i][0] == "fd" else cwd
                return os.path.join(base or cwd, args[i + 1][1])

            def plain(i):
                return os.path.join(cwd, args[i][1])

            targets = []
            try:
                if name == "chdir":
                    cwd = plain(0)
                    continue
                if name == "fchdir":
                    if args[0][0] == "fd" and args[0][1]:
                        cwd = args[0][1]
                    continue
                if name in ("open", "creat", "openat", "openat2"):
                    flags = " ".join(v for k, v in args if k == "other")
                    if name != "creat" and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_TMPFILE", flags):
                        continue
                    # The build's scratch file for bodies (TextSpill): opened with O_TMPFILE in the
                    # folder that holds OUT_DIR, it has no name, so nothing appears outside OUT_DIR
                    # (linking it to a name would show as a linkat, checked below).
                    if "O_TMPFILE" in flags and os.path.normpath(at(0) if name.startswith("openat") else plain(0)) == PARENT:
                        continue
                    targets.append(unhex(m["retpath"]) if m["retpath"] else
                                   (at(0) if name.startswith("openat") else plain(0)))
                elif name in ("mkdir", "unlink", "rmdir", "truncate", "chmod", "chown", "lchown", "mknod"):
                    targets.append(plain(0))
                elif name in ("mkdirat", "unlinkat", "fchmodat", "fchownat", "mknodat"):
                    targets.append(at(0))
                elif name == "utimensat":
                    if args[1][0] == "str":
                        targets.append(at(0))
                elif name in ("rename", "link"):
                    targets += [plain(0), plain(1)] if name == "rename" else [plain(1)]
                elif name in ("renameat", "renameat2"):
                    targets += [at(0), at(2)]
                elif name == "linkat":
                    targets.append(at(2))
                elif name == "symlink":
                    targets.append(plain(1))
                elif name == "symlinkat":
                    targets.append(os.path.join(args[1][1] or cwd, args[2][1]))
            except (IndexError, TypeError):
                note(f"note: could not read a strace line: {line[:200]}")
                continue
            for t in targets:
                ncalls += 1
                t = os.path.normpath(t)
                written.add(t)
                if not allowed(t):
                    bad.append(f"{name} {t}")
    note(f"strace: {ncalls} file changes by the build, {len(bad)} outside {OUT}")
    for b in sorted(set(bad))[:50]:
        fail(f"the build changed a file outside OUT_DIR: {b}")

# -- find snapshots
before = set((WORK / "before").read_text("utf-8", "surrogateescape").splitlines())
after = set((WORK / "after").read_text("utf-8", "surrogateescape").splitlines())
new = sorted(after - before)
for p in new:
    by_build = any(w == p or w.startswith(p + "/") or p.startswith(w + "/") for w in written)
    if by_build or not os.environ.get("HAVE_STRACE"):
        fail(f"a new file appeared outside OUT_DIR during the build: {p}")
    else:
        note(f"note: {p} appeared during the build, but not from it (strace): another process")
note(f"find: {len(new)} new entries under {PARENT} (3 levels), /tmp (2 levels) and the input's folder")
sys.exit(1 if failures else 0)
PY
py_rc=$?
set -e
[[ $py_rc -eq 0 ]] || failures=$((failures + 1))

# ---- traversal payload names anywhere likely, newer than the build's start
roots=()
for r in /tmp /work "$(dirname "$IN")" "$PARENT"; do [[ -d $r ]] && roots+=("$r"); done
hits=$(find "${roots[@]}" -xdev \
  \( -path "$OUT" -o -path "$PARENT/.$NAME.tmp-*" -o -path "$PARENT/.$NAME.old-*" -o -path "$PARENT/.wikisite-cache" -o -path "$PARENT/.wikisite-probe-*" -o -path "$PARENT/.wikisite-spill-*" -o -path "$WORK/trace" -o -path /proc \) -prune \
  -o -newer "$WORK/stamp" \( -name 'escaped*' -o -name etc -o -name '*pwned*' \) -print 2>/dev/null | LC_ALL=C sort -u || true)
if [[ -n $hits ]]; then
  while IFS= read -r h; do fail "a file named like a traversal payload appeared: $h"; done <<<"$hits"
fi

# ---- 4. wikisite check
if [[ $rc -eq 0 ]]; then
  set +e
  "$WIKISITE" check "$OUT" >"$WORK/check.out" 2>&1
  crc=$?
  set -e
  if [[ $crc -ne 0 ]]; then
    fail "wikisite check $OUT exited $crc:"
    tail -n 20 "$WORK/check.out" | sed 's/^/  | /' >&2
  else
    echo "$PROG: wikisite check: $(tail -n 1 "$WORK/check.out")" >&2
  fi
fi

pages=$(find "$OUT" -name index.html 2>/dev/null | wc -l)
if [[ $failures -eq 0 ]]; then
  echo "hostile_site: OK: build exit $rc in ${build_s} s, $pages pages, $n_diag diagnostics, every hostile file accounted for, nothing written outside $OUT, links check"
  exit 0
fi
echo "hostile_site: FAILED: $failures check(s) failed (build exit $rc in ${build_s} s, $pages pages, $n_diag diagnostics)"
exit 1
