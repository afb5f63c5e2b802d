"""`s55bot` on the command line, as an operator runs it: real processes, real ports."""

from __future__ import annotations

import csv
import json
import queue
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.standin import SignedSlackRequests, SlackStandIn
from storage.db import Database, alembic_config
from tests.forkserver import s55bot
from tests.paths import REPOSITORY

TOKEN = "xoxb-cli-test"
SECRET = "cli-signing-secret"
NEWEST_REVISION = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        s55bot(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        (
            {},
            "s55bot: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and S55_CHANNEL are not set: "
            "copy .env.example to .env",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "S55_CHANNEL": "C0TEAM001"},
            "s55bot: SLACK_SIGNING_SECRET is not set: create the Slack app from manifest.yml",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
            "s55bot: S55_CHANNEL is not set",
        ),
        (
            {"S55_DEADLINE_RULE": "sometimes"},
            "s55bot: S55_DEADLINE_RULE is 'sometimes': use statutory or plus56",
        ),
        # A host for many offices (an app's OAuth credentials, no one workspace's token):
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x", "SLACK_SIGNING_SECRET": "s"},
            "s55bot: S55_TOKEN_KEY is not set: a host for many offices encrypts their Slack "
            "tokens with it",
        ),
        (
            {
                "SLACK_CLIENT_ID": "1.2",
                "SLACK_CLIENT_SECRET": "x",
                "SLACK_SIGNING_SECRET": "s",
                "S55_TOKEN_KEY": "not-a-key",
            },
            "s55bot: S55_TOKEN_KEY is not a Fernet key: make one with",
        ),
    ],
)
def test_serve_without_what_it_needs_says_what_to_do_in_one_line(
    clean_env: dict[str, str], tmp_path: Path, setting: dict[str, str], says: str
) -> None:
    result = run(["serve"], {**clean_env, **setting}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(says)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_database_that_cannot_be_reached_is_one_line(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(
        ["migrate"],
        {**clean_env, "DATABASE_URL": "postgresql://postgres@127.0.0.1:9/none"},
        tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("s55bot: cannot use DATABASE_URL (")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["postgresql://u@h:abc/db", "sqlite://s55bot.db"])
def test_a_malformed_database_url_is_one_line_naming_it(
    clean_env: dict[str, str], tmp_path: Path, url: str
) -> None:
    result = run(["migrate"], {**clean_env, "DATABASE_URL": url}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("s55bot: DATABASE_URL ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "use sqlite:///s55bot.db or postgresql://" in result.stderr


def test_a_port_in_use_is_one_line(clean_env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken, SlackStandIn(token=TOKEN) as slack:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {
            **clean_env,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "S55_CHANNEL": "C0CLI0001",
            "SLACK_API_URL": slack.url,
            "PORT": str(taken.getsockname()[1]),
        }
        result = run(["serve"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("s55bot: cannot listen on port")
    assert "Traceback" not in result.stderr


def test_migrate_creates_the_default_sqlite_database(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["migrate"], clean_env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"s55bot: database at sqlite:///s55bot.db created at revision {NEWEST_REVISION}\n"
    )
    assert result.stderr == ""  # no chatter from alembic
    assert (tmp_path / "s55bot.db").exists()


def test_migrate_says_whether_it_changed_anything_and_from_which_revision(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 's55bot.db'}"
    command.upgrade(alembic_config(url), "0013")
    env = {**clean_env, "DATABASE_URL": url}
    first = run(["migrate"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.endswith(f"migrated from revision 0013 to {NEWEST_REVISION}\n")
    again = run(["migrate"], env, tmp_path)
    assert again.stdout.endswith(
        f"was already up to date (revision {NEWEST_REVISION}): nothing to do\n"
    )


def log_one(database: Database, link: str | None = None) -> None:
    """S55-1, logged on 2 May 2024 without Slack."""
    from datetime import UTC, date, datetime

    from bot.domain.deadlines import DeadlineRule
    from bot.domain.inspection import InspectionDraft
    from bot.inspections.records import log_inspection

    draft = InspectionDraft(title="Vetting, part 2", published=date(2024, 4, 30), link=link)
    log_inspection(
        database,
        draft=draft,
        actor="U0001",
        channel="C1",
        rule=DeadlineRule.STATUTORY,
        cc_days=28,
        now=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(
    command: list[str], env: dict[str, str], cwd: Path, *, ready: str
) -> Iterator[subprocess.Popen[str]]:
    """``s55bot <command>`` in its own process, once its log says ``ready``; stopped after."""
    process = subprocess.Popen(
        s55bot(*command), env=env, cwd=cwd, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr or ()], daemon=True
    ).start()
    try:
        while ready not in (line := lines.get(timeout=30)):
            assert process.poll() is None, line
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def bot_env(clean_env: dict[str, str], slack: SlackStandIn, database: Database) -> dict[str, str]:
    return {
        **clean_env,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.url,
        "S55_CHANNEL": "C0CLI0001",
        "DATABASE_URL": database.url,
    }


@pytest.fixture
def served(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> Iterator[tuple[str, SlackStandIn]]:
    """`s55bot serve` in its own process, pointed at the stand-in and the test database."""
    with SlackStandIn(token=TOKEN) as slack:
        port = free_port()
        env = {**bot_env(clean_env, slack, database), "PORT": str(port)}
        with running(["serve"], env, tmp_path, ready="serving Slack at"):
            yield f"http://127.0.0.1:{port}/", slack


def test_serve_answers_slack_and_the_health_check(served: tuple[str, SlackStandIn]) -> None:
    url, slack = served
    with urllib.request.urlopen(url + "healthz", timeout=10) as health:
        assert health.status == 200
    send = SignedSlackRequests(
        url + "slack/events", SECRET, response_url_factory=slack.response_url
    )
    reply = send.slash_command("add Vetting and anti-corruption part 2 | 30/04/2024")
    assert reply.status == 200
    # The card (on a working day past the digest time, serve's first pass may post the digest
    # first: the card is looked for, not taken to be the first post).
    post = slack.wait_for(
        "chat.postMessage",
        timeout=10,
        predicate=lambda c: (
            "metadata" in c.args and "blocks" in c.args and "S55-1" in str(c.args["blocks"][0])
        ),
    )[0]
    assert post.args["channel"] == "C0CLI0001"
    assert post.args["blocks"][0]["text"]["text"] == "S55-1 · Vetting and anti-corruption part 2"
    assert slack.wait_for("response_url")[0].args["text"].startswith("Logged *S55-1*")


def test_audit_exports_every_row_as_csv(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    log_one(database)
    result = run(
        ["audit", "--csv", "--out", "audit.csv"],
        {**clean_env, "DATABASE_URL": database.url},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((tmp_path / "audit.csv").open(encoding="utf-8")))
    assert rows[0] == ["id", "reference", "at_utc", "at_local", "actor", "action", "what"]
    assert rows[1][1:6] == [
        "S55-1",
        "2024-05-02T09:30:00+00:00",
        "2024-05-02T10:30:00+01:00",
        "U0001",
        "logged",
    ]
    assert rows[1][6] == "logged the inspection “Vetting, part 2”"  # words, never the details
    assert "wrote 1 audit rows" in result.stderr


def test_export_of_a_stored_link_with_a_control_character_writes_the_document(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    import docx

    log_one(database, link="https://x.example/a\x01b")  # stored before links were checked
    env = {**clean_env, "DATABASE_URL": database.url}
    result = run(["export", "S55-1", "--out", "out.docx"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    word = docx.Document(str(tmp_path / "out.docx"))
    targets = [rel.target_ref for rel in word.part.rels.values() if rel.is_external]
    assert targets == ["https://x.example/a%01b"]


def test_audit_into_a_pipe_closed_early_exits_quietly(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    """`s55bot audit --csv | head -1`: more rows than a pipe holds, and a reader that stops."""
    from datetime import UTC, datetime

    from storage.models import AuditEvent

    with database.session() as session:
        session.add_all(
            AuditEvent(actor="U0001", action="logged", details={"title": "x" * 200}, at=when)
            for when in [datetime(2024, 5, 2, 9, 30, tzinfo=UTC)] * 2000
        )
    reader = subprocess.Popen(
        s55bot("audit", "--csv"),
        env={**clean_env, "DATABASE_URL": database.url},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().startswith(b"id,reference,")
    reader.stdout.close()  # as `head -1` does once it has its line
    stderr = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 1  # as Python's "Note on SIGPIPE" does
    assert stderr == ""


def test_export_writes_the_document_without_slack(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    import docx

    log_one(database)
    env = {**clean_env, "DATABASE_URL": database.url}
    result = run(["export", "S55-1", "--format", "docx", "--out", "out.docx"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert "Inspection title: Vetting, part 2" in paragraphs and "Awaited." in paragraphs
    refused = run(["export", "S55-9"], env, tmp_path)
    assert refused.returncode == 2
    assert (
        refused.stderr == "s55bot: I can't find an inspection S55-9. "
        "References look like S55-7; try /s55 list all.\n"
    )


def test_export_takes_the_format_as_slash_s55_export_does(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    log_one(database)
    env = {**clean_env, "DATABASE_URL": database.url}
    result = run(["export", "S55-1", "md", "--out", "out.md"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.md").read_text().count("Vetting, part 2") >= 1
    refused = run(["export", "S55-1", "pdf"], env, tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1


def test_items_export_every_item_as_csv_for_the_monitoring_portal(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    from datetime import UTC, date, datetime

    from storage import items as item_store
    from storage import queries
    from storage.items import ItemFacts

    log_one(database)
    with database.session() as session:
        inspection = queries.inspection_by_number(session, 1)
        facts = ItemFacts(
            "afi", "1", "=HYPERLINK(…) Chief constables should…", date(2020, 11, 1), "force", ""
        )
        item_store.record_items(
            session, inspection, "afi", [facts], actor="U0001", now=datetime.now(UTC)
        )
    result = run(
        ["items", "--csv", "--out", "items.csv"],
        {**clean_env, "DATABASE_URL": database.url},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader((tmp_path / "items.csv").open(encoding="utf-8")))
    assert rows[0] == [
        "reference", "inspection", "published", "kind", "number", "due date", "directed at",
        "response", "action", "owner", "target date", "state", "HMICFRS register status",
    ]  # fmt: skip
    assert rows[1][:7] == [
        "S55-1", "Vetting, part 2", "2024-04-30", "Area for improvement", "1", "2020-11-01",
        "This force",
    ]  # fmt: skip
    assert rows[1][-2:] == ["not yet answered", "awaiting review"]
    assert "wrote 1 item(s) to items.csv" in result.stderr
    assert run(["items"], clean_env, tmp_path).returncode == 2  # --csv, the only format


def test_office_export_writes_one_offices_records_and_names_an_unknown_one_in_one_line(
    clean_env: dict[str, str], tmp_path: Path, migrated_sqlite_at: Callable[[Path], Database]
) -> None:
    from datetime import UTC, datetime

    from storage.offices import install_office

    db = migrated_sqlite_at(tmp_path / "s55bot.db")
    url = db.url
    with db.across_offices().session() as session:
        office = install_office(
            session,
            team_id="T0002",
            team_name="Norfolk OPCC",
            installed_by="U0JANE",
            now=datetime(2024, 5, 2, tzinfo=UTC),
        )
        office_id = office.id
    log_one(db.for_office(office_id))
    log_one(db, link="https://example.org/other-office")  # the single office's: not exported
    db.dispose()
    env = {**clean_env, "DATABASE_URL": url}
    result = run(["office", "export", "T0002", "--out", "norfolk.json"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "norfolk.json").read_text())
    assert exported["office"]["team_name"] == "Norfolk OPCC"
    assert len(exported["records"]["inspection"]) == 1
    unknown = run(["office", "export", "T0404"], env, tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "s55bot: no office has installed s55bot from the workspace 'T0404': give the team ID"
    )
    assert unknown.stderr.count("\n") == 1


def test_a_host_whose_token_key_does_not_decrypt_the_stored_tokens_says_so_in_one_line(
    clean_env: dict[str, str], tmp_path: Path, migrated_sqlite_at: Callable[[Path], Database]
) -> None:
    from datetime import UTC, datetime

    from cryptography.fernet import Fernet
    from slack_sdk.oauth.installation_store import Bot

    from bot.offices.installations import EncryptedInstallationStore, token_cipher
    from storage.offices import install_office

    db = migrated_sqlite_at(tmp_path / "s55bot.db")
    url = db.url
    with db.across_offices().session() as session:
        install_office(
            session,
            team_id="T0002",
            team_name=None,
            installed_by="U1",
            now=datetime(2024, 5, 2, tzinfo=UTC),
        )
    stored_with = Fernet.generate_key().decode()
    store = EncryptedInstallationStore("1.2", db, token_cipher(stored_with))
    store.save_bot(
        Bot(
            app_id="A1",
            enterprise_id=None,
            team_id="T0002",
            bot_token="xoxb-2",
            bot_id="B2",
            bot_user_id="U2",
            installed_at=1714640000.0,
        )
    )
    db.dispose()
    env = {
        **clean_env,
        "DATABASE_URL": url,
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "x",
        "SLACK_SIGNING_SECRET": "s",
        "S55_TOKEN_KEY": Fernet.generate_key().decode(),
    }
    result = run(["serve", "--no-scheduler"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "s55bot: S55_TOKEN_KEY does not decrypt the Slack tokens of 1 of 1 offices (T0002)"
    )
    assert result.stderr.count("\n") == 1


def test_the_web_process_only_acknowledges_and_a_worker_process_does_the_work(
    clean_env: dict[str, str], tmp_path: Path, database: Database
) -> None:
    """The Procfile's web and worker lines, as processes: the command is acknowledged by
    `serve --no-worker` and done by `s55bot worker` once it runs."""
    procfile = dict(
        line.split(": ", 1) for line in (REPOSITORY / "Procfile").read_text().splitlines()
    )
    assert procfile["web"] == "s55bot serve --no-scheduler --no-worker"
    assert procfile["worker"] == "s55bot worker"
    with SlackStandIn(token=TOKEN) as slack:
        port = free_port()
        env = {**bot_env(clean_env, slack, database), "PORT": str(port)}
        with running(
            ["serve", "--no-scheduler", "--no-worker"], env, tmp_path, ready="serving Slack at"
        ):
            send = SignedSlackRequests(
                f"http://127.0.0.1:{port}/slack/events",
                SECRET,
                response_url_factory=slack.response_url,
            )
            reply = send.slash_command("add Vetting and anti-corruption part 2 | 30/04/2024")
            assert reply.status == 200
            time.sleep(0.5)
            assert slack.calls_to("chat.postMessage") == []  # acknowledged, not yet done
            with running(["worker", "--threads", "2"], env, tmp_path, ready="taking events"):
                post = slack.wait_for("chat.postMessage", timeout=20)[0]
                assert post.args["channel"] == "C0CLI0001"
                told = slack.wait_for("response_url", timeout=20)[0]
                assert told.args["text"].startswith("Logged *S55-1*")


@pytest.mark.parametrize("threads", ["0", "65", "many"])
def test_a_worker_refuses_a_number_of_threads_it_cannot_use(
    clean_env: dict[str, str], tmp_path: Path, threads: str
) -> None:
    result = run(["worker", "--threads", threads], clean_env, tmp_path)
    assert result.returncode == 2
    assert f"{threads!r} is not a number of threads from 1 to 64" in result.stderr
