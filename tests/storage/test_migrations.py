"""Migrations carry existing records forward without inventing anything (docs/rules.md#r4)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

import storage.db
from storage.db import Database, alembic_config, newest_revisions, normalise_url, schema_is_current
from storage.models import Inspection, Office, SectionRevision
from tests.conftest import BACKENDS, POSTGRES_ENV

OLD_ROW = """
INSERT INTO inspection (id, number, title, title_key, published, inspection_type, link, link_key,
  key_findings, recommendations, areas_for_improvement, deadline_rule, cc_due,
  statutory_deadline, state, channel_id, logged_by, logged_at)
VALUES (:id, :id, :title, :key, '2024-04-30', 'Other', NULL, NULL, :findings, :recs, :afis,
  'statutory', '2024-05-28', '2024-06-24', 'awaiting CC response', 'C0TEAM0001', 'U0JANE001',
  '2024-05-02 09:30:00+00:00')
"""

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (make test sets it)")
    server = normalise_url(os.environ[POSTGRES_ENV])
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"s55_migration_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_empty_sections_become_not_yet_recorded_never_none(empty_url: str) -> None:
    db = Database(empty_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        for row in (
            {
                "id": 1,
                "title": "Findings only",
                "key": "findings only",
                "findings": "Vetting was weak.",
                "recs": "",
                "afis": "  ",
            },
            {
                "id": 2,
                "title": "Nothing typed",
                "key": "nothing typed",
                "findings": "",
                "recs": "",
                "afis": "",
            },
        ):
            connection.execute(text(OLD_ROW), row)
    db.migrate()
    with db.session(read_only=True) as session:
        revisions = session.scalars(select(SectionRevision).order_by(SectionRevision.id)).all()
        types = session.scalars(select(Inspection.inspection_type)).all()
    found = [(r.inspection_id, r.section, r.text, r.says_none, r.recorded_by) for r in revisions]
    assert found == [(1, "findings", "Vetting was weak.", False, "U0JANE001")]
    assert types == ["Other", "Other"]  # a type on record stays on record
    db.dispose()


ROW_AT_0008 = """
INSERT INTO inspection (id, number, title, title_key, published, inspection_type, link, link_key,
  deadline_rule, cc_due, statutory_deadline, state, channel_id, logged_by, logged_at)
VALUES (1, 1, 'Custody', 'custody', '2024-04-30', 'Other', NULL, NULL, 'statutory', '2024-05-28',
  '2024-06-24', 'awaiting CC response', 'C0TEAM0001', 'U0JANE001', '2024-05-02 09:30:00+00:00')
"""


def _columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("inspection")}


def test_snooze_columns_start_unsnoozed_and_go_away_again_on_downgrade(empty_url: str) -> None:
    db = Database(empty_url)
    config = alembic_config(db.url)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
        connection.execute(text(ROW_AT_0008))
    db.migrate()
    with db.session() as session:
        inspection = session.scalars(select(Inspection)).one()
        assert (inspection.snoozed_until, inspection.snoozed_overdue) == (None, False)
        assert (inspection.snoozed_by, inspection.snoozed_at) == (None, None)
        inspection.snoozed_until, inspection.snoozed_overdue = date(2024, 6, 10), True
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
        assert not {c for c in _columns(connection) if c.startswith("snoozed")}
        assert connection.execute(text("SELECT title FROM inspection")).scalar_one() == "Custody"
        command.upgrade(config, "head")
        assert {c for c in _columns(connection) if c.startswith("snoozed")} == {
            "snoozed_until",
            "snoozed_overdue",
            "snoozed_by",
            "snoozed_at",
        }
    db.dispose()


def test_records_stored_before_offices_are_the_first_offices_and_come_back_on_downgrade(
    empty_url: str,
) -> None:
    db = Database(empty_url)
    config = alembic_config(db.url)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
        connection.execute(text(ROW_AT_0008))
    db.migrate()
    with db.session() as session:
        inspection = session.scalars(select(Inspection)).one()
        assert (inspection.office_id, inspection.number) == (1, 1)
    with db.across_offices().session() as session:
        session.add(Office(team_id="T0002", settings={}, installed_at=NOW))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        with pytest.raises(RuntimeError, match="more than one office"):
            command.downgrade(config, "0013")
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM office WHERE team_id = 'T0002'"))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
        assert "office_id" not in _columns(connection)
        assert connection.execute(text("SELECT title FROM inspection")).scalar_one() == "Custody"
        command.upgrade(config, "head")
    db.dispose()


def _alembic_says_current(db: Database) -> bool:
    """The check as alembic makes it: its stored heads against its script directory's."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def test_the_start_up_check_answers_as_alembic_would_before_during_and_after(
    empty_url: str,
) -> None:
    """Every command checks the schema on start without loading alembic (storage.db): empty,
    behind and current it says what alembic itself says."""
    db = Database(empty_url)
    assert schema_is_current(db) is _alembic_says_current(db) is False  # no tables at all
    with db.engine.begin() as connection:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
    assert schema_is_current(db) is _alembic_says_current(db) is False  # behind
    db.migrate()
    assert schema_is_current(db) is _alembic_says_current(db) is True
    db.dispose()


def test_the_newest_revisions_are_alembics_heads() -> None:
    from alembic.script import ScriptDirectory

    newest_revisions.cache_clear()
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert newest_revisions() == frozenset(heads) != frozenset()


MIGRATION_FILE = '''"""{title}"""

from alembic import op

revision{typed} = {revision!r}
down_revision{typed} = {down!r}
branch_labels = None
depends_on = {depends!r}


def upgrade() -> None:
    op.execute("SELECT 1")
'''


def _versions(tmp_path: Path, *files: tuple[str, object, object]) -> Path:
    (tmp_path / "versions").mkdir(parents=True)
    for revision, down, depends in files:
        typed = ": str | None" if revision == "b" else ""  # as newer alembic templates write it
        text_ = MIGRATION_FILE.format(
            title=revision, typed=typed, revision=revision, down=down, depends=depends
        )
        (tmp_path / "versions" / f"{revision}_x.py").write_text(text_)
    return tmp_path


def test_the_newest_revisions_of_branches_and_merges_are_read_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge revises two; two branches are two heads (and the check then wants both)."""
    monkeypatch.setattr(storage.db, "_heads_by_alembic", lambda: pytest.fail("read the files"))
    merged = _versions(tmp_path / "merged", ("a", None, None), ("b", "a", None), ("c", "a", None))
    (merged / "versions" / "d_x.py").write_text(
        MIGRATION_FILE.format(title="d", typed="", revision="d", down=("b", "c"), depends=None)
    )
    monkeypatch.setattr(storage.db, "MIGRATIONS", merged)
    newest_revisions.cache_clear()
    try:
        assert newest_revisions() == {"d"}
        (merged / "versions" / "d_x.py").unlink()
        newest_revisions.cache_clear()
        assert newest_revisions() == {"b", "c"}
    finally:
        newest_revisions.cache_clear()


def test_a_migration_in_a_shape_not_read_here_is_left_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """depends_on changes what alembic calls a head; rather than guess, alembic is asked."""
    monkeypatch.setattr(storage.db, "_heads_by_alembic", lambda: frozenset({"asked alembic"}))
    monkeypatch.setattr(
        storage.db, "MIGRATIONS", _versions(tmp_path, ("a", None, None), ("b", "a", "x"))
    )
    newest_revisions.cache_clear()
    try:
        assert newest_revisions() == {"asked alembic"}
    finally:
        newest_revisions.cache_clear()
