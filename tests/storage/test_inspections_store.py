"""Logging inspections in the database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.deadlines import DeadlineRule
from bot.domain.errors import DuplicateInspection, InvalidInput, UnknownInspection
from bot.domain.inspection import InspectionDraft, State
from bot.inspections.records import find_inspection, list_inspections, log_inspection
from storage.db import Database, schema_is_current
from storage.models import AuditEvent, Inspection
from tests.history import inspection_row, selects, statements, store

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


def log(
    db: Database,
    title: str = "Vetting part 2",
    published: date = date(2024, 4, 30),
    link: str | None = None,
    rule: DeadlineRule = DeadlineRule.STATUTORY,
) -> Inspection:
    draft = InspectionDraft(title=title, published=published, link=link)
    return log_inspection(db, draft=draft, actor="U1", channel="C1", rule=rule, cc_days=28, now=NOW)


def test_a_logged_inspection_has_its_deadlines_state_and_an_audit_row(database: Database) -> None:
    inspection = log(database, link="https://example.org/vetting")
    assert inspection.number == 1
    assert inspection.statutory_deadline == date(2024, 6, 24)
    assert inspection.cc_due == date(2024, 5, 28)
    assert inspection.deadline_rule == "statutory"
    assert inspection.state == State.AWAITING_CC
    assert inspection.logged_at == NOW
    with database.session() as session:
        audit = session.scalars(select(AuditEvent)).all()
    assert [(row.action, row.actor, row.details["reference"]) for row in audit] == [
        ("logged", "U1", "S55-1")
    ]


def test_the_deadline_rule_used_is_stored_with_the_inspection(database: Database) -> None:
    inspection = log(database, rule=DeadlineRule.PLUS56)
    assert (inspection.deadline_rule, inspection.statutory_deadline) == (
        "plus56",
        date(2024, 6, 25),
    )


def test_references_are_numbered_in_order(database: Database) -> None:
    numbers = [log(database, title=f"Inspection {n}").number for n in range(3)]
    assert numbers == [1, 2, 3]


def test_the_same_link_cannot_be_logged_twice(database: Database) -> None:
    log(database, title="One", link="https://example.org/report/")
    with pytest.raises(DuplicateInspection, match="already logged as \\*S55-1\\*") as refusal:
        log(database, title="Two", link="https://EXAMPLE.org/report#x")
    assert refusal.value.reference == "S55-1"
    assert "link" in refusal.value.reply


def test_the_same_title_and_date_cannot_be_logged_twice(database: Database) -> None:
    log(database, title="Vetting, part 2")
    with pytest.raises(DuplicateInspection, match="title and publication date"):
        log(database, title="vetting part 2")
    log(database, title="Vetting part 2", published=date(2024, 4, 29))  # another day is fine
    with database.session() as session:
        assert len(session.scalars(select(Inspection)).all()) == 2


def test_concurrent_logs_get_distinct_references(database: Database) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        logged = list(pool.map(lambda n: log(database, title=f"Report {n}"), range(12)))
    assert sorted(inspection.number for inspection in logged) == list(range(1, 13))


def test_concurrent_logs_of_the_same_report_store_it_once(database: Database) -> None:
    def attempt(_: int) -> str:
        try:
            return f"S55-{log(database, link='https://example.org/same').number}"
        except DuplicateInspection as refusal:
            return refusal.reference

    with ThreadPoolExecutor(max_workers=4) as pool:
        references = set(pool.map(attempt, range(8)))
    assert references == {"S55-1"}
    with database.session() as session:
        assert len(session.scalars(select(Inspection)).all()) == 1


def test_inspections_are_found_by_reference(database: Database) -> None:
    log(database)
    assert find_inspection(database, "s55-1").title == "Vetting part 2"
    with pytest.raises(UnknownInspection, match="can't find an inspection `S55-9`"):
        find_inspection(database, "S55-9")
    with pytest.raises(UnknownInspection, match="Which inspection"):
        find_inspection(database, "")


def test_lists_are_most_urgent_first_and_filtered(database: Database) -> None:
    log(database, title="Later", published=date(2024, 4, 30))
    log(database, title="Sooner", published=date(2024, 3, 1))
    overdue = log(database, title="Old", published=date(2024, 1, 2))
    older = log(database, title="Older", published=date(2023, 11, 2))
    with database.session() as session:
        session.get(Inspection, overdue.id).state = State.COMPLETE.value
        session.get(Inspection, older.id).state = State.NOT_REQUIRED.value
    today = date(2024, 5, 2)

    def titles(which: str, on: date = today) -> list[str]:
        return [i.title for i in list_inspections(database, which, today=on).inspections]

    assert titles("open") == ["Sooner", "Later"]
    # The open ones most urgent first, then the closed ones newest first.
    assert titles("all") == ["Sooner", "Later", "Old", "Older"]
    assert titles("done") == ["Old", "Older"]  # the newest closed first
    assert titles("overdue", date(2024, 4, 26)) == ["Sooner"]
    with pytest.raises(InvalidInput, match="not a list I keep"):
        list_inspections(database, "urgent", today=today)


def test_times_come_back_timezone_aware_in_utc(database: Database) -> None:
    log(database)
    with database.session() as session:
        logged_at = session.scalars(select(Inspection.logged_at)).one()
    assert logged_at == NOW and logged_at.tzinfo is not None


def test_the_migrated_schema_is_current(database: Database) -> None:
    assert schema_is_current(database)


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def _history(database: Database, count: int, *, first: int = 1) -> None:
    """``count`` inspections, one published each week from 2022, every third one still open."""
    store(
        database,
        [
            inspection_row(
                n,
                published=date(2022, 1, 3) + timedelta(weeks=n),
                state="awaiting CC response" if n % 3 == 0 else "complete",
            )
            for n in range(first, first + count)
        ],
    )


def test_a_list_reads_one_page_and_the_database_counts_the_rest(database: Database) -> None:
    _history(database, 100)
    today = date(2024, 5, 2)
    first = list_inspections(database, "all", today=today)
    assert (first.page.total, first.page.number, first.page.last) == (100, 1, 3)
    open_first = [i.number for i in first.inspections[:33]]
    assert open_first == list(range(3, 100, 3))  # the 33 open ones, most urgent first
    closed_newest = [n for n in range(100, 0, -1) if n % 3]
    assert [i.number for i in first.inspections[33:]] == closed_newest[:12]
    last = list_inspections(database, "all", today=today, page=3)
    assert [i.number for i in last.inspections] == closed_newest[-10:]  # the oldest last
    assert (last.page.first_shown, last.page.last_shown, last.page.more) == (91, 100, 0)
    done = list_inspections(database, "done", today=today, page=2)
    assert (done.page.total, len(done.inspections)) == (67, 22)


def test_a_page_past_the_last_is_refused_saying_how_many_there_are(database: Database) -> None:
    _history(database, 50)
    with pytest.raises(InvalidInput) as refused:
        list_inspections(database, "all", today=date(2024, 5, 2), page=3)
    assert str(refused.value) == (
        "There is no page 3 of `/s55 list all`: its 50 inspections make 2 pages. "
        "`/s55 list all 2` shows the last."
    )
    with pytest.raises(InvalidInput, match=r"There is no page 2: Nothing is overdue\."):
        list_inspections(database, "overdue", today=date(2022, 1, 1), page=2)


def test_a_page_costs_the_same_statements_however_long_the_history(database: Database) -> None:
    _history(database, 60)
    today = date(2024, 5, 2)
    list_inspections(database, "all", today=today)  # the pool's first connection
    with statements(database) as few:
        list_inspections(database, "all", today=today, page=2)
    _history(database, 600, first=61)
    with statements(database) as many:
        list_inspections(database, "all", today=today, page=2)
    # The count, the page, its steps.
    assert len(few) == len(many) and len(selects(many)) == 3, many
