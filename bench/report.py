"""Wall time and SQL statements of the compliance report: reading a year from the database,
drawing its two charts, writing the HTML page and the Word file, beside a baseline in the same
run (matplotlib saving an empty figure: the floor of any chart).

    python -m bench.report [--sizes 12 120] [--items 8] [--database-url URL]

Each size is that many inspections published in 2024, every one published on time but every
tenth, each with ``--items`` answered recommendations, half of them with two progress updates.
The Slack command acknowledges before any of this runs (handlers/compliance.py); this is the work
the reminder pass does after the ack, before the upload.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from sqlalchemy import event, insert, select

from bench import empty
from bot.compliance.report import compliance_report
from bot.documents.compliance import write
from bot.documents.compliance.charts import publication_chart, status_chart
from bot.domain.compliance import ComplianceReport, parse_period
from bot.services import Services
from bot.settings import load_settings
from bot.slack.client import make_client
from storage.db import Database
from storage.models import (
    Inspection,
    ItemAnswer,
    ItemProgress,
    ReportItem,
    StepConfirmation,
)

CHANNEL = "C0BENCH01"
PUBLISHING = "Response published on the OPCC website"
AS_OF = date(2025, 1, 31)
NOW = datetime(2025, 1, 31, 9, 0, tzinfo=UTC)


def fill(db: Database, count: int, items: int) -> None:
    first = date(2024, 1, 8)
    with db.session() as session:
        for n in range(1, count + 1):
            published = first + timedelta(days=(n * 300) // count)
            row = Inspection(
                number=n,
                title=f"Inspection {n}",
                title_key=f"inspection {n}",
                published=published,
                inspection_type="Other",
                deadline_rule="statutory",
                cc_due=published + timedelta(days=28),
                statutory_deadline=published + timedelta(days=55),
                state="complete",
                channel_id=CHANNEL,
                logged_by="U0001",
                logged_at=NOW,
            )
            session.add(row)
            session.flush()
            late = 3 if n % 10 == 0 else -6
            day = published + timedelta(days=55 + late)
            session.execute(
                insert(StepConfirmation),
                [
                    {
                        "inspection_id": row.id,
                        "step": PUBLISHING,
                        "confirmed_by": "U0002",
                        "confirmed_at": datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
                    }
                ],
            )
            _items(session, row, published, items)


def _items(session: Any, row: Inspection, published: date, count: int) -> None:
    answered = datetime(published.year, published.month, published.day, 12, tzinfo=UTC)
    for k in range(1, count + 1):
        item = ReportItem(
            inspection_id=row.id,
            kind="recommendation",
            number=str(k),
            position=k,
            text=f"Recommendation {k}",
            directed_at="force",
            recorded_by="U0001",
            recorded_at=answered,
        )
        session.add(item)
        session.flush()
        target = published + timedelta(days=60 + 30 * k)
        session.add(
            ItemAnswer(
                item_id=item.id,
                revision=1,
                response="accepted",
                action="We will.",
                owner="Head of Performance",
                target_date=target,
                answered_by="U0001",
                answered_at=answered,
            )
        )
        for revision, status in enumerate(("in_progress", "complete")[: 2 if k % 2 else 0], 1):
            session.add(
                ItemProgress(
                    item_id=item.id,
                    revision=revision,
                    status=status,
                    note="",
                    target_date=None,
                    recorded_by="U0001",
                    recorded_at=answered + timedelta(days=20 * revision),
                )
            )


def timed(work: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """The fastest of ``runs`` (the others are the machine's noise), and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def empty_figure() -> bytes:
    out = io.BytesIO()
    Figure(figsize=(8, 4)).savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def one_size(url: str, count: int, items: int) -> None:
    db = Database(url)
    db.migrate()
    empty(db)
    fill(db, count, items)
    settings = load_settings({"DATABASE_URL": url, "S55_CHANNEL": CHANNEL}, dotenv=False)
    services = Services(settings=settings, db=db, client=make_client(settings), now=lambda: NOW)
    period = parse_period("2024", today=AS_OF)
    statements = 0

    def count_statement(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine, "before_cursor_execute", count_statement)
    read, report = timed(lambda: compliance_report(services, period, as_of=AS_OF))
    event.remove(db.engine, "before_cursor_execute", count_statement)
    assert isinstance(report, ComplianceReport)
    with db.session(read_only=True) as session:
        assert len(session.scalars(select(ReportItem.id)).all()) == count * items
    rows = [
        ("read from the database", read),
        ("publication chart, PNG", timed(lambda: publication_chart(report, "png"))[0]),
        ("status chart, PNG", timed(lambda: status_chart(report, "png"))[0]),
        ("HTML page (two SVG charts)", timed(lambda: write(report, "html"))[0]),
        ("Word file (two PNG charts)", timed(lambda: write(report, "docx"))[0]),
    ]
    print(f"{count} inspections, {count * items} items ({statements // 3} SQL statements a read)")
    for name, seconds in rows:
        print(f"  {name:<30} {seconds * 1000:8.1f} ms")
    print(f"  {'all of it':<30} {sum(s for _, s in rows) * 1000:8.1f} ms")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 120])
    parser.add_argument("--items", type=int, default=8)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    floor, _ = timed(empty_figure)
    print(f"baseline: matplotlib saves an empty figure as PNG in {floor * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        print(f"database {url.split(':')[0]}")
        for count in args.sizes:
            one_size(url, count, args.items)


if __name__ == "__main__":
    main()
