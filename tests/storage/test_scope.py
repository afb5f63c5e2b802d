"""Offices kept apart in the database (docs/rules.md#r25): a session for one office sees,
changes and adds only that office's rows, whatever id or reference it is given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, insert, select, update

from bot.domain.deadlines import DeadlineRule
from bot.domain.errors import UnknownInspection
from bot.domain.inspection import InspectionDraft
from bot.inspections.records import find_inspection, inspection_or_none, log_inspection
from storage.db import Database
from storage.models import THIS_OFFICE, AuditEvent, Inspection, Notice, StepConfirmation
from storage.offices import install_office, serving_offices
from storage.reminders import claim_new, request_follow_ups
from storage.scope import NoOffice

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


def second_office(db: Database) -> Database:
    with db.across_offices().session() as session:
        office = install_office(
            session, team_id="T0002", team_name="Norfolk OPCC", installed_by="U9", now=NOW
        )
    return db.for_office(office.id)


def log(db: Database, title: str = "Vetting part 2") -> Inspection:
    draft = InspectionDraft(title=title, published=date(2024, 4, 30))
    return log_inspection(
        db, draft=draft, actor="U1", channel="C1", rule=DeadlineRule.STATUTORY, cc_days=28, now=NOW
    )


def test_each_office_counts_its_own_references_and_may_log_the_same_report(
    database: Database,
) -> None:
    other = second_office(database)
    ours = log(database)
    theirs = log(other)  # the same report, in another office: no duplicate
    assert (ours.number, theirs.number) == (1, 1)
    assert find_inspection(database, "S55-1").id == ours.id
    assert find_inspection(other, "S55-1").id == theirs.id
    log(other, "Custody")
    with pytest.raises(UnknownInspection):
        find_inspection(database, "S55-2")


def test_one_office_naming_anothers_row_by_id_finds_nothing_and_changes_nothing(
    database: Database,
) -> None:
    other = second_office(database)
    ours = log(database)
    assert inspection_or_none(other, ours.id) is None
    with other.session() as session:
        assert session.get(Inspection, ours.id) is None
        changed = session.execute(
            update(Inspection).where(Inspection.id == ours.id).values(title="Hijacked")
        )
        assert changed.rowcount == 0
        removed = session.execute(delete(AuditEvent).where(AuditEvent.inspection_id == ours.id))
        assert removed.rowcount == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    with database.session(read_only=True) as session:
        kept = session.get(Inspection, ours.id)
        assert kept is not None and kept.title == "Vetting part 2"
        audit = session.scalar(select(func.count()).select_from(AuditEvent))
        assert audit is not None and audit >= 1


def test_relationships_load_only_the_offices_rows(database: Database) -> None:
    ours = log(database)
    # A row of another office pointing at our inspection (written across offices, as no
    # request could): a lazy load of the relationship must not bring it in.
    second_office(database)
    with database.across_offices().session() as session:
        session.add(
            StepConfirmation(
                office_id=2,
                inspection_id=ours.id,
                step="Forged",
                confirmed_by="U9",
                confirmed_at=NOW,
            )
        )
    with database.session(read_only=True) as session:
        inspection = session.get(Inspection, ours.id)
        assert inspection is not None
        assert "Forged" not in [step.step for step in inspection.steps]
    with database.across_offices().session(read_only=True) as session:
        everyone = session.get(Inspection, ours.id)
        assert everyone is not None and "Forged" in [step.step for step in everyone.steps]


def test_a_days_reminder_keys_are_each_offices_own(database: Database) -> None:
    other = second_office(database)
    row = {
        "key": "digest:2024-05-02",
        "inspection_id": None,
        "kind": "digest",
        "day": date(2024, 5, 2),
        "claimed_at": NOW,
        "claimed_by": "p1",
        "attempts": 0,
    }
    for db in (database, other):
        with db.session() as session:
            assert claim_new(session, [row]) == {"digest:2024-05-02"}
            assert claim_new(session, [row]) == set()  # once per office
            request_follow_ups(session, None, ["edit:report"], day=date(2024, 5, 2), now=NOW)


def test_work_across_offices_reads_every_office_but_adds_no_row_without_one(
    database: Database,
) -> None:
    second_office(database)
    everyone = database.across_offices()
    with everyone.session(read_only=True) as session:
        assert [office.team_id for office in serving_offices(session)] == ["T0002"]
    with pytest.raises(NoOffice), everyone.session() as session:
        session.add(Notice(key="k", inspection_id=None, created_at=NOW))
        session.flush()
    with pytest.raises(NoOffice), database.session() as session:
        session.add(Notice(office_id=2, key="k", inspection_id=None, created_at=NOW))
        session.flush()


def test_rows_inserted_in_bulk_are_the_sessions_offices_and_may_name_no_other(
    database: Database,
) -> None:
    other = second_office(database)
    row = {
        "number": 7,
        "title": "Custody",
        "title_key": "custody",
        "published": date(2024, 4, 30),
        "deadline_rule": "statutory",
        "cc_due": date(2024, 5, 28),
        "statutory_deadline": date(2024, 6, 24),
        "state": "awaiting CC response",
        "channel_id": "C1",
        "logged_by": "U1",
        "logged_at": NOW,
    }
    with other.session() as session:
        session.execute(insert(Inspection), [row])
    assert find_inspection(other, "S55-7").title == "Custody"
    with pytest.raises(UnknownInspection):
        find_inspection(database, "S55-7")
    with pytest.raises(NoOffice), other.session() as session:
        session.execute(insert(Inspection), [{**row, "number": 8, "office_id": THIS_OFFICE}])
