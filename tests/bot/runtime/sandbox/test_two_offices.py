"""The sandbox's two offices: the bot runs as a host for every office; the first office is
installed at start through the real Add to Slack flow and set up as its admin would; the second
has no /s55 until its admin adds the app; each office sees only its own records and gets its own
reminders; both workspaces and their installs survive a restart, and a sandbox saved before
there were two still opens with its records."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete, select, update

from bot.domain.audit import AuditAction
from bot.runtime.sandbox import cast
from bot.runtime.sandbox.running import SLACK_FILE, DamagedSave, install_through_slack
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, THIS_OFFICE, AuditEvent, Office

from .conftest import TUESDAY, clock_at
from .test_page import channel_text as channel_html
from .test_page import request, screen_of, wait_for

OFFICER = cast.OFFICER.user_id
ADMIN = cast.SUFFOLK_ADMIN.user_id
SUFFOLK_SET_UP = {
    "S55_CHANNEL": cast.SUFFOLK.channel,
    "S55_APPROVERS": cast.SUFFOLK_APPROVER.user_id,
    "S55_CC_CONTACT": cast.SUFFOLK_CC_STAFF.user_id,
    "S55_PCC_CONTACT": cast.SUFFOLK_PCC.user_id,
}


def channel_text(url: str, user: str = OFFICER) -> str:
    return html.unescape(channel_html(url, user))


def say(running: Any, user: str, text: str) -> None:
    status, answer = request(running.url, "POST", "/sandbox/send", {"as": user, "text": text})
    assert status == 200, answer


def office_row(running: Any, team_id: str) -> Office:
    with running.sandbox.db.across_offices().session(read_only=True) as session:
        office = session.scalars(select(Office).where(Office.team_id == team_id)).one()
        session.expunge(office)
        return office


def choose_suffolk_settings(running: Any) -> None:
    """What Jo would store with Settings (the browser story presses it)."""
    with running.sandbox.db.across_offices().session() as session:
        session.execute(
            update(Office)
            .where(Office.team_id == cast.SUFFOLK.team_id)
            .values(settings=SUFFOLK_SET_UP)
        )


def install_suffolk(running: Any, *, set_up: bool = True) -> None:
    """Its admin adds the app (the flow the browser story goes through) and, with
    ``set_up``, chooses what Settings would store and invites the bot to the channel."""
    sandbox = running.sandbox
    page = install_through_slack(sandbox.bot_url, sandbox.standin, cast.SUFFOLK)
    assert f"s55bot is now in {cast.SUFFOLK.name}" in page
    if set_up:
        choose_suffolk_settings(running)
        say(running, ADMIN, "/invite @s55bot")
        wait_for(lambda: "has joined the channel" in channel_text(running.url, ADMIN))


def test_the_first_office_is_added_to_slack_at_start_by_its_admin_and_set_up(
    sandbox_in: Any,
) -> None:
    running = sandbox_in()
    sandbox = running.sandbox
    assert sandbox.installed(cast.NORFOLK.team_id)
    office = office_row(running, cast.NORFOLK.team_id)
    # The database's single office became the first office's: a sandbox from before keeps it.
    assert office.id == THIS_OFFICE
    assert office.installed_by == cast.APPROVER.user_id  # an office admin from now on
    assert office.settings == cast.NORFOLK.settings
    with sandbox.db.across_offices().session(read_only=True) as session:
        [bot_token] = session.scalars(select(SLACK_BOTS.c.bot_token)).all()
        audited = session.scalars(select(AuditEvent.action)).all()
    assert AuditAction.INSTALLED in audited
    assert bot_token not in sandbox.standin.live_tokens(cast.NORFOLK.team_id)  # sealed
    assert sandbox.settings.channel == cast.CHANNEL and sandbox.settings.area == cast.AREA
    assert not sandbox.installed(cast.SUFFOLK.team_id)


def test_the_second_workspace_has_no_s55_until_its_admin_adds_the_app(sandbox_in: Any) -> None:
    running = sandbox_in()
    assert screen_of(running.url, ADMIN)["installed"] is False
    say(running, ADMIN, "/s55 list")
    assert "/s55 is not a valid command" in channel_text(running.url, ADMIN)
    status, answer = request(running.url, "POST", "/sandbox/home", {"as": ADMIN})
    assert status == 200 and "No Home" not in json.dumps(answer)
    assert running.sandbox.standin.workspace_for(cast.SUFFOLK.team_id).home_view(ADMIN) is None

    # Add to Slack on the page: Slack signs the browser in as its admin, then the bot's page.
    status, _ = request(running.url, "GET", f"/sandbox/install?as={ADMIN}")
    assert status == 302

    install_suffolk(running, set_up=False)
    assert screen_of(running.url, ADMIN)["installed"] is True
    office = office_row(running, cast.SUFFOLK.team_id)
    assert (office.installed_by, office.settings) == (ADMIN, {})
    say(running, ADMIN, "/s55 list")
    wait_for(lambda: "isn't set up in this workspace yet" in channel_text(running.url, ADMIN))


def test_what_the_bot_sends_someone_directly_is_under_its_messages_beside_the_home_tab(
    sandbox_in: Any,
) -> None:
    running = sandbox_in()
    sandbox = running.sandbox
    client = WebClient(base_url=sandbox.standin.url, token=sandbox.standin.token)
    client.chat_postMessage(channel=OFFICER, text="Settings saved. From now on: …")

    def home_of(user: str) -> str:
        path = f"/sandbox/screen?as={user}&version=-1&tab=home"
        status, screen = request(running.url, "GET", path)
        assert status == 200
        return str(screen["home"])

    assert "Messages" in home_of(OFFICER)
    assert "Settings saved. From now on: …" in home_of(OFFICER)
    assert "Settings saved" not in channel_text(running.url)  # not in the channel
    assert "Settings saved" not in home_of(cast.APPROVER.user_id)  # only to whom it was sent


def test_an_empty_channels_hint_says_what_fits_where_the_app_stands(sandbox_in: Any) -> None:
    running = sandbox_in()
    assert "isn't in this workspace yet: Add to Slack in the sidebar" in html.unescape(
        re.sub(r"<[^>]+>", "", channel_html(running.url, ADMIN))
    )
    install_suffolk(running, set_up=False)
    hint = html.unescape(re.sub(r"<[^>]+>", "", channel_html(running.url, ADMIN)))
    assert "s55bot is added but not set up" in hint and "/invite @s55bot" in hint
    assert "/s55 add" not in hint
    choose_suffolk_settings(running)
    hint = html.unescape(re.sub(r"<[^>]+>", "", channel_html(running.url, ADMIN)))
    assert "Log an inspection: type /s55 add below" in hint


def test_the_second_offices_channel_starts_without_the_bot_until_its_admin_invites_it(
    sandbox_in: Any,
) -> None:
    running = sandbox_in()
    say(running, ADMIN, "/invite @s55bot")  # no app in the workspace yet: no such bot
    wait_for(lambda: "No one named @s55bot" in channel_text(running.url, ADMIN))
    say(running, ADMIN, "/invite")  # no one named: Slack asks whom, and nobody joins
    wait_for(lambda: "Who would you like to invite?" in channel_text(running.url, ADMIN))
    install_suffolk(running, set_up=False)
    choose_suffolk_settings(running)
    # Set up, but not in the channel: Slack refuses the card, and the bot says what to do.
    say(running, ADMIN, "/s55 add Roads policing | 3 November 2026")
    wait_for(lambda: "Invite me to the channel" in channel_text(running.url, ADMIN))
    assert "S55-1 · Roads policing" not in channel_text(running.url, ADMIN)

    say(running, ADMIN, "/invite @s55bot")
    wait_for(lambda: "S55-1 · Roads policing" in channel_text(running.url, ADMIN))
    assert "has joined the channel" in channel_text(running.url, ADMIN)
    say(running, ADMIN, "/invite @s55bot")
    wait_for(lambda: "s55bot is already in this channel." in channel_text(running.url, ADMIN))
    say(running, ADMIN, f"/invite @{cast.SUFFOLK_PCC.name}")
    wait_for(
        lambda: (
            f"{cast.SUFFOLK_PCC.name} is already in this channel."
            in channel_text(running.url, ADMIN)
        )
    )
    # The first office was set up with the bot in its channel before the sandbox opened.
    say(running, OFFICER, "/invite @s55bot")
    wait_for(lambda: "s55bot is already in this channel." in channel_text(running.url))

    # Kept across a restart: the bot stays in the channel it was invited to.
    told = channel_text(running.url, ADMIN).count("s55bot is already in this channel")
    running.stop()
    again = sandbox_in()
    say(again, ADMIN, "/invite @s55bot")
    wait_for(
        lambda: channel_text(again.url, ADMIN).count("s55bot is already in this channel") > told
    )


def test_each_office_sees_only_its_own_inspections_and_reminders(sandbox_in: Any) -> None:
    running = sandbox_in()
    install_suffolk(running)
    say(running, OFFICER, "/s55 add Police response to fraud | 1 October 2026")
    wait_for(lambda: "S55-1 · Police response to fraud" in channel_text(running.url))

    say(running, ADMIN, "/s55 list")
    wait_for(lambda: "No open inspections." in channel_text(running.url, ADMIN))
    say(running, ADMIN, "/s55 show S55-1")
    wait_for(lambda: "I can't find an inspection" in channel_text(running.url, ADMIN))
    say(running, ADMIN, "/s55 add Roads policing | 3 November 2026")
    wait_for(lambda: "S55-1 · Roads policing" in channel_text(running.url, ADMIN))

    sent = running.sandbox.move_days(1)
    assert sent >= 2  # a digest in each office
    norfolk, suffolk = channel_text(running.url), channel_text(running.url, ADMIN)
    assert "Section 55 deadlines: Wed 11 Nov" in norfolk and "Roads policing" not in norfolk
    assert "Section 55 deadlines: Wed 11 Nov" in suffolk
    assert "Police response to fraud" not in suffolk


def test_a_day_lived_through_from_the_early_morning_has_that_days_digest(sandbox_in: Any) -> None:
    # 07:00 on Tuesday: the 09:00 digest has not been sent yet; the scheduler would send it.
    running = sandbox_in(clock=clock_at(TUESDAY.replace(hour=7)))
    say(running, OFFICER, "/s55 add Police response to fraud | 1 October 2026")
    wait_for(lambda: "S55-1 · Police response to fraud" in channel_text(running.url))

    assert running.sandbox.move_days(1) >= 2
    norfolk = channel_text(running.url)
    assert "Section 55 deadlines: Tue 10 Nov" in norfolk
    assert "Section 55 deadlines: Wed 11 Nov" in norfolk
    assert "Wed 11 Nov 2026, 09:01" in running.sandbox.clock_text()


def test_a_restart_keeps_both_workspaces_and_the_apps_installs(
    sandbox_in: Any, tmp_path: Path
) -> None:
    first = sandbox_in(tmp_path)
    install_suffolk(first)
    say(first, ADMIN, "/s55 add Roads policing | 3 November 2026")
    wait_for(lambda: "S55-1 · Roads policing" in channel_text(first.url, ADMIN))
    first.stop()

    again = sandbox_in(tmp_path)
    assert again.sandbox.installed(cast.SUFFOLK.team_id)
    assert "S55-1 · Roads policing" in channel_text(again.url, ADMIN)
    say(again, ADMIN, "/s55 list")  # its stored token still works
    wait_for(lambda: "Open inspections (1)" in channel_text(again.url, ADMIN))


def test_a_sandbox_saved_before_there_were_two_offices_opens_with_its_records(
    sandbox_in: Any, tmp_path: Path
) -> None:
    first = sandbox_in(tmp_path)
    say(first, OFFICER, "/s55 add Police response to fraud | 1 October 2026")
    wait_for(lambda: "S55-1 · Police response to fraud" in channel_text(first.url))
    first.stop()
    # As the single-office sandbox left them: one workspace saved, no tokens or key, and the
    # records in the database's single office, which no workspace had installed.
    saved = json.loads((tmp_path / SLACK_FILE).read_text())
    old = {"clock_offset": saved["clock_offset"], "workspace": saved["workspaces"]["T0001"]}
    (tmp_path / SLACK_FILE).write_text(json.dumps(old))
    with first.sandbox.db.across_offices().session() as session:
        session.execute(delete(SLACK_BOTS))
        session.execute(delete(SLACK_INSTALLATIONS))
        session.execute(
            update(Office)
            .where(Office.id == THIS_OFFICE)
            .values(team_id=None, team_name=None, installed_by=None, settings={})
        )

    again = sandbox_in(tmp_path)
    assert "S55-1 · Police response to fraud" in channel_text(again.url)
    say(again, OFFICER, "/s55 list")
    wait_for(lambda: "Open inspections (1)" in channel_text(again.url))
    assert office_row(again, cast.NORFOLK.team_id).id == THIS_OFFICE


def test_the_page_shows_the_workspace_of_the_person_playing(sandbox_in: Any) -> None:
    running = sandbox_in()
    status, page = request(running.url, "GET", f"/?as={ADMIN}")
    assert status == 200
    html = page.decode()
    assert f"# {cast.SUFFOLK.channel_name}" in html and "Add to Slack" in html
    assert cast.SUFFOLK_APPROVER.name in html and cast.APPROVER.name not in html
    status, page = request(running.url, "GET", "/")
    assert f"# {cast.CHANNEL_NAME}" in page.decode()  # the first office, as before


def test_a_lost_slack_file_leaves_no_token_working_and_the_first_office_is_added_again(
    sandbox_in: Any, tmp_path: Path
) -> None:
    first = sandbox_in(tmp_path)
    say(first, OFFICER, "/s55 add Police response to fraud | 1 October 2026")
    wait_for(lambda: "S55-1 · Police response to fraud" in channel_text(first.url))
    old_token = first.sandbox.settings.bot_token
    first.stop()
    (tmp_path / SLACK_FILE).unlink()  # Slack's side forgotten; the bot's records kept

    again = sandbox_in(tmp_path)
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=again.sandbox.standin.url, token=old_token).auth_test()
    assert refused.value.response["error"] == "invalid_auth"  # not taken as Norfolk's
    assert again.sandbox.settings.bot_token != old_token  # the app added again
    say(again, OFFICER, "/s55 list")
    wait_for(lambda: "Open inspections (1)" in channel_text(again.url))


def test_tokens_kept_under_another_sandboxs_key_stop_the_start_with_the_way_out(
    sandbox_in: Any, tmp_path: Path
) -> None:
    from cryptography.fernet import Fernet

    sandbox_in(tmp_path).stop()
    saved = json.loads((tmp_path / SLACK_FILE).read_text())
    saved["token_key"] = Fernet.generate_key().decode()  # sandbox.db from another run
    (tmp_path / SLACK_FILE).write_text(json.dumps(saved))
    with pytest.raises(DamagedSave) as damaged:
        sandbox_in(tmp_path)
    assert str(damaged.value) == (
        f"{cast.NORFOLK.name}'s Slack token in sandbox.db does not open with the key in "
        "sandbox-slack.json (they are from different sandboxes): delete both to start the "
        "sandbox afresh"
    )
