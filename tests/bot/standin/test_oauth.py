"""The stand-in plays Slack's side of "Add to Slack": the authorize page, oauth.v2.access
(codes, token rotation), and the end of tokens when a workspace leaves."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import Identity, SlackStandIn
from bot.standin.oauth import AuthorizePageError

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "app-client-secret"
REDIRECT = "https://s55.example/slack/oauth_redirect"
NORFOLK = Identity(
    team_id="T0002",
    team_domain="norfolk-police",
    team_name="Norfolk Constabulary",
    bot_user_id="U0BOT0002",
    bot_id="B0BOT0002",
)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(token="xoxb-office-one") as server:
        server.add_workspace(NORFOLK)
        server.configure_oauth(CLIENT_ID, CLIENT_SECRET, redirect_urls=[REDIRECT])
        yield server


@pytest.fixture
def rotating(slack: SlackStandIn) -> SlackStandIn:
    slack.configure_oauth(CLIENT_ID, CLIENT_SECRET, token_rotation=True, redirect_urls=[REDIRECT])
    return slack


def _authorize(slack: SlackStandIn, state: str = "st-1", user_scope: str = "") -> str:
    # The link Bolt's AuthorizeUrlGenerator makes (scope comma-separated, state first).
    query = urlencode(
        {
            "state": state,
            "client_id": CLIENT_ID,
            "scope": "chat:write,commands",
            "user_scope": user_scope,
            "redirect_uri": REDIRECT,
        }
    )
    return f"{slack.authorize_url}?{query}"


def _redirected(url: str) -> dict[str, str]:
    assert url.startswith(REDIRECT + "?")
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def _code(slack: SlackStandIn, **kw: Any) -> str:
    return _redirected(slack.approve_install(_authorize(slack), **kw))["code"]


def _exchange(slack: SlackStandIn, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **kw}
    return WebClient(base_url=slack.url).oauth_v2_access(**args).data  # type: ignore[return-value]


def _error_of(slack: SlackStandIn, **kw: Any) -> str:
    with pytest.raises(SlackApiError) as err:
        _exchange(slack, **kw)
    return str(err.value.response["error"])


def _auth_test(slack: SlackStandIn, token: str) -> dict[str, Any]:
    try:
        return WebClient(base_url=slack.url, token=token).auth_test().data  # type: ignore[return-value]
    except SlackApiError as err:
        return err.response.data


# ---- the install flow ------------------------------------------------------------------------
def test_the_authorize_page_answers_a_consent_page_for_the_app_and_an_error_for_another(
    slack: SlackStandIn,
) -> None:
    with urllib.request.urlopen(_authorize(slack)) as resp:
        assert resp.status == 200
        page = resp.read().decode()
    assert "Allow" in page and "chat:write,commands" in page
    assert slack.calls_to("oauth.authorize")[0].args["state"] == "st-1"
    foreign = _authorize(slack).replace(CLIENT_ID, "9999.0000")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(foreign)
    assert err.value.code == 400
    with pytest.raises(AuthorizePageError):
        slack.approve_install(foreign, team_id="T0002")
    elsewhere = _authorize(slack).replace("s55.example", "evil.example")
    with pytest.raises(AuthorizePageError):
        slack.approve_install(elsewhere, team_id="T0002")


def test_allow_redirects_with_a_code_and_the_state_and_cancel_with_access_denied(
    slack: SlackStandIn,
) -> None:
    allowed = _redirected(slack.approve_install(_authorize(slack, "s-allow"), team_id="T0002"))
    assert allowed["state"] == "s-allow" and allowed["code"].count(".") == 2
    denied = _redirected(slack.deny_install(_authorize(slack, "s-deny")))
    assert denied == {"error": "access_denied", "state": "s-deny"}


def test_code_exchange_gives_a_bot_token_of_the_workspace_that_installed(
    slack: SlackStandIn,
) -> None:
    body = _exchange(
        slack, code=_code(slack, team_id="T0002", user_id="U0JANE"), redirect_uri=REDIRECT
    )
    assert body["ok"] is True
    assert body["app_id"] == slack.identity.app_id
    assert body["authed_user"] == {"id": "U0JANE"}
    assert body["scope"] == "chat:write,commands"
    assert body["token_type"] == "bot" and body["access_token"].startswith("xoxb-")
    assert body["bot_user_id"] == "U0BOT0002"
    assert body["team"] == {"id": "T0002", "name": "Norfolk Constabulary"}
    assert body["enterprise"] is None and body["is_enterprise_install"] is False
    assert "refresh_token" not in body and "expires_in" not in body  # no rotation here
    me = _auth_test(slack, body["access_token"])
    assert (me["team_id"], me["user_id"], me["bot_id"]) == ("T0002", "U0BOT0002", "B0BOT0002")
    assert me["url"] == "https://norfolk-police.slack.com/" and me["team"] == "norfolk-police"
    assert me["is_enterprise_install"] is False
    assert _auth_test(slack, "xoxb-office-one")["team_id"] == "T0001"  # the fixed token as before


def test_a_code_works_once_and_for_ten_minutes(slack: SlackStandIn) -> None:
    code = _code(slack, team_id="T0002")
    assert _exchange(slack, code=code, redirect_uri=REDIRECT)["ok"]
    assert _error_of(slack, code=code, redirect_uri=REDIRECT) == "invalid_code"
    late = _code(slack, team_id="T0002")
    slack.advance_clock(601)
    assert _error_of(slack, code=late, redirect_uri=REDIRECT) == "invalid_code"
    assert _error_of(slack, code="made-up", redirect_uri=REDIRECT) == "invalid_code"


def test_client_credentials_are_checked_whether_basic_auth_or_form_fields(
    slack: SlackStandIn,
) -> None:
    code = _code(slack, team_id="T0002")
    assert _error_of(slack, code=code, client_secret="wrong") == "bad_client_secret"
    assert _error_of(slack, code=code, client_id="9999.0000") == "invalid_client_id"
    # Form fields instead of HTTP Basic (the SDK sends Basic): accepted alike.
    form = urlencode(
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code": code,
            "redirect_uri": REDIRECT,
        }
    ).encode()
    with urllib.request.urlopen(slack.url + "oauth.v2.access", data=form) as resp:
        body = json.loads(resp.read())
    assert body["ok"] is True and body["team"]["id"] == "T0002"
    basic = slack.calls_to("oauth.v2.access")[0].headers["Authorization"]
    assert basic.startswith("Basic ")  # what the SDK sent, as Slack prefers


def test_the_redirect_uri_must_be_the_one_the_authorize_page_had(slack: SlackStandIn) -> None:
    code = _code(slack, team_id="T0002")
    assert _error_of(slack, code=code, redirect_uri=REDIRECT + "/x") == "bad_redirect_uri"
    assert _error_of(slack, code=code) == "bad_redirect_uri"  # sent there, so required here
    assert _exchange(slack, code=code, redirect_uri=REDIRECT)["ok"]  # the code was not spent


def test_user_scopes_give_a_user_token_answering_for_its_person(slack: SlackStandIn) -> None:
    url = _authorize(slack, user_scope="users:read")
    code = _redirected(slack.approve_install(url, team_id="T0002", user_id="U0JANE"))["code"]
    body = _exchange(slack, code=code, redirect_uri=REDIRECT)
    user = body["authed_user"]
    assert user["id"] == "U0JANE" and user["scope"] == "users:read"
    assert user["token_type"] == "user" and user["access_token"].startswith("xoxp-")
    me = _auth_test(slack, user["access_token"])
    assert me["user_id"] == "U0JANE" and me["team_id"] == "T0002" and "bot_id" not in me


def test_an_org_wide_install_says_so_and_names_no_team(slack: SlackStandIn) -> None:
    code = _code(slack, team_id="T0002", enterprise_install=True, enterprise_name="Police Org")
    body = _exchange(slack, code=code, redirect_uri=REDIRECT)
    assert body["is_enterprise_install"] is True
    assert body["enterprise"] == {"id": "E0001", "name": "Police Org"}
    assert body["team"] is None
    me = _auth_test(slack, body["access_token"])
    assert me["is_enterprise_install"] is True and me["enterprise_id"] == "E0001"


# ---- token rotation --------------------------------------------------------------------------
def test_rotation_issues_expiring_tokens_with_slacks_prefixes(rotating: SlackStandIn) -> None:
    body = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    assert body["access_token"].startswith("xoxe.xoxb-1-")
    assert body["refresh_token"].startswith("xoxe-1-")
    assert body["expires_in"] == 43200  # twelve hours
    assert _auth_test(rotating, body["access_token"])["ok"] is True
    rotating.advance_clock(43199)
    assert _auth_test(rotating, body["access_token"])["ok"] is True
    rotating.advance_clock(1)
    assert _auth_test(rotating, body["access_token"]) == {"ok": False, "error": "token_expired"}
    assert rotating.live_tokens("T0002") == []


def test_a_refresh_gives_new_tokens_and_spends_the_refresh_token(rotating: SlackStandIn) -> None:
    first = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    rotating.advance_clock(43200)
    fresh = _exchange(rotating, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert fresh["ok"] is True and fresh["token_type"] == "bot"
    assert fresh["access_token"].startswith("xoxe.xoxb-1-")
    assert fresh["access_token"] != first["access_token"]
    assert fresh["refresh_token"].startswith("xoxe-1-")
    assert fresh["refresh_token"] != first["refresh_token"]
    assert fresh["expires_in"] == 43200
    assert fresh["team"] == {"id": "T0002", "name": "Norfolk Constabulary"}
    assert fresh["bot_user_id"] == "U0BOT0002" and fresh["is_enterprise_install"] is False
    assert _auth_test(rotating, fresh["access_token"])["team_id"] == "T0002"
    again = _error_of(rotating, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert again == "invalid_refresh_token"
    unknown = _error_of(rotating, grant_type="refresh_token", refresh_token="xoxe-1-made-up")
    assert unknown == "invalid_refresh_token"
    assert rotating.refreshes("T0002") == 1 and rotating.refused_refreshes("T0002") == 1
    assert _error_of(rotating, grant_type="password") == "invalid_grant_type"


def test_the_old_access_token_stays_good_until_it_expires(rotating: SlackStandIn) -> None:
    first = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    rotating.advance_clock(40000)  # Bolt refreshes ahead of expiry (two hours by default)
    fresh = _exchange(rotating, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert _auth_test(rotating, first["access_token"])["ok"] is True
    assert sorted(rotating.live_tokens("T0002")) == sorted(
        [first["access_token"], fresh["access_token"]]
    )
    rotating.advance_clock(3200)
    assert _auth_test(rotating, first["access_token"])["error"] == "token_expired"
    assert _auth_test(rotating, fresh["access_token"])["ok"] is True


def test_two_refreshes_at_once_with_one_refresh_token_one_wins(rotating: SlackStandIn) -> None:
    first = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    start = threading.Barrier(2)
    outcomes: list[dict[str, Any]] = []
    lock = threading.Lock()

    def process() -> None:
        start.wait()
        try:
            got = _exchange(
                rotating, grant_type="refresh_token", refresh_token=first["refresh_token"]
            )
        except SlackApiError as err:
            got = err.response.data
        with lock:
            outcomes.append(got)

    workers = [threading.Thread(target=process) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    winners = [o for o in outcomes if o["ok"]]
    losers = [o for o in outcomes if not o["ok"]]
    assert len(winners) == 1 and losers == [{"ok": False, "error": "invalid_refresh_token"}]
    assert rotating.refreshes("T0002") == 1 and rotating.refused_refreshes("T0002") == 1
    # The winner's refresh token is now the only one: a process that kept the old one (or
    # threw the installation away on the refusal) would be locked out.
    again = _exchange(
        rotating, grant_type="refresh_token", refresh_token=winners[0]["refresh_token"]
    )
    assert again["ok"] is True and rotating.refreshes("T0002") == 2


def test_user_tokens_rotate_too(rotating: SlackStandIn) -> None:
    url = _authorize(rotating, user_scope="users:read")
    code = _redirected(rotating.approve_install(url, team_id="T0002", user_id="U0JANE"))["code"]
    user = _exchange(rotating, code=code, redirect_uri=REDIRECT)["authed_user"]
    assert user["access_token"].startswith("xoxe.xoxp-1-") and user["expires_in"] == 43200
    fresh = _exchange(rotating, grant_type="refresh_token", refresh_token=user["refresh_token"])
    assert fresh["token_type"] == "user" and fresh["user_id"] == "U0JANE"
    assert fresh["scope"] == "users:read" and "bot_user_id" not in fresh


# ---- leaving ---------------------------------------------------------------------------------
def test_uninstall_revokes_every_token_of_that_workspace_only(rotating: SlackStandIn) -> None:
    body = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    events = rotating.uninstall("T0002")
    assert events == [
        {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT0002"]}},
        {"type": "app_uninstalled"},
    ]
    assert _auth_test(rotating, body["access_token"]) == {"ok": False, "error": "token_revoked"}
    refused = _error_of(rotating, grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert refused == "invalid_refresh_token"
    assert _auth_test(rotating, "xoxb-office-one")["ok"] is True  # the other office stays
    installed = rotating.installation("T0002")
    assert installed is not None and installed.installed is False
    # Installing again is a fresh start with new tokens.
    again = _exchange(rotating, code=_code(rotating, team_id="T0002"), redirect_uri=REDIRECT)
    assert _auth_test(rotating, again["access_token"])["team_id"] == "T0002"


def test_uninstalling_the_default_workspace_ends_its_fixed_token(slack: SlackStandIn) -> None:
    assert slack.uninstall("T0001")[0] == {
        "type": "tokens_revoked",
        "tokens": {"bot": ["U0BOT0001"]},
    }
    assert _auth_test(slack, "xoxb-office-one")["error"] == "token_revoked"
    with pytest.raises(SlackApiError, match="token_revoked"):
        WebClient(base_url=slack.url, token="xoxb-office-one").chat_postMessage(
            channel="C1", text="after leaving"
        )


def test_revoking_tokens_lists_user_ids_by_kind(slack: SlackStandIn) -> None:
    url = _authorize(slack, user_scope="users:read")
    code = _redirected(slack.approve_install(url, team_id="T0002", user_id="U0JANE"))["code"]
    body = _exchange(slack, code=code, redirect_uri=REDIRECT)
    event = slack.revoke_tokens("T0002", bot=False)
    assert event == {"type": "tokens_revoked", "tokens": {"oauth": ["U0JANE"]}}
    assert _auth_test(slack, body["authed_user"]["access_token"])["error"] == "token_revoked"
    assert _auth_test(slack, body["access_token"])["ok"] is True  # the bot's stays
    installed = slack.installation("T0002")
    assert installed is not None and installed.installed is True


def test_auth_revoke_ends_the_calling_token(slack: SlackStandIn) -> None:
    token = _exchange(slack, code=_code(slack, team_id="T0002"), redirect_uri=REDIRECT)[
        "access_token"
    ]
    client = WebClient(base_url=slack.url, token=token)
    assert client.auth_revoke(test=True)["revoked"] is False
    assert client.auth_revoke()["revoked"] is True
    assert _auth_test(slack, token)["error"] == "token_revoked"
