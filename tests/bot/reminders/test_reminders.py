"""The reminder pass over an inspection's whole life, with a controlled clock
(docs/rules.md#r14)."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.domain.reminders import is_working_day
from bot.reminders.run import run_pass
from storage.models import Inspection, Reminder
from tests.e2e import CHANNEL, Bot
from tests.history import inspection_row, statements, store

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def log_on(bot: Bot, day: date, title: str = "Custody inspection") -> str:
    """Log an inspection published (and logged) on ``day``; return its card's ts."""
    bot.clock.current = at(day, 10)
    bot.command(f"add {title} | {day:%d/%m/%Y}")
    bot.settle()
    return next(
        m["ts"] for m in bot.slack.messages[CHANNEL] if m.get("blocks") and title in m["text"]
    )


def reminder_keys(bot: Bot) -> list[str]:
    """The key of every reminder Slack received, in order (from the message metadata)."""
    keys = []
    for call in bot.slack.calls_to("chat.postMessage"):
        key = ((call.args.get("metadata") or {}).get("event_payload") or {}).get("key", "")
        if call.outcome == "ok" and key.startswith(("digest:", "nudge:", "overdue:", "cc:")):
            keys.append(key)
    return keys


def live_through(bot: Bot, first: date, last: date) -> None:
    day = first
    while day <= last:
        for hour in (9, 15):  # the 15:00 pass must find nothing new
            bot.clock.current = at(day, hour)
            run_pass(bot.services)
        day += timedelta(days=1)


def test_a_whole_life_sends_exactly_the_expected_reminders_on_the_expected_days(bot: Bot) -> None:
    # Published Fri 1 Nov 2024: the Section 55 deadline is Thu 26 Dec 2024, Boxing Day; the
    # Chief Constable's comments are due Fri 29 Nov 2024.
    log_on(bot, date(2024, 11, 1))
    live_through(bot, date(2024, 11, 1), date(2025, 1, 17))
    keys = reminder_keys(bot)
    assert [k for k in keys if not k.startswith("digest:")] == [
        "cc:1:2024-11-29:before",  # Tue 26 Nov, three working days before the CC's date
        "nudge:1:28",  # Thu 28 Nov
        "cc:1:2024-11-29:day",  # Fri 29 Nov
        "nudge:1:14",  # Thu 12 Dec
        "nudge:1:7",  # Thu 19 Dec
        "nudge:1:3",  # Mon 23 Dec
        # 1 day left falls on Christmas Day: no countdown nudge on a bank holiday
        "nudge:1:0",  # the deadline day, Boxing Day, all the same
        "overdue:1:2024-12-27",
        "overdue:1:2024-12-28",  # a Saturday: overdue nudges go out whatever the day
        "overdue:1:2024-12-29",
        "overdue:1:2024-12-30",
        "overdue:1:2024-12-31",
        "overdue:1:2025-01-01",
        "overdue:1:2025-01-02",  # the first week overdue ends
        "overdue:1:2025-01-03",  # then one a week
        "overdue:1:2025-01-10",
        "overdue:1:2025-01-17",
    ]
    digests = [date.fromisoformat(k.split(":")[1]) for k in keys if k.startswith("digest:")]
    expected = [date(2024, 11, 1) + timedelta(days=n) for n in range(78)]
    assert digests == [day for day in expected if is_working_day(day)]
    assert date(2024, 11, 2) not in digests and date(2024, 12, 26) not in digests
    assert Counter(keys).most_common(1)[0][1] == 1  # nothing twice


def test_nudges_name_what_is_missing_and_who_is_asked(bot: Bot) -> None:
    import dataclasses

    bot.services.settings = dataclasses.replace(bot.services.settings, cc_contact="S0CCTEAM1")
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19))
    run_pass(bot.services)
    [nudge] = [
        c.args
        for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("thread_ts") == card_ts and "deadline is" in c.args["text"]
    ]
    assert nudge["text"] == (
        ":alarm_clock: *S55-1*: the Section 55 deadline is in *7 days* (Thu 26 Dec 2024). "
        "Still needed: the Chief Constable's response, the PCC's response, the recommendations, "
        "the areas for improvement, PCC response signed off and four more steps. "
        "<!subteam^S0CCTEAM1>, over to you."
    )
    bot.clock.current = at(date(2024, 12, 30))
    run_pass(bot.services)
    overdue = bot.slack.calls_to("chat.postMessage")[-1].args["text"]
    assert overdue.startswith(
        ":rotating_light: *S55-1* is *OVERDUE by 4 days*: "
        "the Section 55 deadline was Thu 26 Dec 2024."
    )


def test_the_digest_lists_open_inspections_most_urgent_first_with_links(bot: Bot) -> None:
    log_on(bot, date(2024, 11, 1), "Later one")
    log_on(bot, date(2024, 10, 1), "Sooner one")
    bot.clock.current = at(date(2024, 11, 25))
    run_pass(bot.services)
    digest = next(
        c.args
        for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("metadata", {}).get("event_payload", {}).get("key") == "digest:2024-11-25"
    )
    assert digest["channel"] == CHANNEL
    sections = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"]
    assert ":red_circle: *<https://" in sections[0] and "S55-2>* Sooner one" in sections[0]
    assert "*due today* (deadline Mon 25 Nov 2024)" in sections[0]
    assert (
        ":large_green_circle:" in sections[1]
        and "Later one" in sections[1]
        and "*31 days left*" in sections[1]
    )
    assert "still needed: the Chief Constable's response" in sections[1]


def test_a_digest_shows_the_45_most_urgent_counts_the_rest_and_each_still_gets_its_nudge(
    bot: Bot,
) -> None:
    """Slack allows 50 blocks a message: the digest names the 45 most urgent and counts the
    others; those it does not name are nudged all the same, saying what they still need."""
    rows = [
        inspection_row(
            n,
            published=date(2024, 9, 1) + timedelta(days=n),  # S55-1 most urgent
            state="awaiting CC response",
            channel=CHANNEL,
            card_ts=f"1690000000.{n:06d}",
        )
        for n in range(47, 0, -1)  # stored least urgent first: the order is the query's
    ]
    store(bot.db, rows)
    bot.clock.current = at(date(2024, 12, 18))

    assert run_pass(bot.services).sent == 48

    posts = [call.args for call in bot.slack.calls_to("chat.postMessage")]
    [digest] = [p for p in posts if p["metadata"]["event_payload"]["key"] == "digest:2024-12-18"]
    assert digest["text"].endswith(": 47 open")
    named = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"]
    assert len(named) == 45
    assert "S55-1>*" in named[0] and "S55-45>*" in named[-1]
    assert digest["blocks"][-1]["elements"][0]["text"].startswith("…and two more.")
    nudges = {p["thread_ts"]: p["text"] for p in posts if p.get("thread_ts")}
    assert len(nudges) == 47
    for n in (1, 46, 47):  # named in the digest, and not
        nudge = nudges[f"1690000000.{n:06d}"]
        assert f"*S55-{n}* is *OVERDUE by " in nudge
        assert "Still needed: the Chief Constable's response, the PCC's response" in nudge


def test_nothing_open_gives_a_quiet_digest(bot: Bot) -> None:
    bot.clock.current = at(date(2024, 11, 25))
    run_pass(bot.services)
    [digest] = bot.slack.calls_to("chat.postMessage")
    assert "Nothing due: there are no open inspections." in digest.args["text"]


@pytest.mark.parametrize("state", ["complete", "no response required"])
def test_closed_inspections_get_nothing(bot: Bot, state: str) -> None:
    log_on(bot, date(2024, 11, 1))
    with bot.db.session() as session:
        session.execute(update(Inspection).values(state=state))
    live_through(bot, date(2024, 12, 19), date(2024, 12, 28))
    assert [k for k in reminder_keys(bot) if not k.startswith("digest:")] == []


def test_a_missed_morning_is_caught_up_once_that_day_and_not_replayed_the_next(bot: Bot) -> None:
    log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19), 15, 30)  # the process was down at 09:00
    run_pass(bot.services)
    run_pass(bot.services)
    bot.clock.current = at(date(2024, 12, 20), 9)
    run_pass(bot.services)
    assert reminder_keys(bot)[-3:] == ["digest:2024-12-19", "nudge:1:7", "digest:2024-12-20"]


def test_a_rate_limit_and_server_errors_are_ridden_out_without_duplicates(bot: Bot) -> None:
    log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19))
    bot.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    report = run_pass(bot.services)
    assert report.sent == 2
    bot.clock.current = at(date(2024, 12, 20))
    bot.slack.fail_next("chat.postMessage", status=500, times=2)
    run_pass(bot.services)
    assert reminder_keys(bot) == ["digest:2024-12-19", "nudge:1:7", "digest:2024-12-20"]


def test_a_post_slack_accepted_whose_answer_was_lost_is_not_sent_again(bot: Bot) -> None:
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19))
    bot.slack.drop_next("chat.postMessage", times=2, after_processing=True)
    run_pass(bot.services)
    run_pass(bot.services)
    in_thread = [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts and "in *7 days*" in m["text"]
    ]
    assert len(in_thread) == 1
    assert sum(1 for m in bot.slack.messages[CHANNEL] if "Section 55 deadlines" in m["text"]) == 1


def test_an_error_for_one_inspection_does_not_stop_the_others(bot: Bot) -> None:
    log_on(bot, date(2024, 11, 1), "First")
    log_on(bot, date(2024, 11, 1), "Second")
    bot.clock.current = at(date(2024, 12, 19))
    bot.slack.error_next("chat.postMessage", error="digest_refused")  # the digest goes first
    bot.slack.error_next("chat.postMessage", error="not_in_channel")  # then the first nudge
    report = run_pass(bot.services)
    assert (report.sent, report.failed) == (1, 2)
    with bot.db.session() as session:
        errors = dict(session.execute(select(Reminder.key, Reminder.last_error)).all())
    assert errors["nudge:1:7"] == "not_in_channel" and errors["nudge:2:7"] is None
    bot.clock.current = at(date(2024, 12, 19), 9, 10)
    assert run_pass(bot.services).sent == 2  # the failed ones are retried by the next pass
    assert Counter(reminder_keys(bot)) == {"digest:2024-12-19": 1, "nudge:1:7": 1, "nudge:2:7": 1}


def test_when_slack_cannot_be_reached_the_claims_stay_retryable_and_one_line_is_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19))
    bot.slack.fail_next("chat.postMessage", status=503, times=30)
    bot.slack.fail_next("conversations.history", status=503, times=30)
    with caplog.at_level(logging.ERROR, logger="bot.reminders.run"):
        report = run_pass(bot.services)
    assert report.unreachable and report.sent == 0
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.reminders.run"]
    assert line.startswith("Slack cannot be reached") and line.endswith(
        "2 reminder(s) left for the next pass"
    )
    bot.slack.reset()
    bot.clock.current = at(date(2024, 12, 19), 9, 10)
    assert run_pass(bot.services).sent == 2


def test_a_long_pass_keeps_its_claims_so_another_pass_does_not_send_them_too(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.reminders.run as reminders

    for title in ("One", "Two", "Three"):
        log_on(bot, date(2024, 11, 1), title)
    bot.clock.current = at(date(2024, 12, 27))
    real_post, posts = reminders.post_once, []

    def slow_post(*args: object, **kwargs: object) -> dict:
        posted = real_post(*args, **kwargs)
        posts.append(kwargs["key"])
        bot.clock.current += timedelta(minutes=6)  # each post takes six minutes
        if len(posts) == 3:  # by now the first claims are 18 minutes old: a second pass runs
            monkeypatch.setattr(reminders, "post_once", real_post)
            assert run_pass(bot.services).sent == 0
            monkeypatch.setattr(reminders, "post_once", slow_post)
        return posted

    monkeypatch.setattr(reminders, "post_once", slow_post)
    assert run_pass(bot.services).sent == 4
    assert Counter(reminder_keys(bot)) == {
        "digest:2024-12-27": 1,
        "overdue:1:2024-12-27": 1,
        "overdue:2:2024-12-27": 1,
        "overdue:3:2024-12-27": 1,
    }


def test_a_prompt_slack_refused_is_posted_by_the_next_scheduled_pass(bot: Bot) -> None:
    from bot.cards.refresh import refresh_card
    from bot.domain.responses import ResponseKind
    from bot.reminders.schedule import scheduled_pass
    from bot.responses.collection import ask_for

    bot.clock.current = at(date(2024, 11, 1), 10)
    bot.slack.error_next("chat.postMessage", error="not_in_channel")  # no card, so no prompt
    bot.command("add Custody inspection | 01/11/2024")
    bot.settle()
    refresh_card(bot.services, 1)  # the card goes up later
    bot.slack.error_next("chat.postMessage", error="internal_error")  # and the prompt fails
    assert ask_for(bot.services, 1, ResponseKind.CC, actor="U0001") is False  # left for later
    bot.clock.current = at(date(2024, 11, 4), 9, 30)
    scheduled_pass(bot.services)
    scheduled_pass(bot.services)
    prompts = [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if c.outcome == "ok" and "Please paste the *Chief Constable's response*" in c.args["text"]
    ]
    assert len(prompts) == 1


def test_a_pass_costs_the_same_statements_for_40_open_inspections_or_640(bot: Bot) -> None:
    """A fixed number of statements an office, not one more per batch of
    inspections (each relationship is read in one statement however many there are)."""

    def add_open(first: int, count: int, published: date) -> None:
        rows = [
            inspection_row(
                n,
                published=published,
                state="awaiting CC response",
                channel=CHANNEL,
                card_ts=f"1690000000.{n:06d}",
            )
            for n in range(first, first + count)
        ]
        store(bot.db, rows)

    add_open(1, 40, date(2024, 9, 2))  # overdue by the 18th
    bot.clock.current = at(date(2024, 12, 18))
    with statements(bot.db) as few:
        assert run_pass(bot.services).sent == 41  # the digest and a nudge each
    add_open(41, 600, date(2024, 12, 16))  # due in February: no nudge yet
    bot.clock.current = at(date(2024, 12, 19))
    with statements(bot.db) as many:
        # The digest (listing them all); the overdue ones were nudged yesterday.
        assert run_pass(bot.services).sent == 1
    assert len(many) == len(few), "\n".join(many) + "\n----\n" + "\n".join(few)
