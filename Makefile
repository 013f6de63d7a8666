# The two commands a new user needs: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "surgebench needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Migrate the database, load the demo data once, and serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/surgebench db upgrade
	$(BIN)/surgebench fixtures load
	$(BIN)/surgebench serve

## The whole test suite (SQLite always, PostgreSQL when reachable); exit 0 only if all passed
test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider

## Debian's Chromium, installed once per machine when missing (about a minute)
$(CHROMIUM):
	@echo "$(CHROMIUM) is missing: installing Debian's chromium for the browser tests"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
	test -x $(CHROMIUM)

## ruff's checks, its formatting (checked, never applied) and mypy (strict on the solver and lib/)
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/solver_bench.py --families S M

clean:
	rm -rf $(VENV) var
