# The build entry point. `make serve` and `make test` are the README's two commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pyproject.toml is in the stamp too: it declares the plugin's entry point, installed by `pip install -e .`.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: help setup system-deps node-deps serve build check schema lint test test-fast fuzz bench bench-web screenshots pdf offline clean readability register bench-search review

help:
	@echo "make serve   - set up and serve the site at http://127.0.0.1:8000 with live reload"
	@echo "make test    - set up and run every test, browser tests included"
	@echo "make build   - write the static site to site/ (only replaced when the build succeeds)"
	@echo "make check   - validate the YAML data and print every problem"
	@echo "make bench   - build benchmark: data layer vs plain Markdown, 10/100/1000 scenarios"
	@echo "make readability - reading-grade figures for the how-to pages"
	@echo "make register - add newly published addresses to data/registry.yml (PRUNE=1: also drop never-public ones)"
	@echo "make bench-search - top-3 hit rate of the coaches' search queries"
	@echo "make review - pages and data files past their review date"
	@echo "make test-fast - lint and every test but the browser, property and Node ones"
	@echo "make lint   - ruff and mypy over macros/, tools/ and tests/"
	@echo "make schema - regenerate the JSON Schemas from the models"
	@echo "make fuzz   - the schema property tests with many more documents"
	@echo "make bench-web / screenshots / pdf / offline - see README (each runs make build first)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Chromium, Java (for the Nu HTML checker) and Node.js come from the system package manager.
system-deps:
	@bash tools/system-deps.sh

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-*
	touch $@

node-deps: system-deps $(NPM_STAMP)

serve: setup
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Build into a scratch folder and swap it in only on success: nothing half-published.
# The swap is a rename (an atomic exchange on Linux), so an interrupted build never leaves a half-deleted site/.
build: setup
	rm -rf .site-tmp
	$(PY) -m mkdocs build --strict --clean --site-dir .site-tmp
	$(PY) tools/swap_site.py .site-tmp site

check: setup
	$(PY) -m macros.check

schema: setup
	$(PY) -m macros.schema

# Ruff (lint and formatting) and mypy over macros/, tools/ and tests/; settings in pyproject.toml.
lint: setup
	$(PY) -m ruff check macros tools tests
	$(PY) -m ruff format --check macros tools tests
	$(PY) -m mypy macros tools tests

# The browser layer runs second, one line per test, so its long runs show progress.
test: setup node-deps lint
	$(PY) -m pytest -m "not browser"
	$(PY) -m pytest -v -m browser

# Everything except the browser layer, the schema property tests and tests needing node_modules,
# for a quick loop while editing; passes on a fresh clone without npm.
test-fast: setup lint
	$(PY) -m pytest -m "not browser and not property and not node"

# The schema property tests with many more generated documents than `make test` (FUZZ_EXAMPLES per schema).
fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(PY) -m pytest -m property -s -q tests/data/test_schema_agreement.py

bench: setup
	$(PY) tools/bench_build.py

bench-web: setup node-deps build
	$(PY) tools/bench_web.py

screenshots: setup node-deps build
	$(PY) tools/screenshots.py

pdf: setup node-deps build
	$(PY) tools/pdf.py

offline: setup node-deps
	$(PY) tools/offline.py

clean:
	rm -rf site site.old .site-tmp build dist screenshots .pytest_cache

readability: setup
	$(PY) tools/readability.py

# Links that never break (README: "Links that never break"). PRUNE=1 also drops addresses
# the build no longer publishes: only for addresses that were never public.
register: setup
	$(PY) -m macros.register $(if $(PRUNE),--prune,)

# Search quality: tools/search-queries.yml through Material's search in Chromium; prints the top-3 hit rate and the misses.
bench-search: setup build
	$(PY) tools/bench_search.py

# Pages and data files past their review interval (data/review.yml); exits 1 if any, for the monthly workflow.
review: setup
	$(PY) -m macros.review
