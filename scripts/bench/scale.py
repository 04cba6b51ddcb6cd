#!/usr/bin/env python3
"""Inputs for the scale series of `make bench`: samples of the corpus and a
synthetic wiki ten times its size.

    scripts/bench/scale.py CORPUS SCRATCH SIZE...

SIZE is a number of articles (a sample that takes whole videos in a fixed
pseudo-random order, so every article keeps its siblings), `all` (a link to
the corpus) or `10x` (the corpus plus nine copies). Each copy is the corpus
under a letter rotation (a Caesar shift by the copy's number) applied to
the file and folder names, titles, channel names, wiki links, video ids and
the prose alike: the copies link among themselves exactly as the original
does, keep its shape (lengths, links, timestamps, headings, raw HTML), and
share no word with the original or each other, so none merges across
copies. Writes SCRATCH/in-SIZE and prints each folder's path.
"""
import hashlib, os, re, shutil, sys

def rotate(text, k):
    out = []
    for ch in text:
        o = ord(ch)
        if 97 <= o <= 122:
            out.append(chr(97 + (o - 97 + k) % 26))
        elif 65 <= o <= 90:
            out.append(chr(65 + (o - 65 + k) % 26))
        else:
            out.append(ch)
    return "".join(out)

# Markup that must stay as written: HTML tags and entities, front-matter
# keys, the `From:` line's word, URLs (the video links are rebuilt from
# videoId anyway).
KEEP = re.compile(r"<[^>]*>|&\w+;|^(?:title|videoId|From):|https?://\S+|\[\[|\]\]|\|", re.M)

def rotate_article(text, k):
    parts, last = [], 0
    for m in KEEP.finditer(text):
        parts.append(rotate(text[last:m.start()], k))
        parts.append(m.group(0))
        last = m.end()
    parts.append(rotate(text[last:], k))
    return "".join(parts)

def sample(corpus, scratch, target):
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
    out, taken = os.path.join(scratch, f"in-{target}"), 0
    for v in order:
        if taken >= target:
            break
        for channel, name in videos[v]:
            os.makedirs(os.path.join(out, channel), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, channel, name), os.path.join(out, channel, name))
            taken += 1
    return out

def tenfold(corpus, scratch):
    out = os.path.join(scratch, "in-10x")
    for k in range(10):
        for channel in sorted(os.listdir(corpus)):
            folder = os.path.join(corpus, channel)
            if not os.path.isdir(folder):
                continue
            name_k = rotate(channel, k)
            target = os.path.join(out, name_k if k == 0 or name_k != channel else f"{channel}_{k}")
            os.makedirs(target, exist_ok=True)
            for name in sorted(os.listdir(folder)):
                raw = open(os.path.join(folder, name), "rb").read()
                if k == 0:
                    data = raw
                else:
                    text = raw.decode("utf-8", errors="surrogateescape")
                    text = rotate_article(text, k)
                    data = text.encode("utf-8", errors="surrogateescape")
                stem, ext = os.path.splitext(name)
                with open(os.path.join(target, (rotate(stem, k) if k else stem) + ext), "wb") as f:
                    f.write(data)
    return out

def main():
    corpus, scratch, *sizes = sys.argv[1:]
    os.makedirs(scratch, exist_ok=True)
    for size in sizes:
        if size == "all":
            path = os.path.join(scratch, "in-all")
            if not os.path.exists(path):
                os.symlink(corpus, path)
        elif size == "10x":
            path = tenfold(corpus, scratch)
        else:
            path = sample(corpus, scratch, int(size))
        print(path)

if __name__ == "__main__":
    main()
