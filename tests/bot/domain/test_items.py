"""docs/rules.md#r6, s.55(5B): a report's recommendations and AFIs as items, from its own words."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import copy
from bot.domain.items import (
    DirectedAt,
    ItemKind,
    ProposedItem,
    parse_due,
    propose_directed_at,
    split_items,
)
from bot.domain.report_text import clean
from tests.bot.domain.test_items_layouts import (
    only_the_afi_for_all_chief_constables_needs_an_answer,
)
from tests.paths import SEEDS

REC, AFI = ItemKind.RECOMMENDATION, ItemKind.AFI


def seed_items(name: str, force_name: str | None = "Norfolk") -> list[ProposedItem]:
    return split_items((SEEDS / name).read_text(encoding="utf-8"), force_name=force_name)


def numbered(items: list[ProposedItem]) -> list[tuple[ItemKind, str]]:
    return [(item.kind, item.number) for item in items]


# --- the seeds (the reference group: ../shared/seeds; test_items_layouts.py has ours) ---------


@pytest.mark.reference
def test_the_2019_cyber_response_gives_one_recommendation_and_four_afis() -> None:
    items = seed_items("response-2019-cyber-keep-the-light-on.txt")

    assert numbered(items) == [(REC, "1"), (AFI, "1"), (AFI, "2"), (AFI, "3"), (AFI, "4")]
    assert items[0].text.startswith("By 1 November 2020, the Home Office, the Cabinet Office")
    assert items[0].due == date(2020, 11, 1)
    assert items[1].text.startswith("Chief constables should evaluate the use")
    assert items[2].text.startswith("With immediate effect, City of London Police")
    assert items[3].text.startswith("The National Police Chiefs’ Council’s lead")
    assert items[4].text.startswith("The National Police Chiefs’ Council Coordinator")


@pytest.mark.reference
def test_for_norfolk_only_the_2019_cyber_afi_1_needs_an_answer() -> None:
    items = seed_items("response-2019-cyber-keep-the-light-on.txt")
    only_the_afi_for_all_chief_constables_needs_an_answer(items)


@pytest.mark.reference
def test_the_2019_cyber_items_keep_their_bullets_and_whole_wrapped_sentences() -> None:
    recommendation, _, afi2, afi3, _ = seed_items("response-2019-cyber-keep-the-light-on.txt")

    assert recommendation.text.endswith(
        "In doing so they should consider:\n"
        "• the creation of a national police cyber-dependent crime network;\n"
        "• the remit of any such network;\n"
        "• how the network engages with other law enforcement agencies; and\n"
        "• the tasking and co-ordinating responsibilities that will be required for the network "
        "to be effective."
    )
    assert afi2.text.endswith("its proposals to prevent a re-occurrence.")
    assert afi3.text.count("\n• ") == 3
    assert "CHIEF CONSTABLE" not in afi3.text + recommendation.text


@pytest.mark.reference
def test_for_city_of_london_police_its_own_afi_2_is_directed_at_the_force() -> None:
    items = seed_items("response-2019-cyber-keep-the-light-on.txt", "City of London Police")

    assert items[2].directed_at is DirectedAt.FORCE


@pytest.mark.reference
def test_the_2024_vetting_response_quotes_only_recommendation_4_of_the_five() -> None:
    # "Five recommendations were made within the report, one of which was directed at Chief
    # Constables. This is detailed below": the seed states the other four are not for forces
    # and gives only Recommendation 4's words; its quotation in the chief constable's response
    # is the same item, not a second one.
    (item,) = seed_items("response-2024-vetting-anti-corruption-part-2.txt")

    assert (item.kind, item.number) == (REC, "4")
    assert item.due == date(2024, 6, 30)
    assert item.directed_at is DirectedAt.ALL_CHIEF_CONSTABLES
    assert item.addressees == ("chief constables", "National Crime Agency")
    assert item.text == (
        "By 30 June 2024, chief constables should make sure they tell the National Crime Agency "
        "the outcome of investigations into suspicious activity reports relating to their "
        "force's personnel. The National Crime Agency should include a summary of this "
        "information in its annual national strategic threat assessment, 'The Threat to UK Law "
        "Enforcement from Corruption'."
    )


@pytest.mark.reference
def test_the_2017_peel_report_makes_two_afis_both_for_the_force() -> None:
    # The whole report (1,292 lines) has one "Areas for improvement" box, two bullets long;
    # "areas for improvement identified in previous inspections" on page 3 is prose.
    items = seed_items("report-2017-peel-effectiveness-norfolk.txt")

    assert numbered(items) == [(AFI, "1"), (AFI, "2")]
    assert items[0].text == (
        "The force should ensure that appropriate supervision is put in place consistently to "
        "monitor the quality and progress of investigations involving vulnerable people."
    )
    assert items[1].text.startswith("The force should review its use of DVPOs/DVPNs")
    assert items[1].text.endswith("safeguard victims of domestic abuse.")
    assert {item.directed_at for item in items} == {DirectedAt.FORCE}


FIRST_TEN = [
    "“We welcome efforts to integrate policing with other public services",
    "“We urge police forces and the Home Office",
    "“Despite efforts to improve its response to victims of fraud",
    "“There is a lack of transparency in the way that fraud statistics",
    "“The police response to fraud is in desperate need",
    "“Not enough is being done to identify and support vulnerable victims",
    "“The Joint Fraud Taskforce is a welcome initiative",
    "“Key private sector companies",
    "“We welcome the Government’s recent announcement of funding",
    "“We welcome efforts by the College of Policing",
]


@pytest.mark.reference
def test_the_government_response_gives_its_recommendations_without_the_responses() -> None:
    items = seed_items("government-response-2019-hasc-policing-for-the-future.txt")

    assert numbered(items) == [(REC, str(n)) for n in range(1, 41)]
    for item, first_words in zip(items[:10], FIRST_TEN, strict=True):
        assert item.text.startswith(first_words)
    assert items[0].text.endswith(
        "(Paragraphs 21, 30 and 31 at pages 14 and 17 of the inquiry report)."
    )
    assert not any("Government response" in item.text for item in items)


@pytest.mark.reference
def test_a_press_release_has_no_items() -> None:
    assert seed_items("press-release-2019-cyber-keep-the-light-on.txt") == []


# --- pasted sections -------------------------------------------------------------------------


def test_a_pasted_numbered_list_takes_the_kind_the_command_asked_for() -> None:
    text = "1. The force should do one thing.\n2) The force should do another\nthing too."

    afis = split_items(text, force_name="Norfolk", default_kind=AFI)
    assert numbered(afis) == [(AFI, "1"), (AFI, "2")]
    assert afis[1].text == "The force should do another thing too."
    assert numbered(split_items(text, force_name=None)) == [(REC, "1"), (REC, "2")]


def test_labels_start_items_wherever_they_are_and_keep_their_numbers() -> None:
    text = (
        "Recommendation 3: By 31 March 2020, chief constables should act.\n"
        "Recommendation 4 (a) The force should publish its plan.\n"
        "Area for improvement 2 - The force should review its training.\n"
        "AFI 7\nThe PCC should review the estates plan."
    )

    items = split_items(text, force_name="Norfolk")

    assert numbered(items) == [(REC, "3"), (REC, "4a"), (AFI, "2"), (AFI, "7")]
    assert items[0].due == date(2020, 3, 31)
    assert [item.directed_at for item in items] == [
        DirectedAt.ALL_CHIEF_CONSTABLES,
        DirectedAt.FORCE,
        DirectedAt.FORCE,
        DirectedAt.PCC,
    ]


def test_bullets_under_an_afi_heading_are_numbered_in_order_and_the_intro_is_left_out() -> None:
    text = (
        "Areas for improvement\n"
        "We found two areas where the force should improve:\n"
        "- The force should improve its crime recording\n"
        "so that victims are counted.\n"
        "- The force should review its call handling.\n"
        "Leadership\n"
        "The force is well led."
    )

    items = split_items(text, force_name="Norfolk")

    assert [(i.kind, i.number, i.text) for i in items] == [
        (AFI, "1", "The force should improve its crime recording so that victims are counted."),
        (AFI, "2", "The force should review its call handling."),
    ]


def test_paragraphs_that_continue_an_item_stay_with_it() -> None:
    text = (
        "Recommendations\n"
        "1. Chief constables should review vetting.\n"
        "They should report the results to the PCC.\n"
        "2. The Home Office should fund it."
    )

    first, second = split_items(text, force_name=None)

    assert first.text == (
        "Chief constables should review vetting.\n\nThey should report the results to the PCC."
    )
    assert second.directed_at is DirectedAt.OTHERS


def test_a_short_last_line_of_an_item_is_not_taken_for_a_heading() -> None:
    text = (
        "Recommendations\n"
        "1. Chief constables should review vetting.\n"
        "They should tell the PCC\n"
        "2. The Home Office should fund it.\n"
        "AFI 7\n"
        "Review the estates plan"
    )

    items = split_items(text, force_name=None)

    assert [item.text for item in items] == [
        "Chief constables should review vetting.\n\nThey should tell the PCC",
        "The Home Office should fund it.",
        "Review the estates plan",
    ]


def test_afis_numbered_again_in_each_chapter_are_all_kept() -> None:
    text = (
        "Areas for improvement\n1. The force should improve crime recording.\n"
        "Protecting vulnerable people\nThe force is good.\n"
        "Areas for improvement\n1. The force should review its use of DVPNs."
    )

    items = split_items(text, force_name="Norfolk")

    assert [(i.number, i.text[:30]) for i in items] == [
        ("1", "The force should improve crime"),
        ("1", "The force should review its us"),
    ]


def test_a_singular_heading_may_still_head_a_numbered_list() -> None:
    text = "Recommendation\n1. Forces should act.\n2. The PCC should check."

    assert numbered(split_items(text, force_name=None)) == [(REC, "1"), (REC, "2")]


def test_numbered_paragraphs_outside_a_recommendations_heading_are_not_items() -> None:
    text = (
        "Summary\n1. The force is good at protecting people.\n"
        "Areas for improvement\n- The force should act.\n"
        "Annex A\n1. Data were checked with forces."
    )

    assert [item.text for item in split_items(text, force_name=None)] == ["The force should act."]


def test_a_long_run_of_capitalised_words_is_read_quickly() -> None:
    text = "1. Chief constables should " + "Aa " * 100_000 + "act."

    (item,) = split_items(text, force_name="Norfolk")

    assert item.directed_at is DirectedAt.ALL_CHIEF_CONSTABLES


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "Thank you for the report. We will read it.", "Recommendations\nNone."],
)
def test_text_with_nothing_recognisable_gives_no_items(text: str) -> None:
    assert split_items(text, force_name="Norfolk") == []


def test_the_example_in_the_reply_to_an_unrecognised_paste_is_itself_recognised() -> None:
    example = copy.ITEMS_NOT_FOUND.split("```")[1]

    assert numbered(split_items(example, force_name="Norfolk")) == [(REC, "4"), (AFI, "1")]


# --- directed at ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "directed", "addressees"),
    [
        ("Chief constables should act.", DirectedAt.ALL_CHIEF_CONSTABLES, ("chief constables",)),
        ("All forces should act.", DirectedAt.ALL_CHIEF_CONSTABLES, ("chief constables",)),
        ("The chief constable should act.", DirectedAt.CHIEF_CONSTABLE, ("the chief constable",)),
        ("Norfolk Constabulary should act.", DirectedAt.FORCE, ("Norfolk Constabulary",)),
        ("The force should act.", DirectedAt.FORCE, ("Norfolk Constabulary",)),
        (
            "Police and crime commissioners should act.",
            DirectedAt.PCC,
            ("police and crime commissioner",),
        ),
        ("The Home Office should act.", DirectedAt.OTHERS, ("Home Office",)),
        ("The NCA should act.", DirectedAt.OTHERS, ("National Crime Agency",)),
        ("The College of Policing should act.", DirectedAt.OTHERS, ("College of Policing",)),
        ("Suffolk Constabulary should act.", DirectedAt.OTHERS, ("Suffolk Constabulary",)),
        ("The CPS should act.", DirectedAt.OTHERS, ("Crown Prosecution Service",)),
        (
            "The Home Office, NPCC and chief constables should act.",
            DirectedAt.ALL_CHIEF_CONSTABLES,
            ("Home Office", "NPCC", "chief constables"),
        ),
        (
            "City of London Police should act; the force should report.",
            DirectedAt.OTHERS,
            ("City of London Police",),
        ),
    ],
)
def test_directed_at_is_proposed_from_the_items_words(
    text: str, directed: DirectedAt, addressees: tuple[str, ...]
) -> None:
    assert propose_directed_at(text, force_name="Norfolk Constabulary") == (directed, addressees)


def test_only_items_for_others_need_no_answer() -> None:
    assert [d for d in DirectedAt if not d.needs_answer] == [DirectedAt.OTHERS]
    assert DirectedAt.OTHERS.label == "Others (no answer required)"
    assert AFI.label == "Area for improvement"


# --- due dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("By 30 June 2024, chief constables should", date(2024, 6, 30)),
        ("chief constables should, by 31 October 2024, review", date(2024, 10, 31)),
        ("By 1st November 2020, the Home Office", date(2020, 11, 1)),
        ("By April 2024, forces should", date(2024, 4, 30)),  # a month: its last day
        ("By the end of February 2024", date(2024, 2, 29)),
        ("By March, the Home Office", None),  # no year
        ("Within six months, forces should", None),  # no date stated
        ("By 31 June 2024", None),  # not a date
        ("Forces should act. Published 30 June 2024.", None),  # a date, but not a deadline
    ],
)
def test_the_due_date_is_the_one_the_report_states(text: str, due: date | None) -> None:
    assert parse_due(text) == due


# --- any text ---------------------------------------------------------------------------------

LINES = st.sampled_from(
    [
        "Recommendations",
        "Areas for improvement",
        "Recommendation",
        "Recommendation 2:",
        "AFI 3 The force should act.",
        "1. Chief constables should",
        "2) review the plan.",
        "• a bullet;",
        "- another bullet",
        "o and a third",
        "KEY FINDINGS:",
        "Leadership",
        "the end of a sentence.",
        "",
    ]
)


@given(st.lists(st.one_of(LINES, st.text()), max_size=30))
def test_splitting_never_fails_and_every_item_has_words_from_the_text(lines: list[str]) -> None:
    text = "\n".join(lines)

    for item in split_items(text, force_name="Norfolk"):
        assert item.text.strip()
        # A word hyphenated at a line's end comes back whole ("im-" + "prove").
        # A soft hyphen goes; a word hyphenated at a line's end comes back whole ("im-prove").
        assert words(item.text) <= words(clean(text)) | words(re.sub(r"-\n(?=\w)", "", text))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@given(
    st.lists(
        st.text(alphabet=st.characters(categories=["Ll"]), min_size=1, max_size=12),
        min_size=1,
        max_size=8,
    ).map(" ".join),
    st.integers(min_value=1, max_value=9),
)
def test_a_numbered_list_loses_no_words(sentence: str, count: int) -> None:
    text = "\n".join(f"{n}. The force should {sentence} {n}." for n in range(1, count + 1))

    items = split_items(text, force_name=None, default_kind=AFI)

    # Ligatures come apart ("ﬁ" → "fi"); every word is otherwise the report's own.
    assert [item.text for item in items] == [
        clean(f"The force should {sentence} {n}.") for n in range(1, count + 1)
    ]
