# The README's quick start is two commands:
#   make serve   install what is missing, build, serve on http://127.0.0.1:8000 (live reload)
#   make test    install what is missing, then run every check
# Installs are stamped: a second run with nothing changed reinstalls nothing.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYODIDE_WHEELS := .cache/pyodide-wheels
PYODIDE_STAMP := $(PYODIDE_WHEELS)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install browser libreoffice site serve test lint typecheck pyodide-test pytest bench clean

help:
	@echo "make serve   build the site and serve it on http://127.0.0.1:8000 (live reload)"
	@echo "make test    run every check (lint, types, engine tests in CPython and Pyodide,"
	@echo "             site build, browser tests in Chromium)"
	@echo "make bench   measure load and recompute times, page weight, build time, Lighthouse,"
	@echo "             and the indicators engines on 1,000,000 records"

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium for the browser tests, installed only when no Chromium is found.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# LibreOffice (headless Calc) recomputes the XLSX export in tests/test_xlsx_libreoffice.py;
# installed only when no soffice is found.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's libreoffice-calc-nogui for the XLSX recalculation test"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui; }

# Pure-Python wheels of pytest and friends, loaded into Pyodide for the engine tests.
$(PYODIDE_STAMP): tests/pyodide/requirements.txt | $(PY_STAMP)
	rm -rf $(PYODIDE_WHEELS)
	$(BIN)/python -m pip download --disable-pip-version-check -q --no-deps --only-binary=:all: \
	  --platform any --python-version 3.14 --implementation py \
	  -d $(PYODIDE_WHEELS) -r tests/pyodide/requirements.txt
	@touch $@

site: install
	$(BIN)/mkdocs build --strict

serve: install
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000 --livereload

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(PY_STAMP)
	$(BIN)/mypy

# The engine's tests inside Pyodide on Node, against the very wheel the site ships.
pyodide-test: site $(PYODIDE_STAMP)
	node tests/pyodide/run.mjs $$(ls site/assets/wheels/*/gpp_core-*-py3-none-any.whl) $(PYODIDE_WHEELS)

pytest: site browser libreoffice
	$(BIN)/python -m pytest

test: install browser libreoffice lint typecheck pyodide-test pytest

bench: site browser
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_indicators.py

clean:
	rm -rf site build dist .cache .pytest_cache .mypy_cache .ruff_cache
