"""Events as Slack sends them, built on the project's own event bodies in
tests/fixtures/slack/events/ (written in the shapes Slack documents, which tests/test_fixtures.py
checks against the recorded payloads in ../shared/slack-samples/events/, in the reference group)."""

from __future__ import annotations

import copy
import json
import time
from functools import cache
from typing import Any

from tests.paths import FIXTURES

EVENTS = FIXTURES / "slack" / "events"


@cache
def _sample(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / f"{name}.json").read_text())["event"]


def _event(name: str, **fields: Any) -> dict[str, Any]:
    event = copy.deepcopy(_sample(name))
    event.update(fields)
    return event


def new_ts() -> str:
    return f"{time.time():.6f}"


def thread_reply(
    channel: str, thread_ts: str, text: str, *, user: str = "U0CC00001", ts: str | None = None
) -> dict[str, Any]:
    ts = ts or new_ts()
    return _event(
        "message_in_thread_channel",
        channel=channel,
        thread_ts=thread_ts,
        text=text,
        user=user,
        ts=ts,
        event_ts=ts,
        team="T0001",
        user_team="T0001",
        source_team="T0001",
        parent_user_id="U0BOT0001",
    )


def top_level_message(channel: str, text: str, *, user: str = "U0CC00001") -> dict[str, Any]:
    ts = new_ts()
    return _event(
        "message_channel_top_level", channel=channel, text=text, user=user, ts=ts, event_ts=ts
    )


def bot_reply(channel: str, thread_ts: str, text: str) -> dict[str, Any]:
    ts = new_ts()
    return _event(
        "message_from_bot_user", channel=channel, thread_ts=thread_ts, text=text, ts=ts, event_ts=ts
    )


def file_only_reply(channel: str, thread_ts: str, *, user: str = "U0CC00001") -> dict[str, Any]:
    ts = new_ts()
    return _event(
        "message_file_share",
        channel=channel,
        thread_ts=thread_ts,
        text="",
        user=user,
        ts=ts,
        event_ts=ts,
    )


def edited(
    channel: str, ts: str, thread_ts: str, text: str, *, user: str = "U0CC00001"
) -> dict[str, Any]:
    event = _event("message_changed", channel=channel)
    event["message"].update(text=text, user=user, ts=ts, thread_ts=thread_ts)
    event["message"]["edited"] = {"user": user, "ts": new_ts()}
    event["message"].pop("blocks", None)
    event["previous_message"].update(ts=ts, thread_ts=thread_ts, user=user)
    event["ts"] = event["event_ts"] = new_ts()
    return event


def parent_edited(channel: str, card_ts: str) -> dict[str, Any]:
    event = _event("message_changed_thread_parent", channel=channel)
    event["message"].update(ts=card_ts, thread_ts=card_ts, user="U0BOT0001", bot_id="B0BOT0001")
    event["ts"] = event["event_ts"] = new_ts()
    return event


def deleted(channel: str, ts: str, thread_ts: str) -> dict[str, Any]:
    event = _event("message_deleted", channel=channel, deleted_ts=ts)
    event["previous_message"].update(ts=ts, thread_ts=thread_ts)
    event["ts"] = event["event_ts"] = new_ts()
    return event


def bot_joined(
    channel: str, *, bot_user: str = "U0BOT0001", inviter: str = "U0001"
) -> dict[str, Any]:
    return {
        "type": "member_joined_channel",
        "user": bot_user,
        "channel": channel,
        "channel_type": "C",
        "team": "T0001",
        "inviter": inviter,
        "event_ts": new_ts(),
    }
