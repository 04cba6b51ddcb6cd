#!/usr/bin/env python3
"""Reference indexer for wikisite's client-side search (format version 1).

Reads the corpus markdown directly and writes the static search index that
templates/assets/search-engine.js reads.  docs/search-index.md is the
specification; this file is its executable reference: the Swift Search stage
must produce byte-identical files for the same input.

Usage:
    python3 build_index.py CORPUS_DIR OUT_DIR        # writes OUT_DIR/search/...
    python3 build_index.py CORPUS_DIR OUT_DIR --stats

Python 3 standard library only.  Every rule below is deliberately simple so
that it can be ported line by line (see the spec for the exact wording).
"""
import os
import re
import sys
import time
import unicodedata

FORMAT_VERSION = 1

# ---------------------------------------------------------------- parameters
# BM25F, evaluated at build time into a quantised "impact" per posting.
FIELD_WEIGHT = (8.0, 3.0, 1.0)      # title, headings, body
FIELD_B = (0.3, 0.4, 0.75)          # length normalisation per field
K1 = 1.2
QUANT = 32                          # impact levels (5 bits)

DICT_LIMIT = 2048                   # max UTF-8 bytes of one dictionary shard payload
INLINE_MAX_DF = 32                  # postings of terms with df <= this live in the dictionary
HEAD_SIZE = 256                     # terms with df > this get a head file (best postings) + tail file
TYPO_MIN_DF = 3                     # terms eligible as typo corrections ...
TYPO_MIN_LEN = 4                    # ... and their length range (code points)
MAX_TERM_LEN = 32
DOC_BLOCK = 2                       # documents per doc-store file
TEXT_MAX = 400                      # code points of display text kept per document

# ---------------------------------------------------------------- normaliser
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during e each
few for from further g had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves
""".split())

# letters NFKD does not decompose, folded by hand (applied after lower-casing)
EXTRA_FOLD = {'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l',
              'þ': 'th', 'ı': 'i', 'ς': 'σ'}
APOSTROPHES = '\u2019\u2018\u02bc'   # folded to ASCII '


def is_cjk(cp):
    """Scripts written without spaces: indexed as overlapping character bigrams."""
    return (0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0x3400 <= cp <= 0x4DBF
            or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xAC00 <= cp <= 0xD7AF)


def is_word_cp(ch):
    cp = ord(ch)
    if cp < 128:
        return ch.isalnum()
    if cp > 0xFFFF:
        return False
    return unicodedata.category(ch)[0] in 'LNM'


def fold_char(ch):
    """Fold one scalar to a string of word characters, "'" and spaces."""
    cp = ord(ch)
    if cp < 128:
        if 'A' <= ch <= 'Z':
            return chr(cp + 32)
        if ch.isalnum() or ch == "'":
            return ch
        return ' '
    if ch in APOSTROPHES:
        return "'"
    if cp > 0xFFFF:
        return ' '
    if is_cjk(cp):
        return ch
    if unicodedata.category(ch) == 'Cf':      # ZWSP, bidi controls, soft hyphen ...
        return ''
    out = []
    for d in unicodedata.normalize('NFKD', ch):
        if unicodedata.category(d) == 'Mn':
            continue
        for lo in d.lower():
            for x in EXTRA_FOLD.get(lo, lo):
                if x == "'" or is_word_cp(x) or is_cjk(ord(x)):
                    out.append(x)
                else:
                    out.append(' ')
    return ''.join(out)


class _FoldTable(dict):
    def __missing__(self, key):
        v = fold_char(chr(key))
        self[key] = v
        return v


FOLD_TABLE = _FoldTable()


def fold(text):
    return text.translate(FOLD_TABLE)


_CJK = '\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af'
# after folding the text holds only word characters, "'", spaces and CJK
WORD_RE = re.compile("[%s]+|[^ '%s]+(?:'[^ '%s]+)*" % (_CJK, _CJK, _CJK))


def stem(t):
    """A plural/possessive-only stemmer (a variant of Harman's S-stemmer)."""
    if len(t) < 4 or t[-1] != 's':
        return t
    if len(t) >= 5 and t.endswith('ies') and not (t.endswith('eies') or t.endswith('aies')):
        return t[:-3] + 'y'
    if t.endswith('sses') or t.endswith('ches') or t.endswith('shes') or t.endswith('xes'):
        return t[:-2]
    if t.endswith('us') or t.endswith('ss') or t.endswith('is'):
        return t
    return t[:-1]


def tokenize(text):
    """Index terms of a text, in order (stop words dropped, CJK as bigrams)."""
    out = []
    for m in WORD_RE.finditer(fold(text)):
        w = m.group()
        if is_cjk(ord(w[0])):
            if len(w) == 1:
                out.append(w)
            else:
                out.extend(w[i:i + 2] for i in range(len(w) - 1))
            continue
        if "'" in w:
            parts = w.split("'")
            if parts[-1] == 's':          # possessive: drop the 's
                parts.pop()
            w = ''.join(parts)            # don't -> dont
        if len(w) > MAX_TERM_LEN or w in STOP_WORDS:
            continue
        out.append(stem(w))
    return out


# ---------------------------------------------------------------- markdown -> text
# "white space" everywhere below: exactly the characters Python's str.isspace()
# accepts, spelled out so that other implementations match
WS = '\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000'
WS_CHARS = ''.join(chr(c) for c in range(0x3001) if chr(c).isspace())
TAG_RE = re.compile(r'</?[A-Za-z][^<>]*>')
WIKI_RE = re.compile(r'(!?)\[\[([^\[\]]*)\]\]')
MDLINK_RE = re.compile(r'\[([^\[\]]*)\]\([^()]*\)')
URL_RE = re.compile('https?://[^' + WS + r'<>()\[\]]*')
_TS = r'[\[(]?[0-9]+(?::[0-9]+)+[\])]?'
TIMES_RE = re.compile(_TS + '(?:[' + WS + ']*[,;-]?[' + WS + ']*' + _TS + ')*')
ENTITY_RE = re.compile(r'&(#?[A-Za-z0-9]+);')
CALLOUT_RE = re.compile(r'\[![^\]' + WS + r']*\][-+]?')
LEAD_RE = re.compile('^[' + WS + ']*(?:>[' + WS + ']*)*(?:(?:[-*+]|[0-9]+[.)])[' + WS + ']+)?')
CONTROLS = {c: ' ' for c in list(range(0x20)) + [0x7F]}
DROP_CHARS = dict(CONTROLS)
DROP_CHARS.update(dict.fromkeys(map(ord, '*`~'), None))
DROP_CHARS.update({ord('|'): ' '})
SPACES_RE = re.compile('[' + WS + ']+')
SPACE_PUNCT_RE = re.compile(r' (?=[.,;:!?])')
HEADING_RE = re.compile(r'[ \t]*#{1,6}(?:[ \t]+|$)')
ENTITIES = {'amp': '&', 'lt': '<', 'gt': '>', 'quot': '"', '#39': "'", 'nbsp': ' '}
INVISIBLE = dict.fromkeys(map(ord, '\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c'
                                   '\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff'), None)


def _wiki(m):
    if m.group(1):                       # ![[embed]]: dropped
        return ' '
    inner = m.group(2)
    i = inner.find('|')
    if i >= 0:
        return inner[i + 1:]             # the label, never the target
    i = inner.find('#')
    return inner[:i] if i >= 0 else inner


def _entity(m):
    return ENTITIES.get(m.group(1), ' ')


def clean_line(s):
    """One markdown line -> display text (also the text that is tokenized)."""
    s = TAG_RE.sub(' ', s)
    s = WIKI_RE.sub(_wiki, s)
    s = MDLINK_RE.sub(r'\1', s)
    s = URL_RE.sub(' ', s)
    s = TIMES_RE.sub(' ', s)
    s = ENTITY_RE.sub(_entity, s)
    s = CALLOUT_RE.sub(' ', s)
    s = LEAD_RE.sub('', s, count=1)
    s = s.translate(DROP_CHARS)
    s = SPACES_RE.sub(' ', s).strip(' ')
    return SPACE_PUNCT_RE.sub('', s)


def parse_front_matter(text):
    """-> (meta dict, body).  Only `title` and `videoId` are read."""
    meta = {}
    if not text.startswith('---\n'):
        return meta, text
    pos = 3
    while True:
        end = text.find('\n---', pos)
        if end < 0:
            return meta, text            # unclosed: no front matter
        after = end + 4
        if after == len(text) or text[after] == '\n':
            break
        pos = end + 1
    for line in text[4:end].split('\n'):
        key, sep, value = line.partition(':')
        key = key.strip(WS_CHARS)
        if sep and key in ('title', 'videoId') and key not in meta:
            value = value.strip(WS_CHARS)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in '"\'':
                value = value[1:-1]
            meta[key] = value
    return meta, text[after + 1:]


def parse_article(raw):
    """-> (meta, headings[list of display strings], lines[list of (is_heading, text)])"""
    text = raw.decode('utf-8', 'replace')
    if text.startswith('\ufeff'):
        text = text[1:]
    text = text.replace('\r\n', '\n').replace('\r', '\n')
    meta, body = parse_front_matter(text)
    lines = []
    seen_content = 0
    for line in body.split('\n'):
        if seen_content < 3 and line.strip(WS_CHARS):
            seen_content += 1
            if seen_content == 1 and line.startswith('From:'):
                continue                 # "From: [[channel]] <br/>"
            ls = line.strip(WS_CHARS)
            if (ls.startswith('Here is ') or ls.startswith("Here's ")) and ls.endswith(':'):
                continue                 # LLM preamble
        ls = line.lstrip(' \t')
        if ls.startswith('```') or ls.startswith('~~~'):
            continue                     # fence lines only; fenced text is kept
        m = HEADING_RE.match(line)
        if m:
            t = clean_line(line[m.end():])
            if t:
                lines.append((True, t))
        else:
            t = clean_line(line)
            if t:
                lines.append((False, t))
    return meta, lines


# ---------------------------------------------------------------- encoding
B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def varint(v, out):
    """Append v >= 0 as base-32 digits, least significant first; every char
    but the last has 32 added (continuation bit), each char is B64[value]."""
    while v >= 32:
        out.append(B64[32 | (v & 31)])
        v >>= 5
    out.append(B64[v])


def encode_postings(plist, out):
    prev = -1
    for doc, q in plist:
        varint(((doc - prev - 1) << 5) | q, out)
        prev = doc


def js_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif c < 0x20 or c == 0x2028 or c == 0x2029:
            out.append('\\u%04x' % c)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def js_value(v):
    if isinstance(v, str):
        return js_string(v)
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return '[' + ','.join(js_value(x) for x in v) + ']'
    if isinstance(v, dict):          # keys in insertion order
        return '{' + ','.join(js_string(k) + ':' + js_value(x) for k, x in v.items()) + '}'
    raise TypeError(type(v))


def shard_file(key, payload_js):
    return ('wikisearch.register(%s,%s);\n' % (js_string(key), payload_js)).encode('utf-8')


def lcp(a, b):
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def fnv1a32(data, h=0x811c9dc5):
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


# ---------------------------------------------------------------- corpus
def clean_name(s):
    return unicodedata.normalize('NFC', s.translate(INVISIBLE)).lower()


def find_articles(root):
    docs = []
    seen = set()
    for ch in sorted(os.listdir(root)):
        cdir = os.path.join(root, ch)
        if not os.path.isdir(cdir):
            continue
        cname = clean_name(ch)
        for fn in sorted(os.listdir(cdir)):
            if not fn.endswith('.md') or not os.path.isfile(os.path.join(cdir, fn)):
                continue
            stem_ = fn[:-3]
            sname = clean_name(stem_)
            if sname == cname:
                continue                  # channel page, never a result
            with open(os.path.join(cdir, fn), 'rb') as f:
                raw = f.read()
            meta, lines = parse_article(raw)
            vid = meta.get('videoId', '')
            if not vid:
                continue
            url = cname + '/' + sname + '/'
            if url in seen:
                continue                  # case-only duplicate: first one wins
            seen.add(url)
            title = SPACES_RE.sub(' ', meta.get('title', '').translate(CONTROLS)).strip(' ')
            if not title:
                title = SPACES_RE.sub(' ', stem_.translate(INVISIBLE).replace('_', ' ')).strip(' ')
            docs.append({'channel': cname, 'video': vid, 'slug': sname, 'url': url,
                         'title': title, 'lines': lines})
    docs.sort(key=lambda d: (d['channel'], d['video'], d['slug']))
    return docs


def display_text(lines):
    parts = []
    n = 0
    for is_heading, t in lines:
        if is_heading and t[-1] not in '.:!?':
            t += ':'
        parts.append(t)
        n += len(t) + 1
        if n > TEXT_MAX:
            break
    s = ' '.join(parts)
    if len(s) > TEXT_MAX:
        cut = s[:TEXT_MAX]
        sp = cut.rfind(' ')
        s = cut[:sp] if sp > 0 else cut
    return s


# ---------------------------------------------------------------- build
def build(root, out_dir, stats=False):
    t0 = time.time()
    docs = find_articles(root)
    N = len(docs)
    t1 = time.time()

    # --- per-field term frequencies
    field_len = [[0] * N for _ in range(3)]
    postings = {}          # term -> {doc: [tf_title, tf_head, tf_body]}
    for i, d in enumerate(docs):
        fields = (tokenize(d['title']),
                  [t for h, s in d['lines'] if h for t in tokenize(s)],
                  [t for h, s in d['lines'] if not h for t in tokenize(s)])
        for f, toks in enumerate(fields):
            field_len[f][i] = len(toks)
            for t in toks:
                p = postings.get(t)
                if p is None:
                    p = postings[t] = {}
                e = p.get(i)
                if e is None:
                    e = p[i] = [0, 0, 0]
                e[f] += 1
    avg = [float(sum(field_len[f])) / float(N) for f in range(3)]
    t2 = time.time()

    # --- impacts
    def impact(i, tfs):
        tfw = 0.0
        for f in range(3):
            if tfs[f]:
                b = FIELD_B[f]
                norm = (1.0 - b) + b * (float(field_len[f][i]) / avg[f])
                tfw += (FIELD_WEIGHT[f] * float(tfs[f])) / norm
        s = tfw / (K1 + tfw)
        return min(QUANT - 1, int(s * QUANT))

    terms = sorted(postings)          # all terms are BMP: str order == UTF-16 order
    files = {}                        # relative path -> bytes

    # --- dictionary shards + posting files
    dict_firsts = []
    cur = []                          # list of entry strings of the current shard
    cur_len = 0
    cur_terms = []                    # (term, plist) of the current shard
    prev_term = ''

    def flush():
        n = len(dict_firsts) - 1
        files['t/%d.js' % n] = shard_file('t/%d' % n, js_string(''.join(cur)))
        for j, (term, plist) in enumerate(cur_terms):
            if len(plist) <= INLINE_MAX_DF:
                continue
            if len(plist) > HEAD_SIZE:
                ranked = sorted(plist, key=lambda x: (-x[1], x[0]))
                head = sorted(ranked[:HEAD_SIZE])
                tail = sorted(ranked[HEAD_SIZE:])
                o = []
                encode_postings(tail, o)
                files['p/%d-%dt.js' % (n, j)] = shard_file('p/%d-%dt' % (n, j), js_string(''.join(o)))
            else:
                head = plist
            o = []
            encode_postings(head, o)
            files['p/%d-%d.js' % (n, j)] = shard_file('p/%d-%d' % (n, j), js_string(''.join(o)))

    for term in terms:
        p = postings[term]
        plist = [(i, impact(i, p[i])) for i in sorted(p)]
        df = len(plist)

        def entry(prev):
            o = []
            k = lcp(prev, term)
            varint(k, o)
            o.append(term[k:])
            o.append(' ')
            varint(df, o)
            if df <= INLINE_MAX_DF:
                encode_postings(plist, o)
            return ''.join(o)
        e = entry(prev_term if cur else '')
        elen = len(e.encode('utf-8'))
        if cur and cur_len + elen > DICT_LIMIT:
            flush()
            cur, cur_terms, cur_len = [], [], 0
            e = entry('')
            elen = len(e.encode('utf-8'))
        if not cur:
            # separator key: the shortest prefix of the shard's first term that
            # sorts after the previous shard's last term
            k = lcp(prev_term, term) + 1 if dict_firsts else 0
            dict_firsts.append(term[:k])
        cur.append(e)
        cur_terms.append((term, plist))
        cur_len += elen
        prev_term = term
    if cur:
        flush()
    t3 = time.time()

    # --- typo candidate lists: (first char, length) buckets
    buckets = {}
    for term in terms:
        n = len(term)
        if n < TYPO_MIN_LEN or n > MAX_TERM_LEN or len(postings[term]) < TYPO_MIN_DF:
            continue
        c = term[0]
        if is_cjk(ord(c)) or not unicodedata.category(c).startswith('L'):
            continue
        buckets.setdefault(c, {}).setdefault(n, []).append(term)
    typo = {}
    for c in sorted(buckets):
        lens = buckets[c]
        lo, hi = min(lens), max(lens)
        typo[c] = [lo, hi]
        for n in range(lo, hi + 1):
            o = []
            prev = ''
            for term in lens.get(n, []):
                k = lcp(prev, term)
                varint(k, o)
                o.append(term[k:])
                o.append(' ')
                varint(len(postings[term]), o)
                prev = term
            key = 'f/%x-%d' % (ord(c), n)
            files[key + '.js'] = shard_file(key, js_string(''.join(o)))

    # --- doc store
    for k in range(0, N, DOC_BLOCK):
        block = [[d['url'], d['title'], display_text(d['lines'])] for d in docs[k:k + DOC_BLOCK]]
        key = 'd/%d' % (k // DOC_BLOCK)
        files[key + '.js'] = shard_file(key, js_value(block))

    # --- manifest
    channels = []
    for i, d in enumerate(docs):
        if not channels or channels[-1][0] != d['channel']:
            channels.append([d['channel'], i])
    bits = []
    acc = 0
    for i, d in enumerate(docs):
        if i == 0 or d['video'] != docs[i - 1]['video'] or d['channel'] != docs[i - 1]['channel']:
            acc |= 1 << (i % 6)
        if i % 6 == 5 or i == N - 1:
            bits.append(B64[acc])
            acc = 0
    h = 0x811c9dc5
    for path in sorted(files):
        h = fnv1a32(files[path], h)
    manifest = {
        'version': FORMAT_VERSION, 'id': '%08x' % h, 'docs': N,
        'quant': QUANT, 'inline': INLINE_MAX_DF, 'head': HEAD_SIZE, 'block': DOC_BLOCK,
        'dict': ' '.join(dict_firsts[1:]), 'typo': typo, 'channels': channels, 'videos': ''.join(bits),
    }
    files['manifest.js'] = shard_file('manifest', js_value(manifest))
    t4 = time.time()

    base = os.path.join(out_dir, 'search')
    for sub in ('t', 'p', 'f', 'd'):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    for path, data in files.items():
        with open(os.path.join(base, path), 'wb') as f:
            f.write(data)
    t5 = time.time()
    total = sum(len(v) for v in files.values())
    print('docs %d, terms %d, files %d, bytes %d' % (N, len(terms), len(files), total), file=sys.stderr)
    print('time: read+parse %.1fs, invert %.1fs, dict/postings %.1fs, rest %.1fs, write %.1fs, total %.1fs'
          % (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0), file=sys.stderr)
    if stats:
        by = {}
        for path, data in files.items():
            k = path.split('/')[0] if '/' in path else path
            by.setdefault(k, [0, 0])
            by[k][0] += 1
            by[k][1] += len(data)
        for k in sorted(by):
            print('  %-12s files %6d  bytes %9d' % (k, by[k][0], by[k][1]), file=sys.stderr)


if __name__ == '__main__':
    for a in sys.argv[1:]:
        if a.startswith('--param='):          # experiments only: --param=NAME=VALUE
            name, value = a[len('--param='):].split('=', 1)
            old = globals()[name]
            globals()[name] = tuple(float(x) for x in value.split(',')) if isinstance(old, tuple) else type(old)(value)
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 2:
        sys.exit(__doc__)
    build(args[0], args[1], stats='--stats' in sys.argv)
