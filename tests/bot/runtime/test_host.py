"""A host for every office (docs/rules.md#r25): offices install the app with "Add to Slack"
over real HTTP, each is served in its own workspace with its own token, and they are kept
apart; leaving deletes the tokens and keeps the records for export."""

from __future__ import annotations

import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import select

from bot.offices.install import _page, install_page, installed_page
from bot.offices.installations import EncryptedInstallationStore, token_cipher
from bot.offices.leaving import export_office
from bot.offices.tokens import TokenKeeper
from bot.runtime.host import Host, build_host
from bot.runtime.web import RunningServer, make_wsgi_app, start_in_thread
from bot.services import claimer_id, utc_now
from bot.settings import load_settings
from bot.standin import Identity, SignedSlackRequests, SlackStandIn
from storage.db import Database
from storage.models import SLACK_BOTS, AuditEvent, DraftMessage, Office
from tests.e2e import SIGNING_SECRET, Clock, TrackingExecutor

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "app-client-secret"
KEY = Fernet.generate_key().decode()
SUFFOLK = Identity(team_id="T0001", team_domain="suffolk-opcc", bot_user_id="U0BOT0001")
NORFOLK = Identity(
    team_id="T0002", team_domain="norfolk-opcc", bot_user_id="U0BOT0002", bot_id="B0BOT0002"
)
CHANNELS = {"T0001": "C0SUFFOLK1", "T0002": "C0NORFOLK1"}


@dataclass
class RunningHost:
    host: Host
    slack: SlackStandIn
    server: RunningServer
    listeners: TrackingExecutor
    clock: Clock
    db: Database

    def send(self, identity: Identity) -> SignedSlackRequests:
        return SignedSlackRequests(
            self.server.url + "slack/events",
            SIGNING_SECRET,
            response_url_factory=self.slack.response_url,
        ).for_team(identity.team_id, identity.team_domain, bot_user_id=identity.bot_user_id)

    def install(
        self,
        identity: Identity,
        *,
        user: str = "U0JANE",
        deny: bool = False,
        cookie: bool = True,
        **approve: Any,
    ) -> str:
        """Open /slack/install, press Add to Slack, press Allow (or Cancel: ``deny``): the page
        the person sees. Bolt's state cookie is Secure (the host is served over https); this
        loopback is http, so the test carries the cookie back as the browser would (not at
        all: ``cookie=False``, a browser that lost it)."""
        with urllib.request.urlopen(self.server.url + "slack/install", timeout=10) as page:
            html = page.read().decode()
            state_cookie = page.headers["Set-Cookie"].split(";")[0]
        link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', html)
        assert link, html
        authorize = link.group(1).replace("&amp;", "&")
        if deny:
            back = self.slack.deny_install(authorize)
        else:
            back = self.slack.approve_install(
                authorize, team_id=identity.team_id, user_id=user, **approve
            )
        request = urllib.request.Request(back, headers={"Cookie": state_cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=10) as done:
                return str(done.read().decode())
        except urllib.error.HTTPError as refused:
            return str(refused.read().decode())

    def set_channel(self, identity: Identity) -> None:
        with self.db.across_offices().session() as session:
            office = session.scalars(select(Office).where(Office.team_id == identity.team_id)).one()
            office.settings = {"S55_CHANNEL": CHANNELS[identity.team_id]}

    def command(self, identity: Identity, text: str, user: str = "U0JANE") -> dict[str, Any]:
        before = len(self.slack.calls_to("response_url"))
        reply = self.send(identity).slash_command(
            text, user_id=user, channel_id=CHANNELS[identity.team_id]
        )
        assert reply.status == 200, reply.body
        self.listeners.settle()
        calls = self.slack.calls_to("response_url")
        assert len(calls) == before + 1, [c.args for c in calls[before:]]
        return calls[-1].args


@contextmanager
def serving(database: Database, *, by_workers: bool = False) -> Iterator[RunningHost]:
    """A host for every office over real HTTP, against the stand-in (T0001 is its first
    workspace, T0002 added), with Add to Slack configured: no office installed yet.
    ``by_workers``: its web process only acknowledges (bot.runtime.worker)."""
    with SlackStandIn() as slack:
        slack.add_workspace(NORFOLK)
        clock = Clock()
        settings = load_settings(
            {
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "S55_TOKEN_KEY": KEY,
                "SLACK_API_URL": slack.url,
                "DATABASE_URL": database.url,
                "S55_POST_RATE": "1000",
            },
            dotenv=False,
        )
        assert settings.many_offices
        listeners = TrackingExecutor()
        environ = {"S55_POST_RATE": "1000", "SLACK_API_URL": slack.url}
        host = build_host(
            settings,
            database,
            environ=environ,
            now=clock,
            listener_executor=listeners,
            by_workers=by_workers,
        )
        server = start_in_thread(make_wsgi_app(host.app, database))
        slack.configure_oauth(
            CLIENT_ID,
            CLIENT_SECRET,
            token_rotation=True,
            redirect_urls=[server.url + "slack/oauth_redirect"],
        )
        try:
            yield RunningHost(host, slack, server, listeners, clock, database)
        finally:
            server.stop()
            listeners.settle()
            listeners.shutdown()


@pytest.fixture
def running(database: Database) -> Iterator[RunningHost]:
    with serving(database) as host:
        yield host


def test_an_office_installs_with_add_to_slack_and_its_tokens_are_stored_encrypted(
    running: RunningHost,
) -> None:
    page = running.install(NORFOLK, user="U0JANE")
    assert "s55bot is now in" in page and "Change settings" in page
    with running.db.across_offices().session(read_only=True) as session:
        office = session.scalars(select(Office).where(Office.team_id == "T0002")).one()
        assert (office.installed_by, office.uninstalled_at) == ("U0JANE", None)
        stored = session.execute(
            select(SLACK_BOTS.c.bot_token, SLACK_BOTS.c.bot_refresh_token)
        ).one()
    live = running.slack.live_tokens("T0002")
    assert live and all(token not in stored for token in live)  # never in the clear
    cipher = token_cipher(KEY)
    assert cipher.decrypt(stored.bot_token.encode()).decode() in live
    with running.db.for_office(office.id).session(read_only=True) as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == ["installed"]


def self_contained(page: str) -> None:
    """A page of the install that loads nothing from anywhere: no image, script, stylesheet
    or frame (Bolt's own install page showed Slack's button from Slack's CDN), and a style."""
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<(img|script|link|iframe|object)\b|src=|url\(|@import", page), page


def test_the_install_page_is_ours_a_plain_add_to_slack_link_that_needs_no_network(
    running: RunningHost,
) -> None:
    with urllib.request.urlopen(running.server.url + "slack/install", timeout=10) as page:
        html = page.read().decode()
    self_contained(html)
    [(href, label)] = re.findall(r'<a class="button" href="([^"]*)">([^<]*)</a>', html)
    assert label == "Add to Slack" and "/oauth/v2/authorize?" in href and "&amp;" in href
    assert "Slack App Installation" not in html


def test_the_installed_page_is_styled_and_says_how_to_get_back_to_slack(
    running: RunningHost,
) -> None:
    page = running.install(NORFOLK, user="U0JANE")
    self_contained(page)
    [(href, label)] = re.findall(r'<a class="button" href="([^"]*)">([^<]*)</a>', page)
    app_id = running.slack.identity.app_id
    assert href == f"slack://app?team=T0002&amp;id={app_id}&amp;tab=home"
    assert label == "Open s55bot in Slack"
    assert "go back to the Slack tab you came from" in page
    assert "then type /invite @s55bot in that channel" in page


def test_what_the_install_pages_show_is_escaped() -> None:
    page = install_page('https://slack.example/oauth/v2/authorize?a=1&b="><script>x</script>')
    assert "<script>" not in page
    assert "?a=1&amp;b=&quot;&gt;&lt;script&gt;" in page
    shown = str(_page(200, installed_page("<b>Norfolk</b>")).body)
    assert "<b>" not in shown and "s55bot is now in &lt;b&gt;Norfolk&lt;/b&gt;." in shown


def test_a_failed_install_page_is_styled_and_offers_the_install_again(
    running: RunningHost,
) -> None:
    page = running.install(NORFOLK, deny=True)
    self_contained(page)
    assert "permission was not given. Nothing was stored." in page
    assert '<a class="button" href="/slack/install">Try again</a>' in page


def test_until_its_channel_is_chosen_a_command_says_how_to_finish_setting_up(
    running: RunningHost,
) -> None:
    running.install(NORFOLK)
    reply = running.send(NORFOLK).slash_command("list", user_id="U0JANE")
    assert reply.status == 200 and "isn't set up in this workspace yet" in reply.body
    assert "Home" in reply.body and "Change settings" in reply.body


def test_each_office_is_served_in_its_own_workspace_and_sees_only_its_own_inspections(
    running: RunningHost,
) -> None:
    running.install(SUFFOLK)
    running.install(NORFOLK)
    running.set_channel(SUFFOLK)
    running.set_channel(NORFOLK)
    logged = running.command(SUFFOLK, "add Custody services | 30 April 2024")
    assert "S55-1" in logged["text"]
    cards = running.slack.workspace_for("T0001").messages.get(CHANNELS["T0001"], [])
    assert any("Custody services" in message["text"] for message in cards)
    assert CHANNELS["T0001"] not in running.slack.workspace_for("T0002").messages
    # Norfolk names Suffolk's reference: nothing there.
    shown = running.command(NORFOLK, "show S55-1")
    assert "Custody services" not in str(shown) and "S55-1" in shown["text"]
    # Norfolk's own first inspection is its S55-1 too, posted with Norfolk's own token.
    running.command(NORFOLK, "add Vetting | 30 April 2024")
    norfolk_posts = [
        call
        for call in running.slack.calls_to("chat.postMessage")
        if call.args.get("channel") == CHANNELS["T0002"]
    ]
    assert norfolk_posts
    live = running.slack.live_tokens("T0002")
    assert all(call.headers["Authorization"].split()[-1] in live for call in norfolk_posts)


def test_an_org_wide_install_is_refused_with_a_page_that_says_what_to_do(
    running: RunningHost,
) -> None:
    page = running.install(NORFOLK, enterprise_install=True)
    assert "one workspace at a time" in page
    with running.db.across_offices().session(read_only=True) as session:
        assert (
            session.scalars(select(Office.team_id).where(Office.team_id.is_not(None))).all() == []
        )
        assert session.execute(select(SLACK_BOTS.c.id)).first() is None
    assert running.slack.live_tokens("T0002") == []  # revoked: the app is not left installed


def test_leaving_deletes_the_tokens_at_once_and_keeps_the_records_for_the_retention_period(
    running: RunningHost,
) -> None:
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    running.command(NORFOLK, "add Vetting | 30 April 2024")
    send = running.send(NORFOLK)
    for inner in running.slack.uninstall("T0002"):
        assert send.event(inner).status == 200
    running.listeners.settle()
    with running.db.across_offices().session(read_only=True) as session:
        office = session.scalars(select(Office).where(Office.team_id == "T0002")).one()
        assert session.execute(select(SLACK_BOTS.c.id)).first() is None  # tokens gone
        assert office.uninstalled_at == running.clock()
        assert office.erase_after == running.clock() + timedelta(days=90)
    with running.db.for_office(office.id).session(read_only=True) as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[0] == "installed" and actions[-1] == "uninstalled"  # records kept
    before = len(running.slack.calls)
    assert send.slash_command("list", user_id="U0JANE").status == 200
    running.listeners.settle()
    after = running.slack.calls[before:]
    # No longer served: Bolt's own answer (install the app again), and no Web API call.
    assert [call.method for call in after] == ["response_url"]
    assert "isn't installed in this workspace (any more)" in str(after[0].args.get("text", ""))


def test_two_processes_refreshing_one_offices_token_at_once_leave_one_valid_token(
    running: RunningHost, database: Database
) -> None:
    # Installed with an hour's token (under the two hours' margin); refreshed ones live 12.
    running.slack.configure_oauth(
        CLIENT_ID,
        CLIENT_SECRET,
        token_rotation=True,
        redirect_urls=[running.server.url + "slack/oauth_redirect"],
        token_seconds=3600,
    )
    running.install(NORFOLK)
    running.slack.configure_oauth(
        CLIENT_ID,
        CLIENT_SECRET,
        token_rotation=True,
        redirect_urls=[running.server.url + "slack/oauth_redirect"],
    )
    tokens: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def process() -> None:
        # Each "process" has its own engine, store and keeper, as two hosts would.
        db = Database(database.url)
        store = EncryptedInstallationStore(CLIENT_ID, db, token_cipher(KEY))
        rotator = TokenRotator(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            client=WebClient(base_url=running.slack.url),
        )
        keeper = TokenKeeper(db=db, store=store, rotator=rotator, claimer=claimer_id(), now=utc_now)
        try:
            start.wait(10)
            tokens.append(keeper.bot("T0002").bot_token or "")
        except BaseException as failure:
            failures.append(failure)
        finally:
            db.dispose()

    threads = [threading.Thread(target=process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    assert running.slack.refreshes("T0002") == 1 and running.slack.refused_refreshes("T0002") == 0
    assert len(set(tokens)) == 1 and tokens[0] in running.slack.live_tokens("T0002")


def test_one_reminder_pass_serves_every_office_each_in_its_own_channel_once(
    running: RunningHost,
) -> None:
    for office, title in ((SUFFOLK, "Custody services"), (NORFOLK, "Vetting")):
        running.install(office)
        running.set_channel(office)
        running.command(office, f"add {title} | 30 April 2024")
    for _ in range(2):  # a second pass sends nothing again
        running.host.scheduler.serve_every_office(wait=True)
        running.listeners.settle()
    digests = [
        call
        for call in running.slack.calls_to("chat.postMessage")
        if str(call.args.get("text", "")).startswith("Section 55 deadlines:")
    ]
    by_channel = {call.args["channel"]: call for call in digests}
    assert sorted(by_channel) == sorted(CHANNELS.values()) and len(digests) == 2
    suffolk, norfolk = by_channel[CHANNELS["T0001"]], by_channel[CHANNELS["T0002"]]
    assert "Custody services" in str(suffolk.args) and "Vetting" not in str(suffolk.args)
    assert "Vetting" in str(norfolk.args) and "Custody services" not in str(norfolk.args)
    for team, call in (("T0001", suffolk), ("T0002", norfolk)):
        assert call.headers["Authorization"].split()[-1] in running.slack.live_tokens(team)


def test_the_forces_staff_in_their_own_workspace_reply_in_a_shared_channel_like_anyone(
    running: RunningHost,
) -> None:
    """Slack Connect: the Chief Constable's staff answer from the force's workspace (another
    team_id) in the office's channel shared with the force."""
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    running.slack.connect_user(
        "U0FORCE01",
        home_team_id="T0FORCE",
        channels=[CHANNELS["T0002"]],
        team_id="T0002",
        real_name="Chris Constable",
        profile={"real_name": "Chris Constable"},
    )
    running.command(NORFOLK, "add Vetting | 30 April 2024")
    workspace = running.slack.workspace_for("T0002")
    with workspace.lock:
        card = workspace.messages[CHANNELS["T0002"]][0]
    reply = running.send(NORFOLK).thread_reply_event(
        text="The force accepts recommendation 1 and will act by March.",
        thread_ts=card["ts"],
        user_id="U0FORCE01",
        channel_id=CHANNELS["T0002"],
        user_team="T0FORCE",
    )
    assert running.send(NORFOLK).event(reply).status == 200
    running.listeners.settle()
    posted = running.slack.calls_to("chat.postMessage") + running.slack.calls_to("chat.update")
    receipts = [call for call in posted if "accepts recommendation 1" in str(call.args)]
    assert receipts and all(call.args["channel"] == CHANNELS["T0002"] for call in receipts)
    with running.db.across_offices().session(read_only=True) as session:
        office = session.scalars(select(Office).where(Office.team_id == "T0002")).one()
    with running.db.for_office(office.id).session(read_only=True) as session:
        assert session.scalars(select(DraftMessage.user_id)).all() == ["U0FORCE01"]
    # Their name, as the documents and the history give it, comes from their own profile.
    services = running.host.directory.services_for(office)
    assert services.people.names(["U0FORCE01"]) == {"U0FORCE01": "Chris Constable"}


def test_an_office_that_left_can_be_exported_until_its_records_are_erased(
    running: RunningHost,
) -> None:
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    running.command(NORFOLK, "add Vetting | 30 April 2024")
    for inner in running.slack.uninstall("T0002"):
        assert running.send(NORFOLK).event(inner).status == 200
    running.listeners.settle()
    exported = export_office(running.db, "T0002")
    assert exported is not None and exported["office"]["uninstalled_at"] == running.clock()
    assert [row["title"] for row in exported["records"]["inspection"]] == ["Vetting"]
    assert export_office(running.db, "T0009") is None
    # A day before the retention period ends nothing goes; after it, the records do.
    running.clock.current += timedelta(days=89)
    running.host.scheduler.serve_every_office(wait=True)
    exported = export_office(running.db, "T0002")
    assert exported is not None and exported["records"]["inspection"]
    running.clock.current += timedelta(days=1)
    running.host.scheduler.serve_every_office(wait=True)
    exported = export_office(running.db, "T0002")
    assert exported is not None
    records = exported["records"]
    assert {name for name, rows in records.items() if rows} == {"audit_event"}
    assert [row["action"] for row in records["audit_event"]] == ["records erased"]
    with running.db.for_office(1).session(read_only=True) as session:
        assert session.scalars(select(AuditEvent)).all() == []  # no other office touched


def test_no_token_is_ever_logged(running: RunningHost, caplog: pytest.LogCaptureFixture) -> None:
    """Installing, serving, refreshing and leaving, with every logger at DEBUG: neither an access
    token nor a refresh token appears in any log record (slack_sdk redacts the Authorization
    header; nothing of ours logs one)."""
    caplog.set_level(logging.DEBUG)
    running.slack.configure_oauth(
        CLIENT_ID,
        CLIENT_SECRET,
        token_rotation=True,
        redirect_urls=[running.server.url + "slack/oauth_redirect"],
        token_seconds=3600,  # under the margin: refreshed before each request
    )
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    running.command(NORFOLK, "add Vetting | 30 April 2024")
    running.host.scheduler.serve_every_office(wait=True)
    installation = running.slack.installation("T0002")
    assert installation is not None and running.slack.refreshes("T0002") >= 1
    bot = running.host.store.find_bot(enterprise_id=None, team_id="T0002")
    assert bot is not None and bot.bot_refresh_token
    secrets = {token for token in installation.tokens if len(token) > 12}
    secrets |= {bot.bot_token or "", bot.bot_refresh_token}
    for inner in running.slack.uninstall("T0002"):
        running.send(NORFOLK).event(inner)
    running.listeners.settle()
    assert secrets and caplog.records
    logged = "\n".join(f"{record.getMessage()} {record.args}" for record in caplog.records)
    assert [secret for secret in secrets if secret in logged] == []


def test_adding_the_app_again_keeps_its_installer_and_after_leaving_brings_the_records_back(
    running: RunningHost,
) -> None:
    running.install(NORFOLK, user="U0JANE")
    running.install(NORFOLK, user="U0BOB")  # someone else adds it again (new scopes, say)

    def office() -> Office:
        with running.db.across_offices().session(read_only=True) as session:
            return session.scalars(select(Office).where(Office.team_id == "T0002")).one()

    assert office().installed_by == "U0JANE"
    running.set_channel(NORFOLK)
    for inner in running.slack.uninstall("T0002"):
        assert running.send(NORFOLK).event(inner).status == 200
    running.listeners.settle()
    page = running.install(NORFOLK, user="U0BOB")
    assert "is back in" in page and "records and settings" in page
    assert (office().installed_by, office().uninstalled_at, office().erase_after) == (
        "U0BOB",
        None,
        None,
    )
    assert office().settings == {"S55_CHANNEL": CHANNELS["T0002"]}


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ({"deny": True}, "s55bot was not added: permission was not given. Nothing was stored."),
        ({"cookie": False}, "this browser did not keep the cookie the install page set"),
    ],
)
def test_an_install_cancelled_or_from_a_browser_that_lost_its_cookie_stores_nothing(
    running: RunningHost, how: dict[str, bool], says: str
) -> None:
    page = running.install(NORFOLK, **how)
    assert says in page
    with running.db.across_offices().session(read_only=True) as session:
        installed = select(Office.team_id).where(Office.team_id.is_not(None))
        assert session.scalars(installed).all() == []
        assert session.execute(select(SLACK_BOTS.c.id)).first() is None


def test_a_request_while_another_process_holds_the_refresh_uses_the_token_in_hand(
    running: RunningHost,
) -> None:
    """Before the ack nothing waits for a refresh elsewhere (its holder may have died): the
    token in hand has not expired yet, so the request is served with it."""
    running.slack.configure_oauth(
        CLIENT_ID,
        CLIENT_SECRET,
        token_rotation=True,
        redirect_urls=[running.server.url + "slack/oauth_redirect"],
        token_seconds=3600,  # under the two hours' margin: due for a refresh
    )
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    with running.db.across_offices().session() as session:
        office = session.scalars(select(Office).where(Office.team_id == "T0002")).one()
        office.token_claimed_by = "elsewhere:1:gone"
        office.token_claimed_until = running.clock() + timedelta(seconds=30)
    [token] = running.slack.live_tokens("T0002")
    logged = running.command(NORFOLK, "add Vetting | 30 April 2024")
    assert "S55-1" in logged["text"]
    assert running.slack.refreshes("T0002") == 0  # the claim's holder's to make
    [card] = running.slack.calls_to("chat.postMessage")[:1]
    assert card.headers["Authorization"] == f"Bearer {token}"


def test_a_stop_waits_for_the_offices_being_served_a_bounded_while(
    running: RunningHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host's scheduler stopping (bot.runtime.stopping) while an office's pass is under way:
    it waits a bounded while, then leaves the pass on a daemon thread (the next pass does
    what it did not)."""
    running.install(NORFOLK)
    running.set_channel(NORFOLK)
    in_pass, release = threading.Event(), threading.Event()

    def slow_office(services: object) -> None:
        in_pass.set()
        release.wait(30)

    monkeypatch.setattr("bot.runtime.host.post_late_cards", slow_office)
    running.host.scheduler.start()
    try:
        assert in_pass.wait(10)
        started = time.monotonic()
        assert running.host.scheduler.stop(within=0.3) is False
        assert time.monotonic() - started < 3  # not the pass's 30 s
        held = [t for t in threading.enumerate() if t.name.startswith("s55bot-office")]
        assert held and all(thread.daemon for thread in held)
    finally:
        release.set()
    assert running.host.scheduler.stop(within=10) is True
