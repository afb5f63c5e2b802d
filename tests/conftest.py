"""Shared fixtures: a migrated database on SQLite and on PostgreSQL; the reference group.

PostgreSQL tests run when S55_TEST_POSTGRES_URL names a server (``make test`` and CI set it).
If it is set and the server does not answer, the run fails: it never quietly skips.

The tests marked ``reference`` read the reference corpus in ``../shared`` (tests/paths.py). Where it
is missing they are not run, and the run says so in one line; in CI (``CI=true``) a missing corpus
fails the run instead, before any test starts.

Under pytest-xdist (``make test`` runs four workers) each worker is its own session: its own
temporary folders, its own SQLite file and its own PostgreSQL database (named after it), each
emptied before every test that asks for ``database``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalise_url
from storage.models import Base
from tests.paths import SHARED, reference_corpus_present

# The real bot over real HTTP against the stand-in: the `bot` and `slack` fixtures.
pytest_plugins = ["tests.e2e"]

POSTGRES_ENV = "S55_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
REFERENCE = "reference"
NOT_RUN_KEY = "s55_reference_not_run"  # a worker tells the controller how many it left out
NOT_FOUND = "reference corpus not found beside the repository"


# ---- the reference group ----------------------------------------------------------------------
def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_not_run] = 0
    if in_ci() and not _is_worker(config) and not reference_corpus_present():
        raise pytest.UsageError(
            f"{NOT_FOUND} ({SHARED}): CI runs the reference tests, so CI=true needs it there"
        )


_not_run = pytest.StashKey[int]()


# The files whose tests take longest (a browser, processes killed and restarted, faults that
# wait out timeouts; from `--durations`): run first. Order only: nothing is skipped, and a file
# missing from the list runs in its usual place. Under `--dist worksteal` all of them fall in the
# first worker's share (each worker is given a contiguous quarter), which works through them
# while the others, as they finish their own, take over the back of its queue: what is left at
# the end can still be a test that waits out a timeout. Dealing them out among the four
# quarters instead was measured (README: Tests): the cores' idle time moved from the last
# half-minute to the first minute, no less in all, so this order stays.
SLOWEST_FIRST = (
    "tests/bot/runtime/sandbox/test_story_in_a_browser.py",
    "tests/bot/runtime/sandbox/test_first_hour_in_a_browser.py",
    "tests/faults/test_followups_after_commit.py",
    "tests/faults/test_database_faults.py",
    "tests/bot/reminders/test_remind_process.py",
    "tests/faults/test_fuzz_input.py",
    "tests/bot/documents/compliance/test_charts.py",
    "tests/faults/test_report_after_commit.py",
    "tests/bot/runtime/test_socket.py",
    "tests/bot/runtime/test_cli.py",
    "tests/bot/inbox/test_inbox.py",
    "tests/bot/reminders/test_action_nudges.py",
    "tests/bot/reminders/test_reminders.py",
    "tests/bot/standin/test_socket_mode.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _slowest_first(items)
    _leave_out_the_reference_group_without_its_corpus(config, items)


def _slowest_first(items: list[pytest.Item]) -> None:
    rank = {path: n for n, path in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def _leave_out_the_reference_group_without_its_corpus(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Without the corpus, the reference tests are left out (deselected, not failed)."""
    if reference_corpus_present():
        return
    left_out = [item for item in items if item.get_closest_marker(REFERENCE)]
    if not left_out:
        return
    items[:] = [item for item in items if not item.get_closest_marker(REFERENCE)]
    config.hook.pytest_deselected(items=left_out)
    config.stash[_not_run] = len(left_out)
    if _is_worker(config):
        config.workeroutput[NOT_RUN_KEY] = len(left_out)  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """A worker's count of reference tests left out (every worker collects them all)."""
    output = getattr(node, "workeroutput", {}) or {}
    config = getattr(node, "config", None)
    if config is not None and NOT_RUN_KEY in output:
        config.stash[_not_run] = max(config.stash.get(_not_run, 0), int(output[NOT_RUN_KEY]))


def pytest_terminal_summary(terminalreporter: object, config: pytest.Config) -> None:
    not_run = config.stash.get(_not_run, 0)
    if not_run and not _is_worker(config):
        terminalreporter.write_line(f"{NOT_FOUND}: {not_run} tests not run")  # type: ignore[attr-defined]


# ---- databases --------------------------------------------------------------------------------
def worker_name() -> str:
    """``gw0``, ``gw1``… under pytest-xdist; ``main`` in a single process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throwaway database on the PostgreSQL server, created for this test run."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set (make test sets it)")
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    name = f"s55_test_{worker_name()}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as failure:  # whatever the driver says, the server is not usable
        pytest.fail(f"PostgreSQL at {server} is unreachable: {failure}", pytrace=False)
    url = make_url(normalise_url(server)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server_url: str) -> Iterator[Database]:
    db = Database(postgres_server_url)
    db.migrate()
    yield db
    db.dispose()


# Dependants before what they depend on, so that each DELETE leaves no row pointing nowhere.
_EMPTIED = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name != "office"]


def _empty(db: Database) -> None:
    """As migrated: no records, and only the office the migration made (storage.models); each
    table's ids from 1 again.

    DELETE, not TRUNCATE: a test leaves a handful of rows, and TRUNCATE gives each of the 19
    tables new files on disk (and syncs them), 160-230 ms a test against 4 ms; over the
    suite's thousand PostgreSQL tests that was minutes of waiting on the disk."""
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as connection:
        for name in _EMPTIED:
            connection.execute(text(f"DELETE FROM {name}"))
        connection.execute(text("DELETE FROM office WHERE id != 1"))
        if postgres:
            # What RESTART IDENTITY did: every table's sequence starts again (setval with
            # is_called false: the next id is 1); the office's stays past the migration's row 1.
            # SQLite needs nothing: its tables have no AUTOINCREMENT, so an emptied table's
            # next rowid is 1.
            connection.execute(
                text(
                    "SELECT setval(c.oid, 1, false) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'S' AND n.nspname = current_schema()"
                )
            )
            connection.execute(text("SELECT setval(pg_get_serial_sequence('office', 'id'), 1)"))
        connection.execute(
            text(
                "UPDATE office SET team_id = NULL, team_name = NULL, settings = '{}', "
                "installed_by = NULL, uninstalled_at = NULL, erase_after = NULL, "
                "token_claimed_by = NULL, token_claimed_until = NULL"
            )
        )


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once for this session (this worker), for the tests that need a
    file of their own (a sandbox, an outage, a file damaged): a copy is the same bytes a
    migration would write, without migrating every time (0.3 s of CPU each)."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    # WAL mode: the last connection closed checkpoints the log into the file and removes it.
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(scope="session")
def migrated_sqlite_at(migrated_sqlite_file: Path) -> Callable[[Path], Database]:
    """A SQLite database of a test's own at a path of its choosing (an outage, a cut commit, a
    file the CLI reads): a copy of the migrated file, as migrating it would write it."""

    def at(path: Path) -> Database:
        shutil.copyfile(migrated_sqlite_file, path)
        return Database(f"sqlite:///{path}")

    return at


@pytest.fixture(scope="session")
def migrated_sqlite(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_at: Callable[[Path], Database]
) -> Iterator[Database]:
    """This worker's SQLite database, kept for all its tests and emptied before each, as the
    PostgreSQL one is. One engine for the session: SQLAlchemy compiles each statement once per
    engine, and a new file and engine every test compiled them all again (a quarter of a SQLite
    test's CPU; README: Tests)."""
    db = migrated_sqlite_at(tmp_path_factory.mktemp("sqlite") / "s55bot.db")
    yield db
    db.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty, migrated database: this worker's SQLite file or its PostgreSQL database,
    emptied before the test."""
    db = request.getfixturevalue(
        "migrated_sqlite" if request.param == "sqlite" else "migrated_postgres"
    )
    _empty(db)
    yield db
