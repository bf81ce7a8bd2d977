# policysite: `make site` builds the site, `make test` checks everything.  CI runs `make ci`.
# Every target works from a clean clone: the ones that need Python create .venv first.

SHELL       := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS   += --no-print-directory

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT     ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS  ?=

.PHONY: help venv data site serve offline chromium test lint bench ci clean distclean

help: ## List the targets
	@echo "policysite: make TARGET"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv (if missing) and install the package with its test extras

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Error: $(PYTHON) is older than 3.11; set PYTHON=python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  echo "Error: $(PYTHON) cannot create a venv; install it with: apt-get install -y python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

data: venv ## Ingest seeds/ into data/documents/
	$(BIN)/policysite ingest seeds/

site: data ## Build site/ from seeds/ (creates .venv, ingests, mkdocs build --strict)
	$(BIN)/policysite build
	@echo
	@echo "Built site/. To look at it:"
	@echo "  $(BIN)/python -m http.server -d site $(PORT)   then open http://localhost:$(PORT)/"
	@echo "  make serve                                    (live preview while editing)"
	@echo "  make offline                                  (a copy in site-offline/ that opens from disk, search included)"

serve: data ## Preview the site with live reload (policysite serve); rebuilds when data/curation, data/lexicon or seeds/ change
	$(BIN)/policysite serve --addr 127.0.0.1:$(PORT)

offline: data ## Build site-offline/: opens from disk (file://), search included
	$(BIN)/policysite build --offline --site-dir site-offline
	@echo
	@echo "Built site-offline/. Open site-offline/index.html in a browser, or copy the folder to a USB stick."

chromium: ## Make sure Debian chromium is installed (apt-get install as root)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian chromium (browser tests; Playwright never downloads a browser)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	else \
	  echo "Error: $(CHROMIUM) not found. The browser tests drive Debian chromium; install it with" >&2; \
	  echo "  sudo apt-get install -y chromium fonts-noto-cjk" >&2; \
	  echo "or point CHROMIUM=/path/to/chromium (and POLICYSITE_CHROMIUM for pytest) at another build." >&2; \
	  exit 1; \
	fi
	@test -x "$(CHROMIUM)" || { echo "Error: apt-get ran but $(CHROMIUM) is still missing" >&2; exit 1; }

test: venv chromium ## Build the site, then run make lint (ruff, mypy) and every test (browser tests included)
	@$(MAKE) site
	@# Lint and tests both run, so one CI run reports both; either failing fails the target.
	@lint=0; $(MAKE) lint || lint=$$?; \
	export POLICYSITE_CHROMIUM="$(CHROMIUM)"; set +e; \
	$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; set -e; \
	if [ $$rc -eq 5 ]; then \
	  echo "Error: pytest collected no tests (exit 5); tests/ must hold the test suite" >&2; exit 1; \
	fi; \
	if [ $$lint -ne 0 ]; then echo "Error: make lint (ruff, mypy) failed (see above)" >&2; fi; \
	if [ $$rc -ne 0 ]; then echo "Error: pytest failed (exit $$rc)" >&2; fi; \
	[ $$lint -eq 0 ] && [ $$rc -eq 0 ]

lint: venv ## ruff check, then mypy over the package (settings in pyproject.toml)
	@# Both run, so one run reports both; either failing fails the target.
	@rc=0; echo "$(BIN)/ruff check ."; $(BIN)/ruff check . || rc=1; \
	echo "$(BIN)/mypy"; $(BIN)/mypy || rc=1; exit $$rc

bench: venv chromium ## 100/300/1,000 documents next to plain Material; bench/results.json, bench/REPORT.md
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

ci: ## What .ci/run calls: exactly `make test`
	@$(MAKE) test

clean: ## Remove built sites, caches, bench results and screenshots (keeps .venv and data/)
	rm -rf site site-offline build dist .pytest_cache .hypothesis .ruff_cache bench/results.json bench/REPORT.md
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -print0 | xargs -0 rm -rf
	find tests/screenshots -name '*.png' -delete 2>/dev/null || true

distclean: clean ## clean, and remove .venv too
	rm -rf $(VENV)
