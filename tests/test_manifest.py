"""manifest.yml creates the Slack app that the code expects."""

from __future__ import annotations

import yaml

from bot import ids
from tests.paths import REPOSITORY


def manifest() -> dict:
    return yaml.safe_load((REPOSITORY / "manifest.yml").read_text())


def test_the_manifest_declares_the_command_interactivity_and_events_we_listen_for() -> None:
    app = manifest()
    assert [command["command"] for command in app["features"]["slash_commands"]] == [ids.COMMAND]
    settings = app["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert {"message.channels", "message.groups", "member_joined_channel"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
    urls = {
        settings["interactivity"]["request_url"],
        settings["event_subscriptions"]["request_url"],
    }
    assert urls == {"https://YOUR-HOST/slack/events"}


def test_the_manifest_asks_for_the_scopes_the_calls_need() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = {
        "commands",  # /s55
        "chat:write",  # cards, prompts, receipts
        "channels:history",  # thread replies and finding a lost post (public channels)
        "groups:history",  # the same in private channels
        "usergroups:read",  # editors and approvers given as user groups
        "users:read",  # names in documents
        "files:read",  # files.info and the private download of a response shared as a file
    }
    assert needed <= scopes
