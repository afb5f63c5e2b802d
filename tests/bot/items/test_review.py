"""**Review** before **Record them**, told as the office's story: the form opens at once and
fills in page by page; a person edits an item's words, adds one the reader missed, splits one
in two and joins two into one; what is recorded is what they reviewed. A PEEL report's causes of
concern are recorded with the recommendations under them, answered, and set out in the
document."""

from __future__ import annotations

import dataclasses
import io
import json

import docx

from bot import ids
from bot.domain.item_review import ITEMS_PER_PAGE, REVIEW_MAX
from bot.domain.steps import DEFAULT_STEPS
from tests.bot.domain.item_formats import fixture
from tests.bot.exports.test_export import uploaded
from tests.bot.items.review_steps import drawn, press_in_review, pushed, submit_pushed, words_on
from tests.bot.items.steps import answer, confirm, item_rows, items, listing, paste_items, review
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, card, click, step_button
from tests.e2e import Bot

PEEL = fixture("peel_2021_22")


def wessex(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER,), force_name="Wessex Police"
    )
    return bot


def typed(**fields: str) -> dict[str, dict[str, object]]:
    """What a person typed in an item's form, block by block."""
    blocks = {
        "kind": (ids.ITEM_KIND_BLOCK, ids.ITEM_KIND_INPUT),
        "number": (ids.ITEM_NUMBER_BLOCK, ids.ITEM_NUMBER_INPUT),
        "text": (ids.ITEM_TEXT_BLOCK, ids.ITEM_TEXT_INPUT),
        "directed_at": (ids.ITEM_DIRECTED_BLOCK, ids.ITEM_DIRECTED_INPUT),
        "first": (ids.SPLIT_FIRST_BLOCK, ids.SPLIT_FIRST_INPUT),
    }
    values: dict[str, dict[str, object]] = {}
    for name, value in fields.items():
        block, action = blocks[name]
        if name in ("kind", "directed_at"):
            values[block] = {action: {"type": "static_select", "selected_option": {"value": value}}}
        else:
            values[block] = {action: value}
    return values


def test_a_peel_report_gives_its_causes_of_concern_with_the_recommendations_under_them(
    bot: Bot,
) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    proposal = paste_items(bot, card_ts, PEEL.text)
    shown = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert "*2 causes of concern*, *3 recommendations* and *3 areas for improvement*" in shown
    assert "innovative, promising or notable practice left out" in shown

    confirm(bot, review(bot, proposal))

    stored = items(bot)
    assert [(i.kind, i.number, i.under) for i in stored if i.kind != "afi"] == [
        ("cause_of_concern", "1", None),
        ("cause_of_concern", "2", None),
        ("recommendation", "1", "1"),
        ("recommendation", "2", "2"),
        ("recommendation", "3", "2"),
    ]
    listed = json.dumps(listing(bot)["blocks"], ensure_ascii=False)
    assert "*Cause of concern 1*" in listed and "under cause of concern 2" in listed
    assert "Causes of concern: 0 of 2 answered" in json.dumps(card(bot, card_ts)["blocks"])

    for item in stored:  # every one is directed at the force: each is answered
        assert answer(bot, item.id).status == 200
    for text in (CC_TEXT, "The PCC welcomes the report."):
        say(bot, card_ts, text)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    for step in DEFAULT_STEPS:
        assert click(bot, card_ts, step_button(card(bot, card_ts), step)) == 200
    word = docx.Document(io.BytesIO(uploaded(bot, card_ts)["S55-1-section-55-response.docx"]))
    document = "\n".join(p.text for p in word.paragraphs)
    causes = document[document.index("Causes of concern") : document.index("\nRecommendations\n")]
    assert "Cause of concern 1:" in causes and "Cause of concern 2:" in causes
    assert "Recommendations 2 and 3, set out below, answer this cause of concern." in causes
    assert "Recommendation 3 (under cause of concern 2):" in document


def test_a_person_edits_adds_splits_and_joins_items_and_records_what_they_reviewed(
    bot: Bot,
) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    form = review(bot, paste_items(bot, card_ts, fixture("pcc_response").text))
    assert len(item_rows(form)) == 5

    # Edit: AFI 3's words, as the person reads them in the report.
    press_in_review(bot, form, ids.REVIEW_EDIT, "5")
    edit = pushed(bot)
    assert edit["callback_id"] == ids.ITEM_EDIT_VIEW
    new_words = "The force should improve the cleanliness of its cells at Eastgate and Westgate."
    submit_pushed(bot, edit, typed(kind="afi", number="3", text=new_words, directed_at="force"))
    form = drawn(bot, form["id"])
    assert any("Westgate" in words for words in words_on(form))

    # Add an item the reader could not see (it was in a picture of the report).
    press_in_review(bot, form, ids.REVIEW_ADD, "0")
    added_words = "The force should publish its custody inspection action plan."
    submit_pushed(
        bot, pushed(bot), typed(kind="afi", number="4", text=added_words, directed_at="force")
    )
    form = drawn(bot, form["id"])
    assert any(added_words in words for words in words_on(form))

    # Split recommendation 1 in two, at its second sentence.
    press_in_review(bot, form, ids.REVIEW_SPLIT, "1")
    split = pushed(bot)
    first = "The force should make sure that detainees who need an appropriate adult get one."
    second = "The force should record why when they do not."
    submit_pushed(bot, split, typed(first=first, number="1b", text=second))
    form = drawn(bot, form["id"])

    # Join AFI 1 with AFI 2 (they are one item in the report).
    afi_1 = next(b for b in item_rows(form) if b["text"]["text"].startswith("*AFI 1*"))
    press_in_review(bot, form, ids.REVIEW_JOIN, afi_1["block_id"].split("_")[-1])
    form = drawn(bot, form["id"])

    confirm(bot, form)

    stored = items(bot)
    assert [(i.kind, i.number) for i in stored] == [
        ("recommendation", "1"),
        ("recommendation", "1b"),
        ("recommendation", "2"),
        ("afi", "1"),
        ("afi", "3"),
        ("afi", "4"),
    ]
    assert stored[0].text == first and stored[1].text == second
    assert "language they understand" in stored[3].text  # AFI 2 joined into AFI 1
    assert stored[4].text == new_words and stored[5].text == added_words


def test_record_them_records_the_review_and_never_reads_the_draft_again(
    bot: Bot, monkeypatch: object
) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    form = review(bot, paste_items(bot, card_ts, fixture("peel_2023_25").text))

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the draft was read again while recording")

    monkeypatch.setattr("bot.responses.proposals.read_items", no_reading)  # type: ignore[attr-defined]
    confirm(bot, form)

    assert len(items(bot)) == 6


def test_a_long_national_report_of_150_items_is_reviewed_page_by_page(bot: Bot) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    text = "Recommendations\n" + "\n".join(
        f"{n}. By 31 March 2026, chief constables should review area {n} of their vetting."
        for n in range(1, 151)
    )
    form = review(bot, paste_items(bot, card_ts, text))

    pages = 150 // ITEMS_PER_PAGE + (150 % ITEMS_PER_PAGE > 0)
    seen = []
    for page in range(pages):
        assert len(form["blocks"]) <= 100  # Slack's limit for a modal (the stand-in enforces it)
        seen += [b["text"]["text"].split("*")[1] for b in item_rows(form)]
        choices = {0: ids.LEAVE_OUT} if page == 2 else None  # one left out on page 3
        if page + 1 < pages:
            press_in_review(bot, form, ids.REVIEW_PAGE_NEXT, str(page + 1), choices=choices)
            form = drawn(bot, form["id"])
    assert seen == [f"Recommendation {n}" for n in range(1, 151)]

    confirm(bot, form)

    stored = items(bot)
    assert len(stored) == 149
    assert "Recommendation 41" not in {f"Recommendation {i.number}" for i in stored}


def test_a_paste_with_more_items_than_a_review_takes_is_said_plainly(bot: Bot) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    text = "\n".join(f"{n}. The force should act on finding {n}." for n in range(1, 402))

    proposal = paste_items(bot, card_ts, text)

    shown = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert f"This draft holds 401 items, more than one review can take ({REVIEW_MAX})" in shown
    assert ids.REVIEW_ITEMS not in shown  # no Review button to press


def test_an_item_longer_than_a_forms_box_is_not_cut_by_editing_it(bot: Bot) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    long_words = "The force should act. " + "It should also report on area twelve. " * 90
    form = review(bot, paste_items(bot, card_ts, f"Recommendation 1\n{long_words}"))

    press_in_review(bot, form, ids.REVIEW_EDIT, "1")

    notice = pushed(bot)
    assert "submit" not in notice  # nothing to save: a box of 3,000 would cut the words
    assert "more than a form's box holds (3,000)" in json.dumps(notice)
    confirm(bot, form)
    assert items(bot)[0].text == long_words.strip()


# --- how sure the receipt says it is -------------------------------------------------------
def test_an_item_taken_from_its_words_alone_is_said_to_be_so_not_fairly_sure(bot: Bot) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)

    proposal = paste_items(bot, card_ts, fixture("register_entry").text)

    shown = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert "*1 recommendation*" in shown
    assert "fairly sure" not in shown
    assert "Recommendation 1 had no label, number or heading" in shown
    assert "check where it starts and ends" in shown


def test_a_register_entry_over_several_paragraphs_says_which_paragraph_to_check(
    bot: Bot,
) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)

    proposal = paste_items(bot, card_ts, fixture("register_listing").text)

    shown = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert "*3 recommendations*" in shown and "fairly sure" not in shown
    assert "a later one names someone else who should act" in shown
    assert "Chief officers in each force should take personal charge" in shown


def test_nothing_found_still_shows_what_may_be_an_item_and_it_can_be_added_by_hand(
    bot: Bot,
) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)

    proposal = paste_items(bot, card_ts, fixture("pcc_letter_quote").text)

    shown = json.dumps(proposal["blocks"], ensure_ascii=False)
    assert "I couldn't find a recommendation or an area for improvement I was sure of" in shown
    assert "a paragraph quotes what reads like an item" in shown
    assert "If forces have not yet put in place a way to track" in shown
    form = review(bot, proposal)
    assert item_rows(form) == []
    assert "No items yet" in json.dumps(form)

    press_in_review(bot, form, ids.REVIEW_ADD, "0")
    words = (
        "If forces have not yet put in place a way to track the benefits of their "
        "collaborations, they should use the method agreed by the NPCC and the College of "
        "Policing."
    )
    submit_pushed(bot, pushed(bot), typed(kind="afi", number="1", text=words, directed_at="force"))
    form = drawn(bot, form["id"])
    confirm(bot, form)

    assert [(i.kind, i.number, i.text) for i in items(bot)] == [("afi", "1", words)]


def test_recording_a_review_with_nothing_added_records_nothing_and_says_so(bot: Bot) -> None:
    wessex(bot)
    card_ts = log_inspection(bot)
    form = review(bot, paste_items(bot, card_ts, fixture("pcc_letter_quote").text))

    confirm(bot, form)

    said = bot.slack.calls_to("chat.postEphemeral")[-1].args["text"]
    assert said.startswith("No item was added, so nothing was recorded")
    assert items(bot) == []
