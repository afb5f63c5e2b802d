"""`/s55 report 2024` and the Home tab's year so far, through the real app: the report is
posted in the team channel (its summary, then its charts and files in the summary's thread),
the person told privately where; a period that cannot be reported is refused privately and
nothing is stored or posted."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from bot import copy, ids
from bot.compliance.report import year_so_far
from bot.domain.actions import ActionStatus, Rag
from bot.domain.steps import DEFAULT_STEPS
from bot.home.publish import publish_home
from bot.reminders.schedule import scheduled_pass
from bot.standin import SlackStandIn
from storage.db import Database
from storage.models import (
    AuditEvent,
    Inspection,
    ItemAnswer,
    Reminder,
    ReportItem,
    StepConfirmation,
)
from tests.bot.compliance import year
from tests.bot.compliance.year import build_year
from tests.bot.home.test_home import open_home
from tests.bot.home.test_home_steps import home_buttons, home_of, press_on_home
from tests.e2e import CHANNEL, Bot, start_bot, stop_bot
from tests.history import statements

ASKER = "U0ASKER01"
PUBLISHED = "Response published on the OPCC website"
FILES = [
    "s55-compliance-2024-publication.png",
    "s55-compliance-2024-status.png",
    "s55-compliance-2024.html",
    "s55-compliance-2024.docx",
]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def logged(n: int, published: date, state: str) -> dict[str, Any]:
    return {
        "number": n,
        "title": f"Inspection {n}",
        "title_key": f"inspection {n}",
        "published": published,
        "inspection_type": "Other",
        "deadline_rule": "statutory",
        "cc_due": published,
        "statutory_deadline": published,
        "state": state,
        "channel_id": CHANNEL,
        "card_ts": f"1700000000.{n:06d}",
        "logged_by": "U0001",
        "logged_at": at(published),
    }


def a_year(bot: Bot, extra: int = 0) -> None:
    """As of Thu 2 May 2024 (the bot's clock): S55-1 published 20 Feb, before its deadline of
    3 Mar; S55-2 on 15 Mar, 5 days after its deadline of 10 Mar; S55-3 still awaits the PCC's
    response, its deadline 27 Mar passed; S55-4 is not due yet. S55-1's Recommendation 1 is
    accepted, owned by the Head of Professional Standards, target Mon 1 Apr 2024: overdue.
    ``extra`` more open ones, not yet due, for counting statements."""
    rows = [
        logged(1, date(2024, 1, 8), "complete"),
        logged(2, date(2024, 1, 15), "publishing"),
        logged(3, date(2024, 2, 1), "awaiting PCC response"),
        logged(4, date(2024, 4, 20), "awaiting CC response"),
        *(logged(n, date(2024, 4, 21), "awaiting CC response") for n in range(5, 5 + extra)),
    ]
    with bot.db.session() as session:
        session.execute(insert(Inspection), rows)
        for inspection_id, day in ((1, date(2024, 2, 20)), (2, date(2024, 3, 15))):
            session.add_all(
                StepConfirmation(
                    inspection_id=inspection_id, step=step, confirmed_by=ASKER, confirmed_at=at(day)
                )
                for step in DEFAULT_STEPS[: DEFAULT_STEPS.index(PUBLISHED) + 1]
            )
        item = ReportItem(
            inspection_id=1,
            kind="recommendation",
            number="1",
            position=1,
            text="By 1 April 2024, the force should review its vetting decisions.",
            directed_at="force",
            recorded_by=ASKER,
            recorded_at=at(date(2024, 1, 10)),
        )
        session.add(item)
        session.flush()
        session.add(
            ItemAnswer(
                item_id=item.id,
                revision=1,
                response="accepted",
                action="A review of every decision.",
                owner="Head of Professional Standards <!channel>",
                target_date=date(2024, 4, 1),
                answered_by=ASKER,
                answered_at=at(date(2024, 2, 10)),
            )
        )


def keyed(bot: Bot, key: str) -> list[dict[str, Any]]:
    return [
        m
        for m in bot.slack.messages.get(CHANNEL, [])
        if ((m.get("metadata") or {}).get("event_payload") or {}).get("key") == key
    ]


def shared_in_thread(bot: Bot, thread_ts: str) -> list[list[str]]:
    """The file names of each message in the thread that shares files."""
    return [
        [f["name"] for f in m["files"]]
        for m in bot.slack.messages.get(CHANNEL, [])
        if m.get("thread_ts") == thread_ts and m.get("files")
    ]


def text_of(message: dict[str, Any]) -> str:
    return str(message["blocks"])


def nothing_posted_or_stored(bot: Bot) -> None:
    assert not bot.slack.calls_to("chat.postMessage")
    assert not bot.slack.calls_to("files.completeUploadExternal")
    with bot.db.session() as session:
        assert not session.scalars(select(AuditEvent)).all()
        assert not session.scalars(select(Reminder)).all()


def test_the_2024_report_is_posted_in_the_channel_its_files_in_the_thread(bot: Bot) -> None:
    a_year(bot)
    replies = bot.command("report 2024", user_id=ASKER)
    bot.settle()

    told = [call.args for call in bot.slack.calls_to("response_url")]
    assert (
        told
        == replies
        == [{"text": f"Posting the 2024 report in <#{CHANNEL}>.", "response_type": "ephemeral"}]
    )
    [summary] = keyed(bot, "report:1")
    assert "thread_ts" not in summary or summary["thread_ts"] == summary["ts"]
    assert summary["text"] == "Section 55 compliance report 2024: on time 1 of 3, 1 action overdue."
    shown = text_of(summary)
    assert "*On time:* 1 of 3 (33%)" in shown
    assert "*Median days to publish:* 51.5 days" in shown  # 43 and 60
    assert (
        "*Late (2)*\\n• *S55-2* Inspection 2: 5 days late\\n"
        "• *S55-3* Inspection 3: 36 days late, still not published"  # due 27 Mar
    ) in (shown)
    assert "Not counted: 1 not yet due." in shown
    assert (
        "• *S55-1* Recommendation 1: Head of Professional Standards &lt;!channel&gt;, target "
        "Mon 1 Apr 2024"
    ) in shown
    assert f"asked for by <@{ASKER}>" in shown and "figures as of Thu 2 May 2024" in shown

    assert shared_in_thread(bot, summary["ts"]) == [FILES]
    [upload] = [m for m in bot.slack.messages.get(CHANNEL, []) if m.get("files")]
    assert upload["text"].startswith("The 2024 report as of Thu 2 May 2024: the two charts")
    data = {f["name"]: bot.slack.workspace.file_download(f["id"])[0] for f in upload["files"]}
    assert all(data[name].startswith(b"\x89PNG") for name in FILES[:2])
    # Each chart is described to those who cannot see it: what it shows, in words.
    alts = {f["name"]: bot.slack.workspace.files[f["id"]]["alt_txt"] for f in upload["files"]}
    assert alts[FILES[0]].startswith("Each response's publication against")
    assert "S55-2" in alts[FILES[0]] and "status" in alts[FILES[1]]
    assert alts[FILES[2]] == alts[FILES[3]] == ""
    assert b"S55-2" in data["s55-compliance-2024.html"]
    assert data["s55-compliance-2024.docx"].startswith(b"PK")

    with bot.db.session() as session:
        [asked] = session.scalars(select(AuditEvent)).all()
        assert (asked.actor, asked.action, asked.inspection_id) == (ASKER, "report posted", None)
        assert asked.details == {
            "period": "2024",
            "start": "2024-01-01",
            "end": "2024-12-31",
            "as_of": "2024-05-02",
            "channel": CHANNEL,
        }
        sent = session.scalars(select(Reminder).where(Reminder.sent_at.is_(None))).all()
        assert not sent


def test_a_financial_year_and_a_range_are_posted_under_their_own_names(bot: Bot) -> None:
    a_year(bot)
    [said] = bot.command("report 2023-24")
    assert said["text"] == f"Posting the 2023-24 report in <#{CHANNEL}>."
    [said] = bot.command("report 1 Jan 2024 to 31 Mar 2024")
    bot.settle()
    assert said["text"].startswith("Posting the ") and said["text"].endswith(
        f" report in <#{CHANNEL}>."
    )
    [financial] = keyed(bot, "report:1")
    assert "Section 55 compliance report: 2023-24" in text_of(financial)
    assert "*On time:* 1 of 3 (33%)" in text_of(financial)  # S55-4 came after 31 Mar
    [ranged] = keyed(bot, "report:2")
    assert shared_in_thread(bot, ranged["ts"]) == [
        [
            "s55-compliance-2024-01-01-to-2024-03-31-publication.png",
            "s55-compliance-2024-01-01-to-2024-03-31-status.png",
            "s55-compliance-2024-01-01-to-2024-03-31.html",
            "s55-compliance-2024-01-01-to-2024-03-31.docx",
        ]
    ]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("report 2099", copy.period_in_future("2099", date(2099, 1, 1), date(2024, 5, 2))),
        ("report banana", copy.period_unreadable("banana")),
        ("report", copy.PERIOD_EMPTY),
        ("report <!channel>", copy.period_unreadable("<!channel>")),
        ("report this month", copy.period_unreadable("this month")),
        ("report " + "2024" * 2500, copy.period_unreadable("2024" * 2500)),
    ],
    ids=["2099", "banana", "nothing", "a mention", "relative words", "10,000 characters"],
)
def test_a_period_that_cannot_be_reported_is_refused_privately_and_nothing_is_posted(
    bot: Bot, typed: str, said: str
) -> None:
    [reply] = bot.command(typed)
    bot.settle()
    assert (reply["text"], reply["response_type"]) == (said, "ephemeral")
    assert "<!channel>" not in reply["text"] and len(reply["text"]) < 400
    nothing_posted_or_stored(bot)


def test_help_lists_the_report() -> None:
    assert "• `/s55 report <period>` posts the compliance report" in copy.HELP
    assert "e.g. `/s55 report 2024`, a financial year `/s55 report 2024-25`" in copy.HELP


def test_the_home_tab_says_the_year_so_far_and_its_button_posts_the_report(bot: Bot) -> None:
    a_year(bot)
    view = home_of(bot, ASKER)
    [line] = [b for b in view["blocks"] if b.get("block_id") == ids.HOME_YEAR_BLOCK]
    assert line["text"]["text"] == "*The year so far:* on time 1 of 3 · 1 action overdue"
    [button] = home_buttons(view, ids.POST_REPORT)
    assert (button["text"]["text"], button["value"]) == ("Post the 2024 report", "2024")

    press_on_home(bot, ASKER, button)

    [summary] = keyed(bot, "report:1")
    assert "*On time:* 1 of 3 (33%)" in text_of(summary)
    assert shared_in_thread(bot, summary["ts"]) == [FILES]
    told = [c.args for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == ASKER]
    assert [t["text"] for t in told] == [f"Posting the 2024 report in <#{CHANNEL}>."]


def reports_posted(bot: Bot) -> list[str]:
    with bot.db.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == "report posted"))
        return [row.details["period"] for row in rows]


def test_a_double_click_on_post_the_report_posts_it_once(bot: Bot) -> None:
    a_year(bot)
    [button] = home_buttons(home_of(bot, ASKER), ids.POST_REPORT)
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: press_on_home(bot, ASKER, button), range(3)))
    press_on_home(bot, ASKER, button)
    bot.settle()
    assert reports_posted(bot) == ["2024"]
    assert len(keyed(bot, "report:1")) == 1 and not keyed(bot, "report:2")
    assert len(bot.slack.calls_to("files.completeUploadExternal")) == 1
    told = [c.args for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == ASKER]
    assert {t["text"] for t in told} == {f"Posting the 2024 report in <#{CHANNEL}>."}

    bot.clock.current += timedelta(minutes=2)  # asked again, later: a report of its own
    bot.command("report 2024", user_id=ASKER)
    bot.settle()
    assert reports_posted(bot) == ["2024", "2024"] and len(keyed(bot, "report:2")) == 1


@pytest.mark.parametrize("forged", ["2099", "2025", "banana", "2023-24", "", "2024 "])
def test_a_forged_value_on_the_homes_button_is_refused_and_nothing_is_posted(
    bot: Bot, forged: str
) -> None:
    view = home_of(bot, ASKER)
    [button] = home_buttons(view, ids.POST_REPORT)
    press_on_home(bot, ASKER, {**button, "value": forged})
    told = [c.args["text"] for c in bot.slack.calls_to("chat.postMessage")]
    assert told == [copy.BUTTON_NOT_UNDERSTOOD]
    with bot.db.session() as session:
        assert not session.scalars(select(AuditEvent)).all()


def statements_of(bot: Bot, work: Callable[[], object]) -> int:
    """How many SQL statements ``work`` costs."""
    with statements(bot.db) as executed:
        work()
    return len(executed)


def test_the_year_so_far_costs_the_home_tab_a_few_statements_however_many_inspections(
    bot: Bot,
) -> None:
    a_year(bot)
    open_home(bot, ASKER)  # the first opening warms the connection pool and the caches
    home = statements_of(bot, lambda: publish_home(bot.services, ASKER))
    year = statements_of(bot, lambda: year_so_far(bot.services))
    with bot.db.session() as session:  # forty more, published, with their steps
        session.execute(
            insert(Inspection), [logged(n, date(2024, 3, 1), "complete") for n in range(10, 50)]
        )
    assert statements_of(bot, lambda: publish_home(bot.services, ASKER)) == home
    assert year <= 8  # the year's inspections, steps, items, answers, progress (and BEGIN)
    print(f"Home tab: {home} SQL statements, {year} of them the year so far, with 4 or 44")


def test_with_the_bot_not_in_the_channel_the_person_is_asked_to_invite_it(bot: Bot) -> None:
    a_year(bot)
    bot.slack.error_next("chat.postMessage", error="not_in_channel")
    bot.command("report 2024")
    bot.settle()
    assert [c.args["text"] for c in bot.slack.calls_to("response_url")] == [
        f"Posting the 2024 report in <#{CHANNEL}>.",
        f"I couldn't post the 2024 report in <#{CHANNEL}>: invite me to the channel "
        "(`/invite @s55bot`) and it will be posted within minutes of my joining.",
    ]
    assert not keyed(bot, "report:1")

    scheduled_pass(bot.services)  # once invited: the next pass posts it

    [summary] = keyed(bot, "report:1")
    assert shared_in_thread(bot, summary["ts"]) == [FILES]


@pytest.fixture
def office(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    """The fixture year's office (counting down to published + 56 days), on its AS_OF."""
    build_year(database)
    running = start_bot(
        slack,
        database,
        S55_AREA="Norfolk",
        S55_DEADLINE_RULE=year.OFFICE_RULE.value,
        S55_CC_DAYS=str(year.CC_DAYS),
    )
    running.clock.current = datetime(2025, 1, 31, 12, tzinfo=UTC)
    yield running
    stop_bot(running)


def test_the_fixture_years_hand_counted_figures_are_what_the_channel_reads(office: Bot) -> None:
    office.command("report 2024")
    office.settle()
    with office.db.session() as session:  # logging the year audited its inspections first
        asked = session.scalars(select(AuditEvent.id).where(AuditEvent.action == "report posted"))
        [summary] = keyed(office, f"report:{asked.one()}")
    shown = text_of(summary).replace("\\n", "\n")

    assert f"*On time:* {year.ON_TIME} of {year.COUNTED} (80%)" in shown
    assert "countdown uses publication date + 56 days (S55_DEADLINE_RULE)." in shown
    assert f"*Median days to publish:* {year.MEDIAN_DAYS} days" in shown
    assert "Not counted: 1 not yet due, 1 no response required." in shown
    assert year.WITHDRAWN not in shown
    late = re.findall(r"• \*(S55-\d+)\* [^\n]*: \d+ days? late", shown)
    assert tuple(late) == year.LATE
    for status, count in year.STATUS_COUNTS.items():
        assert f"{ActionStatus(status).label}: {count}" in shown
    for rag, count in year.RAG_COUNTS.items():
        assert f"{Rag(rag).label}: {count}" in shown
    assert f"{year.AWAITING_ANSWER} more recommendations and AFIs await their answers." in shown
    assert f"*Overdue actions ({len(year.OVERDUE)})*" in shown
    for reference, item, owner, target in year.OVERDUE:
        assert f"• *{reference}* {item}: {owner}, target {copy.human_date(target)}" in shown
    assert "figures as of Fri 31 Jan 2025" in shown
    assert shared_in_thread(office, summary["ts"]) == [FILES]
