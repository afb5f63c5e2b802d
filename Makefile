# Two commands on a fresh clone with only Python 3.11+ installed:
#   make run    creates .venv, installs s55bot (what running needs, nothing more), runs it (HTTP
#               mode, port $PORT or 3000); with no Slack settings, the local sandbox at
#               http://127.0.0.1:3000/ instead
#   make test   adds the test tools to .venv, runs every test in parallel (pytest-xdist; SQLite
#               and PostgreSQL; PostgreSQL must answer at S55_TEST_POSTGRES_URL)
# The recipes are silent: `make run` prints the bot's own line and nothing else (pip says only
# what went wrong).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --quiet --disable-pip-version-check
S55_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export S55_TEST_POSTGRES_URL
# Four workers on two cores: most tests spend part of their time waiting (an HTTP round trip, a
# browser, a process, a timeout), which another worker fills; the slowest files go first and an
# idle worker takes over another's queue (worksteal). README: Tests.
TEST_WORKERS ?= 4

.PHONY: run test lint bench clean

# Two stamps: running installs the runtime dependencies only; the test tools (pytest, Playwright,
# ruff, ...) come with `make test`, on top of them.
$(BIN)/.installed-run: pyproject.toml
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip
	@$(PIP) install -e .
	@touch $@

$(BIN)/.installed-test: $(BIN)/.installed-run
	@$(PIP) install -e '.[test]'
	@touch $@

run: $(BIN)/.installed-run
	@$(BIN)/s55bot start

# Bytecode cached even where the environment says not to (PYTHONDONTWRITEBYTECODE, as in some
# containers): otherwise each worker compiles and assertion-rewrites every test file again (4 s
# of CPU a worker to collect), and each `s55bot` process the tests start compiles the bot's
# modules again (0.07 s each).
test: $(BIN)/.installed-test
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(BIN)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# The benches of issue 28, each printing its figures beside its baseline (bare Bolt, a plain
# slack_sdk client, Slack's floor, one office, SELECT *), on PostgreSQL databases of their own
# beside S55_TEST_POSTGRES_URL's (s55_bench, s55_bench_scale, s55_bench_ack: created once,
# reused; the scale data is built once), posting unpaced but for the rated pass. Under 10 minutes on two cores.
bench: $(BIN)/.installed-test
	$(BIN)/python -m bench.scale
	$(BIN)/python -m bench.reminder_pass --sizes 1000 10000
	$(BIN)/python -m bench.offices --offices 50 --open 100
	$(BIN)/python -m bench.ack_latency --requests 50 --modes 'in-process,1 worker,2 workers' \
		--database-url $$($(BIN)/python -m bench s55_bench_ack)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
