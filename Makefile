# wikisite: `make site` builds the site from seeds/ into public/; `make test` runs the tests.
SWIFT   ?= swift
BIN     := .build/release/wikisite
INPUT   ?= seeds
OUTPUT  ?= public
CORPUS  ?= ../shared/corpus/tubegraph

PREFIX  ?= /usr/local
PORT    ?=
BASE_URL ?=

.PHONY: all site build test test-swift test-js check bench eval-search eval-dedup serve install uninstall deps clean

all: site

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product wikisite

# BASE_URL=https://example.org/wiki/ adds sitemap.xml, robots.txt and canonical/Open Graph tags.
site: build
	$(BIN) build --input $(INPUT) --output $(OUTPUT) $(if $(BASE_URL),--base-url $(BASE_URL))

test: deps test-swift test-js

test-swift:
	$(SWIFT) test

# The search engine under Node against the index the binary writes for the
# fixture wiki (built here into a temporary folder, removed afterwards).
test-js: build
	@site=$$(mktemp -d) && trap 'rm -rf "$$site"' EXIT && \
	$(BIN) build --input Tests/fixtures/search-wiki --output "$$site/site" && \
	WIKISITE_FIXTURE_SITE="$$site/site" WIKISITE_BIN="$(BIN)" node --test Tests/js/

check: site
	$(BIN) check $(OUTPUT)

bench: build
	scripts/bench/run.sh $(BIN) $(CORPUS)
	scripts/bench/rebuild_scale.sh $(BIN) $(CORPUS)
	scripts/bench/dedup_scale.sh $(BIN) $(CORPUS)

# Builds the full corpus, runs every graded query through the real client
# under Node and through Pagefind over the same pages, and prints both.
# The eval builds keep no build cache: it would stay in /dev/shm (~400 MB)
# beside the site.
EVAL_SITE ?= /dev/shm/wikisite-eval
eval-search: build
	$(BIN) build --no-cache --input $(CORPUS) --output $(EVAL_SITE) --verbose 2> .eval-build.log || (tail -5 .eval-build.log; exit 1)
	scripts/eval/search_compare.sh $(EVAL_SITE) .eval-build.log

# Precision, recall and F1 of the dedup groups on the hand-labelled pairs (every reading
# of "merged"; the gate's is lands-within), then the grouped CV replayed from the
# measured candidate pairs (rule refitted per fold; scripts/eval/dedup_groups.py).
# DEDUP_CV_SEEDS=10 also runs the CV under ten fold assignments and prints their mean
# (about 50 s each).
LABELS ?= ../shared/eval/dedup-labels-v2.tsv
DEDUP_CV_SEEDS ?= 0
eval-dedup: build
	$(BIN) build --no-cache --input $(CORPUS) --output $(EVAL_SITE) --dedup-report .dedup-report.tsv \
	  --dedup-candidates .dedup-candidates.tsv 2> .eval-build.log || (tail -5 .eval-build.log; exit 1)
	python3 scripts/eval/dedup_eval.py $(LABELS) .dedup-report.tsv
	python3 scripts/eval/dedup_groups.py --labels $(LABELS) --candidates .dedup-candidates.tsv --report .dedup-report.tsv \
	  --seeds $(DEDUP_CV_SEEDS)

# A live preview on 127.0.0.1 (port 1313, or a free one): rebuilds when an
# article or a file of templates/ changes, and reloads open pages.
serve: build
	$(BIN) serve --input $(INPUT) --templates templates $(if $(PORT),--port $(PORT))

# The binary alone is the whole tool (the theme is compiled in).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/wikisite

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/wikisite

clean:
	rm -rf .build $(OUTPUT)
