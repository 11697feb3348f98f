# crbook — two commands on a fresh machine (Python 3.11, make, git):
#   make book   build the executed HTML book
#   make test   run the whole test suite (crlib unit tests, doctests, nbval)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := _build
JCACHE := $(BUILD)/.jupyter_cache
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env
# Execution depends on more than the code cells that jupyter-cache hashes.
CACHE_INPUTS := requirements.txt pyproject.toml $(shell find crlib -name '*.py' -o -name '*.json' -o -name '*.csv' | sort)

.PHONY: help venv book test test-crlib test-notebooks refresh cache-guard browser-test bench clean distclean

help:
	@echo "make book          build the HTML book (executes every chapter, warnings are errors)"
	@echo "make test          crlib unit tests + doctests + nbval over notebooks/"
	@echo "make refresh       re-execute notebooks in place, storing fresh outputs"
	@echo "make browser-test  open every built page headless and offline, and check it"
	@echo "make bench         run the benchmarks in benchmarks/"

venv: $(STAMP)

# pip is pinned (not upgraded to whatever is newest); setuptools and wheel come
# pinned from requirements.txt, and the editable install builds with them
# (--no-build-isolation), so every machine installs the same way.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# jupyter-cache keys on code cells only: a change to crlib, the pins or the
# data files would otherwise serve stale outputs.  Wipe the cache when their
# hash changes.
cache-guard: $(STAMP)
	@mkdir -p $(BUILD)
	@new=$$(cat $(CACHE_INPUTS) | sha256sum | cut -d' ' -f1); \
	 old=$$(cat $(BUILD)/.cache-inputs.sha256 2>/dev/null); \
	 if [ "$$new" != "$$old" ]; then \
	   echo "crlib, requirements or data changed: clearing the execution cache"; \
	   rm -rf $(JCACHE) $(BUILD)/jupyter_execute $(BUILD)/.doctrees; \
	   echo "$$new" > $(BUILD)/.cache-inputs.sha256; \
	 fi

book: cache-guard
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is at $(CURDIR)/$(BUILD)/html/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest crlib tests
	$(BIN)/python -m pytest $(NBVAL) -o addopts="-ra" notebooks

test-crlib: $(STAMP)
	$(BIN)/python -m pytest crlib tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) -o addopts="-ra" notebooks

refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py $(NB)

browser-test: book
	$(BIN)/python -m pytest -o addopts="-ra" browser_tests

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV)
