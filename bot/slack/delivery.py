"""Posting a message once, even when Slack's answer is lost on the way back.

Each post carries Slack message metadata with a key of ours. When a post fails in a way that
leaves it unknown whether Slack accepted it (a 5xx, a dropped or timed-out connection), we look
for a message with that key in the channel or thread before trying again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from storage import queries
from storage.db import Database
from storage.queries import Posted

log = logging.getLogger(__name__)


class Posting(Protocol):
    """What a first post needs: the database for its claim and the client that posts once.
    (bot.services.Services is one; a Protocol keeps this package below the services.) Read
    only: a post never replaces them."""

    @property
    def db(self) -> Database: ...

    @property
    def poster(self) -> WebClient: ...

    @property
    def now(self) -> Callable[[], datetime]: ...


EVENT_TYPE = "s55bot_post"
ATTEMPTS = 3
BACKOFF_SECONDS = (0.5, 2.0)
LOOK_BACK = 50  # recent top-level messages searched for a lost post
THREAD_PAGES = 5


def post_once(
    client: WebClient, *, key: str, channel: str, thread_ts: str | None = None, **message: Any
) -> dict[str, str]:
    """chat.postMessage that never posts the same ``key`` twice; returns its channel and ts."""
    metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
    for attempt in range(ATTEMPTS):
        try:
            reply = client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, metadata=metadata, **message
            )
            return {"channel": reply["channel"], "ts": reply["ts"]}
        except SlackApiError as failure:
            if failure.response.status_code < 500:
                raise  # Slack refused it: nothing was posted
            outcome: Exception = failure
        except (SlackClientError, OSError) as failure:  # includes URLError, timeouts, resets
            outcome = failure
        log.warning("post %s: no answer from Slack (%s); checking before retrying", key, outcome)
        found = find_post(client, key=key, channel=channel, thread_ts=thread_ts)
        if found is not None:
            return found
        if attempt + 1 < ATTEMPTS:
            time.sleep(BACKOFF_SECONDS[attempt])
    raise outcome


def post_first(
    services: Posting,
    model: type[Posted],
    row_id: int,
    *,
    key: str,
    channel: str,
    thread_ts: str | None = None,
    **message: Any,
) -> str | None:
    """Post a row's message (an inspection's card, a draft's receipt) for the first time and
    store its ts; None if another process is posting it right now. The claim in the database
    keeps two processes from both posting, without a lock held while Slack answers."""
    with services.db.session() as session:
        claim = queries.claim_first_post(session, model, row_id, now=services.now())
    if claim is None:
        return None
    try:
        posted = None
        if claim == "taken over":  # the process that claimed it may have posted it, then died
            posted = find_post(services.poster, key=key, channel=channel, thread_ts=thread_ts)
        posted = posted or post_once(
            services.poster, key=key, channel=channel, thread_ts=thread_ts, **message
        )
    except CannotTell:
        raise  # it may be in Slack: the claim stays, and is looked for once it has timed out
    except Exception:
        with services.db.session() as session:
            queries.release_post_claim(session, model, row_id)
        raise
    with services.db.session() as session:
        queries.record_first_post(session, model, row_id, ts=posted["ts"])
    return posted["ts"]


class CannotTell(SlackClientError):
    """Slack did not answer the look-up: the post may or may not be there. Never a reason to
    post again; the caller keeps its claim (or releases it to be looked for again later)."""


def find_post(
    client: WebClient, *, key: str, channel: str, thread_ts: str | None
) -> dict[str, str] | None:
    """Our message with ``key`` if Slack has it, None if Slack says it has not; CannotTell when
    the look-up itself failed."""
    try:
        for message in _recent(client, channel=channel, thread_ts=thread_ts):
            if (message.get("metadata") or {}).get("event_payload", {}).get("key") == key:
                return {"channel": channel, "ts": message["ts"]}
    except SlackApiError as failure:
        if failure.response.get("error") == "thread_not_found":
            return None  # a definite answer: nothing is in that thread
        raise CannotTell(f"could not look for {key}: {failure}") from failure
    except (SlackClientError, OSError) as failure:
        raise CannotTell(f"could not look for {key}: {failure}") from failure
    return None


def find_file(client: WebClient, *, name: str, channel: str, thread_ts: str) -> bool:
    """Whether a file called ``name`` is already shared in the thread; CannotTell when the
    look-up failed (uploads carry no metadata, so the name is the key)."""
    try:
        return any(
            any(f.get("name") == name for f in message.get("files") or [])
            for message in _recent(client, channel=channel, thread_ts=thread_ts)
        )
    except (SlackApiError, SlackClientError, OSError) as failure:
        raise CannotTell(f"could not look for {name}: {failure}") from failure


def _recent(client: WebClient, *, channel: str, thread_ts: str | None) -> Iterator[dict]:
    if not thread_ts:  # newest first: a lost post is among the latest
        yield from client.conversations_history(
            channel=channel, limit=LOOK_BACK, include_all_metadata=True
        )["messages"]
        return
    cursor = None
    for _page in range(THREAD_PAGES):  # oldest first, so read the whole (short) thread
        page = client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
        )
        yield from page["messages"]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return
