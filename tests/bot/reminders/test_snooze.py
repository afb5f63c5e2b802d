"""Snooze under a nudge (docs/rules.md#r15), through signed block_actions payloads against the real
app, with the reminder pass run on a controlled clock."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.audit.history import write_csv
from bot.reminders.run import run_pass
from bot.reminders.schedule import scheduled_pass
from bot.runtime.sandbox.forms import action_for
from storage.models import AuditEvent, Inspection
from tests.bot.reminders.test_reminders import at, live_through, log_on, reminder_keys
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"
GROUPED = "U0GROUPED"  # an approver through the approvers' user group
EDITOR = "U0EDITOR1"


@pytest.fixture
def approved(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER, "S0APPROVE")
    )
    bot.slack.set_usergroup("S0APPROVE", [GROUPED])
    return bot


def in_thread(bot: Bot, card_ts: str, prefix: str) -> list[dict[str, Any]]:
    """Our messages in the card's thread whose key starts with ``prefix``, oldest first."""
    return [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and ((m.get("metadata") or {}).get("event_payload") or {}).get("key", "").startswith(prefix)
    ]


def latest_nudge(bot: Bot, card_ts: str) -> dict[str, Any]:
    return in_thread(bot, card_ts, ("nudge:", "overdue:"))[-1]


def use(
    bot: Bot,
    message: dict[str, Any],
    action_id: str,
    chosen: Any = None,
    *,
    user: str = EDITOR,
    block_id: str | None = None,
) -> list[str]:
    """Pick from the menu, pick a date or press the button ``action_id`` on ``message``;
    returns what the bot said back privately."""
    before = len(told(bot))
    block, element = next(
        (b["block_id"], e)
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    where = {"channel": CHANNEL, "user": user, "message_ts": message["ts"]}
    payload = bot.send.block_actions_payload(
        user_id=user,
        user_name="jane",
        action=action_for(element, block_id or block, chosen),
        container={
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": CHANNEL,
            "is_ephemeral": False,
            "thread_ts": message["thread_ts"],
        },
        trigger_id="13345224609.738474920.8088930838d88f008e0",
        message=message,
        response_url=bot.slack.response_url("action", thread_ts=message["thread_ts"], **where),
    )
    assert bot.send.block_action(payload).status == 200
    bot.settle()
    return told(bot)[before:]


def told(bot: Bot) -> list[str]:
    return [call.args.get("text", "") for call in bot.slack.calls_to("response_url")]


def stored(bot: Bot, number: int = 1) -> Inspection:
    with bot.db.session() as session:
        return session.scalars(select(Inspection).where(Inspection.number == number)).one()


def audit(bot: Bot) -> list[tuple[str, str, dict]]:
    with bot.db.session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(r.actor, r.action, r.details) for r in rows if r.action.startswith("snooze")]


def nudges(bot: Bot) -> list[str]:
    return [key for key in reminder_keys(bot) if not key.startswith("digest:")]


def nudged_14_days_before(bot: Bot) -> str:
    """Published Fri 1 Nov 2024 (deadline Thu 26 Dec): the 14-day nudge of Thu 12 Dec is in
    the card's thread. Returns the card's ts."""
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 12))
    run_pass(bot.services)
    return card_ts


def test_every_nudge_carries_the_snooze_menu_and_date_picker(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    [actions] = [b for b in latest_nudge(bot, card_ts)["blocks"] if b["type"] == "actions"]
    assert actions["block_id"] == "snooze:1"
    menu, picker = actions["elements"]
    assert (menu["type"], menu["action_id"], picker["type"]) == (
        "static_select",
        ids.SNOOZE_CHOICE,
        "datepicker",
    )
    assert [o["text"]["text"] for o in menu["options"]] == ["1 day", "3 days", "A week"]


def test_a_week_from_the_menu_is_stored_audited_confirmed_and_quiets_the_next_nudge(
    bot: Bot,
) -> None:
    card_ts = log_on(bot, date(2024, 11, 1))  # deadline Thu 26 Dec 2024
    bot.clock.current = at(date(2024, 12, 12))
    run_pass(bot.services)  # the 14-day nudge
    bot.clock.current = at(date(2024, 12, 12), 11)
    said = use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7")

    inspection = stored(bot)
    assert (inspection.snoozed_until, inspection.snoozed_by) == (date(2024, 12, 19), EDITOR)
    assert audit(bot) == [
        (
            EDITOR,
            "snoozed",
            {"until": "2024-12-19", "asked": "2024-12-19", "overdue": False, "replaced": None},
        )
    ]
    [note] = in_thread(bot, card_ts, "snoozed:")
    assert note["text"] == (
        f":zzz: Nudges for *S55-1* snoozed by <@{EDITOR}> until Thu 19 Dec 2024; "
        "they resume on Fri 20 Dec 2024."
    )
    assert said == []  # the note in the thread said it
    live_through(bot, date(2024, 12, 13), date(2024, 12, 27))
    assert nudges(bot) == [
        "nudge:1:14",
        # Thu 19 Dec (7 days left) is quiet; the 7-day nudge follows once, the day after
        "nudge:1:7",
        "nudge:1:3",  # Mon 23 Dec
        "nudge:1:0",  # Thu 26 Dec
        "overdue:1:2024-12-27",
    ]
    seven = in_thread(bot, card_ts, "nudge:1:7")[0]
    assert "in *6 days*" in seven["text"]  # sent on Fri 20 Dec, saying where things stand


def test_a_date_past_the_deadline_is_clamped_and_the_deadline_day_still_nudges(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    bot.clock.current = at(date(2024, 12, 12), 11)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_DATE, "2025-01-10")

    assert stored(bot).snoozed_until == date(2024, 12, 25)
    [note] = in_thread(bot, card_ts, "snoozed:")
    assert "until Wed 25 Dec 2024; they resume on Thu 26 Dec 2024." in note["text"]
    assert "You asked for Fri 10 Jan 2025" in note["text"]
    live_through(bot, date(2024, 12, 13), date(2024, 12, 28))
    assert nudges(bot) == [
        "nudge:1:14",
        "nudge:1:0",
        "overdue:1:2024-12-27",  # a countdown snooze never quiets an overdue nudge
        "overdue:1:2024-12-28",
    ]
    [deadline_day] = in_thread(bot, card_ts, "nudge:1:0")
    assert not [b for b in deadline_day.get("blocks", []) if b["type"] == "actions"]
    overdue = in_thread(bot, card_ts, "overdue:")[-1]  # an approver may still snooze these
    assert [b["block_id"] for b in overdue["blocks"] if b["type"] == "actions"] == ["snooze:1"]


def test_the_digest_still_lists_a_snoozed_inspection_marked_snoozed(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "3")
    bot.clock.current = at(date(2024, 12, 13))
    run_pass(bot.services)
    digest = bot.slack.calls_to("chat.postMessage")[-1].args
    [line] = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"]
    assert "Custody inspection" in line and line.endswith(":zzz: snoozed until Sun 15 Dec 2024")


def test_resume_nudges_ends_the_snooze_and_the_held_nudge_goes_out(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7")
    bot.clock.current = at(date(2024, 12, 19))
    run_pass(bot.services)
    assert nudges(bot) == ["nudge:1:14"]  # held

    bot.clock.current = at(date(2024, 12, 19), 10)
    [note] = in_thread(bot, card_ts, "snoozed:")
    use(bot, note, ids.RESUME_NUDGES, user="U0SOMEONE")
    assert stored(bot).snoozed_until is None
    assert audit(bot)[-1] == ("U0SOMEONE", "snooze ended", {"until": "2024-12-19"})
    [resumed] = in_thread(bot, card_ts, "resumed:")
    assert resumed["text"] == ":bell: Nudges for *S55-1* resumed by <@U0SOMEONE>."
    bot.clock.current = at(date(2024, 12, 19), 10, 10)
    run_pass(bot.services)
    assert nudges(bot) == ["nudge:1:14", "nudge:1:7"]

    said = use(bot, note, ids.RESUME_NUDGES)  # again: there is nothing to resume
    assert said == ["The nudges for S55-1 aren't snoozed. Nothing was changed."]
    assert len(in_thread(bot, card_ts, "resumed:")) == 1


def card_rule_line(bot: Bot, card_ts: str) -> str:
    [rule] = [
        b
        for b in bot.slack.message(CHANNEL, card_ts)["blocks"]
        if b["block_id"] == ids.CARD_RULE_BLOCK
    ]
    return rule["elements"][0]["text"]


def test_the_card_says_until_when_its_nudges_are_snoozed_until_they_resume(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    assert "snoozed" not in card_rule_line(bot, card_ts)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "3")
    assert card_rule_line(bot, card_ts).endswith(":zzz: Nudges snoozed until Sun 15 Dec 2024.")
    [note] = in_thread(bot, card_ts, "snoozed:")
    use(bot, note, ids.RESUME_NUDGES)
    assert "snoozed" not in card_rule_line(bot, card_ts)


def test_a_snooze_that_has_ended_leaves_the_card_at_the_next_days_refresh(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "1")
    assert "until Fri 13 Dec 2024" in card_rule_line(bot, card_ts)
    bot.clock.current = at(date(2024, 12, 13))
    scheduled_pass(bot.services)  # the day's refresh: Fri 13 Dec is still quiet
    assert "until Fri 13 Dec 2024" in card_rule_line(bot, card_ts)
    bot.clock.current = at(date(2024, 12, 14))
    scheduled_pass(bot.services)
    assert "snoozed" not in card_rule_line(bot, card_ts)


def test_a_later_snooze_replaces_the_earlier_one(bot: Bot) -> None:
    card_ts = nudged_14_days_before(bot)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7")
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "1")
    assert stored(bot).snoozed_until == date(2024, 12, 13)
    assert audit(bot)[-1][2]["replaced"] == "2024-12-19"
    assert len(in_thread(bot, card_ts, "snoozed:")) == 2
    bot.command("history S55-1")
    history = told(bot)[-1]
    assert "snoozed the nudges until Thu 19 Dec 2024" in history
    assert "snoozed the nudges until Fri 13 Dec 2024" in history
    out = io.StringIO()
    write_csv(bot.db, out, tz=bot.services.settings.timezone)
    snoozes = [
        row for row in csv.DictReader(io.StringIO(out.getvalue())) if row["action"] == "snoozed"
    ]
    assert [(row["reference"], row["actor"], row["what"]) for row in snoozes] == [
        ("S55-1", EDITOR, "snoozed the nudges until Thu 19 Dec 2024"),
        ("S55-1", EDITOR, "snoozed the nudges until Fri 13 Dec 2024"),
    ]


def test_someone_who_is_not_an_approver_cannot_snooze_overdue_nudges(approved: Bot) -> None:
    bot = approved
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 27))
    run_pass(bot.services)
    said = use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7", user=EDITOR)

    assert said == [
        "S55-1 is overdue: only the office's approvers can snooze its overdue nudges. "
        "Nothing was changed."
    ]
    assert bot.slack.calls_to("response_url")[-1].args.get("response_type") == "ephemeral"
    assert stored(bot).snoozed_until is None and audit(bot) == []
    assert in_thread(bot, card_ts, "snoozed:") == []


def test_an_approver_through_the_user_group_snoozes_overdue_nudges(approved: Bot) -> None:
    bot = approved
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 27))
    run_pass(bot.services)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "3", user=GROUPED)
    inspection = stored(bot)
    assert (inspection.snoozed_until, inspection.snoozed_overdue) == (date(2024, 12, 30), True)
    live_through(bot, date(2024, 12, 28), date(2025, 1, 1))
    assert [k for k in nudges(bot) if k.startswith("overdue:")] == [
        "overdue:1:2024-12-27",
        "overdue:1:2024-12-31",
        "overdue:1:2025-01-01",
    ]


@pytest.mark.parametrize(
    ("action_id", "chosen", "block_id", "reply"),
    [
        pytest.param(
            ids.SNOOZE_CHOICE,
            "7",
            "snooze:2",
            "That button doesn't belong",
            id="another-inspection",
        ),
        pytest.param(
            ids.SNOOZE_CHOICE, "7", "snooze:one", "That button doesn't belong", id="not-a-number"
        ),
        pytest.param(
            ids.SNOOZE_CHOICE, "7", "snooze:99", "That button names an inspection", id="no-such"
        ),
        pytest.param(ids.SNOOZE_CHOICE, "30", None, "That button doesn't belong", id="choice"),
        pytest.param(ids.SNOOZE_DATE, "2024-12-12", None, "Pick a day after today", id="today"),
        pytest.param(ids.SNOOZE_DATE, "2024-12-01", None, "Pick a day after today", id="past"),
        pytest.param(ids.SNOOZE_DATE, "12/20/2024", None, "That button doesn't belong", id="date"),
    ],
)
def test_an_altered_or_impossible_snooze_is_refused_privately_and_changes_nothing(
    bot: Bot, action_id: str, chosen: str, block_id: str | None, reply: str
) -> None:
    card_ts = log_on(bot, date(2024, 11, 1), "First")
    log_on(bot, date(2024, 11, 1), "Second")
    bot.clock.current = at(date(2024, 12, 12))
    run_pass(bot.services)
    [said] = use(bot, latest_nudge(bot, card_ts), action_id, chosen, block_id=block_id)

    assert said.startswith(reply) and "Nothing was changed" in said
    assert stored(bot, 1).snoozed_until is None and stored(bot, 2).snoozed_until is None
    assert audit(bot) == [] and in_thread(bot, card_ts, "snoozed:") == []


def test_a_closed_inspection_has_nothing_to_snooze(approved: Bot) -> None:
    bot = approved
    card_ts = nudged_14_days_before(bot)
    nudge = latest_nudge(bot, card_ts)
    with bot.db.session() as session:
        session.scalars(select(Inspection)).one().state = "complete"
    assert use(bot, nudge, ids.SNOOZE_CHOICE, "3") == [
        "S55-1 is closed (complete): it gets no nudges to snooze. Nothing was changed."
    ]
