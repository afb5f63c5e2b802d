# Two commands on a fresh clone with only Python 3.11+ installed:
#   make run    creates .venv, installs s55bot, runs it (HTTP mode, port $PORT or 3000);
#               with no Slack settings, the local sandbox at http://127.0.0.1:3000/ instead
#   make test   creates .venv, installs s55bot with its test tools, runs every test
#               (SQLite and PostgreSQL; PostgreSQL must answer at S55_TEST_POSTGRES_URL)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
S55_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export S55_TEST_POSTGRES_URL

.PHONY: run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/s55bot start

test: $(BIN)/.installed
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(BIN)/.installed
	$(BIN)/python -m bench.ack_latency

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
