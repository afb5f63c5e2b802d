"""The Home tab (app_home_opened → views.publish), within Slack's 100 blocks whatever the count."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from storage.models import Inspection
from tests.e2e import CHANNEL, Bot

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
    assert shown[1] == "*Waiting for you*"
    assert "S55-3>* Inspection 3" in shown[2] and "PCC response signed off" in shown[2]
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
    assert "…and 90 more: `/s55 list all` shows every one." in shown
    assert "…and 35 more: `/s55 list all` shows every one." in shown  # 50 waiting, 15 listed
