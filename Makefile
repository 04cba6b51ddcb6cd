# wikisite: `make site` builds the site from seeds/ into public/; `make test` runs the tests.
SWIFT   ?= swift
BIN     := .build/release/wikisite
INPUT   ?= seeds
OUTPUT  ?= public
CORPUS  ?= ../shared/corpus/tubegraph

.PHONY: all site build test test-swift test-js check bench eval-search eval-dedup serve deps clean

all: site

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product wikisite

site: build
	$(BIN) build --input $(INPUT) --output $(OUTPUT)

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
	scripts/bench/dedup_scale.sh $(BIN) $(CORPUS)

# Builds the full corpus, runs every graded query through the real client
# under Node and through Pagefind over the same pages, and prints both.
EVAL_SITE ?= /dev/shm/wikisite-eval
eval-search: build
	$(BIN) build --input $(CORPUS) --output $(EVAL_SITE) --verbose 2> .eval-build.log || (tail -5 .eval-build.log; exit 1)
	scripts/eval/search_compare.sh $(EVAL_SITE) .eval-build.log

# Precision, recall and F1 of the dedup groups on the hand-labelled pairs.
LABELS ?= ../shared/eval/dedup-labels-v2.tsv
eval-dedup: build
	$(BIN) build --input $(CORPUS) --output $(EVAL_SITE) --dedup-report .dedup-report.tsv 2> .eval-build.log || (tail -5 .eval-build.log; exit 1)
	python3 scripts/eval/dedup_eval.py $(LABELS) .dedup-report.tsv

serve: site
	cd $(OUTPUT) && python3 -m http.server 8000 --bind 127.0.0.1

clean:
	rm -rf .build $(OUTPUT)
