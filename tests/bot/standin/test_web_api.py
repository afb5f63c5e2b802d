"""The stand-in answers slack_sdk's WebClient like Slack does."""

from __future__ import annotations

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn

from .conftest import TOKEN

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}


def test_post_message_shape_matches_recording(standin: SlackStandIn, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="hi", blocks=[SECTION])
    second = client.chat_postMessage(channel="C1", text="again")
    assert set(first.data) == {"ok", "channel", "ts", "message"}
    msg = first["message"]
    for key in ("bot_id", "type", "text", "user", "ts", "team", "blocks", "bot_profile"):
        assert key in msg
    assert msg["ts"] == first["ts"] and msg["text"] == "hi"
    assert msg["blocks"][0]["block_id"]  # Slack fills one in
    assert float(second["ts"]) > float(first["ts"])
    assert first["ts"] == "1700000000.000100"
    call = standin.wait_for("chat.postMessage", count=2)[0]
    assert call.args["blocks"] == [SECTION] and call.outcome == "ok"
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert [m["text"] for m in standin.messages["C1"]] == ["hi", "again"]


def test_a_channel_the_bot_is_not_in_refuses_its_posts_until_it_joins(
    standin: SlackStandIn, client: WebClient
) -> None:
    # chat:write without chat:write.public: Slack answers not_in_channel (chat.postMessage).
    standin.set_channel("C7", name="team", is_member=False)
    for post in (
        lambda: client.chat_postMessage(channel="C7", text="hi"),
        lambda: client.chat_postEphemeral(channel="C7", user="U1", text="hi"),
    ):
        with pytest.raises(SlackApiError) as refused:
            post()
        assert refused.value.response["error"] == "not_in_channel"
    assert "C7" not in standin.messages
    assert standin.workspace.bot_joins("C7") is True  # someone's /invite
    assert standin.workspace.bot_joins("C7") is False  # in it already
    assert client.chat_postMessage(channel="C7", text="hi")["ok"]
    assert client.chat_postMessage(channel="C8", text="a channel nobody described")["ok"]


def test_form_encoded_and_get_requests_are_understood(standin: SlackStandIn) -> None:
    body = "channel=C9&text=form&blocks=" + urllib.request.quote(json.dumps([SECTION]))
    req = urllib.request.Request(
        standin.url + "chat.postMessage",
        data=body.encode(),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(req) as resp:
        assert json.loads(resp.read())["ok"] is True
    assert standin.calls_to("chat.postMessage")[0].args["blocks"] == [SECTION]  # decoded
    with urllib.request.urlopen(standin.url + f"auth.test?token={TOKEN}") as resp:
        assert json.loads(resp.read())["user_id"] == standin.identity.bot_user_id


def test_unknown_method_is_404(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.api_call("chat.postMesage", json={"channel": "C1", "text": "x"})
    assert err.value.response.status_code == 404
    assert err.value.response["error"] == "unknown_method"
    assert err.value.response["req_method"] == "chat.postMesage"


def test_auth_errors(standin: SlackStandIn) -> None:
    with pytest.raises(SlackApiError, match="not_authed"):
        WebClient(base_url=standin.url).auth_test()
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(base_url=standin.url, token="xoxb-wrong").auth_test()


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_specific_and_generic_argument_errors(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.api_call("chat.postMessage", json={"text": "no channel"})
    assert err.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError, match="no_text"):
        client.chat_postMessage(channel="C1")
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel="C1", ts="1.000", text="x")
    with pytest.raises(SlackApiError) as err:
        client.api_call("reactions.add", params={"channel": "C1", "timestamp": "1.0"})
    assert err.value.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: name"
    ]
    assert standin.calls_to("reactions.add")[0].outcome == "error:invalid_arguments"


def test_over_limit_blocks_are_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[SECTION] * 51)
    assert err.value.response["error"] == "invalid_blocks"
    assert err.value.response["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[SECTION, long_section])
    assert (
        "[json-pointer:/blocks/1/text/text]"
        in err.value.response["response_metadata"]["messages"][0]
    )
    button = {"type": "button", "text": {"type": "plain_text", "text": "b" * 76}, "action_id": "a"}
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_postMessage(
            channel="C1", text="x", blocks=[{"type": "actions", "elements": [button]}]
        )
    with pytest.raises(SlackApiError, match="msg_too_long"):
        client.chat_postMessage(channel="C1", text="x" * 40_001)


def test_view_limits_and_echo(standin: SlackStandIn, client: WebClient) -> None:
    view = {
        "type": "modal",
        "callback_id": "cb",
        "title": {"type": "plain_text", "text": "Title"},
        "blocks": [SECTION],
    }
    opened = client.views_open(trigger_id="1.2.3", view=view)["view"]
    assert opened["id"].startswith("V") and opened["hash"] and opened["state"] == {"values": {}}
    assert opened["callback_id"] == "cb" and opened["team_id"] == standin.identity.team_id
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=view)["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=view)
    too_long_title = {**view, "title": {"type": "plain_text", "text": "t" * 25}}
    with pytest.raises(SlackApiError) as err:
        client.views_open(trigger_id="1.2.3", view=too_long_title)
    assert err.value.response["error"] == "invalid_arguments"
    assert err.value.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION] * 101})
    with pytest.raises(SlackApiError) as err:
        client.views_open(trigger_id="1.2.3", view={})
    assert len(err.value.response["response_metadata"]["messages"]) == 2  # as recorded from Slack


def test_threads_updates_permalinks_and_reads(standin: SlackStandIn, client: WebClient) -> None:
    parent = standin.add_user_message("C1", "help me", user="U7")
    reply = client.chat_postMessage(channel="C1", thread_ts=parent, text="on it")["ts"]
    client.chat_update(channel="C1", ts=reply, text="done", blocks=[SECTION])
    thread = client.conversations_replies(channel="C1", ts=parent)["messages"]
    assert [m["text"] for m in thread] == ["help me", "done"]
    assert thread[0]["reply_count"] == 1 and thread[1]["parent_user_id"] == "U7"
    assert standin.message("C1", reply)["blocks"][0]["text"]["text"] == "hello"
    link = client.chat_getPermalink(channel="C1", message_ts=reply)["permalink"]
    assert link.startswith(f"https://example.slack.com/archives/C1/p{reply.replace('.', '')}")
    with pytest.raises(SlackApiError, match="cant_update_message"):
        client.chat_update(channel="C1", ts=parent, text="not mine")
    client.chat_delete(channel="C1", ts=reply)
    assert standin.message("C1", reply) is None
    eph = client.chat_postEphemeral(channel="C1", user="U7", text="psst")
    assert set(eph.data) == {"ok", "message_ts"} and standin.ephemerals[0]["text"] == "psst"


def test_users_channels_usergroups_reactions(standin: SlackStandIn, client: WebClient) -> None:
    standin.set_usergroup("S1", ["U1", "U2"])
    assert client.usergroups_users_list(usergroup="S1")["users"] == ["U1", "U2"]
    with pytest.raises(SlackApiError, match="no_such_subteam"):
        client.usergroups_users_list(usergroup="S404")
    standin.set_user("U1", tz="Europe/Paris", profile={"display_name": "jane"})
    user = client.users_info(user="U1")["user"]
    assert user["tz"] == "Europe/Paris" and user["profile"]["display_name"] == "jane"
    assert client.conversations_info(channel="C1")["channel"]["id"] == "C1"
    ts = client.chat_postMessage(channel="C1", text="x")["ts"]
    client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    with pytest.raises(SlackApiError, match="already_reacted"):
        client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    assert standin.message("C1", ts)["reactions"][0]["name"] == "eyes"


def test_files_upload_v2_end_to_end(standin: SlackStandIn, client: WebClient) -> None:
    result = client.files_upload_v2(
        channel="C1",
        content="Test File Contents",
        filename="test.txt",
        title="T",
        initial_comment="report",
    )
    assert result["file"]["name"] == "test.txt" and result["file"]["size"] == 18
    assert result["file"]["id"].startswith("F")
    upload = standin.wait_for("upload")[0]
    assert upload.args["length"] == 18
    stored = standin.files[result["file"]["id"]]
    assert stored["data"] == b"Test File Contents" and stored["channels"] == ["C1"]
    get_url = standin.calls_to("files.getUploadURLExternal")[0]
    assert get_url.response["upload_url"].startswith(standin.base + "upload/F")
    assert standin.messages["C1"][0]["text"] == "report"


def test_set_response_for_unmodelled_method(standin: SlackStandIn, client: WebClient) -> None:
    assert client.api_call("conversations.members", params={"channel": "C1"})["ok"] is True
    standin.set_response("conversations.members", {"ok": True, "members": ["U1"]})
    assert client.conversations_members(channel="C1")["members"] == ["U1"]
