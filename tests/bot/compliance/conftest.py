"""The fixture year in a database of each kind, and the services that read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.compliance.report import compliance_report
from bot.domain.compliance import ComplianceReport, parse_period
from bot.services import Services
from bot.settings import load_settings
from bot.slack.client import make_client
from storage.db import Database
from tests.bot.compliance.year import AS_OF, CC_DAYS, OFFICE_RULE, build_year


def office_services(db: Database, **environ: str) -> Services:
    settings = load_settings(
        {
            "DATABASE_URL": db.url,
            "S55_AREA": "Norfolk",
            "S55_DEADLINE_RULE": OFFICE_RULE.value,
            "S55_CC_DAYS": str(CC_DAYS),
            **environ,
        }
    )
    noon = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12, tzinfo=UTC)
    return Services(settings=settings, db=db, client=make_client(settings), now=lambda: noon)


@pytest.fixture
def year(database: Database) -> Services:
    """The services of an office whose database holds the fixture year, on AS_OF."""
    build_year(database)
    return office_services(database)


@pytest.fixture
def report_of(year: Services) -> Callable[[str], ComplianceReport]:
    def report(period: str) -> ComplianceReport:
        return compliance_report(year, parse_period(period, today=AS_OF))

    return report
