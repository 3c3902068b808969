# The two set-up commands of the README (`make run`, `make test`) create what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the site answers for and writes into its links (site/config.py); set it to
# the address browsers use, e.g. `make run HOST=0.0.0.0 BASE_URL=http://192.0.2.10:8000`.
BASE_URL ?= http://$(HOST):$(PORT)
FIXTURE := fixtures/community-dump.txt
# Audit tools the browser tests run (tests/browser/test_audits.py), from the npm registry into
# a folder git ignores. Lighthouse 12 runs on Debian's Node 18; vnu.jar on Debian's Java.
NODE_TOOLS := $(VENV)/node
AUDIT_NPM := lighthouse@12.8.2 vnu-jar@26.9.27

.PHONY: run test test-fast test-postgres lint bench clean

$(VENV)/.runtime: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi import --if-empty $(FIXTURE)
	HOST=$(HOST) PORT=$(PORT) BASE_URL=$(BASE_URL) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Without npm (a laptop) the audits that need these skip and say why; CI installs npm.
$(VENV)/.audit-tools: $(VENV)/.test Makefile
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(NODE_TOOLS) --save-exact --no-audit --no-fund --loglevel=error $(AUDIT_NPM) \
	    && touch $@; \
	else echo "npm is not installed: the Lighthouse and Nu HTML Checker audits will skip" >&2; fi

# The SQLite half always; the PostgreSQL half too where TEST_POSTGRES_URL names a server.
test: $(VENV)/.test $(VENV)/.audit-tools
	$(BIN)/python -m pytest
	@if [ -n "$$TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

# The tests that need no served process, browser, nginx or PostgreSQL (under a minute), with a
# shorter fuzz run; `make test` runs everything.
test-fast: $(VENV)/.test
	FUZZ_EXAMPLES=300 $(BIN)/python -m pytest -q -m "not browser and not served and not postgres_only"

test-postgres: $(VENV)/.test $(VENV)/.audit-tools
	@test -n "$$TEST_POSTGRES_URL" || { echo 'set TEST_POSTGRES_URL, e.g. eval "$$(.ci/start-postgres)"' >&2; exit 1; }
	TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# One after another: two benchmarks never share the machine.
bench: $(VENV)/.test
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis artifacts
