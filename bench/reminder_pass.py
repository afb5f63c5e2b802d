"""Wall time and SQL queries of one reminder pass over many open inspections.

    python -m bench.reminder_pass [--sizes 1000 10000] [--rated 30] [--post-rate R]
                                  [--database-url URL]

Every inspection is overdue, so the pass posts one nudge for each, plus the digest, all in one
channel. The Web API is the local stand-in answering at once (the bot's pacing is lifted for
these runs, to measure our own work); a last run makes it enforce Slack's documented rate for
chat.postMessage (one message per second per channel, a short burst allowed) and the bot posts
at S55_POST_RATE (default Slack's rate; --post-rate 1000 shows an unpaced pass). The floor is
what Slack's rate allows: the first post at once, then one a second (Slack's burst is
unquantified, so it is not counted on).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy import event, insert

from bench import bench_database, empty
from bot.reminders.run import Planned, plan, run_pass
from bot.services import Services
from bot.settings import MAX_POST_RATE, load_settings
from bot.slack.client import make_client
from bot.standin import SlackStandIn
from bot.standin.faults import SLACK_BURST
from storage import queries
from storage.db import Database
from storage.models import Inspection

TOKEN = "xoxb-bench"
CHANNEL = "C0BENCH01"
UNPACED = str(MAX_POST_RATE)
NOW = datetime(2024, 12, 19, 9, 0, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)  # a Thursday


def fill(db: Database, count: int, channel: str = CHANNEL) -> None:
    """``count`` open inspections, every one overdue, their cards in ``channel``."""
    published = NOW.date() - timedelta(days=80)
    rows = [
        {
            "number": n,
            "title": f"Inspection {n}",
            "title_key": f"inspection {n}",
            "published": published,
            "inspection_type": "Other",
            "deadline_rule": "statutory",
            "cc_due": published + timedelta(days=28),
            "statutory_deadline": published + timedelta(days=55 + n % 20),
            "state": "awaiting CC response",
            "channel_id": channel,
            "card_ts": f"1690000000.{n:06d}",
            "logged_by": "U0001",
            "logged_at": NOW,
        }
        for n in range(1, count + 1)
    ]
    with db.session() as session:
        for start in range(0, len(rows), 500):
            session.execute(insert(Inspection), rows[start : start + 500])


def one_pass(
    api: str, url: str, count: int, post_rate: str, token: str = TOKEN, *, beside: bool = True
) -> Measured:
    """One pass over ``count`` overdue inspections, Slack at ``api``; and, ``beside`` it, a
    plain slack_sdk client posting the same messages to the same Slack (the pass's floor of
    work; not under Slack's rate, which would answer it 429)."""
    db = Database(url)
    db.migrate()
    empty(db)
    fill(db, count)
    services = pass_services(db, api, post_rate, token)
    plain_cpu = plain_client(services, api, token) if beside else 0.0
    queries_run = 0

    def count_query(*_args: object) -> None:
        nonlocal queries_run
        queries_run += 1

    event.listen(db.engine, "before_cursor_execute", count_query)
    cpu, started = time.process_time(), time.perf_counter()
    report = run_pass(services)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    event.remove(db.engine, "before_cursor_execute", count_query)
    db.dispose()
    return Measured(elapsed, queries_run, report.sent, cpu, plain_cpu)


def pass_services(db: Database, api: str, post_rate: str, token: str = TOKEN) -> Services:
    """What a pass runs with: Slack at ``api``, posting at ``post_rate``, the clock at NOW and
    a microsecond later at each reading, as a real clock moves on while a pass posts (each
    reminder is then marked sent at a time of its own, as in a real pass)."""
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": token,
            "SLACK_API_URL": api,
            "DATABASE_URL": db.url,
            "S55_CHANNEL": CHANNEL,
            "S55_POST_RATE": post_rate,
        }
    )
    services = Services(settings=settings, db=db, client=make_client(settings), now=_ticking(NOW))
    services.workspace_url()  # one auth.test, as a running process would already have done
    return services


def _ticking(start: datetime) -> Callable[[], datetime]:
    ticks = itertools.count()
    return lambda: start + timedelta(microseconds=next(ticks))


def plain_client(services: Services, api: str, token: str) -> float:
    """Own CPU seconds of a plain slack_sdk client posting the messages the pass would post."""
    planned = planned_now(services)
    plain = WebClient(token=token, base_url=api)
    cpu = time.process_time()
    post_plainly(plain, planned)
    return time.process_time() - cpu


def planned_now(services: Services) -> list[Planned]:
    """The messages a pass would post now."""
    with services.db.session(read_only=True) as session:
        return plan(services, queries.open_inspections(session), NOW, set())


def post_plainly(client: WebClient, planned: list[Planned]) -> None:
    """Each planned message posted as a plain slack_sdk client posts it: no key, no pacing."""
    for item in planned:
        client.chat_postMessage(channel=item.channel, thread_ts=item.thread_ts, **item.message)


@dataclass(frozen=True)
class Measured:
    elapsed: float  # wall seconds of the pass
    statements: int
    sent: int
    cpu: float  # the pass's own CPU seconds (Slack in another process)
    plain_cpu: float  # a plain client's, posting the same messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rated", type=int, default=30, help="inspections for the rated run")
    parser.add_argument("--post-rate", default="", help="S55_POST_RATE for the rated run")
    parser.add_argument(
        "--burst", type=int, default=SLACK_BURST, help="the burst the stand-in allows (1: none)"
    )
    parser.add_argument(
        "--database-url",
        help="default: PostgreSQL's s55_bench beside S55_TEST_POSTGRES_URL; sqlite: a new file",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = (
            f"sqlite:///{Path(folder) / 'bench.db'}"
            if args.database_url == "sqlite"
            else bench_database("s55_bench", args.database_url)
        )
        print(f"one reminder pass, every inspection overdue, database {url.split(':')[0]}")
        from bench.offices import stand_in, token  # (bench.offices fills with this module)

        with stand_in(1) as api:  # Slack in a process of its own: its work is not ours
            for count in args.sizes:
                m = one_pass(api, url, count, UNPACED, token(0))
                print(
                    f"{count:>6} open: {m.elapsed:7.2f} s  {m.sent:>6} posted  "
                    f"{m.sent / m.elapsed:7.1f} posts/s  {m.statements} SQL statements  "
                    f"own CPU {m.cpu:.2f} s, a plain client posting the same {m.plain_cpu:.2f} s "
                    f"({m.cpu / max(m.plain_cpu, 1e-9):.2f}x)"
                )
        with SlackStandIn(token=TOKEN) as slack:
            slack.enforce_rate("chat.postMessage", per_channel_per_second=1.0, burst=args.burst)
            m = one_pass(slack.url, url, args.rated, args.post_rate, beside=False)
            elapsed, sent = m.elapsed, m.sent
            floor = sent - 1  # one per second per channel; the first goes at once
            print(
                f"{args.rated:>6} open, Slack's rate enforced: {elapsed:7.2f} s for {sent} posts "
                f"(floor {floor} s, {elapsed / max(floor, 1):.2f}x), "
                f"{m.statements} SQL statements, "
                f"{sum(c.outcome == '429' for c in slack.calls_to('chat.postMessage'))} "
                "answered 429"
            )


if __name__ == "__main__":
    main()
