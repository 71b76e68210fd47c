# The two commands a newcomer runs on a fresh machine:
#   make run   installs into .venv and runs tidings on the bundled example corpus (writes ./tidings.duckdb)
#   make test  installs (with the dev extras) and runs the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev browser run test test-fast eval train bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

# The dashboard's browser tests drive Debian's Chromium through Playwright (never `playwright install`,
# which downloads a browser).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

run: install
	$(BIN)/tidings run examples/corpus --manifest examples/corpus/manifest.csv --db tidings.duckdb

test: install-dev browser
	$(BIN)/python -m pytest -q

test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not slow"

eval: install-dev
	$(BIN)/python -m tidings.eval.dev

# Refit the learned sentence classifier (codebook/data/models/sentence_type.npz) on ../shared/dev; parses
# the training stories first (several minutes).
train: install-dev
	$(BIN)/python -m tidings.eval.train

bench: install-dev
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_coder.py

clean:
	rm -rf $(VENV) tidings.duckdb tidings.duckdb.wal .pytest_cache
