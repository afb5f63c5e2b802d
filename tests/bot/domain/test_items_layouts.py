"""docs/rules.md#r6, s.55(5B): the items of documents in the layouts the office receives, read from
the project's own files (tests/fixtures/documents/, whose README cites each layout). The same
specifications on the real seeds are in test_items.py, in the reference group."""

from __future__ import annotations

from datetime import date

from bot.domain.items import DirectedAt, ItemKind, ProposedItem, split_items
from tests.documents import (
    GOVERNMENT_RESPONSE,
    NEW_TEMPLATE,
    OLD_TEMPLATE,
    PEEL_REPORT,
    PRESS_RELEASE,
    Layout,
    ours,
)

REC, AFI = ItemKind.RECOMMENDATION, ItemKind.AFI


def items_of(layout: Layout, force_name: str | None = "Norfolk") -> list[ProposedItem]:
    return split_items(ours(layout), force_name=force_name)


def numbered(items: list[ProposedItem]) -> list[tuple[ItemKind, str]]:
    return [(item.kind, item.number) for item in items]


def test_an_old_template_response_gives_its_recommendation_and_four_afis() -> None:
    items = items_of(OLD_TEMPLATE)

    assert numbered(items) == [(REC, "1"), (AFI, "1"), (AFI, "2"), (AFI, "3"), (AFI, "4")]
    assert items[0].text.startswith("By 31 March 2021, the Home Office, the Cabinet Office")
    assert items[0].due == date(2021, 3, 31)
    assert items[1].text.startswith("Chief constables should make sure that their force knows")
    assert items[2].text.startswith("With immediate effect, City of London Police")
    assert items[3].text.startswith("The National Police Chiefs’ Council’s lead for digital")
    assert items[4].text.startswith("The National Police Chiefs’ Council Coordinator")


def test_for_norfolk_only_the_afi_for_all_chief_constables_needs_an_answer() -> None:
    only_the_afi_for_all_chief_constables_needs_an_answer(items_of(OLD_TEMPLATE))


def only_the_afi_for_all_chief_constables_needs_an_answer(items: list[ProposedItem]) -> None:
    """The old template's whom-for, as the 2019 cyber response it follows has them (the same
    check runs on that seed in test_items.py)."""
    recommendation, afi1, afi2, afi3, afi4 = items
    assert afi1.directed_at is DirectedAt.ALL_CHIEF_CONSTABLES
    assert afi1.directed_at.needs_answer
    assert afi1.addressees == ("chief constables",)
    assert [item.directed_at for item in (recommendation, afi2, afi3, afi4)] == [
        DirectedAt.OTHERS
    ] * 4
    assert recommendation.addressees == (
        "Home Office",
        "Cabinet Office",
        "NPCC",
        "National Crime Agency",
    )
    assert afi2.addressees == ("City of London Police", "Home Office")
    assert afi3.addressees == afi4.addressees == ("NPCC",)


def test_old_template_items_keep_their_bullets_and_whole_wrapped_sentences() -> None:
    recommendation, _, afi2, afi3, _ = items_of(OLD_TEMPLATE)

    assert recommendation.text.endswith(
        "The plan should set out:\n"
        "• how many examiners forces and regional units will need over the next five years;\n"
        "• how their accreditation will be paid for;\n"
        "• which examinations are done locally, regionally and nationally; and\n"
        "• how devices are returned to their owners as soon as the evidence has been taken "
        "from them."
    )
    assert afi2.text.endswith("how it will stop such a backlog building up again.")
    assert afi3.text.count("\n• ") == 3
    assert "CHIEF CONSTABLE" not in afi3.text + recommendation.text


def test_for_city_of_london_police_its_own_afi_2_is_directed_at_the_force() -> None:
    items = items_of(OLD_TEMPLATE, "City of London Police")

    assert items[2].directed_at is DirectedAt.FORCE


def test_a_new_template_response_quotes_only_the_recommendation_for_chief_constables() -> None:
    # "The report makes six recommendations. One of them is for chief constables": only its
    # words are given; its quotation in the chief constable's response is the same item.
    (item,) = items_of(NEW_TEMPLATE)

    assert (item.kind, item.number) == (REC, "4")
    assert item.due == date(2024, 10, 31)
    assert item.directed_at is DirectedAt.ALL_CHIEF_CONSTABLES
    assert item.addressees == ("chief constables", "College of Policing")
    assert item.text == (
        "By 31 October 2024, chief constables should make sure that a detainee's medication is "
        "recorded when they arrive and given at the times it is due, and they should tell the "
        "College of Policing how they have done so. The College of Policing should include what "
        "forces tell it in its guidance on the safe detention of people in police custody."
    )


def test_a_peel_report_makes_two_afis_both_for_the_force() -> None:
    # One "Areas for improvement" box, two bullets long; "areas for improvement identified in
    # previous inspections" is prose, and the numbered annex is not a list of items.
    items = items_of(PEEL_REPORT)

    assert numbered(items) == [(AFI, "1"), (AFI, "2")]
    assert items[0].text == (
        "The force should make sure that supervisors review investigations involving "
        "vulnerable people regularly, and that their reviews are recorded."
    )
    assert items[1].text.startswith("The force should review how it uses domestic violence")
    assert items[1].text.endswith(
        "so that victims of domestic abuse are protected as well as they can be."
    )
    assert {item.directed_at for item in items} == {DirectedAt.FORCE}


FIRST_WORDS = [
    "“We welcome the work some licensing authorities",
    "“The late-night levy is little used",
    "“Forces should make sure that officers on duty",
    "“We recommend that the Government funds safe spaces",
    "“There is no national picture of violence",
    "“The Government should report back to the Committee",
]


def test_a_government_response_gives_its_recommendations_without_the_responses() -> None:
    items = items_of(GOVERNMENT_RESPONSE)

    assert numbered(items) == [(REC, str(n)) for n in range(1, 7)]
    for item, first_words in zip(items, FIRST_WORDS, strict=True):
        assert item.text.startswith(first_words)
    assert items[0].text.endswith(
        "we recommend that every licensing authority does the same.” (Paragraph 14)"
    )
    assert not any("Government response" in item.text for item in items)
    assert not any("Conclusion" in item.text for item in items)


def test_a_press_release_has_no_items() -> None:
    assert items_of(PRESS_RELEASE) == []
