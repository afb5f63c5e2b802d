"""A person in a browser on the stand-in's authorize page: signed in to a workspace (the
stand-in's sign-in, no password), they see the app, the workspace and the scopes, and Allow or
Cancel sends them back to the app as Slack does. What Slack issued survives a restart (the
sandbox keeps it), and a response_url acts in the workspace that issued it."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient

from bot.standin import SlackStandIn

from .test_oauth import CLIENT_ID, CLIENT_SECRET, NORFOLK, REDIRECT, _authorize, _exchange


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        server.add_workspace(NORFOLK)
        server.set_user("U0001", real_name="Jo Ashby")  # in the default workspace
        server.configure_oauth(CLIENT_ID, CLIENT_SECRET, redirect_urls=[REDIRECT])
        yield server


def _get(
    slack: SlackStandIn, path: str, cookie: str = "", body: str | None = None
) -> tuple[int, dict[str, str], str]:
    parts = urlsplit(slack.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if body is None:
        conn.request("GET", path, headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST", path, body=body.encode(), headers=headers)
    reply = conn.getresponse()
    text = reply.read().decode()
    conn.close()
    return reply.status, dict(reply.getheaders()), text


def _post_json(slack: SlackStandIn, path: str, body: str) -> tuple[int, dict[str, str], str]:
    parts = urlsplit(slack.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("POST", path, body=body.encode(), headers={"Content-Type": "application/json"})
    reply = conn.getresponse()
    text = reply.read().decode()
    conn.close()
    return reply.status, dict(reply.getheaders()), text


def _signed_in(slack: SlackStandIn, team: str, user: str, redir: str) -> tuple[str, str]:
    query = urlencode({"team": team, "user": user, "redir": redir})
    status, headers, _ = _get(slack, f"/signin?{query}")
    assert status == 302
    return headers["Location"], headers["Set-Cookie"].split(";")[0]


def test_signed_in_the_page_names_the_workspace_the_person_and_each_scope(
    slack: SlackStandIn,
) -> None:
    authorize = _authorize(slack)
    where, cookie = _signed_in(slack, "T0001", "U0001", authorize)
    assert where == authorize  # on to the app's link, on this computer
    status, _, page = _get(
        slack, urlsplit(authorize).path + "?" + urlsplit(authorize).query, cookie
    )
    assert status == 200
    assert "s55bot is requesting permission to access the example Slack workspace" in page
    assert "Signed in as Jo Ashby." in page
    assert "<li>chat:write</li><li>commands</li>" in page


def test_allow_sends_the_person_back_with_a_code_for_their_workspace(slack: SlackStandIn) -> None:
    authorize = _authorize(slack)
    _, cookie = _signed_in(slack, NORFOLK.team_id, "U0NORF", authorize)
    answer = urlencode({"authorize": urlsplit(authorize).query, "answer": "allow"})
    status, headers, _ = _get(slack, "/oauth/v2/authorize/answer", cookie, body=answer)
    assert status == 302 and headers["Location"].startswith(REDIRECT + "?")
    back = {k: v[-1] for k, v in parse_qs(urlsplit(headers["Location"]).query).items()}
    assert back["state"] == "st-1"
    installed = _exchange(slack, code=back["code"], redirect_uri=REDIRECT)
    assert installed["team"]["id"] == NORFOLK.team_id
    assert installed["authed_user"]["id"] == "U0NORF"


def test_cancel_says_access_denied_and_nobody_signed_in_cannot_allow(slack: SlackStandIn) -> None:
    query = urlsplit(_authorize(slack)).query
    status, headers, _ = _get(
        slack, "/oauth/v2/authorize/answer", body=urlencode({"authorize": query, "answer": "no"})
    )
    assert status == 302 and "error=access_denied" in headers["Location"]
    status, _, page = _get(
        slack,
        "/oauth/v2/authorize/answer",
        body=urlencode({"authorize": query, "answer": "allow"}),
    )
    assert status == 401 and "Sign in to your workspace first." in page
    assert slack.installation("T0001") is None


def test_the_sign_in_sends_on_only_to_this_computer_and_knows_its_workspaces(
    slack: SlackStandIn,
) -> None:
    where, _ = _signed_in(slack, "T0001", "U0001", "https://evil.example/")
    assert where == slack.base
    status, _, _ = _get(slack, "/signin?team=T9999&user=U1")
    assert status == 404


def test_what_slack_issued_survives_a_restart(slack: SlackStandIn) -> None:
    code = parse_qs(urlsplit(slack.approve_install(_authorize(slack))).query)["code"][-1]
    token = _exchange(slack, code=code, redirect_uri=REDIRECT)["access_token"]
    kept = slack.oauth.snapshot()
    with SlackStandIn() as again:
        again.oauth.restore(kept)
        assert again.installation("T0001") is not None
        assert WebClient(base_url=again.url, token=token).auth_test()["team_id"] == "T0001"


def test_a_response_url_shows_in_the_workspace_that_issued_it(slack: SlackStandIn) -> None:
    url = slack.response_url("cmd", channel="C1", user="U0NORF", team_id=NORFOLK.team_id)
    path = url.removeprefix(slack.base.rstrip("/"))
    status, _, said = _post_json(slack, path, '{"text": "Only in Norfolk"}')
    assert (status, said) == (200, "ok")
    norfolk = slack.workspace_for(NORFOLK.team_id)
    assert [e["text"] for e in norfolk.ephemerals_for("U0NORF")] == ["Only in Norfolk"]
    assert slack.workspace.ephemerals == []
