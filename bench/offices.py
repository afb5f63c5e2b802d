"""One reminder pass for many offices on one host, beside one office's pass (README "Many
offices"): the pass's own CPU time and its SQL statements.

    python -m bench.offices [--offices 50] [--open 100 200] [--database-url URL]

Every office has the same number of open inspections, all overdue, so each office's pass posts
its digest and one nudge per inspection into its own channel. Slack is the stand-in, in a
process of its own (so that its work is not counted as the bot's), answering at once; posting is
unpaced (S55_POST_RATE=1000) to measure our own work. The baseline is the single office of a
single-office deployment (its settings from the environment) with the same inspections as one
office of the host. What must hold: the statements of the host's pass grow with the number of
offices, never with the inspections an office has.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import event

from bench import bench_database, empty
from bench.reminder_pass import fill
from bot.offices.directory import OfficeDirectory
from bot.offices.installations import EncryptedInstallationStore, token_cipher
from bot.offices.tokens import TokenKeeper
from bot.reminders.run import run_pass
from bot.services import Services, claimer_id
from bot.settings import load_settings
from bot.slack.client import make_client
from storage.db import Database
from storage.offices import install_office

NOW = datetime(2024, 12, 19, 9, 30, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)  # Thu
CLIENT_ID = "1111.2222"
UNPACED = "1000"


def team(number: int) -> str:
    return f"T{number + 1000:04d}"  # T0001 is the stand-in's own first workspace


def token(number: int) -> str:
    return f"xoxb-office-{number:04d}"


def channel(number: int) -> str:
    return f"C{number:04d}TEAM"


# ---- Slack, in a process of its own ---------------------------------------------------------
def serve_stand_in(offices: int) -> None:
    """Child process: the stand-in with one workspace per office; prints its URL, then serves
    until its standard input closes."""
    from bot.standin import Identity, SlackStandIn

    with SlackStandIn(token=token(0), keep_calls=False) as slack:
        for number in range(1, offices + 1):
            identity = Identity(
                team_id=team(number),
                team_domain=f"office-{number}",
                bot_user_id=f"U{number:04d}BOT",
                bot_id=f"B{number:04d}BOT",
            )
            slack.add_workspace(identity, token=token(number))
        print(slack.url, flush=True)
        sys.stdin.read()


@contextmanager
def stand_in(offices: int) -> Iterator[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.offices", "--serve-stand-in", str(offices)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit("the stand-in did not start (see above)")
        yield url
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(30)


def _pass(services: Services) -> None:
    """The reminder pass (bot.reminders.run), every reminder sent."""
    report = run_pass(services)
    assert report.sent == len(report.planned) and not report.failed, report


# ---- measuring ----------------------------------------------------------------------------
def measured(db: Database, work: Callable[[], None]) -> tuple[float, float, int]:
    """(own CPU seconds, wall seconds, SQL statements) of ``work``."""
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine, "before_cursor_execute", count)
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    event.remove(db.engine, "before_cursor_execute", count)
    return cpu, wall, statements


def one_office(url: str, api: str, count: int) -> tuple[float, float, int]:
    db = Database(url)
    db.migrate()
    empty(db)
    fill(db, count, channel(0))
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": token(0),
            "SLACK_API_URL": api,
            "DATABASE_URL": url,
            "S55_CHANNEL": channel(0),
            "S55_POST_RATE": UNPACED,
        },
        dotenv=False,
    )
    services = Services(settings=settings, db=db, client=make_client(settings), now=lambda: NOW)
    services.workspace_url()  # one auth.test, as a running process would already have done
    try:
        return measured(db, lambda: _pass(services))
    finally:
        db.dispose()


def many_offices(url: str, api: str, offices: int, count: int) -> tuple[float, float, int]:
    db = Database(url)
    db.migrate()
    empty(db)
    store = EncryptedInstallationStore(CLIENT_ID, db, token_cipher(Fernet.generate_key().decode()))
    for number in range(1, offices + 1):
        with db.across_offices().session() as session:
            office = install_office(
                session, team_id=team(number), team_name=None, installed_by="U0001", now=NOW
            )
            office.settings = {"S55_CHANNEL": channel(number)}
            office_id = office.id
        store.save_bot(
            Bot(
                app_id="A0APP0001",
                enterprise_id=None,
                team_id=team(number),
                bot_token=token(number),
                bot_id=f"B{number:04d}BOT",
                bot_user_id=f"U{number:04d}BOT",
                installed_at=time.time(),
            )
        )
        fill(db.for_office(office_id), count, channel(number))
    keeper = TokenKeeper(
        db=db,
        store=store,
        rotator=TokenRotator(
            client_id=CLIENT_ID, client_secret="x", client=WebClient(base_url=api)
        ),
        claimer=claimer_id(),
        now=lambda: NOW,
    )
    environ = {"SLACK_API_URL": api, "S55_POST_RATE": UNPACED, "DATABASE_URL": url}
    directory = OfficeDirectory(environ=environ, db=db, keeper=keeper, now=lambda: NOW)
    for office in directory.serving():  # a running host has made each office's services
        directory.services_for(office).workspace_url()

    def every_office() -> None:
        for office in directory.serving():
            _pass(directory.services_for(office))

    try:
        return measured(db, every_office)
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--open", type=int, nargs="+", default=[100, 200])
    parser.add_argument(
        "--database-url",
        help="default: PostgreSQL's s55_bench beside S55_TEST_POSTGRES_URL; sqlite: a new file",
    )
    parser.add_argument("--serve-stand-in", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_stand_in is not None:
        serve_stand_in(args.serve_stand_in)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = (
            f"sqlite:///{Path(folder) / 'bench.db'}"
            if args.database_url == "sqlite"
            else bench_database("s55_bench", args.database_url)
        )
        print(f"one reminder pass, every inspection overdue, database {url.split(':')[0]}")
        results = {}
        with stand_in(args.offices) as api:
            for count in args.open:
                base = one_office(url, api, count)
                host = many_offices(url, api, args.offices, count)
                results[count] = {"one office": base, f"{args.offices} offices": host}
                print(
                    f"{count:>4} open an office: one office {base[0]:6.2f} s CPU "
                    f"({base[1]:6.2f} s wall), {base[2]:>5} statements | "
                    f"{args.offices} offices {host[0]:7.2f} s CPU ({host[1]:7.2f} s wall), "
                    f"{host[2]:>6} statements = {host[2] / args.offices:.1f} an office "
                    f"({host[0] / max(base[0], 1e-9) / args.offices:.2f}x one office's CPU each)"
                )
        print(json.dumps({str(k): v for k, v in results.items()}))


if __name__ == "__main__":
    main()
