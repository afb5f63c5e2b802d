"""The sandbox, used in a real browser (Debian's Chromium) by every role, as the office would:
log an inspection, give both responses, sign off and confirm each step, download the
document, be refused as an outsider, and move time until a reminder comes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from bot import copy, ids
from bot.runtime.sandbox import cast
from tests.browser import browser, screenshot_path, scroll_to, wait_closed

TITLE = "Vetting and anti-corruption part 2"
CC_TEXT = (
    "The Constabulary accepts this recommendation, and we are satisfied that we already "
    "comply with this requirement."
)
PCC_TEXT = (
    "I note the report and accept recommendation 4, the sole recommendation aimed at "
    "Chief Constables. Norfolk Constabulary already complies with it."
)
RECOMMENDATION_4 = (
    "Recommendation 4:\nBy 30 June 2024, chief constables should make sure they tell the "
    "National Crime Agency the outcome of investigations into suspicious activity reports "
    "relating to their force's personnel."
)
WAIT_MS = 15_000


@pytest.fixture
def page(sandbox_in: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    running = sandbox_in()
    with browser() as chromium:
        context = chromium.new_context(
            viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="en-GB"
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        # The page's Content-Security-Policy allows only its own scripts and styles: anything
        # it blocks (an inline script or style) is a part of the page that does not work.
        tab.on(
            "console",
            lambda message: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        tab.goto(running.url + "?as=" + cast.OFFICER.user_id)
        tab.set_default_timeout(WAIT_MS)
        yield tab
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            tab.screenshot(path=screenshot_path("failed-" + request.node.name))
        assert errors == [], f"the page's script failed: {errors}"
        context.close()


def test_an_inspection_from_logging_to_complete_played_by_every_role(page: Any) -> None:
    card = log_an_inspection(page)
    correct_the_details_in_the_edit_form(page, card)
    open_thread(page, card)
    record_and_answer_the_recommendation(page, card)
    give_response(page, cast.CC_STAFF, CC_TEXT, "Use this as the Chief Constable's response")
    give_response(page, cast.PCC, PCC_TEXT, "Use this as the PCC's response")
    page.screenshot(path=screenshot_path("thread"))
    outsider_is_refused(page, card)
    sign_off_from_the_home_tab(page, card)
    confirm_every_step_as_the_approver(page, card)
    assert "Complete" in card.inner_text()
    document_downloads_and_opens(page)


def test_moving_the_clock_brings_the_reminders_of_those_days(page: Any) -> None:
    # Published 1 Oct 2026: on Tue 10 Nov the deadline (Wed 25 Nov) is 15 days away, and a
    # nudge is due when it is 14 days away.
    say(page, "/s55 add Police response to fraud | 1 October 2026")
    card = card_of(page, "Police response to fraud")
    card.locator(".replies-link", has_text="1 reply").wait_for()  # the request for the CC's
    replies_before = 1
    page.get_by_role("button", name="+1 day").click()
    page.locator("#toast", has_text="Now Wed 11 Nov 2026, 09:01").wait_for()
    assert "reminders were sent" in page.locator("#toast").inner_text()
    digest = page.locator("#channel .msg", has_text="Section 55 deadlines: Wed 11 Nov 2026")
    assert "14 days left" in digest.inner_text()
    assert replies(card) == replies_before + 1
    open_thread(page, card)
    assert "14 days" in page.locator("#thread .msg").last.inner_text()

    page.get_by_role("button", name="Run reminders now").click()
    page.locator("#toast", has_text="No reminder was due").wait_for()
    assert digest.count() == 1 and replies(card) == replies_before + 1  # nothing twice

    nudge = page.locator("#thread .msg", has_text="14 days").last
    nudge.locator(f"[data-action-id='{ids.SNOOZE_CHOICE}']").select_option("3")
    note = page.locator("#thread .msg", has_text="snoozed by")
    note.wait_for()
    assert "until Sat 14 Nov 2026" in note.inner_text()
    expect(card).to_contain_text("Nudges snoozed until Sat 14 Nov 2026")
    page.screenshot(path=screenshot_path("snoozed"))


def test_a_file_uploaded_in_a_thread_reaches_the_bot_which_answers_in_the_thread(
    page: Any, tmp_path: Any
) -> None:
    say(page, f"/s55 add {TITLE} | 30 October 2026")
    card = card_of(page, TITLE)
    card.locator(".replies-link", has_text="1 reply").wait_for()
    open_thread(page, card)
    page.select_option("#person", cast.CC_STAFF.user_id)
    response = tmp_path / "cc-response.txt"
    response.write_text(CC_TEXT)
    page.set_input_files("#upload", str(response))
    page.locator("#thread a.file", has_text="cc-response.txt").wait_for()
    answer = page.locator("#thread .msg").last
    answer.filter(has_text=cast.BOT_NAME).wait_for()


def test_the_home_tab_shows_what_is_waiting(page: Any) -> None:
    say(page, f"/s55 add {TITLE} | 30 October 2026 | https://justiceinspectorates.gov.uk")
    card_of(page, TITLE)
    page.select_option("#person", cast.APPROVER.user_id)
    page.get_by_role("button", name=cast.BOT_NAME).click()
    home = page.locator("#home .home")
    home.locator(".bk-block").first.wait_for()
    assert "S55-1" in home.inner_text()
    expect(home).to_contain_text(
        "The year so far: none published or past its deadline yet · no actions overdue"
    )
    page.screenshot(path=screenshot_path("home"))
    home.get_by_role("button", name=re.compile(r"^Post the \d{4} report$")).click()
    page.locator(".sidebar [data-tab='channel']").click()
    report = page.locator("#channel .msg", has_text=re.compile(r"compliance report: \d{4}"))
    replies_link = report.locator(".replies-link", has_text="1 reply")  # its charts and files
    replies_link.click()
    # The charts show in the thread as Slack shows an image; the documents are files to save.
    charts = page.locator("#thread .file-image img")
    charts.nth(1).wait_for()
    expect(charts).to_have_count(2)
    # described to a screen reader in the words the bot sent Slack as the image's alt text
    expect(charts.first).to_have_attribute("alt", re.compile(r"^Each response's publication"))
    page.wait_for_function(
        "() => [...document.querySelectorAll('#thread .file-image img')]"
        ".every(img => img.complete && img.naturalWidth > 600)"
    )
    assert page.locator("#thread a.file", has_text=".docx").count() == 1
    # Small in the thread, as in Slack; a click opens the chart at its full size.
    with page.context.expect_page() as opened:
        charts.nth(1).click()
    full = opened.value
    full.wait_for_load_state()
    assert full.url.endswith("?view=1")
    assert full.evaluate("() => document.images[0].naturalWidth") > 600
    full.close()
    scroll_to(report)
    scroll_to(charts.nth(1))  # the message and both charts in one picture
    page.screenshot(path=screenshot_path("report"))


def test_an_answered_item_is_followed_up_after_the_response(page: Any) -> None:
    # Tue 10 Nov 2026: accepted with a target 10 days away (amber), then revised to Mon 30 Nov
    # (green); a week later the owner's nudge came on Mon 16 Nov, 14 days before it.
    say(page, f"/s55 add {TITLE} | 30 October 2026")
    card = card_of(page, TITLE)
    card.locator(".replies-link", has_text="1 reply").wait_for()
    open_thread(page, card)
    record_the_recommendation(page)
    answer_with_an_owner_and_a_target(page, "20/11/2026")
    listed = list_the_items(page, "Not started")
    expect(listed).to_contain_text(
        "Amber · Not started · target Fri 20 Nov 2026 · owner Head of Professional Standards"
    )

    update_the_progress(page, listed)
    listed = list_the_items(page, "In progress")
    expect(listed).to_contain_text(
        "Green · In progress · target Mon 30 Nov 2026 (revised from Fri 20 Nov 2026)"
    )
    assert "by Fri 20 Nov 2026" not in listed.inner_text()  # one target date, not two
    scroll_to(listed)
    page.screenshot(path=screenshot_path("progress-list"))
    note = page.locator("#thread .msg", has_text="updated Recommendation 4")
    expect(note).to_contain_text(
        "In progress, target Mon 30 Nov 2026 (revised from Fri 20 Nov 2026) · 🟢 Green"
    )
    expect(note.locator("blockquote")).to_contain_text("The rest wait for the hearings.")

    page.get_by_role("button", name="+1 week").click()
    page.locator("#toast", has_text="Now Tue 17 Nov 2026, 09:01").wait_for()
    nudge = page.locator("#thread .msg", has_text="its target date is in 14 days")
    expect(nudge).to_have_count(1)
    expect(nudge).to_contain_text("Mon 16 Nov 2026")  # posted the day it was due
    expect(nudge).to_contain_text("Head of Professional Standards: Recommendation 4 of S55-1")
    scroll_to(nudge)
    page.screenshot(path=screenshot_path("action-nudge"))
    nudge.locator(f"[data-action-id='{ids.SNOOZE_CHOICE}']").select_option("3")
    snoozed = page.locator("#thread .msg", has_text="Nudges for Recommendation 4 of S55-1")
    expect(snoozed).to_contain_text("snoozed by @Sam Okafor until Fri 20 Nov 2026")
    expect(snoozed.get_by_role("button", name="Resume nudges")).to_be_visible()
    listed = list_the_items(page, "nudges snoozed")
    expect(listed).to_contain_text("Amber · In progress · target Mon 30 Nov 2026")
    expect(listed).to_contain_text("nudges snoozed until Fri 20 Nov 2026")


# ---- the steps ------------------------------------------------------------------------------
def log_an_inspection(page: Any) -> Any:
    box = page.locator("#channel-pane textarea")
    box.fill("/s55")
    hints = page.locator("#channel-pane .hints")
    hints.wait_for()
    assert "/s55 add" in hints.inner_text()  # the message box suggests the sub-commands
    say(page, f"/s55 add {TITLE} | 30 October 2026 | https://justiceinspectorates.gov.uk")
    reply = page.locator("#channel .msg-ephemeral", has_text="S55-1")
    reply.wait_for()
    assert "Only visible to you" in reply.inner_text()
    card = card_of(page, TITLE)
    page.screenshot(path=screenshot_path("channel"))
    return card


def correct_the_details_in_the_edit_form(page: Any, card: Any) -> None:
    settled(page)
    card.locator(".bk-overflow-toggle").click()
    card.get_by_role("button", name="Edit details").click()
    modal = page.locator(".modal")
    modal.wait_for()
    modal.locator(f"[name='{ids.TYPE_BLOCK}/{ids.TYPE_INPUT}']").select_option(index=2)
    title = modal.locator(f"[name='{ids.TITLE_BLOCK}/{ids.TITLE_INPUT}']")
    title.fill("")  # a required field left empty: the Slack client refuses before sending
    modal.locator("[data-modal-submit]").click()
    error = modal.locator(f"[data-error-for='{ids.TITLE_BLOCK}']")
    error.wait_for()
    assert error.inner_text() == "Please fill out this field."
    title.fill(TITLE)
    published = modal.locator(f"[name='{ids.PUBLISHED_BLOCK}/{ids.PUBLISHED_INPUT}']")
    published.fill("2027-01-04")  # after the sandbox's today: the bot refuses it
    modal.locator("[data-modal-submit]").click()
    refused = modal.locator(f"[data-error-for='{ids.PUBLISHED_BLOCK}']")
    refused.wait_for()
    assert "future" in refused.inner_text() or "2027" in refused.inner_text()
    published.fill("2026-10-30")
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    expect(card).to_contain_text("National thematic")
    assert "Read the report" in card.inner_text()  # fields left as they were are kept


def record_and_answer_the_recommendation(page: Any, card: Any) -> None:
    """The report's Recommendation 4, pasted in the thread, confirmed, then answered; the
    report makes no AFIs."""
    record_the_recommendation(page)
    modal = page.locator(".modal")
    say(page, "/s55 recs S55-1")
    listed = page.locator("#channel .msg-ephemeral", has_text="Not yet answered").last
    listed.wait_for()
    settled(page)
    listed.get_by_role("button", name="Answer").click()
    modal.wait_for()
    modal.locator(
        f"[name='{ids.ANSWER_RESPONSE_BLOCK}/{ids.ANSWER_RESPONSE_INPUT}']"
    ).select_option("already_complies")
    # The bot answers the choice by updating the form (views.update): no owner or date asked
    # for. Typing and saving wait for it, as a person sees it: a click that lands while the form
    # is drawn again is lost (the modal once stayed open 15 s after "Save", nothing refused).
    expect(modal).to_contain_text(copy.ANSWER_OWNER_HINT_NOT_NEEDED, timeout=15_000)
    modal.locator(f"[name='{ids.ANSWER_ACTION_BLOCK}/{ids.ANSWER_ACTION_INPUT}']").fill(
        "Norfolk Constabulary already complies: every SAR is shared with the NCA."
    )
    page.screenshot(path=screenshot_path("modal"))
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    page.locator(".msg-ephemeral", has_text="Recorded the answer to Recommendation 4").wait_for()
    say(page, "/s55 none S55-1 afis")
    expect(card).to_contain_text("Recommendations: 1 of 1 answered · AFIs: none made")


def record_the_recommendation(page: Any) -> None:
    """Asked for with `/s55 recs`, pasted in the open thread, each item confirmed."""
    say(page, "/s55 recs S55-1")
    page.locator("#thread .msg", has_text="Please paste the recommendations").wait_for()
    thread_box = page.locator("#thread-pane textarea")
    thread_box.fill(RECOMMENDATION_4)
    thread_box.press("Enter")
    review = page.locator("#thread").get_by_role("button", name="Review the 1 item")
    review.wait_for()
    settled(page)
    review.click()
    modal = page.locator(".modal")
    modal.wait_for()
    choice = modal.locator(f"[name='{ids.ITEM_BLOCK_PREFIX}1/{ids.DIRECTED_AT_SELECT}']")
    assert choice.input_value() == "all_chief_constables"  # proposed from its words
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    # The form closes at once; the bot says privately what it stored once it has.
    page.locator(".msg-ephemeral", has_text="Recorded 1 recommendation").wait_for()


def answer_with_an_owner_and_a_target(page: Any, target: str) -> None:
    say(page, "/s55 recs S55-1")
    listed = page.locator("#channel .msg-ephemeral", has_text="Not yet answered").last
    listed.wait_for()
    settled(page)
    listed.get_by_role("button", name="Answer").click()
    modal = page.locator(".modal")
    modal.wait_for()
    owner_field = modal.locator(f".bk-input[data-block-id='{ids.ANSWER_OWNER_BLOCK}']")
    response = modal.locator(f"[name='{ids.ANSWER_RESPONSE_BLOCK}/{ids.ANSWER_RESPONSE_INPUT}']")
    action = modal.locator(f"[name='{ids.ANSWER_ACTION_BLOCK}/{ids.ANSWER_ACTION_INPUT}']")
    action.fill("Professional Standards will tell the NCA the outcome of every such investigation.")
    # Not accepted: owner and target are optional; the form is redrawn, what was typed stays.
    response.select_option("not_accepted")
    expect(owner_field).to_contain_text("(optional)")
    expect(action).to_have_value(re.compile("^Professional Standards will tell the NCA"))
    # Accepted: they are needed, and the hint says so (no "(optional)").
    response.select_option("accepted")
    expect(owner_field).not_to_contain_text("(optional)")
    expect(owner_field).to_contain_text("Needed when the response is accepted")
    modal.locator(f"[name='{ids.ANSWER_OWNER_BLOCK}/{ids.ANSWER_OWNER_INPUT}']").fill(
        "Head of Professional Standards"
    )
    fill_date(modal, f"{ids.ANSWER_TARGET_BLOCK}/{ids.ANSWER_TARGET_INPUT}", target)
    page.screenshot(path=screenshot_path("answer-form"))
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    page.locator(".msg-ephemeral", has_text="Recorded the answer to Recommendation 4").wait_for()


def list_the_items(page: Any, showing: str) -> Any:
    """`/s55 recs S55-1` again: the newest list, once it shows ``showing``."""
    before = page.locator("#channel .msg-ephemeral", has_text="S55-1: 1 recommendation").count()
    say(page, "/s55 recs S55-1")
    lists = page.locator("#channel .msg-ephemeral", has_text="S55-1: 1 recommendation")
    expect(lists).to_have_count(before + 1)
    listed = lists.last
    expect(listed).to_contain_text(showing)
    return listed


def update_the_progress(page: Any, listed: Any) -> None:
    settled(page)
    listed.get_by_role("button", name="Update").click()
    modal = page.locator(".modal")
    modal.wait_for()
    expect(modal).to_contain_text("Amber · Not started · target Fri 20 Nov 2026")
    status = modal.locator(f"[name='{ids.PROGRESS_STATUS_BLOCK}/{ids.PROGRESS_STATUS_INPUT}']")
    assert status.input_value() == "not_started"  # the current status, to change
    status.select_option("in_progress")
    modal.locator(f"[name='{ids.PROGRESS_NOTE_BLOCK}/{ids.PROGRESS_NOTE_INPUT}']").fill(
        "Outcomes of 3 of the 5 open cases sent to the NCA.\nThe rest wait for the hearings."
    )
    target = f"{ids.PROGRESS_TARGET_BLOCK}/{ids.PROGRESS_TARGET_INPUT}"
    assert date_shown(modal, target) == "20/11/2026"  # the current target, to revise
    fill_date(modal, target, "30/11/2026")
    page.screenshot(path=screenshot_path("progress-modal"))
    modal.locator("[data-modal-submit]").click()
    wait_closed(modal)
    stored = page.locator(".msg-ephemeral", has_text="Recorded: Recommendation 4 of S55-1")
    expect(stored).to_contain_text("is In progress, target Mon 30 Nov 2026, RAG Green (update 1)")


def give_response(page: Any, person: cast.Person, text: str, button: str) -> None:
    page.select_option("#person", person.user_id)
    thread_box = page.locator("#thread-pane textarea")
    thread_box.fill(text)
    thread_box.press("Enter")
    use = page.locator("#thread").get_by_role("button", name=button)
    use.last.click()
    confirm(page)
    page.locator("#thread .msg", has_text="confirmed by").last.wait_for()


def outsider_is_refused(page: Any, card: Any) -> None:
    page.select_option("#person", cast.OUTSIDER.user_id)
    card.locator(f"[data-action-id='{ids.CONFIRM_STEP}']").first.click()
    confirm(page)
    refusal = page.locator(".msg-ephemeral", has_text="Only visible to you").last
    refusal.wait_for()
    assert "approver" in refusal.inner_text().lower()


def confirm_every_step_as_the_approver(page: Any, card: Any) -> None:
    page.select_option("#person", cast.APPROVER.user_id)
    for _ in range(4):  # the office's four steps after sign-off, in order
        button = card.locator(f"[data-action-id='{ids.CONFIRM_STEP}']").first
        label = button.inner_text()
        button.click()
        dialog = page.locator("#confirm")
        assert "Are you sure?" in dialog.inner_text()
        confirm(page)
        card.locator(".bk-block", has_text=label).filter(has_text="✅").wait_for()
    card.locator(".bk-block", has_text="Complete").first.wait_for()


def sign_off_from_the_home_tab(page: Any, card: Any) -> None:
    """The thread told the approvers it was their turn; the Home tab offers the card's own
    button, and pressing it there signs off the card and posts the draft documents."""
    turn = page.locator("#thread .msg", has_text="is ready for sign-off")
    turn.wait_for()
    assert f"@{cast.APPROVER_GROUP_HANDLE}" in turn.inner_text()
    page.select_option("#person", cast.APPROVER.user_id)
    page.locator(".sidebar [data-tab='home']").click()
    home = page.locator("#home .home")
    button = home.get_by_role("button", name="PCC response signed off")
    button.wait_for()
    page.screenshot(path=screenshot_path("home-sign-off"))
    button.click()
    assert "Are you sure?" in page.locator("#confirm").inner_text()
    confirm(page)
    # the tab is published again, with the next step waiting for the approver
    home.get_by_role("button", name="Response forwarded to the Chief Constable").wait_for()
    page.locator(".sidebar [data-tab='channel']").click()
    card.locator(".bk-block", has_text="PCC response signed off").filter(has_text="✅").wait_for()
    draft = page.locator("#thread a.file", has_text="draft-for-publication.docx")
    draft.wait_for()
    assert page.locator("#thread a.file", has_text="draft-for-publication.html").count() == 1


def document_downloads_and_opens(page: Any) -> None:
    # The document is posted in the thread when the last step is confirmed, by the sandbox's
    # worker after the ack: wait for it, not the draft posted at sign-off (clicking that one as
    # the thread is drawn again with the document in it started no download).
    link = (
        page.locator("#thread a.file", has_text=".docx")
        .filter(has_not_text="draft-for-publication")
        .last
    )
    link.wait_for()
    settled(page)  # the card's last edit may still be on its way: click what stays
    with page.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        words = docx.read("word/document.xml").decode()
    assert TITLE in words and "Norfolk Constabulary already complies" in words
    assert "Recommendation 4" in words and "every SAR is shared with the NCA" in words


# ---- small helpers ----------------------------------------------------------------------------
def date_shown(modal: Any, name: str) -> str:
    """What a date picker shows: dd/mm/yyyy (templates/blockkit.html)."""
    return modal.locator(f".bk-date:has([name='{name}']) .bk-date-text").input_value()


def fill_date(modal: Any, name: str, uk: str) -> None:
    """Type a date as a UK office writes it; the form will send that day."""
    box = modal.locator(f".bk-date:has([name='{name}']) .bk-date-text")
    box.fill(uk)
    box.press("Tab")
    day, month, year = uk.split("/")
    expect(modal.locator(f"[name='{name}']")).to_have_value(f"{year}-{month}-{day}")


def say(page: Any, text: str) -> None:
    box = page.locator("#channel-pane textarea")
    box.fill(text)
    box.press("Enter")


def card_of(page: Any, title: str) -> Any:
    card = page.locator("#channel .msg", has=page.locator(".bk-header-text", has_text=title))
    card.wait_for()
    return card


def open_thread(page: Any, card: Any) -> None:
    card.locator(".replies-link").click()
    page.locator("#thread-pane").wait_for()


def confirm(page: Any) -> None:
    page.locator("#confirm[open] [data-confirm-ok]").click()


def settled(page: Any) -> None:
    """Wait until the page has shown everything the bot did (the card's and the receipt's
    edits come just after a reply): a click lands on what stays."""
    version = None
    while version != page.locator("body").get_attribute("data-version"):
        version = page.locator("body").get_attribute("data-version")
        page.wait_for_timeout(400)


def replies(card: Any) -> int:
    link = card.locator(".replies-link")
    return int(link.inner_text().split()[0]) if link.count() else 0
