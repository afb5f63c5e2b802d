"""What each stored event means: a reply in a card's thread (or its edit or deletion), the bot
joining the team channel, someone opening the Home tab."""

from __future__ import annotations

from typing import Any

from bot.home.publish import publish_home
from bot.inspections.flows import post_missing_cards
from bot.responses.drafting import capture_reply, delete_reply, edit_reply
from bot.services import Services

# Human messages; everything else (joins, topic changes, other bots) is not a response.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}


def handle(services: Services, event: dict[str, Any], *, bot_user_id: str | None) -> None:
    kind = event.get("type")
    if kind == "message":
        on_message(services, event)
    elif kind == "member_joined_channel":
        on_member_joined(services, event, bot_user_id=bot_user_id)
    elif kind == "app_home_opened" and event.get("tab", "home") == "home":
        publish_home(services, event["user"])


def on_message(services: Services, event: dict[str, Any]) -> None:
    subtype = event.get("subtype")
    if subtype == "message_changed":
        message = event.get("message") or {}
        if not _from_a_bot(message) and _is_thread_reply(message):
            edit_reply(
                services,
                channel=event["channel"],
                ts=message["ts"],
                thread_ts=message.get("thread_ts"),
                user=message["user"],
                text=message.get("text") or "",
                edited_ts=(message.get("edited") or {}).get("ts"),
            )
    elif subtype == "message_deleted":
        previous = event.get("previous_message") or {}
        delete_reply(
            services,
            channel=event["channel"],
            ts=event["deleted_ts"],
            thread_ts=previous.get("thread_ts"),
        )
    elif subtype in HUMAN_SUBTYPES and _is_thread_reply(event) and not _from_a_bot(event):
        capture_reply(
            services,
            channel=event["channel"],
            thread_ts=event["thread_ts"],
            ts=event["ts"],
            user=event["user"],
            text=event.get("text") or "",
            files=[f for f in event.get("files") or [] if isinstance(f, dict)],
        )


def on_member_joined(services: Services, event: dict[str, Any], *, bot_user_id: str | None) -> None:
    if event.get("user") == bot_user_id and event.get("channel") == services.settings.channel:
        post_missing_cards(services, actor=event.get("inviter") or event["user"])


def _is_thread_reply(event: dict[str, Any]) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def _from_a_bot(message: dict[str, Any]) -> bool:
    return (
        bool(message.get("bot_id"))
        or message.get("subtype") == "bot_message"
        or not message.get("user")
    )
