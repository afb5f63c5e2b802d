"""Every reader of "all" at national scale: 50 offices x 200 inspections x 10 items on
PostgreSQL, each list, the Home tab, an export and a reminder pass, beside a plain
``SELECT *`` of the same table.

    python -m bench.scale [--offices 50] [--per-office 200] [--items 10] [--runs 3]
                          [--database-url URL] [--rebuild]

The data is built once, with bulk inserts, in a database of its own (default: the database
``s55_bench_scale`` beside S55_TEST_POSTGRES_URL, created if missing) and reused by later runs
while it holds exactly what was asked for; ``--rebuild`` builds it again. 90% of the inspections
are closed (published and complete, most of them), as a long history is; the open ones are due
over the coming weeks, a quarter of them overdue. Slack is the stand-in, in this process,
answering at once; posting is unpaced (S55_POST_RATE=1000) to measure our own work.

For each reader: wall time (median of ``--runs``), SQL statements, and the process's RSS after
it. What must hold: each list and the Home tab within 100 ms and 10
statements; RSS after the whole run within 1.5x the idle RSS measured before it.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from slack_bolt import Respond
from sqlalchemy import delete, event, func, insert, select, text

from bench import bench_database, empty
from bot.compliance.report import compliance_report
from bot.documents.compliance import write
from bot.domain.compliance import ComplianceReport, parse_period
from bot.domain.errors import InvalidInput
from bot.domain.steps import DEFAULT_STEPS
from bot.home.publish import publish_home
from bot.reminders.run import run_pass
from bot.services import Services
from bot.settings import MAX_POST_RATE, load_settings
from bot.slack.client import make_client
from bot.standin import SlackStandIn
from handlers.commands import list_
from storage.db import Database
from storage.models import (
    THIS_OFFICE,
    Inspection,
    ItemAnswer,
    Office,
    Reminder,
    ReportItem,
    StepConfirmation,
)

TOKEN = "xoxb-bench-scale"
NOW = datetime(2025, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)  # Thu
TEAM_PREFIX = "TSCALE"
BENCH_DATABASE = "s55_bench_scale"
BATCH = 5000


def channel(office: int) -> str:
    return f"C{office:04d}SCALE"


# ---- the database ---------------------------------------------------------------------------
def built(db: Database, offices: int, per_office: int, items: int) -> list[int]:
    """The bench's offices when the database holds exactly this size already, else []."""
    with db.engine.connect() as connection:
        ids = list(
            connection.scalars(
                select(Office.id).where(Office.team_id.like(f"{TEAM_PREFIX}%")).order_by(Office.id)
            )
        )
        total = connection.scalar(select(func.count()).select_from(Inspection))
        total_items = connection.scalar(select(func.count()).select_from(ReportItem))
    if len(ids) == offices and total == offices * per_office and total_items == total * items:
        return ids
    return []


def build(db: Database, offices: int, per_office: int, items: int) -> list[int]:
    """Bulk inserts, a few thousand rows a statement, bypassing the ORM (and storage.scope:
    every row names its office)."""
    empty(db)
    published_from = NOW.date() - timedelta(days=3 * 365)
    with db.engine.begin() as connection:
        office_ids = list(
            connection.scalars(
                insert(Office).returning(Office.id, sort_by_parameter_order=True),
                [
                    {
                        "team_id": f"{TEAM_PREFIX}{n:04d}",
                        "team_name": f"Office {n}",
                        "settings": {"S55_CHANNEL": channel(n)},
                        "installed_by": "U0001",
                        "installed_at": NOW - timedelta(days=4 * 365),
                    }
                    for n in range(1, offices + 1)
                ],
            )
        )
        rows: list[dict[str, Any]] = []
        for n, office in enumerate(office_ids, start=1):
            for number in range(1, per_office + 1):
                closed = number <= per_office * 9 // 10
                if closed:  # spread over the last three years, oldest first
                    published = published_from + timedelta(days=number * 3 * 365 // per_office)
                    state = "no response required" if number % 15 == 0 else "complete"
                else:  # due over the coming weeks; a quarter already overdue
                    published = NOW.date() - timedelta(days=70 - (number % 20) * 3)
                    state = ("awaiting CC response", "awaiting PCC response")[number % 2]
                deadline = published + timedelta(days=56)
                rows.append(
                    {
                        "office_id": office,
                        "number": number,
                        "title": f"PEEL inspection {number} of office {n}",
                        "title_key": f"peel inspection {number} of office {n}",
                        "published": published,
                        "inspection_type": "PEEL",
                        "deadline_rule": "statutory",
                        "cc_due": published + timedelta(days=28),
                        "statutory_deadline": deadline,
                        "state": state,
                        "channel_id": channel(n),
                        "card_ts": f"1700000000.{number:06d}",
                        "logged_by": "U0001",
                        "logged_at": datetime.combine(published, datetime.min.time(), UTC),
                        "completed_at": (
                            datetime.combine(deadline, datetime.min.time(), UTC)
                            - timedelta(days=number % 9)
                            if state == "complete"
                            else None
                        ),
                    }
                )
        inspections = _insert(connection, Inspection, rows)
        steps = [
            {
                "office_id": row["office_id"],
                "inspection_id": inspection_id,
                "step": step,
                "confirmed_by": "U0002",
                "confirmed_at": row["completed_at"],
            }
            for inspection_id, row in zip(inspections, rows, strict=True)
            if row["state"] == "complete"
            for step in DEFAULT_STEPS
        ]
        _insert(connection, StepConfirmation, steps, returning=False)
        item_rows = [
            {
                "office_id": row["office_id"],
                "inspection_id": inspection_id,
                "kind": "recommendation",
                "number": str(k),
                "position": k,
                "text": f"By the end of the year the force should improve area {k}.",
                "directed_at": "force",
                "recorded_by": "U0001",
                "recorded_at": row["logged_at"],
                "_closed": row["state"] == "complete",
                "_at": row["completed_at"],
            }
            for inspection_id, row in zip(inspections, rows, strict=True)
            for k in range(1, items + 1)
        ]
        answered = [(row.pop("_closed"), row.pop("_at")) for row in item_rows]
        item_ids = _insert(connection, ReportItem, item_rows)
        answers = [
            {
                "office_id": row["office_id"],
                "item_id": item_id,
                "revision": 1,
                "response": "accepted",
                "action": "A plan is in place.",
                "owner": "ACC Operations",
                "target_date": at.date() + timedelta(days=180 + int(row["number"]) * 20),
                "answered_by": "U0001",
                "answered_at": at,
            }
            for item_id, row, (closed, at) in zip(item_ids, item_rows, answered, strict=True)
            if closed
        ]
        _insert(connection, ItemAnswer, answers, returning=False)
    with db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    return office_ids


def _insert(
    connection: Any, model: Any, rows: list[dict[str, Any]], *, returning: bool = True
) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if returning:
            statement = insert(model).returning(model.id, sort_by_parameter_order=True)
            ids += connection.scalars(statement, batch).all()
        else:
            connection.execute(insert(model), batch)
    return ids


# ---- measuring ----------------------------------------------------------------------------
def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measured(db: Database, work: Callable[[], object], runs: int) -> tuple[float, int, float]:
    """(median wall ms, SQL statements of one run, RSS MiB after the runs) of ``work``."""
    counts: list[int] = []
    times: list[float] = []
    for _ in range(runs):
        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
        event.remove(db.engine, "before_cursor_execute", count)
        counts.append(statements)
    return statistics.median(times), max(counts), rss_mib()


def office_services(db: Database, api: str, office: int, number: int) -> Services:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_API_URL": api,
            "DATABASE_URL": db.url,
            "S55_CHANNEL": channel(number),
            "S55_POST_RATE": str(MAX_POST_RATE),
        },
        dotenv=False,
    )
    services = Services(
        settings=settings, db=db.for_office(office), client=make_client(settings), now=lambda: NOW
    )
    services.workspace_url()  # one auth.test, as a running process would already have done
    return services


def listed(services: Services, words: str) -> Callable[[], object]:
    def run() -> object:
        answers: list[object] = []
        try:
            list_(
                services,
                {"user_id": "U0001", "text": f"list {words}"},
                words,
                cast(Respond, lambda **answer: answers.append(answer)),
            )
        except InvalidInput as refused:  # a page the code before paging does not know
            answers.append(refused)
        return answers

    return run


def this_years_report(services: Services) -> ComplianceReport:
    """The whole report of the calendar year to date, every line (what an export writes)."""
    today = services.today()
    return compliance_report(services, parse_period(str(today.year), today=today), as_of=today)


def readers(
    db: Database, services: Services, runs: int
) -> list[tuple[str, Callable[[], object], int]]:
    """(name, work, runs) of each reader measured, for the office ``services`` serve."""
    office = services.db.office

    def select_all(where: str = "") -> Callable[[], object]:
        def run() -> object:
            with db.engine.connect() as connection:
                return connection.execute(text(f"SELECT * FROM inspection{where}")).all()

        return run

    lists = [
        (f"/s55 list {words}".rstrip(), listed(services, words), runs)
        for words in ("", "overdue", "done", "all", "all 2")
    ]
    return [
        ("SELECT * FROM inspection", select_all(), runs),
        (
            "SELECT * … WHERE office_id (one office)",
            select_all(f" WHERE office_id = {office}"),
            runs,
        ),
        *lists,
        ("Home tab", lambda: publish_home(services, "U0001"), runs),
        (
            "export: the year's compliance report (.html)",
            lambda: write(this_years_report(services), "html"),
            runs,
        ),
        ("reminder pass, one office", lambda: run_pass(services), 1),  # the next sends nothing
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--per-office", type=int, default=200)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="default: s55_bench_scale beside the test one")
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    args = parser.parse_args()
    db = Database(bench_database(BENCH_DATABASE, args.database_url))
    db.migrate()
    started = time.perf_counter()
    office_ids = [] if args.rebuild else built(db, args.offices, args.per_office, args.items)
    how = "reused"
    if not office_ids:
        office_ids = build(db, args.offices, args.per_office, args.items)
        how = "built"
    total = args.offices * args.per_office
    print(
        f"{args.offices} offices x {args.per_office} inspections x {args.items} items "
        f"({total} inspections, 90% closed) on {db.engine.dialect.name}: data {how} in "
        f"{time.perf_counter() - started:.1f} s"
    )
    middle = len(office_ids) // 2  # an office like any other
    office, number = office_ids[middle], middle + 1
    with SlackStandIn(token=TOKEN, keep_calls=False) as slack:
        # Idle: a process that has served each reader once (its modules imported, its pools
        # open) for the migrated database's own office, which holds nothing.
        for name, work, _runs in readers(db, office_services(db, slack.url, THIS_OFFICE, 0), 1):
            if not name.startswith("SELECT"):  # the baseline reads every office's rows
                work()
        gc.collect()
        idle = rss_mib()
        services = office_services(db, slack.url, office, number)
        with db.engine.begin() as connection:  # a pass as on the first run: nothing sent yet
            connection.execute(delete(Reminder).where(Reminder.office_id == office))
        rows = [
            (name, measured(db, work, runs))
            for name, work, runs in readers(db, services, args.runs)
        ]
        gc.collect()
        after = rss_mib()
    print(f"{'':44} {'ms':>9} {'statements':>11} {'RSS MiB':>9}")
    for name, (ms, statements, rss) in rows:
        print(f"{name:44} {ms:9.1f} {statements:11d} {rss:9.1f}")
    print(
        f"RSS idle {idle:.1f} MiB, after the run {after:.1f} MiB ({after / idle:.2f}x idle; "
        "must be <= 1.5x)"
    )
    db.dispose()


if __name__ == "__main__":
    main()
