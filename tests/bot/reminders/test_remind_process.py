"""`s55bot remind` as operators and cron run it: killed half-way, or started twice at once."""

from __future__ import annotations

import os
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.domain.followups import approvers_turn
from bot.domain.reminders import is_working_day
from bot.standin import SlackStandIn
from storage import reminders
from storage.db import Database
from storage.models import Inspection, Reminder, Response
from tests.forkserver import S55BOT_EXE, s55bot

TOKEN = "xoxb-remind-test"
CHANNEL = "C0REMIND01"
LONDON = ZoneInfo("Europe/London")
COUNT = 200
CC_TODAY = range(1, 51)  # the Chief Constable's comments are due today…
CC_SOON = range(51, 101)  # …or in three working days


@pytest.fixture
def overdue(database: Database) -> Iterator[tuple[Database, SlackStandIn]]:
    """200 overdue inspections, each with its card in the stand-in's channel; for 100 of them
    the CC contact is nudged today too (on a working day)."""
    with SlackStandIn(token=TOKEN) as slack:
        client = WebClient(token=TOKEN, base_url=slack.url)
        today = datetime.now(LONDON).date()
        published = today - timedelta(days=100)
        with database.session() as session:
            for number in range(1, COUNT + 1):
                session.add(
                    with_card(
                        client,
                        number,
                        published=published,
                        cc_due=cc_due(number, today),
                        state="awaiting CC response",
                    )
                )
        yield database, slack


def with_card(
    client: WebClient, number: int, *, published: date, cc_due: date, state: str
) -> Inspection:
    """Inspection ``number``, its card already in the stand-in's channel."""
    card = client.chat_postMessage(channel=CHANNEL, text=f"card {number}")
    return Inspection(
        number=number,
        title=f"Inspection {number}",
        title_key=f"inspection {number}",
        published=published,
        inspection_type="Other",
        deadline_rule="statutory",
        cc_due=cc_due,
        statutory_deadline=published + timedelta(days=55),
        state=state,
        channel_id=CHANNEL,
        card_ts=card["ts"],
        logged_by="U0001",
        logged_at=datetime.now(UTC),
    )


def cc_due(number: int, today: date) -> date:
    if number in CC_TODAY:
        return today
    if number in CC_SOON:
        return third_working_day_after(today)
    return today - timedelta(days=72)


def third_working_day_after(day: date) -> date:
    working = 0
    while working < 3:
        day += timedelta(days=1)
        working += is_working_day(day)
    return day


def remind_env(database: Database, slack: SlackStandIn) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "S55_"))
    }
    env.update(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=slack.url,
        S55_CHANNEL=CHANNEL,
        S55_CC_CONTACT="U0CCSTAFF",
        DATABASE_URL=database.url,
        S55_POST_RATE="1000",  # the stand-in limits no rate here; tests/bot/reminders/test_paced
    )
    return env


# A pass the test kills with SIGKILL is the installed console script itself: started through
# the fork server (tests/forkserver), its `s55bot` would die a moment after the launcher, when
# the server saw it go, and could still post or claim after the test had counted.
KILLED = [S55BOT_EXE, "remind"]


def start_remind(
    database: Database,
    slack: SlackStandIn,
    tmp_path: Path,
    command: list[str] | None = None,
    **settings: str,
) -> subprocess.Popen:
    return subprocess.Popen(
        command or s55bot("remind"),
        env=remind_env(database, slack) | settings,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def posts_per_key(slack: SlackStandIn) -> Counter[str]:
    """How many messages with each reminder key Slack holds (what people would see)."""
    keys = Counter()
    for message in slack.messages.get(CHANNEL, []):
        key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
        if key:
            keys[key] += 1
    return keys


def expected_keys() -> set[str]:
    today = datetime.now(LONDON).date()
    keys = {f"overdue:{number}:{today.isoformat()}" for number in range(1, COUNT + 1)}
    if not is_working_day(today):
        return keys  # no digest, and CC nudges wait for a working day
    soon = third_working_day_after(today).isoformat()
    return (
        keys
        | {f"digest:{today.isoformat()}"}
        | {f"cc:{number}:{today.isoformat()}:day" for number in CC_TODAY}
        | {f"cc:{number}:{soon}:before" for number in CC_SOON}
    )


def test_a_pass_killed_half_way_and_restarted_sends_each_reminder_once(
    overdue, tmp_path: Path
) -> None:
    database, slack = overdue
    first = start_remind(database, slack, tmp_path, KILLED)
    slack.wait_for("chat.postMessage", count=COUNT + 60, timeout=60)  # the cards, then 60 reminders
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = sum(posts_per_key(slack).values())
    assert 0 < killed_at < len(expected_keys())  # it really died half-way
    second = start_remind(database, slack, tmp_path)
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    per_key = posts_per_key(slack)
    assert set(per_key) == expected_keys()
    assert set(per_key.values()) == {1}


def test_two_remind_processes_started_together_send_each_reminder_once(
    overdue, tmp_path: Path
) -> None:
    database, slack = overdue
    both = [start_remind(database, slack, tmp_path) for _ in range(2)]
    results = [process.communicate(timeout=120) for process in both]
    assert [process.returncode for process in both] == [0, 0], results
    per_key = posts_per_key(slack)
    assert set(per_key) == expected_keys()
    assert set(per_key.values()) == {1}
    sent = [int(err.split(" sent")[0].rsplit(" ", 1)[-1]) for _out, err in results]
    assert sum(sent) == len(expected_keys())  # the work was shared, not done twice


def test_a_dry_run_prints_what_it_would_send_and_sends_nothing(
    overdue: tuple[Database, SlackStandIn], tmp_path: Path
) -> None:
    database, slack = overdue
    posted_before = len(slack.calls_to("chat.postMessage"))
    env = remind_env(database, slack)
    result = subprocess.run(
        s55bot("remind", "--dry-run"),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected_keys())
    assert {line.split("\t")[0] for line in lines} == expected_keys()
    assert any("is *OVERDUE by" in line for line in lines)
    assert len(slack.calls_to("chat.postMessage")) == posted_before
    with database.session() as session:
        from storage.models import Reminder

        assert session.query(Reminder).count() == 0


READY = 120  # inspections whose approvers are owed the "ready for sign-off" note


@pytest.fixture
def ready(database: Database) -> Iterator[tuple[Database, SlackStandIn]]:
    """120 inspections awaiting sign-off, each with both responses confirmed and the turn note
    asked for but not yet delivered (Slack refused it when the PCC response was confirmed)."""
    with SlackStandIn(token=TOKEN) as slack:
        client = WebClient(token=TOKEN, base_url=slack.url)
        today = datetime.now(LONDON).date()
        published = today - timedelta(days=10)  # no countdown nudge due: 45 days left
        now = datetime.now(UTC)
        with database.session() as session:
            for number in range(1, READY + 1):
                inspection = with_card(
                    client,
                    number,
                    published=published,
                    cc_due=published + timedelta(days=28),
                    state="awaiting PCC sign-off",
                )
                session.add(inspection)
                session.flush()
                for kind in ("cc", "pcc"):
                    session.add(
                        Response(
                            inspection_id=inspection.id,
                            kind=kind,
                            revision=1,
                            text=f"The {kind} response {number}.",
                            raw_text=f"The {kind} response {number}.",
                            confirmed_by="U0EDITOR",
                            confirmed_at=now,
                        )
                    )
                session.flush()
                pcc = max(r.id for r in inspection.responses)
                reminders.request_follow_ups(
                    session, inspection.id, [approvers_turn(pcc)], day=today, now=now
                )
        yield database, slack


def test_a_catch_up_killed_half_way_tells_each_approvers_turn_once(ready, tmp_path: Path) -> None:
    """Follow-ups (here the approvers' turn) are claimed like reminders but taken over only
    once the claim is stale (10 minutes): the restart after that finds what Slack took."""
    database, slack = ready
    first = start_remind(database, slack, tmp_path, KILLED, S55_APPROVERS="U0APPROVE,S0APPROVE")
    slack.wait_for("chat.postMessage", count=READY + 40, timeout=60)  # cards, then 40 notes
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    told = turn_notes(slack)
    assert 0 < sum(told.values()) < READY  # it really died half-way
    with database.session() as session:  # ten minutes pass: the dead process's claims go stale
        held = select(Reminder).where(Reminder.sent_at.is_(None), Reminder.claimed_by.is_not(None))
        for row in session.scalars(held):
            row.claimed_at -= timedelta(minutes=11)
    second = start_remind(database, slack, tmp_path, S55_APPROVERS="U0APPROVE,S0APPROVE")
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    told = turn_notes(slack)
    assert len(told) == READY and set(told.values()) == {1}
    [one] = [m for m in slack.messages[CHANNEL] if key_of(m) == approvers_turn(2)]
    assert "<@U0APPROVE>" in one["text"] and "<!subteam^S0APPROVE>" in one["text"]
    with database.session() as session:
        unsent = session.scalars(select(Reminder.key).where(Reminder.sent_at.is_(None))).all()
    assert unsent == []


def key_of(message: dict) -> str | None:
    return ((message.get("metadata") or {}).get("event_payload") or {}).get("key")


def turn_notes(slack: SlackStandIn) -> Counter[str]:
    return Counter(
        key
        for m in slack.messages.get(CHANNEL, [])
        if (key := key_of(m)) and key.startswith("turn:")
    )
