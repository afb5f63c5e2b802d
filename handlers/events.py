"""Events: replies in card threads (and their edits and deletions), and the bot joining."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.home.publish import publish_home
from bot.inspections.flows import post_missing_cards
from bot.responses.drafting import capture_reply, delete_reply, edit_reply
from bot.services import CONTEXT_KEY

# Human messages; everything else (joins, topic changes, other bots) is not a response.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}


def register(app: App) -> None:
    app.event("message")(on_message)
    app.event("member_joined_channel")(on_member_joined)
    app.event("app_home_opened")(on_home_opened)


def on_message(event: dict[str, Any], context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
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
            has_files=bool(event.get("files")),
        )


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    if (
        event.get("user") == context.bot_user_id
        and event.get("channel") == services.settings.channel
    ):
        post_missing_cards(services, actor=event.get("inviter") or event["user"])


def on_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab", "home") == "home":
        publish_home(context[CONTEXT_KEY], event["user"])


def _is_thread_reply(event: dict[str, Any]) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def _from_a_bot(message: dict[str, Any]) -> bool:
    return (
        bool(message.get("bot_id"))
        or message.get("subtype") == "bot_message"
        or not message.get("user")
    )
