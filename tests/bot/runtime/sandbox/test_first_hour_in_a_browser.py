"""A newcomer's first hour in the sandbox, in a real browser (Debian's Chromium, driven by
Playwright): the bot's welcome says what to try first, its first example shows a countdown (a
report published last Tuesday, by the sandbox's date), the demo is offered on the page, To the
deadline leaves a channel a person can read (Slack's date dividers, a sender's posts grouped),
and a date picker reads dd/mm/yyyy even in a browser set to US English. Screenshots are kept in
test-artifacts/sandbox/ (first-welcome, first-countdown, to-the-deadline, date-picker-en-us)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from bot import ids
from bot.runtime.sandbox import cast
from bot.runtime.sandbox.welcome import FIRST_TITLE
from tests.bot.runtime.sandbox.test_story_in_a_browser import card_of, date_shown, fill_date, say
from tests.browser import browser, screenshot_path, scroll_to, wait_closed

WAIT_MS = 15_000


@pytest.fixture
def open_page(sandbox_in: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Open the sandbox page in a browser speaking ``locale``; the sandbox's clock is Tue 10
    Nov 2026 (tests/bot/runtime/sandbox/conftest.py)."""
    running = sandbox_in()
    with browser() as chromium:
        contexts: list[Any] = []
        errors: list[str] = []

        def open_in(locale: str = "en-GB") -> Any:
            context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale=locale)
            contexts.append(context)
            tab = context.new_page()
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(running.url + "?as=" + cast.OFFICER.user_id)
            tab.set_default_timeout(WAIT_MS)
            return tab

        yield open_in
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed and contexts:
            contexts[-1].pages[-1].screenshot(path=screenshot_path("failed-" + request.node.name))
        assert errors == [], f"the page's script failed: {errors}"
        for context in contexts:
            context.close()


def test_the_welcome_says_what_to_try_first_and_its_example_counts_down(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    welcome = page.locator("#channel .msg", has_text="Welcome to the s55bot sandbox")
    welcome.wait_for()
    assert cast.BOT_NAME in welcome.inner_text()  # from the bot
    example = welcome.locator("code", has_text="/s55 add").inner_text()
    assert example == f"/s55 add {FIRST_TITLE} | last Tuesday"
    assert "a report published Tue 3 Nov 2026" in welcome.inner_text()
    expect(page.locator("#demo")).to_be_visible()  # the demo, offered on the page itself
    page.screenshot(path=screenshot_path("first-welcome"))

    say(page, example)
    card = card_of(page, FIRST_TITLE)
    expect(card).to_contain_text("48 days left")  # deadline Mon 28 Dec 2026
    expect(card).to_contain_text("Tue 1 Dec 2026")  # the Chief Constable's date, ahead
    assert "OVERDUE" not in card.inner_text() and "late" not in card.inner_text()
    # The card follows the welcome within minutes: under the same name, as Slack shows it.
    expect(card).to_have_class(re.compile(r"\bmsg-continued\b"))
    expect(page.locator("#demo")).to_be_hidden()  # something has happened here now
    page.screenshot(path=screenshot_path("first-countdown"))


def test_to_the_deadline_shows_each_day_under_its_date_and_one_name_per_run(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    say(page, f"/s55 add {FIRST_TITLE} | last Tuesday")
    card_of(page, FIRST_TITLE)
    page.get_by_role("button", name="To the deadline").click()
    page.locator("#toast", has_text="Now Mon 28 Dec 2026").wait_for(timeout=120_000)

    dividers = page.locator("#channel .day-divider")
    days = dividers.all_inner_texts()
    # One digest per working day still comes (that is the product); each under its day.
    digests = page.locator("#channel .msg", has_text="Section 55 deadlines:")
    assert digests.count() >= 30
    # Mon 28 Dec 2026 is a bank holiday (Boxing Day's substitute): no digest that day, nor on
    # Christmas Day or at a weekend, and so no divider either.
    assert days[0] == "Tuesday 10 November" and days[-1] == "Thursday 24 December"
    assert "Wednesday 11 November" in days
    assert not {"Saturday 14 November", "Friday 25 December", "Today"} & set(days)
    assert len(days) == len(set(days)) == digests.count()  # a day with a digest: one divider
    # Each digest is the first of its day: it shows the bot's name and avatar once.
    last = digests.last
    expect(last).not_to_have_class(re.compile(r"\bmsg-continued\b"))
    expect(last.locator(".avatar")).to_be_visible()
    scroll_to(last)
    page.screenshot(path=screenshot_path("to-the-deadline"))


def test_a_date_picker_reads_day_month_year_in_a_us_english_browser(
    open_page: Callable[..., Any],
) -> None:
    page = open_page("en-US")
    assert page.evaluate("navigator.language") == "en-US"
    say(page, f"/s55 add {FIRST_TITLE} | last Tuesday")
    card = card_of(page, FIRST_TITLE)
    say(page, "/s55 edit S55-1")
    modal = page.locator(".modal")
    modal.wait_for()
    published = f"{ids.PUBLISHED_BLOCK}/{ids.PUBLISHED_INPUT}"
    # Tue 3 Nov 2026: Chromium's own date input would read 11/03/2026 in this browser.
    assert date_shown(modal, published) == "03/11/2026"
    expect(modal.locator(".bk-date-text").first).to_have_attribute("placeholder", "dd/mm/yyyy")
    fill_date(modal, published, "05/11/2026")
    page.screenshot(path=screenshot_path("date-picker-en-us"))
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    expect(card).to_contain_text("Thu 5 Nov 2026")  # the 5th of November, not the 11th of May


def test_a_screen_that_changes_while_a_button_is_held_waits_for_the_click(
    open_page: Callable[..., Any],
) -> None:
    """A click is a press and a release on one element: the page draws nothing in between (a
    redraw would replace the element, and the browser would send no click: the cause of a
    download that never started in a test run), then draws what came."""
    page = open_page()
    page.locator("#channel .msg", has_text="Welcome to the s55bot sandbox").wait_for()
    clock = page.locator("#clock-now")
    before = clock.inner_text()
    box = page.locator("[data-clock='1']").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    version = page.locator("body").get_attribute("data-version")
    page.evaluate(
        """who => fetch("/sandbox/send", {
            method: "POST",
            headers: {"Content-Type": "application/json", "X-Sandbox-Request": "1"},
            body: JSON.stringify({as: who, text: "Posted while the button was held", thread: null}),
        })""",
        cast.OFFICER.user_id,
    )
    page.wait_for_timeout(1_000)  # the long poll has answered with the new screen by now
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.wait_for_timeout(1_500)
    posted = page.locator("#channel .msg", has_text="Posted while the button was held")
    assert posted.count() == 0
    assert page.locator("body").get_attribute("data-version") == version
    # The long poll waits for the screen after the one held, rather than asking again at once.
    assert len([url for url in asked if "/sandbox/screen" in url]) <= 1
    page.mouse.up()
    posted.wait_for()  # drawn once released
    expect(clock).not_to_have_text(before)  # and the click was made: a day later


def test_a_press_whose_release_the_page_never_sees_holds_the_screen_only_a_moment(
    open_page: Callable[..., Any],
) -> None:
    """The window left with the button down: the page hears of no release. A screen waits at
    most 5 s (sandbox.js, HOLD_AT_MOST_MS) and the page goes on being drawn."""
    page = open_page()
    page.locator("#channel .msg", has_text="Welcome to the s55bot sandbox").wait_for()
    page.evaluate(
        """() => document.body.dispatchEvent(new PointerEvent("pointerdown",
            {bubbles: true, isPrimary: true, button: 0}))"""
    )
    say(page, "Posted with a press never released")
    posted = page.locator("#channel .msg", has_text="Posted with a press never released")
    posted.wait_for(timeout=8_000)
    say(page, "And the next one at once")
    page.locator("#channel .msg", has_text="And the next one at once").wait_for(timeout=2_000)
