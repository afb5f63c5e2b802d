"""Named queries for offices: the database's single office can become a workspace's, so that
installing that workspace through Slack finds the records a single-office deployment kept (the
sandbox's first office, saved before it had two)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.deadlines import DeadlineRule
from bot.domain.inspection import InspectionDraft
from bot.inspections.records import find_inspection, log_inspection
from storage.db import Database
from storage.models import THIS_OFFICE
from storage.offices import adopt_single_office, install_office, office_for_team

NOW = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)


def test_the_single_office_becomes_the_workspaces_and_keeps_its_records(
    database: Database,
) -> None:
    draft = InspectionDraft(title="Police response to fraud", published=date(2026, 10, 1))
    logged = log_inspection(
        database,
        draft=draft,
        actor="U1",
        channel="C1",
        rule=DeadlineRule.STATUTORY,
        cc_days=28,
        now=NOW,
    )
    with database.across_offices().session() as session:
        assert adopt_single_office(session, "T0001", "Norfolk OPCC") is True
        office = install_office(
            session, team_id="T0001", team_name="Norfolk OPCC", installed_by="U0ADMIN", now=NOW
        )
        assert (office.id, office.installed_by) == (THIS_OFFICE, "U0ADMIN")
    assert find_inspection(database.for_office(THIS_OFFICE), "S55-1").id == logged.id


def test_it_is_adopted_once_and_never_for_a_workspace_with_an_office(database: Database) -> None:
    with database.across_offices().session() as session:
        install_office(session, team_id="T0002", team_name=None, installed_by="U2", now=NOW)
        assert adopt_single_office(session, "T0002", None) is False  # T0002 has its own
        assert adopt_single_office(session, "T0001", None) is True
        assert adopt_single_office(session, "T0003", None) is False  # it is T0001's now
        found = office_for_team(session, "T0001")
        assert found is not None and found.id == THIS_OFFICE
        assert office_for_team(session, "T0003") is None
