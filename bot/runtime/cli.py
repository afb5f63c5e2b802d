"""``s55bot``: run the bot, migrate the database. Problems are one line on stderr, exit 2.

Each command imports what it uses when it runs, nothing at the top: `s55bot --help` reads
no settings and opens no database, `migrate` alone loads alembic, a PostgreSQL URL alone
psycopg, and only the commands that serve Slack load Bolt and the handlers (the tests start
hundreds of these processes; tests/bot/runtime/test_cli_imports.py holds each to it).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from slack_bolt import App
    from sqlalchemy.exc import SQLAlchemyError

    from bot.domain.compliance import Period
    from bot.runtime.stopping import Parts, StopAsked
    from bot.runtime.web import RunningServer
    from bot.services import Services
    from bot.settings import Settings
    from storage.db import Database

EXIT_USAGE = 2


class StartupError(Exception):
    """Start-up cannot go on; the message says why and what to do."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration is noise
    from bot.settings import SettingError, load_settings  # after --help, which needs neither

    try:
        settings = load_settings()
        return args.run(settings, args)
    except (SettingError, StartupError) as problem:
        print(f"s55bot: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="s55bot", description="Section 55 responses, in Slack.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="HTTP mode: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, help="default: $PORT or 3000")
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not send reminders from this process (run `s55bot clock` instead)",
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="only acknowledge: leave events and the work after commands and clicks to "
        "`s55bot worker` processes (Procfile worker:)",
    )
    serve.set_defaults(run=run_serve)
    start = commands.add_parser(
        "start", help="`make run`: the bot if Slack settings are present, else the local sandbox"
    )
    start.add_argument("--port", type=int, help="default: $PORT or 3000")
    start.set_defaults(run=run_start, no_scheduler=False, no_worker=False, demo=False)
    sandbox = commands.add_parser(
        "sandbox", help="a Slack-like page on 127.0.0.1 to try the bot without Slack"
    )
    sandbox.add_argument("--port", type=int, help="default: $PORT or 3000")
    sandbox.add_argument(
        "--demo", action="store_true", help="start from an inspection half-way through"
    )
    sandbox.set_defaults(run=run_sandbox_command)
    clock = commands.add_parser("clock", help="the reminder scheduler alone (Procfile clock:)")
    clock.set_defaults(run=run_clock)
    worker = commands.add_parser(
        "worker",
        help="process events and the work after commands and clicks, from the inbox (Procfile "
        "worker:); run as many as you like, on any machines",
    )
    worker.add_argument(
        "--threads", type=_threads, default=None, help="rows worked on at once (default: 4)"
    )
    worker.set_defaults(run=run_worker)
    remind = commands.add_parser("remind", help="run the whole reminder pass once, now")
    remind.add_argument("--dry-run", action="store_true", help="print what would be sent")
    remind.set_defaults(run=run_remind)
    socket = commands.add_parser(
        "socket", help="Socket Mode, for offices without a public URL; also sends the reminders"
    )
    socket.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not send reminders from this process (run `s55bot clock` instead)",
    )
    socket.add_argument(
        "--no-worker",
        action="store_true",
        help="leave events and the work after commands and clicks to `s55bot worker` processes",
    )
    socket.set_defaults(run=run_socket)
    events = commands.add_parser(
        "events", help="Slack events that kept failing (parked): list them, or replay them"
    )
    events.add_argument("action", nargs="?", choices=("list", "replay"), default="list")
    events.add_argument("event_ids", nargs="*", metavar="EVENT_ID", help="as `events` lists them")
    events.add_argument("--all", action="store_true", help="replay every parked event")
    events.set_defaults(run=run_events)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=run_migrate)
    export = commands.add_parser("export", help="write an inspection's response document")
    export.add_argument("reference", help="e.g. S55-3")
    export.add_argument(
        "format_word", nargs="?", metavar="FORMAT", help="docx, html or md, as in /s55 export"
    )
    export.add_argument("--format", default=None, help="docx (default), html or md")
    export.add_argument("--out", help="file to write (default: S55-3-section-55-response.docx)")
    export.set_defaults(run=run_export)
    items = commands.add_parser(
        "items", help="every recommendation and AFI, for the HMICFRS Monitoring Portal"
    )
    items.add_argument("--csv", action="store_true", required=True, help="as CSV (the only format)")
    items.add_argument("--out", help="file to write (default: standard output)")
    items.set_defaults(run=run_items)
    office = commands.add_parser(
        "office", help="a host's offices: `office export T…` writes one office's records (JSON)"
    )
    office.add_argument("action", choices=["export"])
    office.add_argument("team_id", help="the office's Slack workspace ID (T…)")
    office.add_argument("--out", help="write to this file instead of standard output")
    office.set_defaults(run=run_office)
    audit = commands.add_parser("audit", help="export the audit log")
    audit.add_argument("--csv", action="store_true", required=True, help="as CSV (the only format)")
    audit.add_argument("--out", help="file to write (default: standard output)")
    audit.set_defaults(run=run_audit)
    _report_parser(commands)
    return parser


def _report_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="the compliance report of a period, for the Police and Crime Panel"
    )
    which = report.add_mutually_exclusive_group()
    which.add_argument("--year", help="a calendar year: 2024")
    which.add_argument(
        "--period", help='a financial year (2024-25) or a range ("1 Jan 2024 to 31 Mar 2024")'
    )
    report.add_argument(
        "--format", help="html, docx, csv or md (default: from --out's extension, else md)"
    )
    report.add_argument("--out", help="file to write (default: standard output; docx needs one)")
    report.add_argument(
        "--as-of", help="the day the figures are judged on, YYYY-MM-DD (default: today)"
    )
    report.set_defaults(run=run_report)


def run_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    db = open_database(settings, migrate=False, check=False)
    try:
        before, after = db.migrate()
    except SQLAlchemyError as failure:
        raise _unusable_database(failure) from None
    print(f"s55bot: {_migrated(_safe_url(db), before, after)}")
    return 0


def _migrated(where: str, before: str | None, after: str | None) -> str:
    """What ``migrate`` did, in one line: an operator running a release step reads whether
    anything changed, and from which revision (storage/migrations/versions)."""
    if before == after:
        return f"database at {where} was already up to date (revision {after}): nothing to do"
    if before is None:
        return f"database at {where} created at revision {after}"
    return f"database at {where} migrated from revision {before} to {after}"


def run_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.documents.files import filename, parse_format, write_file
    from bot.domain.errors import S55Error
    from bot.inspections.records import find_inspection

    db = open_database(settings)
    try:
        fmt = parse_format(args.format or args.format_word)
        inspection = find_inspection(db, args.reference)
    except S55Error as refusal:
        raise StartupError(_one_line(refusal.reply)) from None
    out = args.out or filename(inspection, fmt)
    try:
        write_file(settings, inspection, fmt, out)
    except OSError as failure:
        raise _cannot_write(out, failure) from None
    print(f"s55bot: wrote {out}", file=sys.stderr)
    return 0


def _cannot_write(path: str, failure: OSError) -> StartupError:
    return StartupError(f"cannot write {path} ({failure.strerror}): choose another --out")


def _one_line(mrkdwn: str) -> str:
    return mrkdwn.replace("`", "").replace("*", "").splitlines()[0]


def run_audit(settings: Settings, args: argparse.Namespace) -> int:
    from bot.audit.history import write_csv

    db = open_database(settings)
    if not args.out:
        try:
            write_csv(db, sys.stdout, tz=settings.timezone)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (`| head`). As Python's "Note on SIGPIPE" says: point
            # stdout at devnull so the flush at exit cannot fail again, and exit 1 quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        return 0
    try:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            count = write_csv(db, out, tz=settings.timezone)
    except OSError as failure:
        raise _cannot_write(args.out, failure) from None
    print(f"s55bot: wrote {count} audit rows to {args.out}", file=sys.stderr)
    return 0


def run_office(settings: Settings, args: argparse.Namespace) -> int:
    """`s55bot office export T…`: every record of one office of a host, as JSON (an office that
    left is kept for S55_RETENTION_DAYS so that it can have this)."""
    import json

    from bot.offices.leaving import export_office

    db = open_database(settings)
    exported = export_office(db, args.team_id)
    if exported is None:
        raise StartupError(
            f"no office has installed s55bot from the workspace {args.team_id!r}: give the "
            "team ID (T…) of one that has (the install page's success page names it)"
        )
    text = json.dumps(exported, default=str, indent=1, ensure_ascii=False)
    if not args.out:
        print(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    except OSError as failure:
        raise _cannot_write(args.out, failure) from None
    rows = sum(len(rows) for rows in exported["records"].values())
    print(f"s55bot: wrote {rows} records of {args.team_id} to {args.out}", file=sys.stderr)
    return 0


def run_items(settings: Settings, args: argparse.Namespace) -> int:
    from bot.items.listing import items_as_csv

    text = items_as_csv(open_database(settings), steps=settings.steps)
    if not args.out:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            out.write(text)
    except OSError as failure:
        raise _cannot_write(args.out, failure) from None
    rows = text.count("\r\n") - 1
    print(f"s55bot: wrote {rows} item(s) to {args.out}", file=sys.stderr)
    return 0


def run_report(settings: Settings, args: argparse.Namespace) -> int:
    """Everything typed is checked before the database is read, and the whole report is made
    before the file is opened: a refusal writes no file, and no half of one."""
    from bot.compliance.report import compliance_report
    from bot.documents.compliance import filename, write

    fmt, as_of, period = _report_request(settings, args)
    if fmt == "docx" and not args.out:
        raise StartupError("a .docx report needs --out FILE (it is not text for the terminal)")
    report = compliance_report(services_for(settings), period, as_of=as_of)
    data = write(report, fmt)
    if not args.out:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:  # as in run_audit: the reader stopped early
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except OSError as failure:  # a full disk, /dev/full: said in one line, not a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to it
            raise StartupError(
                f"cannot write the report to standard output ({failure.strerror}): give --out FILE"
            ) from None
        return 0
    try:
        with open(args.out, "wb") as out:
            out.write(data)
    except OSError as failure:
        raise _cannot_write(args.out, failure) from None
    print(
        f"s55bot: wrote the compliance report for {period.label} "
        f"({len(report.inspections)} inspection(s)) to {args.out} "
        f"(suggested name: {filename(report, fmt)})",
        file=sys.stderr,
    )
    return 0


def _report_request(
    settings: Settings, args: argparse.Namespace
) -> tuple[str, date | None, Period]:
    """The format, the as-of day and the period asked for, or StartupError saying what is wrong."""
    from datetime import UTC, date, datetime

    from bot.documents.compliance import parse_format
    from bot.domain.compliance import parse_period
    from bot.domain.deadlines import local_today
    from bot.domain.errors import S55Error

    if args.year is None and args.period is None:
        raise StartupError(
            "which period? Give --year 2024, --period 2024-25 or "
            '--period "1 Apr 2024 to 31 Mar 2025"'
        )
    extension = os.path.splitext(args.out or "")[1].lstrip(".")
    try:
        # report.pdf is refused (naming the format) rather than filled with Markdown
        fmt = parse_format(args.format or extension or "md")
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
        today = local_today(datetime.now(UTC), settings.timezone)
        if as_of is not None and as_of > today:  # it would call late what may yet be on time
            raise StartupError(
                f"--as-of {as_of.isoformat()} is after today ({today.isoformat()}): "
                "a report can only be judged on a day that has come"
            )
        period = parse_period(args.year or args.period or "", today=as_of or today)
    except S55Error as refusal:
        raise StartupError(_one_line(refusal.reply)) from None
    except ValueError:
        raise StartupError(
            f"--as-of {args.as_of!r} is not a day: write it as YYYY-MM-DD, e.g. 2025-03-31"
        ) from None
    return fmt, as_of, period


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime.stopping import StopAsked

    asked = StopAsked()  # before anything says it is ready
    if settings.many_offices:
        return _serve_many_offices(settings, args, asked)
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "S55_CHANNEL")
    from bot.runtime.stopping import Parts
    from bot.runtime.web import make_wsgi_app

    app, services = build(settings)
    port = args.port or settings.port
    parts = Parts(web=_listening(make_wsgi_app(app, services.db), port))
    if not args.no_worker:
        from bot.runtime.worker import one_office, start_worker

        parts.worker = start_worker(app, services.db, one_office(services))
    if not args.no_scheduler:
        from bot.reminders.schedule import start_in_background

        parts.scheduler = start_in_background(services)
    logging.getLogger("s55bot").info("serving Slack at http://0.0.0.0:%s/slack/events", port)
    return _until_stopped(asked, parts, "s55bot serve")


def _until_stopped(asked: StopAsked, parts: Parts, what: str) -> int:
    """Serve until SIGTERM or Ctrl+C, then stop every part, boundedly (bot.runtime.stopping)."""
    from bot.runtime.stopping import stop

    asked.wait()
    stop(parts, what=what, why=asked.signal_name)
    return 0


def _listening(wsgi: Any, port: int) -> RunningServer:
    """The web server serving on ``port`` from a thread of its own, or one line saying why
    it cannot."""
    from bot.runtime.web import RunningServer

    try:
        return RunningServer(wsgi, host="0.0.0.0", port=port)
    except OSError as failure:
        raise StartupError(
            f"cannot listen on port {port} ({failure.strerror}): stop whatever is using it, "
            "or set PORT to a free port"
        ) from None


def _serve_many_offices(settings: Settings, args: argparse.Namespace, asked: StopAsked) -> int:
    """A host for every office that installs the app (bot.runtime.host; README "Many
    offices")."""
    settings.require("SLACK_SIGNING_SECRET", "S55_TOKEN_KEY")
    from bot.runtime.stopping import Parts
    from bot.runtime.web import make_wsgi_app

    db = open_database(settings)
    host = _host(settings, db)
    port = args.port or settings.port
    parts = Parts(web=_listening(make_wsgi_app(host.app, db), port))
    if not args.no_worker:
        from bot.runtime.worker import start_worker

        parts.worker = start_worker(host.app, db.across_offices(), host.services_for_office)
    if not args.no_scheduler:
        host.scheduler.start()
        parts.scheduler = host.scheduler
    logging.getLogger("s55bot").info(
        "serving every office at http://0.0.0.0:%s/slack/events; offices install at /slack/install",
        port,
    )
    return _until_stopped(asked, parts, "s55bot serve")


def _host(settings: Settings, db: Database) -> Any:
    """The host of every office, its offices' tokens checked to be readable with the key."""
    import os

    from bot.offices.installations import BadTokenKey, unreadable_teams
    from bot.runtime.host import build_host

    try:
        host = build_host(settings, db, environ=os.environ, by_workers=True)
    except BadTokenKey:
        raise StartupError(
            'S55_TOKEN_KEY is not a Fernet key: make one with `python -c "from '
            'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"` '
            "and keep it safe (the offices' tokens cannot be read without it)"
        ) from None
    teams = [office.team_id or "" for office in host.directory.serving()]
    if unreadable := unreadable_teams(host.store, teams):
        raise StartupError(
            f"S55_TOKEN_KEY does not decrypt the Slack tokens of {len(unreadable)} of "
            f"{len(teams)} offices ({', '.join(unreadable[:3])}): give the key they were stored "
            "with (to replace a key, give the new one first and the old after it: new,old)"
        )
    return host


SLACK_SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "S55_CHANNEL",
    "SLACK_CLIENT_ID",
)


def run_start(settings: Settings, args: argparse.Namespace) -> int:
    """The real bot when any Slack setting is there (a missing one is then reported as
    usual), the sandbox when none is: a fresh clone's `make run` shows the product."""
    if any(getattr(settings, field) for field in _slack_fields()):
        return run_serve(settings, args)
    return _sandbox(settings, args, because_no_settings=True)


def _slack_fields() -> list[str]:
    from bot.settings import setting_field

    return [setting_field(name) for name in SLACK_SETTINGS]


def run_sandbox_command(settings: Settings, args: argparse.Namespace) -> int:
    return _sandbox(settings, args, because_no_settings=False)


def _sandbox(settings: Settings, args: argparse.Namespace, *, because_no_settings: bool) -> int:
    from pathlib import Path

    from bot.runtime.sandbox.demo import DemoFailed
    from bot.runtime.sandbox.main import CannotStart, run_sandbox

    try:
        return run_sandbox(
            port=args.port or settings.port,
            demo_story=args.demo,
            directory=Path.cwd(),
            because_no_settings=because_no_settings,
        )
    except (CannotStart, DemoFailed) as problem:
        raise StartupError(str(problem)) from None


def run_clock(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime.stopping import Parts, StopAsked

    asked = StopAsked()  # before anything says it is ready
    settings.require("SLACK_BOT_TOKEN", "S55_CHANNEL")
    from bot.reminders.schedule import start_in_background

    services = services_for(settings)
    scheduler = start_in_background(services)
    logging.getLogger("s55bot").info(
        "clock: reminders at %s %s on working days",
        services.settings.digest_time.strftime("%H:%M"),
        services.settings.timezone,
    )
    return _until_stopped(asked, Parts(scheduler=scheduler), "clock")


def run_remind(settings: Settings, args: argparse.Namespace) -> int:
    from bot.reminders.run import run_pass
    from bot.reminders.schedule import run_everything_once

    settings.require("SLACK_BOT_TOKEN", "S55_CHANNEL")
    services = services_for(settings)
    if args.dry_run:
        report = run_pass(services, dry_run=True)
        for item in report.planned:
            where = f"thread {item.thread_ts}" if item.thread_ts else "channel"
            print(f"{item.key}\t{item.channel} {where}\t{item.message['text']}")
        print(f"s55bot: {len(report.planned)} reminder(s) due on {report.today}", file=sys.stderr)
        return 0
    report = run_everything_once(services)
    print(
        f"s55bot: {report.sent} sent ({report.found_in_slack} found already in Slack), "
        f"{report.failed} failed, {report.skipped} held by another process"
        + (
            " — Slack could not be reached; the rest are left for the next pass"
            if report.unreachable
            else ""
        ),
        file=sys.stderr,
    )
    return 1 if report.unreachable or report.failed else 0


def run_events(settings: Settings, args: argparse.Namespace) -> int:
    """`s55bot events`: the parked events with their errors; `s55bot events replay ID…` (or
    `--all`): each processed again now, and what came of it."""
    from bot.inbox.parking import parked, unpark

    settings.require("SLACK_BOT_TOKEN")
    services = services_for(settings)
    waiting = parked(services)
    if args.action == "list":
        for event_id, when, error in waiting:
            print(f"{event_id}\tparked {when}\t{error}")
        print(f"s55bot: {len(waiting)} parked event(s)", file=sys.stderr)
        return 0
    asked = [event_id for event_id, _when, _error in waiting] if args.all else args.event_ids
    if not asked:
        raise StartupError("name the events to replay (as `s55bot events` lists them), or --all")
    from bot.inbox.events import process  # the whole of event handling: replaying needs it

    again = unpark(services, asked)
    failed = 0
    for event_id in asked:
        if event_id not in again:
            print(f"{event_id}\tnot parked: nothing to replay")
            failed += 1
        elif process(services, event_id):
            print(f"{event_id}\tprocessed")
        else:
            print(f"{event_id}\tfailed again: it stays pending and is retried (see the log)")
            failed += 1
    return 1 if failed else 0


def run_worker(settings: Settings, args: argparse.Namespace) -> int:
    """`s55bot worker`: no web server; claims rows from the inbox until stopped (README
    "Workers")."""
    from bot.runtime.stopping import Parts, StopAsked

    asked = StopAsked()  # before anything says it is ready
    from bot.inbox.worker import THREADS
    from bot.runtime.worker import one_office, start_worker

    threads = args.threads or THREADS
    if settings.many_offices:
        settings.require("S55_TOKEN_KEY")
        host = _host(settings, open_database(settings))
        worker = start_worker(
            host.app, host.db.across_offices(), host.services_for_office, threads=threads
        )
    else:
        settings.require("SLACK_BOT_TOKEN", "S55_CHANNEL")
        app, services = build(settings)
        worker = start_worker(app, services.db, one_office(services), threads=threads)
    logging.getLogger("s55bot").info(
        "worker %s: taking events and requests' work from the inbox", worker.claimer
    )
    return _until_stopped(asked, Parts(worker=worker), "worker")


def _threads(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of threads from 1 to 64")
    return number


def run_socket(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime.stopping import StopAsked

    asked = StopAsked()  # before anything says it is ready
    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "S55_CHANNEL")
    from slack_sdk.errors import SlackClientError

    from bot.runtime.socket_mode import LinkRefused, open_link, run_socket_mode

    services = services_for(settings)
    try:
        try:
            # The app-level token is tried before anything starts: the SDK's client would
            # log a refusal and try again for ever.
            url = open_link(services.client, settings.app_token or "")
        except (SlackClientError, OSError) as failure:
            raise _unreachable(settings, failure) from None
        app = bolt_app(services)
        worker = None
        if not args.no_worker:
            from bot.runtime.worker import one_office, start_worker

            worker = start_worker(app, services.db, one_office(services))
        run_socket_mode(
            app, services, url, scheduler=not args.no_scheduler, worker=worker, asked=asked
        )
    except LinkRefused as refusal:
        raise StartupError(str(refusal)) from None
    return 0


def services_for(settings: Settings) -> Services:
    from bot.offices.settings import reload_office_settings
    from bot.runtime.deliverers import register_deliverers
    from bot.services import Services
    from bot.slack.client import make_client

    register_deliverers()  # every command with services may deliver a follow-up
    services = Services(settings=settings, db=open_database(settings), client=make_client(settings))
    # The single office's choices on its Home tab (README "Settings in Slack") over the
    # environment's: a process started now uses what was saved in Slack before.
    reload_office_settings(services)
    return services


def build(settings: Settings) -> tuple[App, Services]:
    services = services_for(settings)
    return bolt_app(services), services


def bolt_app(services: Services) -> App:
    """The Bolt app, whose start checks SLACK_BOT_TOKEN with Slack (auth.test). Imported here:
    the commands that serve no Slack requests (migrate, remind, report, …) start without Bolt
    and the handlers, 0.4 s sooner."""
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackClientError

    from bot.runtime.app import build_app

    try:
        return build_app(services, by_workers=True)
    except BoltError as failure:
        raise StartupError(
            f"Slack refused SLACK_BOT_TOKEN ({failure}): copy the Bot User OAuth Token again"
        ) from None
    except (SlackClientError, OSError) as failure:
        raise _unreachable(services.settings, failure) from None


def _unreachable(settings: Settings, failure: Exception) -> StartupError:
    return StartupError(
        f"could not reach Slack at {settings.api_url} ({failure}): check the network "
        "or SLACK_API_URL"
    )


def open_database(
    settings: Settings, *, migrate: bool | None = None, check: bool = True
) -> Database:
    """The database, checked to be current (unless ``check`` is off: `migrate` makes it so).
    SQLite (the embedded default) is migrated on start when it is behind; PostgreSQL only by
    `s55bot migrate`, as a release step. The check reads the stored revision without alembic
    (storage.db.schema_is_current): a current database starts without loading it."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from storage.db import Database, schema_is_current

    if migrate is None:
        migrate = settings.database_url.startswith("sqlite")
    try:
        db = Database(settings.database_url)
        current = schema_is_current(db) if migrate or check else True
        if migrate and not current:
            db.migrate()
            current = schema_is_current(db) if check else True
    except ArgumentError as failure:
        raise StartupError(
            f"DATABASE_URL is not usable ({failure}): use sqlite:///s55bot.db or "
            "postgresql://user:password@host:5432/dbname"
        ) from None
    except SQLAlchemyError as failure:
        raise _unusable_database(failure) from None
    if not current:
        raise StartupError(
            f"the database at {_safe_url(db)} is not up to date: run `s55bot migrate`"
        )
    return db


def _unusable_database(failure: SQLAlchemyError) -> StartupError:
    reason = str(getattr(failure, "orig", None) or failure).splitlines()[0]
    return StartupError(
        f"cannot use DATABASE_URL ({reason}): check the address, that the server is "
        "running and that the user may connect"
    )


def _safe_url(db: Database) -> str:
    from sqlalchemy.engine import make_url

    return make_url(db.url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
