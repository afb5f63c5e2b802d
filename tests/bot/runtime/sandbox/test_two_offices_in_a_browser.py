"""The sandbox's second office, in a real browser (Debian's Chromium, driven by Playwright): its
workspace has no /s55 until its Slack admin presses Add to Slack and Allow on Slack's page (the
bot's real install flow); then the bot answers how to finish setting up, its admin chooses the
channel and the people in Settings on the Home tab, and the first office's inspection is
nowhere to be seen there: not listed, its reference not found, its reminders in its own channel
only. Screenshots are kept in test-artifacts/sandbox/ (second-office-*)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from bot import copy, ids
from bot.render.office import setting_block
from bot.runtime.sandbox import cast
from tests.browser import browser, screenshot_path, wait_closed

from .test_story_in_a_browser import card_of, say

WAIT_MS = 15_000
NORFOLKS = "Police response to fraud"
SUFFOLKS = "Roads policing"
ADMIN, APPROVER, CC_STAFF, PCC = (
    cast.SUFFOLK_ADMIN,
    cast.SUFFOLK_APPROVER,
    cast.SUFFOLK_CC_STAFF,
    cast.SUFFOLK_PCC,
)


@pytest.fixture
def chromium(request: pytest.FixtureRequest) -> Iterator[Any]:
    with browser() as launched:
        context = launched.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
        context.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        context.on("page", lambda tab: tab.on("pageerror", lambda e: errors.append(str(e))))
        yield context
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed and context.pages:
            context.pages[0].screenshot(path=screenshot_path("failed-" + request.node.name))
        assert errors == [], f"the page's script failed: {errors}"
        context.close()


def field(modal: Any, setting: str) -> str:
    return f"[name='{setting_block(setting)}/{ids.SETTING_INPUT}']"


def latest_answer(page: Any) -> Any:
    return page.locator("#channel .msg").last


def test_a_second_office_installs_sets_up_and_sees_nothing_of_the_first(
    sandbox_in: Any, chromium: Any
) -> None:
    running = sandbox_in()
    page = chromium.new_page()
    page.goto(running.url + "?as=" + cast.OFFICER.user_id)
    say(page, f"/s55 add {NORFOLKS} | 1 October 2026")
    card_of(page, NORFOLKS)

    # The rail's other workspace: its own people, its own channel, and no /s55 yet.
    page.get_by_role("link", name=cast.SUFFOLK.name).click()
    expect(page.locator(".topbar .workspace")).to_contain_text(cast.SUFFOLK.name)
    expect(page.locator("#person")).to_have_value(ADMIN.user_id)
    expect(page.locator("#channel-pane h1")).to_have_text("# " + cast.SUFFOLK.channel_name)
    say(page, "/s55 list")
    expect(latest_answer(page)).to_contain_text("/s55 is not a valid command")
    expect(page.locator("#app-home")).to_be_hidden()
    page.screenshot(path=screenshot_path("second-office-before-install"))

    # Add to Slack: the bot's install page, Slack's page asking to allow it, the bot's page.
    with chromium.expect_page() as opened:
        page.get_by_role("link", name="Add to Slack").click()
    install = opened.value
    install.get_by_role("link", name="Add to Slack").click()
    expect(install.locator("h1")).to_contain_text(f"the {cast.SUFFOLK.name} Slack workspace")
    expect(install.locator("body")).to_contain_text(f"Signed in as {ADMIN.name}")
    expect(install.locator("li", has_text="chat:write")).to_be_visible()
    install.screenshot(path=screenshot_path("second-office-allow"))
    install.get_by_role("button", name="Allow").click()
    expect(install.locator("body")).to_contain_text(f"s55bot is now in {cast.SUFFOLK.name}")
    install.screenshot(path=screenshot_path("second-office-installed"))
    install.close()

    # Back in the workspace: the app is there, and says how to finish setting up.
    expect(page.locator("#app-home")).to_be_visible()
    say(page, "/s55 list")
    expect(latest_answer(page)).to_contain_text(copy.NOT_SET_UP.split(":")[0])

    page.locator("#app-home").click()
    home = page.locator("#home")
    expect(home).to_contain_text("Not set up yet")  # and no report to post from nowhere
    expect(home.get_by_role("button", name=re.compile(r"^Post the \d{4} report$"))).to_have_count(0)
    page.get_by_role("button", name=copy.SETTINGS_BUTTON).click()
    modal = page.locator(".modal")
    modal.wait_for()
    modal.locator(field(modal, "S55_AREA")).fill("Suffolk")
    modal.locator(field(modal, "S55_PCC_CONTACT")).select_option(PCC.user_id)
    modal.locator(field(modal, "S55_CC_CONTACT")).select_option(CC_STAFF.user_id)
    modal.locator(field(modal, "S55_APPROVERS") + f"[value='{APPROVER.user_id}']").check()
    modal.locator(field(modal, "S55_CHANNEL")).select_option(cast.SUFFOLK.channel)
    page.screenshot(path=screenshot_path("second-office-settings"))
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    # The Home tab now lists what was stored, and offers the report.
    expect(home).to_contain_text("Police area: “Suffolk”")
    expect(home).to_contain_text(f"PCC's contact: @{PCC.name}")
    expect(home).not_to_contain_text("Not set up yet")
    page.screenshot(path=screenshot_path("second-office-settings-saved-home"))

    # Offices kept apart: the first office's inspection is neither listed nor found here.
    page.get_by_role("button", name="# " + cast.SUFFOLK.channel_name).click()
    say(page, "/s55 list")
    expect(latest_answer(page)).to_contain_text("No open inspections.")
    say(page, "/s55 show S55-1")
    expect(latest_answer(page)).to_contain_text("I can't find an inspection")
    assert NORFOLKS not in page.locator("#channel").inner_text()
    # The bot posts only where it was added: the admin invites it, as the Home tab says.
    say(page, "/invite @s55bot")
    expect(page.locator("#channel")).to_contain_text("joined")
    say(page, f"/s55 add {SUFFOLKS} | 3 November 2026")
    card = card_of(page, SUFFOLKS)
    expect(card).to_contain_text(f"S55-1 · {SUFFOLKS}")  # its own first reference
    page.get_by_role("button", name="Run reminders now").click()
    page.locator("#toast", has_text="Reminders ran").wait_for()
    digest = page.locator("#channel .msg", has_text="Section 55 deadlines:").last
    expect(digest).to_contain_text(f"S55-1 {SUFFOLKS}")
    page.screenshot(path=screenshot_path("second-office-own-inspection"))
    assert NORFOLKS not in page.locator("#channel").inner_text()

    # Each office's reminders went to its own channel only.
    page.get_by_role("link", name=cast.NORFOLK.name).click()
    expect(page.locator("#person")).to_have_value(cast.OFFICER.user_id)
    card_of(page, NORFOLKS)
    page.get_by_role("button", name="+1 day").click()  # a day's pass, for every office
    page.locator("#toast", has_text="Now Wed 11 Nov 2026").wait_for()
    digest = page.locator("#channel .msg", has_text="Section 55 deadlines: Wed 11 Nov").last
    expect(digest).to_contain_text(f"S55-1 {NORFOLKS}")
    page.screenshot(path=screenshot_path("second-office-first-office-next-day"))
    assert SUFFOLKS not in page.locator("#channel").inner_text()
