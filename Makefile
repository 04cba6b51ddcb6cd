# wikisite: `make site` builds the site from seeds/ into public/; `make test` runs the tests.
SWIFT   ?= swift
BIN     := .build/release/wikisite
INPUT   ?= seeds
OUTPUT  ?= public
CORPUS  ?= ../shared/corpus/tubegraph

.PHONY: all site build test test-swift test-js check bench serve deps clean

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

test-js:
	@if ls Tests/js/*.test.mjs >/dev/null 2>&1; then node --test Tests/js/; fi

bench: build
	scripts/bench/run.sh $(BIN) $(CORPUS)

serve: site
	cd $(OUTPUT) && python3 -m http.server 8000 --bind 127.0.0.1

clean:
	rm -rf .build $(OUTPUT)
