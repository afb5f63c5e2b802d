"""The web process only acknowledges (README "Workers"): the work after each ack is stored in
the inbox, committed before the ack, and done by workers that claim it, each row once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from bot import copy
from bot.inbox import writer
from bot.inbox.events import process
from bot.inbox.worker import Worker, release_dead_claims, release_dead_follow_ups
from bot.runtime.worker import one_office, serving, start_worker
from storage import inbox, reminders
from storage.db import Database
from storage.inbox import Claimed
from storage.models import InboxEvent, Inspection, Office
from storage.offices import install_office
from tests.bot.responses.test_responses import ADD
from tests.bot.runtime.test_host import CHANNELS, NORFOLK, SUFFOLK
from tests.bot.runtime.test_host import serving as serving_offices
from tests.conftest import _empty
from tests.e2e import Bot, SlackStandIn, inbox_done, start_bot, stop_bot
from tests.faults.steps import ready_to_sign

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def web(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    """The web process alone (`s55bot serve --no-worker`): it only acknowledges."""
    running = start_bot(slack, database, by_workers=True)
    assert running.worker is not None
    running.worker.stop()
    running.worker = None
    yield running
    stop_bot(running)


def stored(db: Database) -> list[InboxEvent]:
    with db.session(read_only=True) as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


def test_a_command_is_stored_before_its_ack_and_done_by_a_worker_later(web: Bot) -> None:
    reply = web.send.slash_command(ADD)

    assert reply.status == 200
    [row] = stored(web.db)  # committed before the ack came back
    assert row.event_type == "request /s55" and row.processed_at is None
    assert row.payload["body"]["command"] == "/s55" and "token" not in row.payload["body"]
    assert web.slack.calls_to("response_url") == [] and web.slack.calls_to("chat.postMessage") == []
    assert web.listeners._futures == []  # nothing ran in the web process after the ack

    worker = start_worker(web.server_app, web.db, one_office(web.services))
    try:
        inbox_done(web.db)
    finally:
        worker.stop()
    card = web.slack.wait_for("chat.postMessage")[0]
    assert card.args["channel"] == "C0TEAM0001"
    with web.db.session(read_only=True) as session:
        assert session.scalar(select(Inspection.title)) == "Vetting and anti-corruption part 2"
    [row] = stored(web.db)
    assert row.processed_at is not None and row.attempts == 1


def test_a_request_whose_work_cannot_be_stored_is_not_acknowledged(
    web: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def silent(row: writer.Row, *, within: float = 0) -> bool:
        raise TimeoutError("no answer")

    monkeypatch.setattr(writer.WRITER, "write", silent)
    reply = web.send.slash_command(ADD)

    assert reply.status == 500  # Slack shows the command failed: nothing was acknowledged
    assert stored(web.db) == []
    told = web.slack.wait_for("response_url")[0]
    assert told.args["text"] == copy.DATABASE_NOT_ANSWERING


def test_commands_replies_and_clicks_all_done_by_workers(
    slack: SlackStandIn, database: Database
) -> None:
    bot = start_bot(slack, database, by_workers=True)
    try:
        card_ts = ready_to_sign(bot)
        assert card_ts
        kinds = {row.event_type for row in stored(bot.db)}
        assert {"request /s55", "message", "request block_actions"} <= kinds
        assert all(row.processed_at is not None for row in stored(bot.db))
        assert bot.listeners._futures == []  # no lazy listener ran in the web process
    finally:
        stop_bot(bot)


# ---- claims ------------------------------------------------------------------------------------


def put(db: Database, *keys: str) -> None:
    with db.session() as session:
        for key in keys:
            inbox.store_event(
                session, event_id=key, event_type="message", payload={"event": {}}, now=NOW
            )


def test_a_claimed_row_is_not_claimed_again(database: Database) -> None:
    put(database, "Ev1", "Ev2")
    with database.session() as session:
        first = inbox.claim_next(session, now=NOW, claimer="a:1:x", max_attempts=5)
    with database.session() as session:
        second = inbox.claim_next(session, now=NOW, claimer="b:2:y", max_attempts=5)
    with database.session() as session:
        third = inbox.claim_next(session, now=NOW, claimer="b:2:y", max_attempts=5)
    assert [row.event_id for row in first + second] == ["Ev1", "Ev2"]
    assert third == []


@pytest.mark.postgres
def test_two_workers_claim_different_rows_without_waiting_for_each_other(
    migrated_postgres: Database,
) -> None:
    db = migrated_postgres
    _empty(db)
    put(db, "Ev1", "Ev2")
    with db.session() as holding:  # the first worker's claim, not yet committed
        mine = inbox.claim_next(holding, now=NOW, claimer="a:1:x", max_attempts=5)
        with db.session() as other:
            other.execute(text("SET LOCAL lock_timeout = 200"))  # a wait would fail, not hang
            theirs = inbox.claim_next(other, now=NOW, claimer="b:2:y", max_attempts=5)
    assert [row.event_id for row in mine] == ["Ev1"]
    assert [row.event_id for row in theirs] == ["Ev2"]  # skipped the locked row


def test_a_dead_workers_claim_is_given_back_and_a_live_ones_kept(database: Database) -> None:
    put(database, "Ev1", "Ev2")
    alive = Worker(database, lambda row, me: None).claimer  # this process: running
    dead = alive.replace(alive.split(":")[1], "999999999")  # same machine, no such process
    with database.session() as session:
        inbox.claim_next(session, now=NOW, claimer=dead, max_attempts=5)
        inbox.claim_next(session, now=NOW, claimer=alive, max_attempts=5)

    assert release_dead_claims(database, now=NOW) == 1

    by_key = {row.event_id: row for row in stored(database)}
    assert by_key["Ev1"].claimed_at is None and by_key["Ev1"].attempts == 1
    assert "was gone" in (by_key["Ev1"].last_error or "")
    assert by_key["Ev2"].claimed_by == alive


def test_a_worker_serves_each_row_in_its_offices_scope(database: Database) -> None:
    with database.across_offices().session() as session:
        other = install_office(
            session, team_id="T0002", team_name="Norfolk OPCC", installed_by="U9", now=NOW
        )
    theirs = database.for_office(other.id)
    put(database, "Ours")
    put(theirs, "Theirs")
    seen: list[tuple[int, str]] = []

    def serve(row: Claimed, claimer: str) -> None:
        seen.append((row.office_id, row.event_id))
        with database.for_office(row.office_id).session() as session:
            inbox.mark_processed(session, row.event_id, now=NOW)

    worker = Worker(database, serve, idle_poll=0.01).start()  # one office's worker
    try:
        inbox_done(database)
    finally:
        worker.stop()
    assert seen == [(database.office, "Ours")]  # the other office's row is not its to take

    everyone = Worker(database.across_offices(), serve, idle_poll=0.01).start()  # a host's
    try:
        inbox_done(theirs)
    finally:
        everyone.stop()
    assert seen[1:] == [(other.id, "Theirs")]


def test_a_single_office_worker_refuses_another_offices_row(web: Bot) -> None:
    serve = serving(web.server_app, one_office(web.services))
    row = Claimed(office_id=99, event_id="Ev9", event_type="message", payload={"event": {}})
    with pytest.raises(LookupError):
        serve(row, "a:1:x")


def test_a_follow_up_a_dead_process_was_delivering_is_given_back(database: Database) -> None:
    alive = Worker(database, lambda row, me: None).claimer
    dead = alive.replace(alive.split(":")[1], "999999999")
    with database.session() as session:
        reminders.request_follow_ups(
            session, None, ["report:1", "report:2"], day=NOW.date(), now=NOW
        )
        reminders.take_follow_ups(
            session, None, claimer=dead, now=NOW, stale_before=NOW, keys=["report:1"]
        )
        reminders.take_follow_ups(
            session, None, claimer=alive, now=NOW, stale_before=NOW, keys=["report:2"]
        )

    assert release_dead_follow_ups(database) == {(database.office, None)}

    with database.session(read_only=True) as session:
        held = {
            key: claimer
            for _office, _inspection, key, claimer in reminders.follow_up_claims(session)
        }
    assert held == {"report:2": alive}  # the live one's is kept


def test_a_hosts_worker_does_each_offices_work_in_its_scope_with_its_token(
    database: Database,
) -> None:
    with serving_offices(database, by_workers=True) as running:
        for identity in (SUFFOLK, NORFOLK):
            running.install(identity)
            running.set_channel(identity)
        host = running.host
        worker = start_worker(host.app, database.across_offices(), host.services_for_office)
        try:
            for identity in (SUFFOLK, NORFOLK):
                reply = running.send(identity).slash_command(
                    ADD, user_id="U0JANE", channel_id=CHANNELS[identity.team_id]
                )
                assert reply.status == 200
            inbox_done(database.across_offices())
        finally:
            worker.stop()
        cards = [
            call
            for call in running.slack.calls_to("chat.postMessage")
            if (call.args.get("blocks") or [{}])[0].get("block_id") == "card_header"
        ]
        by_channel = {call.args["channel"]: call for call in cards}
        assert sorted(by_channel) == ["C0NORFOLK1", "C0SUFFOLK1"] and len(cards) == 2
        for identity in (SUFFOLK, NORFOLK):
            token = by_channel[CHANNELS[identity.team_id]].headers["Authorization"].split()[-1]
            assert token in running.slack.live_tokens(identity.team_id)  # the office's own
            with database.across_offices().session(read_only=True) as session:
                office = session.scalars(
                    select(Office).where(Office.team_id == identity.team_id)
                ).one()
            with database.for_office(office.id).session(read_only=True) as session:
                assert len(session.scalars(select(Inspection)).all()) == 1  # in its office


def test_the_event_pass_leaves_a_stored_requests_work_to_the_workers(web: Bot) -> None:
    """The per-minute pass and `s55bot events replay` know events only: a request's work
    found there is given back untouched, not failed."""
    assert web.send.slash_command(ADD).status == 200
    [row] = stored(web.db)

    assert process(web.services, row.event_id) is False

    [row] = stored(web.db)
    assert (row.attempts, row.claimed_at, row.processed_at) == (0, None, None)


def test_a_stop_waits_a_bounded_while_and_leaves_no_thread_holding_the_process(
    database: Database,
) -> None:
    put(database, "Stuck")
    serving_now, release = threading.Event(), threading.Event()

    def serve(row: Claimed, claimer: str) -> None:
        serving_now.set()
        release.wait(30)  # a row whose Slack call does not answer

    worker = Worker(database, serve, idle_poll=0.01).start()
    try:
        assert serving_now.wait(10)
        started = time.monotonic()
        worker.stop(within=0.5)
        assert time.monotonic() - started < 3  # not the row's 30 s
        held = [
            thread
            for thread in threading.enumerate()
            if thread.name.startswith("s55bot-worker") and thread.is_alive()
        ]
        assert held and all(thread.daemon for thread in held)  # the exit does not wait for it
    finally:
        release.set()
    [row] = stored(database)
    assert row.claimed_by == worker.claimer  # still in hand: the next worker takes it over
