#!/usr/bin/env python3
"""Samples repaired timestamps from a verbose build log, with the sentence each cites.

    wikisite build --input CORPUS --output OUT --verbose 2> build.log
    python3 scripts/eval/sample_repairs.py build.log [N] [SEED]

For a reviewer to judge the MM:SS:00 repair: before, after, the video's
longest unambiguous moment is not shown; the sentence is.
"""
import random
import re
import sys

LINE = re.compile(r'^(.*?):(\d+):(\d+): note: timestamp (\S+) read as (\S+) .*\[timestamp\.repaired\]$')


def sentence(path, line, column):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read().splitlines()[line - 1]
    except (OSError, IndexError):
        return ''
    text = re.sub(r'<a [^>]*>\[?[0-9:]+\]?</a>', '', text)
    text = re.sub(r'\[\[([^|\]]*\|)?\s*([^\]]*)\]\]', r'\2', text)
    return ' '.join(text.split())[:220]


def main():
    log, n, seed = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30, int(sys.argv[3]) if len(sys.argv) > 3 else 1
    repairs = [m.groups() for m in map(LINE.match, open(log, encoding='utf-8', errors='replace')) if m]
    random.seed(seed)
    print(f'{len(repairs)} repairs; {min(n, len(repairs))} sampled (seed {seed})')
    print('| file:line | written | read as | sentence |')
    print('|---|---|---|---|')
    for path, line, column, before, after in random.sample(repairs, min(n, len(repairs))):
        short = '/'.join(path.split('/')[-2:])
        print(f'| {short}:{line} | {before} | {after} | {sentence(path, int(line), int(column))} |')


if __name__ == '__main__':
    main()
