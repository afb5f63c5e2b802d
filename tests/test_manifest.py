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


def host_manifest() -> dict:
    return yaml.safe_load((REPOSITORY / "manifest-host.yml").read_text())


def test_the_host_manifest_is_the_same_app_distributed_with_rotation_and_leaving_events() -> None:
    from bot.offices.install import BOT_SCOPES, REDIRECT_PATH

    one, host = manifest(), host_manifest()
    assert host["features"] == one["features"]
    assert host["oauth_config"]["scopes"] == one["oauth_config"]["scopes"]
    assert tuple(one["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES  # what Bolt asks for
    assert host["oauth_config"]["redirect_urls"] == ["https://YOUR-HOST" + REDIRECT_PATH]
    events = host["settings"]["event_subscriptions"]["bot_events"]
    assert events == one["settings"]["event_subscriptions"]["bot_events"] + [
        "app_uninstalled",
        "tokens_revoked",
    ]
    assert host["settings"]["token_rotation_enabled"] is True
    assert host["settings"]["org_deploy_enabled"] is False
