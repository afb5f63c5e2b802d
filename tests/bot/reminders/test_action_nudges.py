"""The owner of each open action is nudged in the card's thread as its target date nears and once it
has passed, over a span of days with a controlled clock (docs/rules.md#r7); the nudges can be
snoozed item by item."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bot import ids
from bot.audit.history import write_csv
from bot.reminders.run import run_pass
from storage.models import AuditEvent, Inspection, ReportItem
from tests.bot.items.progress_steps import answered_afi, submit_update
from tests.bot.reminders.test_reminders import at
from tests.bot.reminders.test_snooze import in_thread, told, use
from tests.e2e import Bot

OWNER = "U0OWNER01"


def live(bot: Bot, first: date, last: date) -> list[tuple[date, str]]:
    """Two passes a day from ``first`` to ``last``; each action nudge posted, with its day."""
    posted = []
    day = first
    while day <= last:
        for hour in (9, 15):  # the 15:00 pass must find nothing new
            bot.clock.current = at(day, hour)
            before = len(action_keys(bot))
            run_pass(bot.services)
            posted += [(day, key) for key in action_keys(bot)[before:]]
        day += timedelta(days=1)
    return posted


def action_keys(bot: Bot) -> list[str]:
    keys = []
    for call in bot.slack.calls_to("chat.postMessage"):
        key = ((call.args.get("metadata") or {}).get("event_payload") or {}).get("key", "")
        if call.outcome == "ok" and key.startswith("action:"):
            keys.append(key)
    return keys


def on(day: date, hour: int = 11) -> Any:
    return at(day, hour)


def item_row(bot: Bot, item_id: int) -> ReportItem:
    with bot.db.session() as session:
        return session.get(ReportItem, item_id)


def test_the_owner_is_nudged_once_before_the_target_and_once_after_it(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot, owner=f"<@{OWNER}> (Head of PSD)")  # target Sun 30 Jun
    posted = live(bot, date(2024, 5, 2), date(2024, 7, 20))
    assert posted == [
        (date(2024, 6, 16), f"action:{item_id}:2024-06-30:soon"),  # 14 days before
        (date(2024, 7, 1), f"action:{item_id}:2024-06-30:passed"),  # the day after
    ]
    soon, passed = in_thread(bot, card_ts, "action:")
    assert soon["text"] == (
        f":alarm_clock: <@{OWNER}> (Head of PSD): *AFI 1* of *S55-1*: its target date is in "
        "14 days (Sun 30 Jun 2024). Record its progress with `/s55 recs S55-1` → *Update*."
    )
    assert passed["text"].startswith(
        f":rotating_light: <@{OWNER}> (Head of PSD): *AFI 1* of *S55-1*: its target date, "
        "Sun 30 Jun 2024, passed 1 day ago."
    )
    [controls] = [b for b in passed["blocks"] if b["type"] == "actions"]
    assert controls["block_id"] == f"snooze-item:{item_id}"
    assert [e["action_id"] for e in controls["elements"]] == [ids.SNOOZE_CHOICE, ids.SNOOZE_DATE]


def test_an_owner_recorded_as_text_is_named_escaped(bot: Bot) -> None:
    answered_afi(bot, owner="Head of L&D <training>", target="2024-05-10")
    live(bot, date(2024, 5, 2), date(2024, 5, 2))
    [call] = [c for c in bot.slack.calls_to("chat.postMessage") if "action:" in json.dumps(c.args)]
    assert call.args["text"].startswith(":alarm_clock: Head of L&amp;D &lt;training&gt;: *AFI 1*")


def test_an_action_answered_inside_the_warning_days_is_nudged_on_the_first_pass(bot: Bot) -> None:
    _, item_id = answered_afi(bot, target="2024-05-10")
    assert live(bot, date(2024, 5, 2), date(2024, 5, 15)) == [
        (date(2024, 5, 2), f"action:{item_id}:2024-05-10:soon"),
        (date(2024, 5, 11), f"action:{item_id}:2024-05-10:passed"),
    ]


def test_a_revised_target_gets_its_own_nudges_and_a_completed_action_none(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    bot.clock.current = on(date(2024, 6, 17))
    submit_update(bot, item_id, status="in_progress", target="2024-07-31")
    posted = live(bot, date(2024, 6, 17), date(2024, 7, 20))
    assert posted == [(date(2024, 7, 17), f"action:{item_id}:2024-07-31:soon")]
    bot.clock.current = on(date(2024, 7, 20))
    submit_update(bot, item_id, status="complete")
    assert live(bot, date(2024, 7, 21), date(2024, 8, 10)) == []
    assert Counter(action_keys(bot)).most_common(1)[0][1] == 1  # nothing twice


def test_a_complete_inspection_still_nudges_but_a_withdrawn_one_does_not(bot: Bot) -> None:
    _, item_id = answered_afi(bot, target="2024-05-10")
    with bot.db.session() as session:
        session.scalars(select(Inspection)).one().state = "complete"
    assert [key for _, key in live(bot, date(2024, 5, 2), date(2024, 5, 3))] == [
        f"action:{item_id}:2024-05-10:soon"
    ]
    with bot.db.session() as session:
        session.scalars(select(Inspection)).one().state = "withdrawn"
    assert live(bot, date(2024, 5, 4), date(2024, 5, 20)) == []


def test_an_items_nudges_snoozed_are_held_and_the_one_still_due_follows(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    said = use(bot, soon, ids.SNOOZE_DATE, "2024-07-03")

    assert said == []  # the note in the thread says it
    item = item_row(bot, item_id)
    assert (item.snoozed_until, item.snoozed_by) == (date(2024, 7, 3), "U0EDITOR1")
    [note] = in_thread(bot, card_ts, "item-snoozed:")
    assert note["text"] == (
        ":zzz: Nudges for *AFI 1* of *S55-1* snoozed by <@U0EDITOR1> until Wed 3 Jul 2024; "
        "they resume on Thu 4 Jul 2024."
    )
    [resume] = [b for b in note["blocks"] if b["type"] == "actions"]
    assert resume["elements"][0]["action_id"] == ids.RESUME_ITEM_NUDGES
    shown = json.dumps(bot.command("recs S55-1")[-1]["blocks"], ensure_ascii=False)
    assert ":zzz: nudges snoozed until Wed 3 Jul 2024" in shown
    # The passed nudge (due Mon 1 Jul) waits for the snooze, then goes out once.
    assert live(bot, date(2024, 6, 17), date(2024, 7, 10)) == [
        (date(2024, 7, 4), f"action:{item_id}:2024-06-30:passed")
    ]
    out = io.StringIO()
    write_csv(bot.db, out, tz=bot.services.settings.timezone)
    [row] = [
        r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["action"] == "item snoozed"
    ]
    assert row["what"] == "snoozed the nudges for AFI 1 until Wed 3 Jul 2024"
    bot.command("history S55-1")
    assert "snoozed the nudges for AFI 1 until Wed 3 Jul 2024" in told(bot)[-1]


def test_resume_ends_an_items_snooze_and_its_nudge_goes_out(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    use(bot, soon, ids.SNOOZE_CHOICE, "7")
    assert item_row(bot, item_id).snoozed_until == date(2024, 6, 23)
    assert live(bot, date(2024, 6, 17), date(2024, 6, 30)) == []

    bot.clock.current = on(date(2024, 7, 1), 8)
    [note] = in_thread(bot, card_ts, "item-snoozed:")
    said = use(bot, note, ids.RESUME_ITEM_NUDGES, user="U0SOMEONE")
    assert said == ["The nudges for AFI 1 of S55-1 aren't snoozed. Nothing was changed."]

    use(bot, in_thread(bot, card_ts, "action:")[-1], ids.SNOOZE_CHOICE, "3")
    [_, again] = in_thread(bot, card_ts, "item-snoozed:")
    assert use(bot, again, ids.RESUME_ITEM_NUDGES, user="U0SOMEONE") == []
    assert item_row(bot, item_id).snoozed_until is None
    [resumed] = in_thread(bot, card_ts, "item-resumed:")
    assert resumed["text"] == ":bell: Nudges for *AFI 1* of *S55-1* resumed by <@U0SOMEONE>."
    assert live(bot, date(2024, 7, 1), date(2024, 7, 2)) == [
        (date(2024, 7, 1), f"action:{item_id}:2024-06-30:passed")
    ]
    with bot.db.session() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("item snooze")] == [
        "item snoozed",
        "item snoozed",
        "item snooze ended",
    ]


def test_a_snooze_until_today_or_before_is_refused_privately(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    for chosen in ("2024-06-16", "2024-06-01"):
        [said] = use(bot, soon, ids.SNOOZE_DATE, chosen)
        assert said.startswith("Pick a day after today") and "Nothing was changed" in said
    assert item_row(bot, item_id).snoozed_until is None
    assert in_thread(bot, card_ts, "item-snoozed:") == []
