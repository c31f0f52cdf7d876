# The two commands of the README's quick start:
#   make run    set up .venv if needed, install linareader into it, launch the reader
#   make test   set up .venv with the test tools, then format check, lint, types, layers, tests
# Only python3 (3.11+) and make are needed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=
PYTEST_ARGS ?=

.PHONY: run test check lint format wheel bench clean i18n

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: linareader needs Python 3.11 or newer as '$(PYTHON)' (try: make PYTHON=python3.12 ...)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { rm -rf $(VENV); \
	  echo "make: '$(PYTHON) -m venv' does not work here; install the venv module first (Debian/Ubuntu: sudo apt install python3-venv)."; exit 1; }
	@$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml tests/constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]' -c tests/constraints.txt
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/linareader $(ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff format --check tui tests benchmarks
	$(BIN)/ruff check tui tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

check: test

format: $(VENV)/.test-installed
	$(BIN)/ruff format tui tests benchmarks
	$(BIN)/ruff check --fix tui tests benchmarks

# Re-extract every message of tui/ into the template, merge it into each catalogue (new
# messages arrive untranslated and the tests say which), then compile the .mo files.
LOCALE := tui/linareader/locale
i18n: $(VENV)/.test-installed
	$(BIN)/pybabel extract --no-location --sort-output -w 100 -k N_ -k pgettext:1c,2 \
	  --project linareader --copyright-holder "linareader" -o $(LOCALE)/linareader.pot tui
	$(BIN)/pybabel update -w 100 --no-fuzzy-matching --ignore-obsolete -D linareader \
	  -i $(LOCALE)/linareader.pot -d $(LOCALE)
	$(BIN)/pybabel compile --statistics -D linareader -d $(LOCALE)

bench: $(VENV)/.run-installed
	$(BIN)/python benchmarks/run.py $(ARGS)

wheel: $(VENV)/.test-installed
	$(BIN)/python -m pip wheel -q --no-deps -w dist .

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
