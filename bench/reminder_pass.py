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
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert

from bench import empty
from bot.reminders.run import run_pass
from bot.services import Services
from bot.settings import MAX_POST_RATE, load_settings
from bot.slack.client import make_client
from bot.standin import SlackStandIn
from bot.standin.faults import SLACK_BURST
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


def one_pass(slack: SlackStandIn, url: str, count: int, post_rate: str) -> tuple[float, int, int]:
    db = Database(url)
    db.migrate()
    empty(db)
    fill(db, count)
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": url,
            "S55_CHANNEL": CHANNEL,
            "S55_POST_RATE": post_rate,
        }
    )
    services = Services(settings=settings, db=db, client=make_client(settings), now=lambda: NOW)
    services.workspace_url()  # one auth.test, as a running process would already have done
    queries = 0

    def count_query(*_args: object) -> None:
        nonlocal queries
        queries += 1

    event.listen(db.engine, "before_cursor_execute", count_query)
    started = time.perf_counter()
    report = run_pass(services)
    elapsed = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", count_query)
    db.dispose()
    return elapsed, queries, report.sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rated", type=int, default=30, help="inspections for the rated run")
    parser.add_argument("--post-rate", default="", help="S55_POST_RATE for the rated run")
    parser.add_argument(
        "--burst", type=int, default=SLACK_BURST, help="the burst the stand-in allows (1: none)"
    )
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        print(f"one reminder pass, every inspection overdue, database {url.split(':')[0]}")
        for count in args.sizes:
            with SlackStandIn(token=TOKEN) as slack:
                elapsed, queries, sent = one_pass(slack, url, count, UNPACED)
            print(
                f"{count:>6} open: {elapsed:7.2f} s  {sent:>6} posted  "
                f"{sent / elapsed:7.1f} posts/s  {queries} SQL statements"
            )
        with SlackStandIn(token=TOKEN) as slack:
            slack.enforce_rate("chat.postMessage", per_channel_per_second=1.0, burst=args.burst)
            elapsed, queries, sent = one_pass(slack, url, args.rated, args.post_rate)
            floor = sent - 1  # one per second per channel; the first goes at once
            print(
                f"{args.rated:>6} open, Slack's rate enforced: {elapsed:7.2f} s for {sent} posts "
                f"(floor {floor} s, {elapsed / max(floor, 1):.2f}x), {queries} SQL statements, "
                f"{sum(c.outcome == '429' for c in slack.calls_to('chat.postMessage'))} "
                "answered 429"
            )


if __name__ == "__main__":
    main()
