"""The Home tab (app_home_opened → views.publish), within Slack's 100 blocks whatever the count."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.domain.steps import DEFAULT_STEPS
from bot.home.publish import publish_home
from storage.models import Inspection, StepConfirmation
from tests.e2e import CHANNEL, Bot
from tests.history import inspection_row, selects, statements, store

APPROVER = "U0APPROVE"


def add_open(bot: Bot, count: int, *, state: str = "awaiting CC response") -> None:
    published = date(2024, 4, 1)
    with bot.db.session() as session:
        session.execute(
            insert(Inspection),
            [
                {
                    "number": n,
                    "title": f"Inspection {n}",
                    "title_key": f"inspection {n}",
                    "published": published + timedelta(days=n % 30),
                    "inspection_type": "Other",
                    "deadline_rule": "statutory",
                    "cc_due": published + timedelta(days=28),
                    "statutory_deadline": published + timedelta(days=55 + n % 30),
                    "state": state if n % 3 else "awaiting PCC sign-off",
                    "channel_id": CHANNEL,
                    "card_ts": f"1690000000.{n:06d}",
                    "logged_by": "U0001",
                    "logged_at": datetime(2024, 4, 2, tzinfo=UTC),
                }
                for n in range(1, count + 1)
            ],
        )


def open_home(bot: Bot, user: str = APPROVER) -> dict:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME001",
        "tab": "home",
        "event_ts": "1700000000.000001",
    }
    assert bot.send.event(event).status == 200
    bot.settle()
    call = bot.slack.wait_for("views.publish")[-1]
    assert call.outcome == "ok", call.response
    assert call.args["user_id"] == user
    return call.args["view"]


def texts(view: dict) -> list[str]:
    return [
        b["text"]["text"] if b["type"] != "context" else b["elements"][0]["text"]
        for b in view["blocks"]
        if b["type"] in ("section", "context", "header")
    ]


@pytest.fixture
def approver(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    return bot


def test_an_empty_home_says_so(approver: Bot) -> None:
    shown = texts(open_home(approver))
    assert shown[0] == "Section 55 responses"
    assert "Nothing is waiting for you." in shown and "No open inspections." in shown
    assert "Nothing completed yet." in shown


def test_three_open_inspections_most_urgent_first_and_sign_offs_waiting_for_an_approver(
    approver: Bot,
) -> None:
    add_open(approver, 3)
    shown = texts(open_home(approver))
    assert shown[1].startswith("*The year so far:*")  # (tests/bot/compliance)
    assert shown[2] == "*Waiting for you*"
    assert "S55-3>* Inspection 3" in shown[3] and "PCC response signed off" in shown[3]
    open_lines = [t for t in shown if "Inspection" in t][1:]
    assert [line.split(">* ")[1].split("\n")[0] for line in open_lines] == [
        "Inspection 1",
        "Inspection 2",
        "Inspection 3",
    ]
    assert open_lines[0].startswith(":large_green_circle:") and "25 days left" in open_lines[0]


def test_someone_else_sees_nothing_waiting_for_them(approver: Bot) -> None:
    add_open(approver, 3)
    assert "Nothing is waiting for you." in texts(open_home(approver, user="U0SOMEONE"))


def test_a_hundred_and_fifty_open_inspections_fit_in_slacks_limit(approver: Bot) -> None:
    add_open(approver, 150)
    view = open_home(approver)
    assert len(view["blocks"]) <= 100
    shown = texts(view)
    assert "*Open inspections (150), most urgent first*" in shown
    # The 45 most urgent, one page of `/s55 list open`: the next page is the rest.
    assert "…and 105 more — `/s55 list open 2`" in shown
    assert "…and 35 more — `/s55 list open`" in shown  # 50 waiting, 15 listed


def test_completed_inspections_say_how_they_ended_and_open_ones_what_is_late(
    approver: Bot,
) -> None:
    add_open(approver, 2)  # S55-1 and S55-2: CC comments due Mon 29 Apr 2024, none confirmed
    approver.clock.current = datetime(2024, 5, 2, 9, tzinfo=UTC)
    published_on = datetime(2024, 5, 29, 13, tzinfo=UTC)  # Wed 29 May; deadline Mon 27 May
    with approver.db.session() as session:
        done = session.get(Inspection, 1)
        done.state, done.completed_at = "complete", published_on
        session.add_all(
            StepConfirmation(
                inspection_id=1, step=step, confirmed_by=APPROVER, confirmed_at=published_on
            )
            for step in DEFAULT_STEPS
        )
        session.get(Inspection, 2).snoozed_until = date(2024, 5, 3)
        session.get(Inspection, 2).snoozed_overdue = False
    shown = texts(open_home(approver))
    [completed] = [t for t in shown if "S55-1>*" in t]
    assert completed.endswith("\nResponse published Wed 29 May 2024 — 2 days after the deadline")
    [open_line] = [t for t in shown[4:] if "S55-2>*" in t]
    assert ":warning: CC comments 3 days late · still needed" in open_line
    assert open_line.endswith(":zzz: snoozed until Fri 3 May 2024")


def test_the_home_tab_reads_only_what_it_shows_however_long_the_history(approver: Bot) -> None:
    """The inspections shown, their responses, steps and sections, the counts, the
    office and the year so far; the same statements with 150 open or 150 open and 600 closed."""
    add_open(approver, 150)
    open_home(approver)  # the first opening warms the pool and the membership cache
    with statements(approver.db) as few:
        publish_home(approver.services, APPROVER)
    closed = [
        inspection_row(
            n,
            published=date(2024, 1, 1) - timedelta(days=n),
            state="complete",
            channel=CHANNEL,
            completed_at=datetime(2024, 2, 1, tzinfo=UTC) - timedelta(days=n),
        )
        for n in range(151, 751)
    ]
    store(approver.db, closed)
    with statements(approver.db) as many:
        publish_home(approver.services, APPROVER)
    assert len(many) == len(few) and len(selects(many)) == 8, many
    shown = texts(open_home(approver))
    assert "*Open inspections (150), most urgent first*" in shown
    start = shown.index("*Recently completed*") + 1
    completed = shown[start : start + 10]
    newest = [f"Inspection {n}" for n in range(151, 161)]  # completed last, first
    assert [line.split("* ")[1] for line in completed] == newest
