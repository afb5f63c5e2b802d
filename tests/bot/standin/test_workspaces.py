"""The stand-in holds several workspaces: each token acts in its own, people of another
workspace appear through Slack Connect, and signed events can come from any team."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import Identity, SignedSlackRequests, SlackStandIn
from bot.standin.workspace import Workspace

from .conftest import TOKEN

NORFOLK = Identity(
    team_id="T0002",
    team_domain="norfolk-police",
    bot_user_id="U0BOT0002",
    bot_id="B0BOT0002",
)
NORFOLK_TOKEN = "xoxb-norfolk"


@pytest.fixture
def norfolk(standin: SlackStandIn) -> Workspace:
    return standin.add_workspace(NORFOLK, token=NORFOLK_TOKEN)


@pytest.fixture
def norfolk_client(standin: SlackStandIn, norfolk: Workspace) -> WebClient:
    return WebClient(base_url=standin.url, token=NORFOLK_TOKEN)


def test_a_message_posted_with_one_workspaces_token_stays_in_that_workspace(
    standin: SlackStandIn, client: WebClient, norfolk: Workspace, norfolk_client: WebClient
) -> None:
    posted = norfolk_client.chat_postMessage(channel="C0001", text="from Norfolk")
    assert posted["message"]["team"] == "T0002" and posted["message"]["user"] == "U0BOT0002"
    client.chat_postMessage(channel="C0001", text="from office one")
    with norfolk.lock:
        assert [m["text"] for m in norfolk.messages["C0001"]] == ["from Norfolk"]
    assert [m["text"] for m in standin.messages["C0001"]] == ["from office one"]
    history = client.conversations_history(channel="C0001")["messages"]
    assert [m["text"] for m in history] == ["from office one"]
    norfolk_history = norfolk_client.conversations_history(channel="C0001")["messages"]
    assert [m["text"] for m in norfolk_history] == ["from Norfolk"]
    # One workspace's bot cannot edit the other's message: it is not there.
    elsewhere = norfolk_client.chat_postMessage(channel="C0NORF", text="only in Norfolk")
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel="C0NORF", ts=elsewhere["ts"], text="x")
    assert "C0NORF" not in standin.messages
    assert standin.message("C0NORF", elsewhere["ts"]) is None
    assert standin.message("C0NORF", elsewhere["ts"], team_id="T0002")["text"] == (
        "only in Norfolk"
    )


def test_auth_test_answers_for_each_tokens_own_workspace_and_bot(
    client: WebClient, norfolk_client: WebClient
) -> None:
    one, two = client.auth_test(), norfolk_client.auth_test()
    assert (one["team_id"], one["user_id"], one["bot_id"]) == ("T0001", "U0BOT0001", "B0BOT0001")
    assert (two["team_id"], two["user_id"], two["bot_id"]) == ("T0002", "U0BOT0002", "B0BOT0002")
    assert two["url"] == "https://norfolk-police.slack.com/"
    assert two["is_enterprise_install"] is False


def test_people_channels_and_groups_are_per_workspace(
    standin: SlackStandIn, client: WebClient, norfolk: Workspace, norfolk_client: WebClient
) -> None:
    with norfolk.lock:
        norfolk.users["U0JANE"] = {"real_name": "Jane of Norfolk"}
        norfolk.channels["C0001"] = {"name": "inspections"}
        norfolk.usergroups["S0001"] = ["U0JANE"]
    assert norfolk_client.users_info(user="U0JANE")["user"]["real_name"] == "Jane of Norfolk"
    assert norfolk_client.users_info(user="U0JANE")["user"]["team_id"] == "T0002"
    assert client.users_info(user="U0JANE")["user"]["real_name"] == "User U0JANE"
    assert norfolk_client.conversations_info(channel="C0001")["channel"]["name"] == "inspections"
    assert client.conversations_info(channel="C0001")["channel"]["name"] == "channel-c0001"
    assert norfolk_client.usergroups_users_list(usergroup="S0001")["users"] == ["U0JANE"]
    with pytest.raises(SlackApiError, match="no_such_subteam"):
        client.usergroups_users_list(usergroup="S0001")
    standin.reset()  # forgets every workspace's state, keeps the workspaces and tokens
    with norfolk.lock:
        assert norfolk.users == {} and norfolk.usergroups == {}
    assert norfolk_client.auth_test()["team_id"] == "T0002"


def test_unknown_tokens_are_still_refused_and_workspaces_unique(
    standin: SlackStandIn, norfolk: Workspace
) -> None:
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(base_url=standin.url, token="xoxb-neither").auth_test()
    with pytest.raises(ValueError):
        standin.add_workspace(NORFOLK)
    assert set(standin.workspaces) == {"T0001", "T0002"}
    assert standin.workspace_for("T0002") is norfolk
    with pytest.raises(KeyError):
        standin.workspace_for("T0404")


def test_a_file_of_one_workspace_is_not_served_to_the_others_token(
    standin: SlackStandIn, norfolk: Workspace, norfolk_client: WebClient
) -> None:
    uploaded = norfolk_client.files_upload_v2(
        content=b"response", filename="response.txt", channel="C0001"
    )
    url = uploaded["files"][0]["url_private_download"]
    assert "/files-pri/T0002-" in url

    def fetch(token: str) -> tuple[int, bytes]:
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read()

    assert fetch(NORFOLK_TOKEN) == (200, b"response")
    _status, page = fetch(TOKEN)  # the other office: the sign-in page, as Slack answers
    assert b"Sign in to your workspace" in page
    assert standin.calls_to("files.download")[-1].outcome == "error:login_redirect"


# ---- Slack Connect ---------------------------------------------------------------------------
def test_a_slack_connect_member_keeps_their_own_team(
    standin: SlackStandIn, client: WebClient, norfolk: Workspace
) -> None:
    standin.connect_user("U0NORF", home_team_id="T0002", channels=["C0001"], real_name="PC Ng")
    user = client.users_info(user="U0NORF")["user"]
    assert user["team_id"] == "T0002" and user["profile"]["team"] == "T0002"
    assert user["real_name"] == "PC Ng" and "is_stranger" not in user
    channel = client.conversations_info(channel="C0001")["channel"]
    assert channel["is_ext_shared"] is True and channel["is_shared"] is True
    assert channel["shared_team_ids"] == ["T0001", "T0002"]
    # Someone of another workspace in no channel the app can see is a stranger.
    standin.connect_user("U0AWAY", home_team_id="T0003")
    away = client.users_info(user="U0AWAY")["user"]
    assert away["is_stranger"] is True and away["team_id"] == "T0003"
    assert client.users_info(user="U0001")["user"]["team_id"] == "T0001"  # a local person


def test_a_message_from_a_connect_member_names_their_team_inside_and_ours_outside() -> None:
    slack = SignedSlackRequests("http://127.0.0.1:9/slack/events", "secret")
    inner = slack.message_event(
        user_id="U0NORF", channel_id="C0001", text="hello", ts="1.000100", user_team="T0002"
    )
    assert (inner["team"], inner["user_team"], inner["source_team"]) == ("T0002",) * 3
    envelope = slack.event_envelope(inner)
    assert envelope["team_id"] == "T0001" and envelope["is_ext_shared_channel"] is True
    assert envelope["authorizations"][0]["team_id"] == "T0001"
    local = slack.event_envelope(
        slack.message_event(user_id="U0001", channel_id="C0001", text="hi", ts="1.000200")
    )
    assert local["is_ext_shared_channel"] is False and local["event"]["team"] == "T0001"
    reply = slack.thread_reply_event(text="r", thread_ts="1.000100", user_team="T0002")
    assert reply["user_team"] == "T0002" and reply["source_team"] == "T0002"


# ---- events for another team -----------------------------------------------------------------
def test_for_team_builds_the_same_apps_requests_for_another_workspace() -> None:
    slack = SignedSlackRequests("http://127.0.0.1:9/slack/events", "secret")
    norfolk = slack.for_team("T0002", "norfolk-police", bot_user_id="U0BOT0002")
    envelope = norfolk.event_envelope(norfolk.app_uninstalled_event())
    assert envelope["team_id"] == "T0002" and envelope["api_app_id"] == slack.api_app_id
    assert envelope["event"] == {"type": "app_uninstalled"}
    assert envelope["authorizations"][0]["user_id"] == "U0BOT0002"
    command = norfolk.slash_command_fields("help")
    assert (command["team_id"], command["team_domain"]) == ("T0002", "norfolk-police")
    assert slack.team_id == "T0001"  # the original is untouched
    revoked: dict[str, Any] = norfolk.tokens_revoked_event(bot=["U0BOT0002"], oauth=["U0JANE"])
    assert revoked == {
        "type": "tokens_revoked",
        "tokens": {"oauth": ["U0JANE"], "bot": ["U0BOT0002"]},
    }
