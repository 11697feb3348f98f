# crbook — two commands on a fresh machine (Python 3.11, make, git):
#   make book   build the executed HTML book
#   make test   run the whole test suite (crlib unit tests, doctests, nbval)
# The PDF edition and the release bundle (README, "PDF and release bundle"):
#   make tex-deps   install the TeX toolchain from Debian's packages (root or sudo)
#   make pdf        the whole book as one PDF, _build/crbook.pdf
#   make dist       dist/crbook-<version>.tar.gz + .sha256
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

.PHONY: help venv book test test-crlib test-notebooks refresh cache-guard browser-deps browser-test bench clean distclean \
        tex-deps pdf pdf-cache-guard dist pdf-test

help:
	@echo "make book          build the HTML book (executes every chapter, warnings are errors)"
	@echo "make test          crlib unit tests + doctests + nbval over notebooks/"
	@echo "make refresh       re-execute notebooks in place, storing fresh outputs"
	@echo "make browser-deps  install Debian's chromium and chromium-driver (apt-get, as root)"
	@echo "make browser-test  open every built page headless and offline, and check it"
	@echo "make bench         run the benchmarks in benchmarks/"
	@echo "make tex-deps      install the TeX toolchain for make pdf (Debian packages; root or sudo)"
	@echo "make pdf           the whole book as one PDF: $(PDF)"
	@echo "make dist          release bundle: $(DIST_ARCHIVE) and its .sha256"
	@echo "make pdf-test      check the PDF, the bundle, and the wheel in a clean venv"

venv: $(STAMP)

# pip and uv are pinned (not upgraded to whatever is newest).  uv installs the
# pinned requirements, bytecode compiled as pip would (42 s against pip's 73 s
# on the 2-core machine); setuptools and wheel come pinned from
# requirements.txt, and the editable install builds with them
# (--no-build-isolation), so every machine installs the same way.
UV := $(BIN)/python -m uv pip install --quiet --python $(BIN)/python
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==26.3 uv==0.13.9
	$(UV) --compile-bytecode -r requirements.txt
	$(UV) --no-deps --no-build-isolation -e .
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

# Stale notebooks are executed first, on every core, into the cache that the
# build reads (jupyter-book itself would execute them one after another).
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

book: cache-guard
	$(BIN)/python scripts/execute_notebooks.py $(JCACHE) --jobs $(JOBS)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is at $(CURDIR)/$(BUILD)/html/index.html"

# One process per core (pytest-xdist workers, notebooks executed in parallel): a BLAS
# thread pool in each would only oversubscribe the cores.
test book refresh test-crlib test-notebooks: export OPENBLAS_NUM_THREADS := 1
test book refresh test-crlib test-notebooks: export OMP_NUM_THREADS := 1

# One pytest session on every core (pytest-xdist).  --dist loadscope hands out whole
# modules, classes and notebooks: a notebook's cells run in order in one kernel on one
# worker, so nbval executes every notebook once.  Notebooks first: the long ones start
# early and the unit tests fill the other core.
PARALLEL := -n auto --dist loadscope

# nbval's execution of each chapter that passes is stored in the book's execution cache
# (notebooks/conftest.py), so a `make book` after `make test` renders without executing again.
test: cache-guard
	CRBOOK_EXECUTION_CACHE=$(abspath $(JCACHE)) \
	  $(BIN)/python -m pytest $(PARALLEL) --durations=5 $(NBVAL) notebooks crlib tests

test-crlib: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) crlib tests

test-notebooks: cache-guard
	CRBOOK_EXECUTION_CACHE=$(abspath $(JCACHE)) \
	  $(BIN)/python -m pytest $(PARALLEL) $(NBVAL) -o addopts="-ra" notebooks

refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py $(NB)

# Debian's chromium and chromium-driver, from the system's package manager only
# (CI runs as root); nothing is downloaded from anywhere else.
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
	    echo "chromium and chromedriver present"; \
	else \
	    DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	        chromium chromium-driver >/dev/null; \
	fi

# One headless Chromium per core (pytest-xdist); the page counts are summed over them.
browser-test: book
	$(BIN)/python -m pytest -o addopts="-ra" -n $(JOBS) browser_tests

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# ---- PDF edition -----------------------------------------------------------
# Jupyter Book's LaTeX builder (xelatex, through sphinx-jupyterbook-latex) in a
# build tree of its own, _build/pdf: its kernels draw figures as PDF (vector),
# so the notebooks are executed there once more, with their own cache.
VERSION := $(shell sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml)
PDFBUILD := $(BUILD)/pdf
PDFCACHE := $(PDFBUILD)/_build/.jupyter_cache
PDF := $(BUILD)/crbook.pdf
IPYTHON_PDF := $(PDFBUILD)/ipython
FIGURE_FORMATS := c.InlineBackend.figure_formats = {"pdf"}

tex-deps:
	@bash scripts/tex_deps.sh

pdf-cache-guard: $(STAMP)
	@mkdir -p $(PDFBUILD)
	@new=$$( (cat $(CACHE_INPUTS); echo '$(FIGURE_FORMATS)') | sha256sum | cut -d' ' -f1); \
	 old=$$(cat $(PDFBUILD)/.cache-inputs.sha256 2>/dev/null); \
	 if [ "$$new" != "$$old" ]; then \
	   echo "crlib, requirements or data changed: clearing the PDF build's execution cache"; \
	   rm -rf $(PDFCACHE) $(PDFBUILD)/_build/jupyter_execute $(PDFBUILD)/_build/.doctrees; \
	   echo "$$new" > $(PDFBUILD)/.cache-inputs.sha256; \
	 fi

pdf: tex-deps pdf-cache-guard
	@mkdir -p $(IPYTHON_PDF)/profile_default
	@echo '$(FIGURE_FORMATS)' > $(IPYTHON_PDF)/profile_default/ipython_kernel_config.py
	@rm -f $(PDFBUILD)/_build/latex/crbook.pdf
	IPYTHONDIR=$(abspath $(IPYTHON_PDF)) $(BIN)/python scripts/execute_notebooks.py $(PDFCACHE) --jobs $(JOBS)
	IPYTHONDIR=$(abspath $(IPYTHON_PDF)) $(BIN)/jupyter-book build . --builder pdflatex \
	  --path-output $(PDFBUILD) -W -n --keep-going
	@test -s $(PDFBUILD)/_build/latex/crbook.pdf
	cp $(PDFBUILD)/_build/latex/crbook.pdf $(PDF)
	@echo "The PDF is at $(CURDIR)/$(PDF) (LaTeX log: $(PDFBUILD)/_build/latex/crbook.log)"

# ---- Release bundle ----------------------------------------------------------
# One archive: the HTML book, the PDF, the executed notebooks, crlib's wheel and
# sdist, the citation metadata.  Deterministic tar options, so two bundles of
# the same files have the same checksum.
DISTDIR := dist
DIST_NAME := crbook-$(VERSION)
DIST_ARCHIVE := $(DISTDIR)/$(DIST_NAME).tar.gz
DIST_STAGE := $(DISTDIR)/$(DIST_NAME)

dist: book pdf
	@cff=$$(sed -n 's/^version: *//p' CITATION.cff | tr -d '"'); \
	 if [ "$$cff" != "$(VERSION)" ]; then \
	   echo "CITATION.cff says version $$cff, pyproject.toml $(VERSION): make them agree"; exit 1; fi
	rm -rf $(DIST_STAGE) $(DIST_ARCHIVE) $(DIST_ARCHIVE).sha256
	mkdir -p $(DIST_STAGE)/python $(DIST_STAGE)/notebooks
	cp -r $(BUILD)/html $(DIST_STAGE)/html
	cp $(PDF) $(DIST_STAGE)/$(DIST_NAME).pdf
	cp $(BUILD)/jupyter_execute/notebooks/*.ipynb $(DIST_STAGE)/notebooks/
	cp CITATION.cff LICENSE README.md references.bib $(DIST_STAGE)/
	$(BIN)/python -c 'import sys, setuptools.build_meta as b; b.build_sdist(sys.argv[1])' $(DIST_STAGE)/python
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w $(DIST_STAGE)/python \
	  $(DIST_STAGE)/python/crlib-$(VERSION).tar.gz
	cd $(DIST_STAGE) && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C $(DISTDIR) -cf - $(DIST_NAME) \
	  | gzip -n > $(DIST_ARCHIVE)
	cd $(DISTDIR) && sha256sum $(DIST_NAME).tar.gz > $(DIST_NAME).tar.gz.sha256
	@du -h $(DIST_ARCHIVE); cat $(DIST_ARCHIVE).sha256

# The PDF and the bundle, checked (pdftotext and friends from poppler-utils,
# which make tex-deps installs); the wheel is installed in a fresh venv.
pdf-test: $(STAMP)
	$(BIN)/python -m pytest -o addopts="-ra" -p no:cacheprovider pdf_tests

clean:
	rm -rf $(BUILD) $(DISTDIR)

distclean: clean
	rm -rf $(VENV)
