#!/usr/bin/env python3
"""Where a build's CPU goes, stage by stage, from `perf record -g` data.

    perf script -i perf.data | scripts/bench/perf_stages.py [TOP]

Each sample is charged to the pipeline stage whose entry point is on its
stack (the outermost one wins), and within the stage to the function that
was running. Prints each stage's share of all samples and its TOP (default
8) functions, demangled. Used to put a profile in the speed notes.
"""
import collections, re, subprocess, sys

STAGES = [  # (stage, regex on a frame's symbol), checked outermost frame first
    ("load", r"InputLoader.*load|ArticleLoader"),
    ("parse", r"ArticleParser.*parse"),
    ("sanitize", r"BodySanitizer"),
    ("link", r"LinkResolver"),
    ("dedup", r"Deduplicator"),
    ("timestamps", r"TimestampResolver"),
    ("graph", r"WikiGraph"),
    ("render", r"SiteRenderer"),
    ("search", r"SearchIndexer"),
    ("write", r"SiteWriter|FileIO"),
]

def demangle(names):
    try:
        out = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names),
                             capture_output=True, text=True).stdout.splitlines()
        return out if len(out) == len(names) else names
    except OSError:
        return names

def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    samples, current = [], []
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                samples.append(current)
            current = []
        elif line.startswith(("\t", " ")):
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                current.append(re.sub(r"\+0x[0-9a-f]+ \(.*\)$|\s\(.*\)$", "", parts[1]))
        # header lines (comm pid time: event) are skipped
    if current:
        samples.append(current)
    mangled = sorted({f for s in samples for f in s})
    names = dict(zip(mangled, demangle(mangled)))
    per_stage = collections.Counter()
    per_func = collections.defaultdict(collections.Counter)
    for stack in samples:
        stage = "other"
        for frame in reversed(stack):  # outermost first
            name = names.get(frame, frame)
            hit = next((s for s, rx in STAGES if re.search(rx, name)), None)
            if hit:
                stage = hit
                break
        per_stage[stage] += 1
        per_func[stage][names.get(stack[0], stack[0])[:110]] += 1
    total = sum(per_stage.values()) or 1
    for stage, n in per_stage.most_common():
        print(f"{stage:11s} {100 * n / total:5.1f}%")
        for func, m in per_func[stage].most_common(top):
            print(f"    {100 * m / total:5.1f}%  {func}")

if __name__ == "__main__":
    main()
