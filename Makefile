# bookclean: every target creates .venv and installs what it needs on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
IN     ?= fixtures/cases
OUT    ?= out
ARGS   ?=

.PHONY: help install clean-text test golden lint format bench fuzz check-quality clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "bookclean needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install bookclean with its test tools

clean-text: $(STAMP) ## clean the books in IN (default: the bundled samples) into OUT (default: out)
	$(PY) -m pipeline clean $(IN) -o $(OUT) $(ARGS)

test: $(STAMP) ## run the tests: unit tables, doctests, properties, golden files
	$(PY) -m pytest

golden: $(STAMP) ## rewrite the expected outputs of fixtures/cases; review with git diff fixtures/
	$(PY) -m pytest tests/test_goldens.py --update-goldens -q
	@git --no-pager diff --stat -- fixtures/ || true

lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## ruff format and autofix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP) ## run the benchmarks and print figures and ratios
	$(PY) -m bench

fuzz: $(STAMP) ## fuzz the text stages and PDF extraction for FUZZ_SECONDS (default 600)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} $(PY) -m tests.fuzz_targets

check-quality: $(STAMP) ## clean the fixtures into a fresh folder and check them against the goldens
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "$(PY) -m pipeline clean fixtures/cases -o $$tmp -q" && \
	$(PY) -m pipeline clean fixtures/cases -o "$$tmp" -q && \
	echo "$(PY) -m pipeline check fixtures/cases $$tmp --fail-on worse $(ARGS)" && \
	$(PY) -m pipeline check fixtures/cases "$$tmp" --fail-on worse $(ARGS)

clean: ## remove caches and build files (never OUT)
	rm -rf .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
