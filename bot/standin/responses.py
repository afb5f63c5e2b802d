"""Builders for Slack-shaped answer objects, based on the recorded templates in ``responses/``."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

_DIR = Path(__file__).with_name("responses")


@dataclass(frozen=True)
class Identity:
    """Who the stand-in workspace and its bot are."""

    team_id: str = "T0001"
    team_domain: str = "example"
    bot_user_id: str = "U0BOT0001"
    bot_id: str = "B0BOT0001"
    app_id: str = "A0APP0001"
    bot_name: str = "s55bot"
    team_name: str = ""  # the workspace's name (oauth.v2.access team.name); "" = team_domain


@functools.cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((_DIR / f"{name}.json").read_text())


def template(name: str) -> dict[str, Any]:
    """A fresh deep copy of a recorded response template."""
    return copy.deepcopy(_load(name))


def auth_test(ident: Identity) -> dict[str, Any]:
    body = template("auth.test")
    body.update(
        url=f"https://{ident.team_domain}.slack.com/",
        team=ident.team_domain,
        user=ident.bot_name,
        team_id=ident.team_id,
        user_id=ident.bot_user_id,
        bot_id=ident.bot_id,
    )
    return body


def bot_profile(ident: Identity) -> dict[str, Any]:
    profile = template("chat.postMessage")["message"]["bot_profile"]
    profile.update(id=ident.bot_id, name=ident.bot_name, app_id=ident.app_id, team_id=ident.team_id)
    return profile


def with_block_ids(blocks: list[Any], seed: str) -> list[Any]:
    """Slack fills in a random 5-char ``block_id`` where none was sent; ours are deterministic."""
    out = []
    for i, block in enumerate(blocks):
        block = copy.deepcopy(block)
        if isinstance(block, dict) and "block_id" not in block:
            digest = hashlib.sha1(f"{seed}/{i}".encode()).hexdigest()
            block["block_id"] = digest[:5]
        out.append(block)
    return out


def bot_message(ident: Identity, ts: str, args: dict[str, Any]) -> dict[str, Any]:
    """The stored/echoed message for chat.postMessage (shape of web-api/chat.postMessage.json)."""
    blocks = args.get("blocks") or None
    text = args.get("text")
    if not text and blocks:
        text = "This content can't be displayed."  # what Slack stores for blocks-only messages
    msg: dict[str, Any] = {
        "bot_id": ident.bot_id,
        "type": "message",
        "text": text or "",
        "user": ident.bot_user_id,
        "ts": ts,
        "app_id": ident.app_id,
        "team": ident.team_id,
    }
    if blocks:
        msg["blocks"] = with_block_ids(blocks, ts)
    if args.get("attachments"):
        msg["attachments"] = [
            {"id": i + 1, **a} if isinstance(a, dict) else a
            for i, a in enumerate(args["attachments"])
        ]
    if args.get("metadata"):
        msg["metadata"] = args["metadata"]
    if args.get("thread_ts") and str(args.get("reply_broadcast")).lower() in ("true", "1"):
        msg["subtype"] = "thread_broadcast"
    msg["bot_profile"] = bot_profile(ident)
    return msg


def permalink(ident: Identity, channel: str, ts: str, thread_ts: str | None = None) -> str:
    link = f"https://{ident.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel}"
    return link


def user(ident: Identity, user_id: str, overrides: dict[str, Any]) -> dict[str, Any]:
    body = template("users.info")["user"]
    name = overrides.get("name", user_id.lower())
    body.update(
        id=user_id, team_id=ident.team_id, name=name, real_name=f"User {user_id}", is_admin=False
    )
    body["profile"].update(
        display_name=name,
        display_name_normalized=name,
        real_name=body["real_name"],
        real_name_normalized=body["real_name"],
        email=f"{name}@example.com",
        status_emoji="",
        status_text="",
        team=ident.team_id,
    )
    if user_id == ident.bot_user_id:
        body.update(is_bot=True, name=ident.bot_name)
        body["profile"]["bot_id"] = ident.bot_id
    profile = overrides.get("profile", {})
    body.update({k: v for k, v in overrides.items() if k != "profile"})
    body["profile"].update(profile)
    return body


def channel(channel_id: str, overrides: dict[str, Any]) -> dict[str, Any]:
    body = template("conversations.info")["channel"]
    name = overrides.get("name", f"channel-{channel_id.lower()}")
    body.update(
        id=channel_id,
        name=name,
        name_normalized=name,
        is_general=False,
        is_private=channel_id.startswith("G"),
        is_channel=channel_id.startswith("C"),
        is_im=channel_id.startswith("D"),
        previous_names=[],
    )
    body.update(overrides)
    return body


def file_object(
    ident: Identity, base_url: str, file_id: str, name: str, title: str, size: int
) -> dict[str, Any]:
    """A file as files.completeUploadExternal returns it (web-api/ sample of that name)."""
    body = template("files.completeUploadExternal")["files"][0]
    body.update(
        id=file_id,
        name=name,
        title=title or name,
        user=ident.bot_user_id,
        user_team=ident.team_id,
        size=size,
        permalink=f"https://{ident.team_domain}.slack.com/files/{ident.bot_user_id}/{file_id}/{name}",
        permalink_public=f"https://slack-files.com/{ident.team_id}-{file_id}-0000000000",
    )
    body.update(private_urls(ident, base_url, file_id, name))
    return body


def private_urls(ident: Identity, base_url: str, file_id: str, name: str) -> dict[str, str]:
    """Where the file's bytes are served: Slack's files.slack.com/files-pri/… paths, on the
    stand-in itself so that a download with the bot token can be played (and refused without)."""
    base = f"{base_url}files-pri/{ident.team_id}-{file_id}"
    name = quote(name)  # a URL: "CC response.docx" is CC%20response.docx
    return {"url_private": f"{base}/{name}", "url_private_download": f"{base}/download/{name}"}


def view(
    ident: Identity, given: dict[str, Any], view_id: str, view_hash: str, root_view_id: str
) -> dict[str, Any]:
    """A view as views.open/publish/update/push echo it (openapi-examples/views.open.json)."""
    body: dict[str, Any] = {
        "id": view_id,
        "team_id": ident.team_id,
        "type": given.get("type"),
        "blocks": with_block_ids(given.get("blocks", []), view_id),
        "private_metadata": "",
        "callback_id": "",
        "state": {"values": {}},
        "hash": view_hash,
        "title": None,
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": None,
        "root_view_id": root_view_id,
        "app_id": ident.app_id,
        "external_id": "",
        "app_installed_team_id": ident.team_id,
        "bot_id": ident.bot_id,
    }
    skip = {"id", "blocks", "state", "hash", "root_view_id", "app_id", "team_id", "bot_id"}
    body.update({k: copy.deepcopy(v) for k, v in given.items() if k not in skip})
    return body
