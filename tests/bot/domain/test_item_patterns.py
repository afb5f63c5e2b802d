"""docs/rules.md#r6, pattern by pattern: each shape a real HMICFRS text was seen in, in a few lines
of our own, and what a person should get from it; invisible characters are no part of an item's
words or number."""

from __future__ import annotations

import pytest

from bot.domain.item_review import (
    ItemWords,
    add,
    choose,
    first_part,
    from_proposal,
    join_with_next,
    kept,
    split,
)
from bot.domain.items import DirectedAt, DoubtKind, ItemKind, read_items, split_items
from bot.domain.report_text import clean, report_lines

REC, AFI, COC = ItemKind.RECOMMENDATION, ItemKind.AFI, ItemKind.CAUSE_OF_CONCERN
FORCE = "Wessex Police"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(i.kind.value, i.number, i.text) for i in split_items(text, force_name=FORCE)]


def test_a_single_recommendation_with_no_label_or_number_is_an_item() -> None:
    (item,) = split_items(
        "By 31 March 2015 all forces should ensure that every crime is recorded.",
        force_name=FORCE,
    )

    assert (item.kind, item.number, item.directed_at) == (REC, "1", DirectedAt.ALL_CHIEF_CONSTABLES)


def test_a_number_alone_on_its_line_then_a_status_starts_an_item() -> None:
    text = (
        "1\nCompleted\nHMIC recommends that the force should immediately: stop it.\n"
        "2\nOpen\nThe force should review it.\nUpdate 03/2016: reviewed."
    )

    assert found(text) == [
        ("recommendation", "1", "HMIC recommends that the force should immediately: stop it."),
        ("recommendation", "2", "The force should review it."),
    ]


def test_a_heading_with_a_count_opens_its_list() -> None:
    assert found(
        "Areas for Improvement (2)\n1. The force should act.\n2. The force should plan."
    ) == [
        ("afi", "1", "The force should act."),
        ("afi", "2", "The force should plan."),
    ]


@pytest.mark.parametrize(
    ("line", "kind", "number"),
    [
        ("Action for Further Improvement (AFI) 7 \u2013 the force should act.", "afi", "7"),
        ("Recommendation • The force should act.", "recommendation", "1"),
        ("R3 Recommendation • The force should act.", "recommendation", "1"),
        ("Cause of concern 2: The force isn't acting.", "cause_of_concern", "2"),
    ],
)
def test_labels_that_do_not_start_the_line_as_a_number_would(
    line: str, kind: str, number: str
) -> None:
    ((found_kind, found_number, _text),) = found(line)

    assert (found_kind, found_number) == (kind, number)


def test_a_lead_in_ending_in_a_colon_keeps_its_five_bullets_as_one_item_for_the_force() -> None:
    text = (
        "Recommendations\nWithin six months the force should put in place arrangements to "
        "ensure that:\n• one;\n• two;\n• three;\n• four; and\n• five."
    )

    (item,) = split_items(text, force_name=FORCE)

    assert item.text.count("\n• ") == 5 and item.text.startswith("Within six months")
    assert item.directed_at is DirectedAt.FORCE


@pytest.mark.parametrize(
    "after",
    [
        "We set out our detailed findings below.",
        "RESOLVED, that the report be received.",
        "Supporting documents:",
        "Chief Constable's response: accepted.",
        "Status: Complete",
    ],
)
def test_an_item_ends_at_boilerplate(after: str) -> None:
    assert found(f"Recommendation 1\nThe force should act.\n{after}\nMore words.") == [
        ("recommendation", "1", "The force should act.")
    ]


def test_a_running_title_between_bullets_does_not_close_the_list() -> None:
    title = "PEEL 2016 | Wessex Police"
    text = (
        f"{title}\nAreas for improvement\n• The force should act.\n3\n{title}\n"
        f"• The force should plan.\n4\n{title}\nAnnex A\nData."
    )

    assert [t for _k, _n, t in found(text)] == ["The force should act.", "The force should plan."]


def test_a_comment_on_an_afi_is_not_an_item() -> None:
    text = "AFI 4 \u2013 the Force should act.\n· In response to a question, the Chair noted it."

    assert found(text) == [("afi", "4", "the Force should act.")]


@pytest.mark.parametrize(
    ("text", "directed"),
    [
        ("The force should agree arrangements with Warwickshire Police.", DirectedAt.FORCE),
        ("Chief constables should work with the Home Office.", DirectedAt.ALL_CHIEF_CONSTABLES),
        ("The Home Office should consult chief constables.", DirectedAt.OTHERS),
        ("Warwickshire Police should share its plan with the force.", DirectedAt.OTHERS),
        ("Review the custody contract.", DirectedAt.FORCE),  # unclear: this force, never others
    ],
)
def test_whom_an_item_is_for_is_its_sentences_subject(text: str, directed: DirectedAt) -> None:
    (item,) = split_items(f"Recommendation 1\n{text}", force_name=FORCE)

    assert item.directed_at is directed


def test_an_unclear_addressee_is_said_in_the_doubts() -> None:
    read = read_items("Recommendation 1\nReview the custody contract.", force_name=FORCE)

    assert [d.kind for d in read.doubts] == [DoubtKind.ADDRESSEE_UNCLEAR]


def test_a_line_that_looks_like_an_item_outside_any_list_is_said_in_the_doubts() -> None:
    text = (
        "Recommendation 1\nThe force should act.\nSummary\nIt was good.\n"
        "The force should also plan.\n"
    )

    read = read_items(text, force_name=FORCE)

    assert [d.kind for d in read.doubts] == [DoubtKind.LOOKS_LIKE_AN_ITEM]


# --- invisible characters ----------------------------------------------------------------------
def test_a_zero_width_space_after_the_number_still_gives_the_item() -> None:
    assert found("1.\u200b The force should act.") == [
        ("recommendation", "1", "The force should act.")
    ]


@pytest.mark.parametrize(
    "control", ["\u202e", "\u202a", "\u2066", "\u2067", "\u2069", "\u200f", "\ufeff", "\u2060"]
)
def test_bidi_controls_and_zero_width_characters_leave_item_text_and_numbers(control: str) -> None:
    text = f"Recommendation {control}3{control}\nThe {control}force{control} should act."

    assert found(text) == [("recommendation", "3", "The force should act.")]


def test_a_pdf_readers_artefacts_are_cleaned() -> None:
    lines = [line.text for line in report_lines("\u007f The of\ufb01cer\n\uf0b7 Two\n")]

    assert lines == ["• The officer", "• Two"]
    assert clean("soft\u00adhyphen") == "softhyphen"


# --- the review's own changes -----------------------------------------------------------------
def test_join_split_add_and_leave_out_change_only_what_they_name() -> None:
    items = from_proposal(
        split_items(
            "1. The force should act. It should report.\n2. The PCC should check.", force_name=FORCE
        )
    )

    joined = join_with_next(items, items[0].uid)
    assert [i.number for i in joined] == ["1"]
    assert joined[0].text == "The force should act. It should report.\n\nThe PCC should check."

    head, tail = first_part(items[0].text)
    assert (head, tail) == ("The force should act.", "It should report.")
    parted = split(items, items[0].uid, head, ItemWords(REC, "1b", tail), force_name=FORCE)
    assert [(i.number, i.text) for i in parted] == [
        ("1", "The force should act."),
        ("1b", "It should report."),
        ("2", "The PCC should check."),
    ]

    grown = add(parted, ItemWords(AFI, "1", "The force should plan."), force_name=FORCE)
    assert grown[-1].kind is AFI and grown[-1].directed_at is DirectedAt.FORCE

    chosen = choose(grown, {grown[1].uid: "leave_out", grown[2].uid: "others"})
    assert [i.number for i in kept(chosen)] == ["1", "2", "1"]
    assert kept(chosen)[1].directed_at is DirectedAt.OTHERS
