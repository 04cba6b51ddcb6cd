#!/usr/bin/env bash
# Rebuilds from the build cache give what a clean build gives, at full scale.
# A copy of INPUT is built once with the cache, then changed in four rounds;
# after each, the cached rebuild and a clean build (--no-cache, another
# output) must be byte-identical, and the rebuild must have reused articles.
#   1. one article edited, and a new article named after an existing topic
#      page (links that led to the topic now lead to the article)
#   2. one article renamed and another deleted
#   3. a template edited (every page changes; every article is reused)
#   4. every tenth article edited (dedup groups change; search documents move
#      between the document store's files)
# Usage: scripts/ci/incremental.sh BIN INPUT SCRATCH
set -euo pipefail
bin=$1 input=${2%/} scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
wiki=$scratch/wiki/$(basename "$input")
mkdir -p "$scratch/wiki"
cp -r "$input" "$wiki"
"$bin" theme export "$scratch/theme" > /dev/null 2>&1
build() { "$bin" build --input "$wiki" --templates "$scratch/theme" --output "$@"; }

build "$scratch/site" 2> "$scratch/first.log" || { tail -5 "$scratch/first.log"; exit 1; }

compare() {
  local round=$1
  build "$scratch/site" --verbose 2> "$scratch/rebuild-$round.log" || { tail -5 "$scratch/rebuild-$round.log"; exit 1; }
  rm -rf "$scratch/clean"
  build "$scratch/clean" --no-cache 2> "$scratch/clean-$round.log" || { tail -5 "$scratch/clean-$round.log"; exit 1; }
  local reused
  reused=$(grep -o 'articles reused from the build cache [0-9]*' "$scratch/rebuild-$round.log" | grep -o '[0-9]*$' || echo 0)
  if ! diff -rq "$scratch/site" "$scratch/clean" > "$scratch/differences-$round.txt"; then
    echo "round $round: the rebuild differs from a clean build in $(wc -l < "$scratch/differences-$round.txt") files; the first:" >&2
    head -n 10 "$scratch/differences-$round.txt" >&2
    exit 1
  fi
  if [ "${reused:-0}" -eq 0 ]; then
    echo "round $round: the rebuild reused no article from the cache" >&2
    exit 1
  fi
  echo "round $round ($2): byte-identical to a clean build, $(find "$scratch/site" -type f | wc -l) files; $reused articles reused"
}

# 1. Edit one article; add one named after a topic page.
edited=$(find "$wiki" -name '*.md' | sort | sed -n 100p)
printf '\nOne more sentence, about [[attention mechanisms]].\n' >> "$edited"
topic=$(ls "$scratch/site/topics" | sort | sed -n 50p)
channel=$(basename "$(dirname "$edited")")
printf -- '---\ntitle: "%s"\nvideoId: dQw4w9WgXcQ\n---\nFrom: [[%s]] <br/>\n\nA new article under a name links already use.\n' \
  "${topic//_/ }" "$channel" > "$wiki/$channel/$topic.md"
compare 1 "edited $(basename "$edited"), added $channel/$topic.md"
[ -d "$scratch/site/topics/$topic" ] && echo "  (topics/$topic is still a topic page)" || echo "  (topics/$topic is now an article)"

# 2. Rename one article, delete another.
renamed=$(find "$wiki" -name '*.md' | sort | sed -n 200p)
deleted=$(find "$wiki" -name '*.md' | sort | sed -n 300p)
mv "$renamed" "$(dirname "$renamed")/renamed_$(basename "$renamed")"
rm "$deleted"
compare 2 "renamed $(basename "$renamed"), deleted $(basename "$deleted")"

# 3. Change a template.
printf '<!-- a template edit -->\n' >> "$scratch/theme/article.mustache"
compare 3 "edited article.mustache"

# 4. Edit every tenth article: dedup groups change, so documents leave and join
# the search index and the rest move between its files.
n=0
for f in $(find "$wiki" -name '*.md' | sort | awk 'NR % 10 == 0'); do
  n=$((n + 1))
  printf '\nA sentence about quokka%d and marmots.\n' "$n" >> "$f"
done
compare 4 "edited $n articles"
rm -rf "$scratch"
