"""Each `s55bot` command starts with what it uses and no more (bot/runtime/cli.py): the tests
start hundreds of these processes, and an operator waits for every one.

A command runs in its own process, through ``main`` as the console script calls it, and says
which of the heavy libraries it had loaded by the end: alembic only to migrate, psycopg only
for a PostgreSQL URL, matplotlib only to draw, Bolt only to serve Slack."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command

from storage.db import Database, alembic_config, schema_is_current
from tests.bot.runtime.test_cli import log_one

HEAVY = ("alembic", "psycopg", "matplotlib", "slack_bolt", "slack_sdk", "sqlalchemy", "storage")
# For a command that only reads a current SQLite database.
NOT_FOR_READING = {"alembic", "psycopg", "matplotlib", "slack_bolt"}
PROBE = f"""
import json, sys
from bot.runtime.cli import main
out, argv = sys.argv[1], sys.argv[2:]
try:
    code = main(argv)
except SystemExit as exit:  # argparse's, after --help
    code = exit.code
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))
with open(out, "w") as file:
    json.dump({{"code": code, "loaded": loaded}}, file)
"""


def loaded_by(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, set[str]]:
    """The command's exit code, and which of HEAVY it had imported when it ended."""
    out = cwd / "loaded.json"
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr  # the probe ran to its end
    said = json.loads(out.read_text())
    return said["code"], set(said["loaded"])


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite_at: Callable[[Path], Database]) -> str:
    """A current SQLite database holding one inspection, S55-1."""
    db = migrated_sqlite_at(tmp_path / "s55bot.db")
    log_one(db)
    db.dispose()
    return db.url


def test_help_reads_no_settings_and_opens_no_database(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    assert loaded_by(["--help"], clean_env, tmp_path) == (0, set())


@pytest.mark.parametrize(
    "args",
    [
        ["items", "--csv"],  # the listings
        ["audit", "--csv"],
        ["events"],  # parked events, listed
        ["export", "S55-1", "md", "--out", "S55-1.md"],
        ["report", "--year", "2024"],  # Markdown: no chart to draw
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_command_on_a_current_sqlite_database_loads_no_migrations_driver_charts_or_bolt(
    clean_env: dict[str, str], tmp_path: Path, sqlite_url: str, args: list[str]
) -> None:
    env = {**clean_env, "DATABASE_URL": sqlite_url, "SLACK_BOT_TOKEN": "xoxb-not-used"}
    code, loaded = loaded_by(args, env, tmp_path)
    assert code == 0
    assert loaded & NOT_FOR_READING == set()
    assert "storage" in loaded  # it did open the database: the probe sees what is imported


def test_migrate_loads_alembic_and_nothing_for_postgresql_charts_or_slack(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**clean_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"}
    code, loaded = loaded_by(["migrate"], env, tmp_path)
    assert code == 0
    assert loaded == {"alembic", "sqlalchemy", "storage"}
    assert schema_is_current(Database(env["DATABASE_URL"]))


def test_a_sqlite_database_behind_is_still_migrated_when_a_command_starts(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    """The start-up check is cheap, not blind: SQLite (the embedded default) behind the newest
    revision is brought up to it first, as before, and alembic is loaded for that."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0013")
    code, loaded = loaded_by(["items", "--csv"], {**clean_env, "DATABASE_URL": url}, tmp_path)
    assert (code, "alembic" in loaded) == (0, True)
    assert schema_is_current(Database(url))
