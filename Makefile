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

.PHONY: demo test fuzz lint typecheck install install-test system-deps runtime-deps samples goldens clean help

help:
	@echo "make demo    - install c2e in $(VENV) and convert samples/ into $(OUT)/"
	@echo "make test    - install test dependencies (chromium, scorm-again), lint, type-check, run the whole suite"
	@echo "make fuzz    - fuzz every extractor for FUZZ_SECONDS each (default 300); keeps crashes in fuzz/crashes/"
	@echo "make lint    - ruff: unused names, syntax errors, import order, bugbear, pyupgrade"
	@echo "make typecheck - mypy --strict (configured in pyproject.toml)"
	@echo "make samples - regenerate the sample course material in samples/"
	@echo "make goldens - rewrite the golden files after an intended change (review the diff!)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "c2e needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"

$(VENV)/.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[all]"
	@touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.stamp-install

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-test system-deps runtime-deps

# Debian packages the tests use: chromium (runtime tests) and LibreOffice headless (legacy formats).
DEBIAN_PACKAGES := chromium libreoffice-impress-nogui libreoffice-writer-nogui

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
	@for f in $(SAMPLES); do $(BIN)/c2e convert "$$f" -o $(OUT) || exit $$?; done
	@echo "packages in $(OUT)/:"; ls -l $(OUT)

# The linter and the type checker run first: a finding fails the build before any test runs.
test: install-test lint typecheck
	$(BIN)/pytest -n $(JOBS) $(PYTEST_ARGS)

# Rules in pyproject.toml ([tool.ruff]); the tools are pinned in the test extra.
lint: $(VENV)/.stamp-test
	$(BIN)/ruff check converter extractors packagers tests samples fuzz

# Strict mypy over the packages named in pyproject.toml ([tool.mypy] files), with the pydantic plugin.
typecheck: $(VENV)/.stamp-test
	$(BIN)/mypy

fuzz: install-test
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS) $(FUZZ_ARGS)

samples: install-test
	$(BIN)/python samples/make_samples.py

goldens: install-test
	C2E_UPDATE_GOLDENS=1 $(BIN)/pytest tests/test_goldens.py tests/test_model.py
	@git --no-pager diff --stat -- tests/goldens converter/model/schema

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
