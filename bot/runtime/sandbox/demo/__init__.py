"""``s55bot sandbox --demo``: the 2024 seed's inspection half-way through, played through the
real bot as the office would have: logged two days after publication, the Chief Constable's
response pasted and used three weeks later; the PCC's response is awaited."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from .. import cast
from ..clock import SandboxClock
from ..forms import elements
from ..running import Sandbox
from ..slack_client import Where

LONDON = ZoneInfo("Europe/London")
STARTS = datetime(2024, 5, 2, 9, 30, tzinfo=LONDON)  # two days after publication
CC_ANSWERS = datetime(2024, 5, 21, 10, 15, tzinfo=LONDON)  # a week before the CC's date
TITLE = (
    "Vetting and anti-corruption part 2: How effective is the National Crime Agency at "
    "dealing with corruption?"
)
ADD = f"/s55 add {TITLE} | 30 April 2024 | https://justiceinspectorates.gov.uk"
WAIT_SECONDS = 45.0  # a loaded CI machine is slow; a healthy bot answers in well under 1 s


class DemoFailed(Exception):
    """The bot did not do what the demo waited for; the message says what."""


def demo_clock() -> SandboxClock:
    # Both in UTC: Python subtracts two datetimes of one zone by their wall clocks alone.
    return SandboxClock(STARTS.astimezone(UTC) - datetime.now(UTC))


def play(sandbox: Sandbox) -> None:
    """Log the inspection, then paste and use the Chief Constable's response, as people do;
    then that day's reminders."""
    slack = sandbox.slack
    assert slack is not None, "start the sandbox first"
    slack.send(cast.OFFICER.user_id, ADD)
    card = _wait(sandbox, "the tracking card", lambda: _card(sandbox))
    _wait(sandbox, "the request in the card's thread", lambda: _replies(sandbox, card["ts"]))
    # Straight to the day the CC's office answers: a demo that opened on three weeks of
    # digests would hide the card; that day's digest comes at the end.
    sandbox.clock.move_to(CC_ANSWERS)
    text = files(__package__).joinpath("cc-response-2024.txt").read_text(encoding="utf-8")
    slack.send(cast.CC_STAFF.user_id, text.strip(), thread_ts=card["ts"])
    receipt, button = _wait(
        sandbox, "the receipt with its Use this button", lambda: _use_this(sandbox, card["ts"])
    )
    slack.click(
        cast.CC_STAFF.user_id,
        Where("message", ts=receipt["ts"]),
        block_id=button[0],
        action_id=button[1],
    )
    _wait(
        sandbox,
        "the request for the PCC's response",
        lambda: any(
            cast.PCC.user_id in (m.get("text") or "") for m in _replies(sandbox, card["ts"])
        ),
    )
    sandbox.run_reminders()


def _wait(sandbox: Sandbox, what: str, found: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.05)
    raise DemoFailed(f"the demo waited {WAIT_SECONDS:.0f} s for {what}, which never came")


def _messages(sandbox: Sandbox) -> list[dict[str, Any]]:
    return sandbox.standin.messages.get(cast.CHANNEL, [])


def _card(sandbox: Sandbox) -> dict[str, Any] | None:
    bot = sandbox.standin.identity.bot_user_id
    return next(
        (
            m
            for m in _messages(sandbox)
            # Top level: a card with replies carries its own ts as thread_ts.
            if m.get("user") == bot
            and m.get("thread_ts", m["ts"]) == m["ts"]
            and TITLE in json.dumps(m)
        ),
        None,
    )


def _replies(sandbox: Sandbox, thread_ts: str) -> list[dict[str, Any]]:
    bot = sandbox.standin.identity.bot_user_id
    return [
        m
        for m in _messages(sandbox)
        if m.get("thread_ts") == thread_ts and m["ts"] != thread_ts and m.get("user") == bot
    ]


def _use_this(sandbox: Sandbox, thread_ts: str) -> tuple[dict[str, Any], tuple[str, str]] | None:
    for message in reversed(_replies(sandbox, thread_ts)):
        for block_id, element in elements(message.get("blocks") or []):
            label = str((element.get("text") or {}).get("text") or "")
            if element.get("type") == "button" and label.startswith("Use this"):
                return message, (block_id, str(element["action_id"]))
    return None
