# Directive Ledger: build and test tooling (GNU make).
# Every target calls the tools in .venv/bin directly: no need to activate the venv.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

# The interpreter for .venv: the distribution's CPython when it is 3.11 or newer with venv
# (Debian builds it with PGO and LTO: the ledger spends about a fifth less CPU per write
# than on an unoptimised build such as pyenv's default, see docs/benchmarks.md), else
# python3 on PATH. `make PYTHON=/path/to/python3` chooses another.
PYTHON ?= $(or $(shell for p in /usr/bin/python3 python3; do \
	if $$p -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done),python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PGTEST := .pgtest
# Not spelled $(MAKE) in recipes: with .ONESHELL, `make -n` would run the whole recipe.
SUBMAKE = $(MAKE) --no-print-directory
# Extra pytest arguments for `make test`, e.g. make test PYTEST_ARGS='-x -k audit'
PYTEST_ARGS ?=
# `make bench FULL=1` runs the benchmarks at full size.
FULL ?=

.PHONY: help venv demo test lint format typecheck bench features clean

help:
	@echo "make venv       create .venv and install the project with its dev tools"
	@echo "make demo       load the sample ledger and serve it on http://127.0.0.1:8000"
	@echo "make test       lint, typecheck and all tests (starts a throwaway PostgreSQL;"
	@echo "                as root, installs the Debian packages the tests need)"
	@echo "make lint       ruff check, ruff format --check and the import-linter floors"
	@echo "make format     ruff format and ruff check --fix"
	@echo "make typecheck  mypy"
	@echo "make bench      run benchmarks/*.py (--quick; FULL=1 for full size)"
	@echo "make features   run the Gherkin features, print them, write test-artifacts/features.html"
	@echo "make clean      remove caches and build output (keeps .venv and var/)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	PYTHON='$(PYTHON)' bash scripts/prerequisites.sh venv
	if [ ! -x $(BIN)/python ]; then $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

# Each of demo and test first checks the system packages it needs (installing them as
# root, else stopping at once with the packages to install: scripts/prerequisites.sh),
# then makes .venv: a missing package is named before minutes go into pip.
demo:
	@PYTHON='$(PYTHON)' bash scripts/prerequisites.sh demo
	$(SUBMAKE) -s venv
	$(BIN)/directive-ledger demo

# The cluster is stopped and removed whatever happens (failure, Ctrl-C); the recipe
# exits with pytest's status (make itself then reports failure with status 2).
test:
	@PYTHON='$(PYTHON)' bash scripts/prerequisites.sh test
	$(SUBMAKE) -s venv
	mkdir -p $(PGTEST)
	pgdir=$$(mktemp -d "$(CURDIR)/$(PGTEST)/run.XXXXXX")
	stop_cluster() { bash scripts/pg-cluster.sh stop "$$pgdir" || true; }
	trap 'rc=$$?; stop_cluster; exit $$rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	LEDGER_TEST_POSTGRES_URL=$$(bash scripts/pg-cluster.sh start "$$pgdir")
	export LEDGER_TEST_POSTGRES_URL
	# The password is the throwaway cluster's, but no password is ever printed.
	echo "PostgreSQL for the tests: $$LEDGER_TEST_POSTGRES_URL" | sed -E 's#(://[^:/@]*:)[^@]*@#\1***@#'
	export PATH="$(CURDIR)/$(BIN):$$PATH"
	$(SUBMAKE) lint
	$(SUBMAKE) typecheck
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS) tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	@shopt -s nullglob
	failed=()
	for script in benchmarks/*.py; do
		echo "=== $$script $(if $(filter 1,$(FULL)),(full size),--quick)"
		$(BIN)/python "$$script" $(if $(filter 1,$(FULL)),,--quick) || failed+=("$$script")
		echo
	done
	if (( $${#failed[@]} )); then echo "failed: $${failed[*]}" >&2; exit 1; fi

# The Gherkin features only: each scenario printed as readable text with its result, then
# a living-documentation page (test-artifacts/features.html) built from the Cucumber JSON.
# The page is written even when a scenario fails; the target then fails with pytest.
features: $(STAMP)
	mkdir -p test-artifacts
	rc=0
	$(BIN)/pytest -p no:cacheprovider -vv --gherkin-terminal-reporter \
		--cucumber-json=test-artifacts/features.json $(PYTEST_ARGS) tests/bdd || rc=$$?
	$(BIN)/python scripts/features_report.py test-artifacts/features.json test-artifacts/features.html
	exit $$rc

clean:
	@shopt -s nullglob
	for dir in $(PGTEST)/*/; do bash scripts/pg-cluster.sh stop "$$dir" || true; done
	rm -rf $(PGTEST) build dist test-artifacts .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d \
		-print0 | xargs -0 rm -rf
