# classroom-to-elearning: `make demo` converts the samples into out/, `make test` runs the whole suite.
# Both install what they need on a fresh machine (a virtual environment, and for tests Debian's chromium
# and the npm packages of the LMS runtime). Versions are pinned in pyproject.toml and tests/runtime/.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out
SAMPLES := $(wildcard samples/*.pptx samples/*.docx samples/*.pdf)
PYTEST_ARGS ?=
JOBS ?= 2

FUZZ_SECONDS ?= 300
FUZZ_ARGS ?=

# The real LRS the xAPI and cmi5 runtime tests send statements to (tests/runtime/lrs.py): ralph, in its own
# environment because it pins click, pydantic and fastapi versions unlike ours. requests: ralph imports it at start.
LRS_VENV ?= .venv-lrs
LRS_PACKAGES := "ralph-malph[cli,lrs]==5.1.0" "requests==2.32.3"

# The benchmark's own environment: c2e plus the peers it is measured against (never c2e's dependencies).
BENCH_VENV ?= .venv-bench
BENCH_BIN := $(BENCH_VENV)/bin
BENCH_ARGS ?=
BENCH_PEERS := "markitdown[pptx,docx,pdf]==0.1.9" "psutil==7.2.2" "python-docx==1.2.0" "reportlab==4.4.4"

.PHONY: demo test conformance fuzz bench lint typecheck install install-test system-deps runtime-deps lrs-deps samples \
  goldens clean help a11y-corpus screenshots

help:
	@echo "make demo    - install c2e in $(VENV) and convert samples/ (each file: the whole journey; samples/course.toml:"
	@echo "               every format) into $(OUT)/"
	@echo "make test    - install test dependencies (chromium, scorm-again), lint, type-check, run the whole suite"
	@echo "make conformance - every package of every sample and corpus file, in every standard, through c2e validate"
	@echo "               (make test checks the samples and a spread of the corpus; this checks all of it)"
	@echo "make fuzz    - fuzz every extractor for FUZZ_SECONDS each (default 300); keeps crashes in fuzz/crashes/"
	@echo "make bench   - time c2e against markitdown and a parse-only floor on generated inputs, in $(BENCH_VENV),"
	@echo "               batch throughput, and c2e serve under load (200 conversions, 20 concurrent clients)"
	@echo "               (several minutes; BENCH_ARGS=\"--quick\" for a smoke run); writes bench/results.json"
	@echo "make lint    - ruff: unused names, syntax errors, import order, bugbear, pyupgrade"
	@echo "make typecheck - mypy --strict (configured in pyproject.toml)"
	@echo "make samples - regenerate the sample course material in samples/"
	@echo "make goldens - rewrite the golden files after an intended change (review the diff!)"
	@echo "make a11y-corpus - axe-core on every screen of every corpus deck at 375x667 and 1280x800 (slow)"
	@echo "make screenshots - rewrite the player screenshots in docs/screenshots/ (shown in the README)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "c2e needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"

$(VENV)/.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[all]"
	@touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,dask]"
	@touch $@ $(VENV)/.stamp-install

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-test system-deps runtime-deps lrs-deps

lrs-deps: $(LRS_VENV)/.stamp-lrs

$(LRS_VENV)/.stamp-lrs: Makefile
	$(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet --upgrade "pip==26.3"
	$(LRS_VENV)/bin/pip install --quiet $(LRS_PACKAGES)
	@touch $@

# Debian packages the tests use: chromium (runtime tests), LibreOffice headless (legacy formats), Tesseract (OCR).
DEBIAN_PACKAGES := chromium libreoffice-impress-nogui libreoffice-writer-nogui \
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-heb tesseract-ocr-ara

system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null; \
	fi

runtime-deps: tests/runtime/node_modules/.package-lock.json

tests/runtime/node_modules/.package-lock.json: tests/runtime/package.json tests/runtime/package-lock.json
	npm ci --prefix tests/runtime --no-audit --no-fund --loglevel=error
	@touch $@

demo: install
	@mkdir -p $(OUT)
	@for f in $(SAMPLES); do $(BIN)/c2e convert "$$f" -o $(OUT) || exit $$?; done  # each: the whole journey
	$(BIN)/c2e convert samples/course.toml -o $(OUT) --format all --micro-packages  # every standard
	@echo "packages in $(OUT)/:"; ls -l $(OUT)

# The linter and the type checker run first: a finding fails the build before any test runs.
test: install-test lint typecheck
	$(BIN)/pytest -n $(JOBS) $(PYTEST_ARGS)

# The whole corpus in every standard through c2e validate (make test runs a spread of it: see the test's docstring).
conformance: install-test
	C2E_CONFORMANCE=all $(BIN)/pytest -n $(JOBS) tests/test_conformance.py $(PYTEST_ARGS)

$(BENCH_BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "c2e needs Python >= 3.11")'
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/python -m pip install --quiet --upgrade "pip==26.3"

$(BENCH_VENV)/.stamp-bench: pyproject.toml Makefile | $(BENCH_BIN)/python
	$(BENCH_BIN)/pip install --quiet -e ".[all,serve]" $(BENCH_PEERS)
	@touch $@

bench: $(BENCH_VENV)/.stamp-bench
	$(BENCH_BIN)/python bench/run.py $(BENCH_ARGS)

# Rules in pyproject.toml ([tool.ruff]); the tools are pinned in the test extra.
lint: $(VENV)/.stamp-test
	$(BIN)/ruff check converter extractors packagers tests samples fuzz bench

# Strict mypy over the packages named in pyproject.toml ([tool.mypy] files), with the pydantic plugin.
typecheck: $(VENV)/.stamp-test
	$(BIN)/mypy

# axe-core over every corpus deck: kept out of `make test` (the a11y_corpus marker) because it takes long.
a11y-corpus: install-test
	$(BIN)/pytest -n $(JOBS) -m a11y_corpus tests/test_corpus_a11y.py $(PYTEST_ARGS)

screenshots: install-test
	$(BIN)/python tests/runtime/screenshots.py

fuzz: install-test
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS) $(FUZZ_ARGS)

samples: install-test
	$(BIN)/python samples/make_samples.py

goldens: install-test
	C2E_UPDATE_GOLDENS=1 $(BIN)/pytest -p no:xdist tests/test_goldens.py tests/test_model.py tests/test_journey_data.py \
	  "tests/test_corpus_packages.py::test_robustness_file_ends_in_a_package_or_a_typed_error"
	@git --no-pager diff --stat -- tests/goldens converter/model/schema

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
