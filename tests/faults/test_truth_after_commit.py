"""Replies tell the truth after a commit (docs/rules.md#r21): for `/s55 add`, Answer,
Update, sign-off and **Use this**, every COMMIT the action makes is cut in turn, one run each:
the server carries it out, and the bot's connection is lost before the answer comes back.

PostgreSQL: a loopback proxy (tests/faults/dbproxy.py) lets the K-th COMMIT through and cuts the
connection before the reply. SQLite, the equivalent: the K-th commit is made, then the driver
raises "disk I/O error" as if its answer were lost. Each run starts from the same database and
Slack (snapshots), then counts: an untrue reply ("nothing was stored" when it was, "Recorded"
when it was not, or silence when nothing was), a change lost (not stored after the person did
what they were told: trying again where told nothing was stored), or doubled (stored twice, or
a keyed message in Slack twice), once the next reminder pass has run.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot import copy, ids
from bot.inspections.flows import post_missing_cards
from bot.reminders.owed import deliver_all_owed
from bot.standin import SlackStandIn
from storage.db import Database, normalise_url
from storage.models import Inspection, ItemAnswer, ItemProgress, Response, StepConfirmation
from tests.bot.items.steps import EDITOR, answer, answer_form_metadata, update_form_metadata
from tests.bot.responses.test_responses import log_inspection, receipt
from tests.bot.signoff.test_signoff import APPROVER, step_button, with_approvers
from tests.e2e import CHANNEL, Bot, start_bot, stop_bot
from tests.faults.conftest import Probe
from tests.faults.dbproxy import DatabaseProxy
from tests.faults.steps import CC_TEXT, ready_to_sign, reply_in_thread
from tests.faults.test_acks_first import an_item_to_answer, answer_values, update_values

ADD = "add Vetting part 2 | 30 April 2024"
TOLD_WITHIN_SECONDS = 45.0  # a look-up after a lost commit may wait out the database's bounds


# ---- the fault, on each database ----------------------------------------------------------------


class Cutter(Protocol):
    """Cuts the K-th commit's answer; keeps and brings back the database as it was."""

    bot: Bot
    made: int  # commits the last run of the action made

    @property
    def commits(self) -> int: ...
    def count(self) -> None: ...
    def arm(self, nth: int) -> None: ...
    def was_cut(self) -> bool: ...
    def snapshot(self) -> None: ...
    def restore(self) -> None: ...
    def close(self) -> None: ...


class PostgresCutter:
    def __init__(self, slack: SlackStandIn, server: str) -> None:
        self.admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
        self.name = f"s55_cut_{uuid.uuid4().hex[:10]}"
        self.snap = self.name + "_snap"
        self._sql(f'CREATE DATABASE "{self.name}"')
        url = make_url(normalise_url(server)).set(database=self.name)
        real = Database(url.render_as_string(hide_password=False))
        real.migrate()
        real.dispose()
        self.proxy = DatabaseProxy(url.host or "127.0.0.1", url.port or 5432)
        self.db = Database(self.proxy.url(real.url, plain=True))
        self.bot = start_bot(slack, self.db, S55_APPROVERS=APPROVER)
        self.made = 0

    @property
    def commits(self) -> int:
        return self.proxy.commits

    def count(self) -> None:
        self.proxy.count_commits()

    def arm(self, nth: int) -> None:
        self.proxy.cut_after_commit(nth)

    def was_cut(self) -> bool:
        return self.proxy.was_cut()

    def _sql(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def _let_go(self, name: str) -> None:
        self.db.dispose()
        self._sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )

    def snapshot(self) -> None:
        self.bot.settle()
        self._let_go(self.name)
        self._sql(f'DROP DATABASE IF EXISTS "{self.snap}"')
        self._sql(f'CREATE DATABASE "{self.snap}" TEMPLATE "{self.name}"')

    def restore(self) -> None:
        self.bot.settle()
        self._let_go(self.name)
        self._sql(f'DROP DATABASE "{self.name}" WITH (FORCE)')
        self._sql(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.snap}"')
        self.db.ping()

    def close(self) -> None:
        stop_bot(self.bot, settle_within=60)
        self.db.dispose()
        self.proxy.close()
        for name in (self.name, self.snap):
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


class SqliteCutter:
    def __init__(
        self, slack: SlackStandIn, folder: Path, migrated_at: Callable[[Path], Database]
    ) -> None:
        self.path, self.snap = folder / "s55bot.db", folder / "snapshot.db"
        self.db = migrated_at(self.path)
        self.bot = start_bot(slack, self.db, S55_APPROVERS=APPROVER)
        self.commits, self.made = 0, 0
        self._cut_at: int | None = None
        self._cut = False
        dialect = self.db.engine.dialect
        made = dialect.do_commit

        def do_commit(dbapi_connection: Any) -> None:
            made(dbapi_connection)  # committed: the file holds it
            self.commits += 1
            if self._cut_at == self.commits:
                self._cut = True
                raise sqlite3.OperationalError("disk I/O error")  # but the answer is lost

        dialect.do_commit = do_commit  # type: ignore[method-assign]

    def arm(self, nth: int) -> None:
        self.commits, self._cut_at, self._cut = 0, nth, False

    def was_cut(self) -> bool:
        return self._cut

    def count(self) -> None:
        self.commits, self._cut_at = 0, None

    def _copy(self, source: Path, target: Path) -> None:
        self.bot.settle()
        self.db.dispose()
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)

    def snapshot(self) -> None:
        self._copy(self.path, self.snap)

    def restore(self) -> None:
        self._copy(self.snap, self.path)

    def close(self) -> None:
        stop_bot(self.bot, settle_within=60)
        self.db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cutter(request: pytest.FixtureRequest, slack: SlackStandIn, tmp_path: Path) -> Iterator[Cutter]:
    if request.param == "postgres":
        server = request.getfixturevalue("postgres_server_url")  # fails if unreachable
        made: Cutter = PostgresCutter(slack, server.rsplit("/", 1)[0] + "/postgres")
    else:
        made = SqliteCutter(slack, tmp_path, request.getfixturevalue("migrated_sqlite_at"))
    yield made
    made.close()


# ---- the five actions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    set_up: Callable[[Bot], dict[str, Any]]
    act: Callable[[Bot, dict[str, Any]], None]
    stored: Callable[[Bot], int]
    stored_reply: str  # how the reply that says it was stored begins
    replies_when_caught_up: bool  # else the card or receipt says it, unless Slack is behind


def count_of(model: type) -> Callable[[Bot], int]:
    def count(bot: Bot) -> int:
        with bot.db.session() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    return count


def _add(bot: Bot, ctx: dict[str, Any]) -> None:
    assert bot.send.slash_command(ADD, user_id=EDITOR).status == 200


def _with_item(bot: Bot) -> dict[str, Any]:
    item_id = an_item_to_answer(bot)
    return {"item": item_id, "metadata": answer_form_metadata(bot, item_id)}


def _answer(bot: Bot, ctx: dict[str, Any]) -> None:
    reply = bot.send.submit_view(
        callback_id=ids.ANSWER_ITEM_VIEW,
        values=answer_values(),
        user_id=EDITOR,
        private_metadata=json.dumps(ctx["metadata"]),
    )
    assert reply.status == 200


def _with_answer(bot: Bot) -> dict[str, Any]:
    item_id = an_item_to_answer(bot)
    answer(bot, item_id)
    return {"item": item_id, "metadata": update_form_metadata(bot, item_id)}


def _update(bot: Bot, ctx: dict[str, Any]) -> None:
    reply = bot.send.submit_view(
        callback_id=ids.UPDATE_PROGRESS_VIEW,
        values=update_values(),
        user_id=EDITOR,
        private_metadata=json.dumps(ctx["metadata"]),
    )
    assert reply.status == 200


def _ready_to_sign(bot: Bot) -> dict[str, Any]:
    with_approvers(bot)
    card_ts = ready_to_sign(bot)
    bot.settle()
    sign_off = bot.services.settings.steps[0]
    card = bot.slack.message(CHANNEL, card_ts)
    assert card is not None
    return {"card_ts": card_ts, "button": step_button(card, sign_off)}


def _sign_off(bot: Bot, ctx: dict[str, Any]) -> None:
    button = ctx["button"]
    reply = bot.send.button_click(
        action_id=button["action_id"],
        value=button["value"],
        user_id=APPROVER,
        channel_id=CHANNEL,
        message_ts=ctx["card_ts"],
        block_id=button["block_id"],
    )
    assert reply.status == 200


def _drafted(bot: Bot) -> dict[str, Any]:
    card_ts = log_inspection(bot)
    reply_in_thread(bot, card_ts, CC_TEXT)
    shown = receipt(bot, card_ts)
    [element] = [
        e
        for block in shown["blocks"]
        for e in block.get("elements") or []
        if e.get("action_id") == ids.USE_DRAFT
    ]
    return {"card_ts": card_ts, "ts": shown["ts"], "value": element["value"]}


def _use_this(bot: Bot, ctx: dict[str, Any]) -> None:
    reply = bot.send.button_click(
        action_id=ids.USE_DRAFT,
        value=ctx["value"],
        user_id=EDITOR,
        channel_id=CHANNEL,
        message_ts=ctx["ts"],
        block_id=ids.RECEIPT_ACTIONS_BLOCK,
    )
    assert reply.status == 200


ACTIONS = {
    "add": Action(lambda bot: {}, _add, count_of(Inspection), "Logged *S55-1*", True),
    "answer": Action(_with_item, _answer, count_of(ItemAnswer), "Recorded the answer to", True),
    "update": Action(_with_answer, _update, count_of(ItemProgress), "Recorded: ", True),
    "sign-off": Action(
        _ready_to_sign, _sign_off, count_of(StepConfirmation), "Recorded “PCC", False
    ),
    "use-this": Action(
        _drafted, _use_this, count_of(Response), "Stored the Chief Constable's response", False
    ),
}


# ---- what the person was told, and what is true ------------------------------------------------


def said_since(bot: Bot, before: int) -> list[str]:
    """What the bot said to people privately since ``before`` (response_url, ephemerals)."""
    calls = [c for c in bot.slack.calls if c.method in ("response_url", "chat.postEphemeral")]
    return [str(c.args.get("text") or "") for c in calls[before:]]


def private_calls(bot: Bot) -> int:
    return sum(1 for c in bot.slack.calls if c.method in ("response_url", "chat.postEphemeral"))


def keyed_twice(bot: Bot) -> list[str]:
    found: Counter[str] = Counter()
    for message in bot.slack.messages.get(CHANNEL, []):
        key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
        if key:
            found[key] += 1
    return [key for key, times in found.items() if times > 1]


@dataclass
class Outcome:
    said: list[str]
    stored: int
    seconds: float

    def untrue(self, action: Action) -> bool:
        nothing = any(copy.DATABASE_NOT_ANSWERING in s for s in self.said)
        stored = any(s.startswith(action.stored_reply) for s in self.said)
        silent = not self.said
        return (
            (nothing and self.stored > 0)
            or (stored and self.stored == 0)
            or (silent and self.stored == 0)
        )

    def told_nothing_stored(self) -> bool:
        return any(copy.DATABASE_NOT_ANSWERING in s for s in self.said)


def run(cutter: Cutter, action: Action, ctx: dict[str, Any]) -> Outcome:
    """The action, and what came of it (the fault disarmed before the test looks)."""
    bot = cutter.bot
    before = private_calls(bot)
    started = time.monotonic()
    action.act(bot, ctx)
    bot.listeners.settle(timeout=TOLD_WITHIN_SECONDS)
    seconds = time.monotonic() - started
    commits = cutter.commits
    cutter.count()  # from here on, the test's own reads: nothing cut
    cutter.made = commits
    bot.db.ping()  # the server answers again (as /healthz would find)
    return Outcome(said_since(bot, before), action.stored(bot), seconds)


def next_pass(bot: Bot) -> None:
    """The scheduler's next passes: late cards, and every follow-up owed."""
    bot.db.ping()
    post_missing_cards(bot.services, actor=EDITOR)
    deliver_all_owed(bot.services)
    bot.settle()


@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_commit_cut_leaves_no_untrue_reply_nothing_lost_nothing_doubled(
    cutter: Cutter, name: str, probe: Probe
) -> None:
    bot, action = cutter.bot, ACTIONS[name]
    ctx = action.set_up(bot)
    cutter.snapshot()
    saved = bot.slack.workspace.snapshot()
    cutter.count()
    run(cutter, action, ctx)
    positions = cutter.made
    assert positions >= 1
    failures = []
    for nth in range(1, positions + 1):
        cutter.restore()
        bot.slack.workspace.restore(saved)
        cutter.arm(nth)
        outcome = run(cutter, action, ctx)
        probe.took(outcome.seconds)
        if not cutter.was_cut():
            continue  # this run made fewer commits (a follow-up found nothing left to do)
        probe.tried += 1
        untrue = outcome.untrue(action)
        if outcome.told_nothing_stored() and outcome.stored == 0:
            probe.refused += 1
            outcome = run(cutter, action, ctx)  # as told: try again
        next_pass(bot)
        stored, twice = action.stored(bot), keyed_twice(bot)
        probe.untrue += int(untrue)
        probe.lost += int(stored == 0)
        probe.stored += int(stored == 1)
        probe.doubled += int(stored > 1 or bool(twice))
        if untrue or stored != 1 or twice:
            failures.append((nth, outcome.said, stored, twice))
    # A run may make a commit or two fewer than the counted one (a receipt found up to date
    # need not be shown again): nearly every position is cut all the same.
    assert probe.tried >= 0.75 * positions, f"{probe.tried} of {positions} positions cut"
    assert failures == []
