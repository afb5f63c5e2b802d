"""docs/rules.md#r6: the layouts an independent evaluation on real public texts found the
reader failing on, pattern by pattern, each in a few lines of our own (with variations, so that
the rule is the layout's and not one text's), and what a person should get from it.

The public pages each layout follows (read, not copied; the whole fixtures are in
tests/bot/domain/item_formats.py, ``PAGE_FORMATS``):

* the HMICFRS recommendation register: theme listings
  (https://www.justiceinspectorates.gov.uk/hmicfrs/?recommendation-theme=plan, …=harm,
  …=procurement, …=stop-search: the report's title with the entry's id in brackets, the entry,
  its log as "[on]27th March 2014 [status]awaiting-review[/status][/on]", comments, closing
  sentences, signatures) and entry pages (…/hmicfrs/recommendation/cleveland/7476/,
  …/hampshire/8787/, …/west-midlands/8796/, …/humberside/88/: "404 Page not found" and the
  address above the entry, "Cause of concern" with its recommendations as run-together "•"
  bullets, "1.By July 2018" with no space after the stop);
* a tracker's listing of a PEEL 2023-25 report
  (https://www.inquirytracker.uk/sources/hmicfrs/report/peel-2023-25-cleveland/): each item a
  title line, a paragraph explaining it, the force it applies to on a line of its own;
* a press release as a news site carries it, hard-wrapped
  (https://www.parliamenttoday.com/members/viewnews.html?id=139261): "Inspectors found that:"
  and its findings, "HMICFRS has recommended that by March 2023, all police forces should
  ensure that:" and its bullets;
* a document site's transcript of an HMIC PDF (https://fdocuments.us/document/police-integrity-
  and-corruption-justice-inspectorates-corruption-unit-investigation.html): "Page 4: <title>"
  above each page, a contents list ending "Recommendations 19";
* PCC s.55 response pages that quote an item in a sentence
  (https://surrey-pcc.gov.uk/statutory-response/surrey-pcc-response-to-hmicfrs-report-the-hard-
  yards-police-to-police-collaboration; the Warwickshire PCC's response to its vetting and
  counter-corruption inspection).
"""

from __future__ import annotations

import pytest

from bot import copy
from bot.domain.item_words import direction_of
from bot.domain.items import DirectedAt, DoubtKind, ItemKind, read_items, split_items
from bot.domain.report_text import report_lines

REC, AFI, COC = ItemKind.RECOMMENDATION, ItemKind.AFI, ItemKind.CAUSE_OF_CONCERN
FORCE = "Wessex Police"
ALL = DirectedAt.ALL_CHIEF_CONSTABLES


def found(text: str, **kwargs: object) -> list[tuple[str, str, str]]:
    return [
        (i.kind.value, i.number, " ".join(i.text.split()))
        for i in split_items(text, force_name=FORCE, **kwargs)  # type: ignore[arg-type]
    ]


def doubts(text: str) -> list[DoubtKind]:
    return [d.kind for d in read_items(text, force_name=FORCE).doubts]


ITEM = "With immediate effect, all forces should check that every patrol plan names a supervisor."
WORDS = " ".join(ITEM.split())


# --- register entries: a title line, the log, page junk -------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Patrol Matters: a look at neighbourhood patrols (5120)",
        "PEEL: police effectiveness 2016 (8830)",
        "\u2018Forgotten victims\u2019 \u2013 the police response to fraud (77)",
    ],
)
def test_a_register_title_with_its_entry_id_stands_above_a_lone_item(title: str) -> None:
    text = f"{title}\n\n{ITEM}\n\n[on]3rd March 2016 [status]awaiting-review[/status][/on]\n"

    (item,) = split_items(text, force_name=FORCE)

    assert (item.kind, item.number, item.text, item.directed_at) == (REC, "1", ITEM, ALL)


def test_each_entry_of_a_register_listing_is_an_item_and_no_log_is() -> None:
    text = (
        "Patrol Matters (5120)\n\n"
        f"{ITEM}\n\n"
        "[on]3rd March 2016 [status]awaiting-review[/status][/on][on]1st May 2017 [comment]\n\n"
        "The force should have done this sooner, but it now has.\n\n"
        "[/comment][/on]\n\n"
        "Patrol Matters (5121)\n\n"
        "Within six months, chief constables should publish their patrol plans.\n\n"
        "[on]3rd March 2016\n\n"
        "The status of this recommendation is being reviewed.\n"
    )

    assert found(text) == [
        ("recommendation", "1", WORDS),
        (
            "recommendation",
            "2",
            "Within six months, chief constables should publish their patrol plans.",
        ),
    ]


def test_a_title_with_a_number_in_brackets_is_an_entrys_only_on_a_registers_page() -> None:
    log = "[on]3rd March 2016 [status]awaiting-review[/status][/on]"
    assert found(f"Patrol Matters (2015)\n\n{ITEM}\n\n{log}") == [("recommendation", "1", WORDS)]
    # Elsewhere it is a heading (a count, a year): what follows is in no list, and said so.
    read = read_items(f"Annual report (2015)\n\n{ITEM}", force_name=FORCE)
    assert read.items == []
    assert [d.kind for d in read.doubts] == [DoubtKind.LOOKS_LIKE_AN_ITEM]
    # …and a heading with a count of two figures is a heading, on any page.
    text = f"Areas for improvement (12)\n\n• The force should act.\n\n{log}"
    assert found(text) == [("afi", "1", "The force should act.")]


def test_a_forces_name_that_ends_an_items_sentence_is_its_words() -> None:
    text = (
        "Recommendations\n"
        "1. Within six months, the force should agree how it shares missing children cases with\n"
        "Warwickshire Police\n"
        "2. The force should review its risk grading.\n"
    )

    assert [t for _k, _n, t in found(text)] == [
        "Within six months, the force should agree how it shares missing children cases with "
        "Warwickshire Police",
        "The force should review its risk grading.",
    ]


@pytest.mark.parametrize(
    "log",
    [
        "[on]5th May 2016 [status]awaiting-review[/status][/on][on]1st June 2017 [comment]",
        "[on]4th September 2014",
        "[/comment][/on][on]30th August 2017 [status]no-further-action-needed[/status][/on]",
        "I am content that this recommendation is complete.",
        "I am satisfied that the terms of this recommendation have been properly addressed.",
        "This recommendation is complete",
        "The force has responded positively to this recommendation and has achieved it.",
    ],
)
def test_a_registers_log_or_verdict_ends_the_item_and_what_follows_is_not_one(log: str) -> None:
    text = (
        f"{ITEM}\n\n{log}\n\nThe force should train its handlers, and it has.\n\n"
        "I am content that this recommendation is complete.\n\nA. Inspector\n"
    )

    assert found(text) == [("recommendation", "1", WORDS)]


def test_log_markup_on_the_items_own_line_still_ends_it() -> None:
    text = f"{ITEM}[on]5th May 2016 [status]awaiting-review[/status][/on]\nThe force says done."

    assert found(text) == [("recommendation", "1", WORDS)]


@pytest.mark.parametrize(
    "junk",
    [
        "404 Page not found",
        "Page not found",
        "Error 404",
        "Skip to content",
        "https://www.justiceinspectorates.gov.uk/hmicfrs/recommendation/wessex/9001/",
        "Skip to content\nText size: A A A\nOpen Menu",
    ],
)
def test_what_a_web_page_puts_above_an_item_is_not_its_words(junk: str) -> None:
    assert found(f"{junk}\n\n\n{ITEM}\n") == [("recommendation", "1", WORDS)]


# --- numbers, bullets, contents, transcripts --------------------------------------------------
@pytest.mark.parametrize("first, second", [("1.By", "2.By"), ("1)By", "2)By"), ("1.By", "2. By")])
def test_a_number_with_no_space_after_its_stop_is_a_number(first: str, second: str) -> None:
    text = (
        "To address this we recommend that:\n\n"
        f"{first} May 2019, all forces should record every road check so that they know:\n\n"
        "•where checks are made; •who is stopped.\n\n"
        f"{second} May 2019, forces should publish what they find.\n"
    )

    items = split_items(text, force_name=FORCE)

    assert [(i.number, i.text) for i in items] == [
        (
            "1",
            "By May 2019, all forces should record every road check so that they know:\n"
            "• where checks are made;\n• who is stopped.",
        ),
        ("2", "By May 2019, forces should publish what they find."),
    ]
    assert all(i.directed_at is ALL for i in items)


def test_bullets_run_together_on_one_line_are_one_line_each() -> None:
    lines = [
        line.text
        for line in report_lines("• one; • two; and •three\nRecommendation • The force should act.")
    ]

    assert lines == ["• one;", "• two; and", "• three", "Recommendation • The force should act."]


@pytest.mark.parametrize(
    "entry", ["Recommendations 19", "Areas for improvement 21", "Causes of concern 7"]
)
def test_a_contents_line_is_never_a_label(entry: str) -> None:
    text = (
        f"Contents\n\nIntroduction 4\n\n{entry}\n\n"
        "Page 4: Integrity and Corruption \u2013 Wessex Police\n\nIntroduction\n\n"
        "In 2015 we looked at how the force manages integrity.\n"
    )

    assert found(text) == []


def test_a_transcripts_page_headers_are_furniture_and_its_items_are_read() -> None:
    header = "Page 9: Custody Services in Wessex - Justice Inspectorates · an inspection of custody"
    text = (
        "Contents\n\nRecommendations 9\n\n"
        f"{header}\n\n9\n\nRecommendations\n\n1. The force should clean every cell.\n\n"
        f"{header.replace('9', '10', 1)}\n\n10\n\n2. The force should review its healthcare.\n"
    )

    assert found(text) == [
        ("recommendation", "1", "The force should clean every cell."),
        ("recommendation", "2", "The force should review its healthcare."),
    ]
    assert [line.furniture for line in report_lines(header)] == [True]


def test_a_label_outside_a_contents_list_is_still_a_label() -> None:
    assert found("Recommendation 19\nThe force should act.") == [
        ("recommendation", "19", "The force should act.")
    ]


# --- causes of concern -----------------------------------------------------------------------
FINDING = "The force's handling of stalking reports is poor. Too few cases are investigated."


@pytest.mark.parametrize(
    "bullets",
    [
        "• The force should review every open case. • The force should train its supervisors.",
        "• The force should review every open case.\n• The force should train its supervisors.",
        "- The force should review every open case.\n- The force should train its supervisors.",
    ],
)
def test_bullets_straight_under_a_cause_of_concern_are_its_recommendations(bullets: str) -> None:
    text = (
        f"Cause of concern\n\n{FINDING}\n\n{bullets}\n\n"
        "The force has acted on this and all open cases were reviewed by March.\n"
    )

    items = split_items(text, force_name=FORCE)

    assert [(i.kind, i.number, i.under) for i in items] == [
        (COC, "1", None),
        (REC, "1", "1"),
        (REC, "2", "1"),
    ]
    assert items[0].text == FINDING
    assert items[2].text == "The force should train its supervisors."


def test_a_finding_that_opens_the_forces_response_to_is_the_cause_of_concern() -> None:
    text = (
        "Cause of concern\n"
        "The force's response to people reported missing is a cause of concern.\n"
        "Recommendations\n"
        "The force should immediately review how it grades risk for missing people.\n"
    )

    assert [(i.kind, i.number, i.under) for i in split_items(text, force_name=FORCE)] == [
        (COC, "1", None),
        (REC, "1", "1"),
    ]


@pytest.mark.parametrize(
    "response",
    ["Force response: accepted.", "Chief Constable's response", "The force's response:"],
)
def test_a_response_heading_still_ends_the_item(response: str) -> None:
    text = f"Recommendation 1\nThe force should act.\n{response}\nThe force should note it.\n"

    assert found(text) == [("recommendation", "1", "The force should act.")]


@pytest.mark.parametrize(
    "text",
    [
        "We are concerned that forces cannot show that road checks are fair. To address this "
        "cause of concern we recommend that:\n",
        "HMICFRS is concerned that forces cannot show that road checks are fair.\n\n"
        "To address this cause of concern HMICFRS recommends that:\n",
        "The inspectorate is concerned that forces cannot show that road checks are fair. To\n"
        "address this cause of concern, the inspectorate recommends that:\n",
    ],
)
def test_a_cause_of_concern_with_no_heading_is_read_with_its_recommendations(text: str) -> None:
    text += (
        "1. By May 2019, all forces should record every road check.\n"
        "2. By May 2019, all forces should publish a yearly analysis of road checks.\n"
    )

    items = split_items(text, force_name=FORCE)

    assert [(i.kind, i.number, i.under, i.directed_at) for i in items] == [
        (COC, "1", None, ALL),  # for whom its recommendations are: answered with them
        (REC, "1", "1", ALL),
        (REC, "2", "1", ALL),
    ]
    assert items[0].text.endswith("cannot show that road checks are fair.")
    assert "address" not in items[0].text


def test_a_concern_in_prose_with_no_recommendations_after_it_is_not_a_cause_of_concern() -> None:
    text = (
        "Summary\nWe are concerned that the force is putting the public at risk.\n"
        "Areas for improvement\n• The force should act.\n"
    )

    assert found(text) == [("afi", "1", "The force should act.")]


# --- a tracker's items: the force it applies to, the title line -----------------------------
EXPLANATION = (
    "When a caller has rung before, call handlers do not always see it, and so they cannot "
    "judge the risk; in the calls we listened to this happened in about a third of cases."
)


def test_the_force_an_item_applies_to_is_not_the_next_items_first_words() -> None:
    text = (
        "Areas for Improvement (2)\n"
        "Wessex Police should improve how it records repeat callers.\n"
        "Wessex Police\n"
        "Wessex Police needs to answer non-emergency calls more quickly.\n"
        "Wessex Police\n"
    )

    assert found(text) == [
        ("afi", "1", "Wessex Police should improve how it records repeat callers."),
        ("afi", "2", "Wessex Police needs to answer non-emergency calls more quickly."),
    ]


def test_an_item_set_out_as_a_title_line_is_the_title_and_the_receipt_says_so() -> None:
    text = (
        "Areas for Improvement (1)\n"
        "Wessex Police should improve how it records repeat callers\n"
        f"{EXPLANATION}\nWessex Police\n"
    )

    read = read_items(text, force_name=FORCE)

    assert [i.text for i in read.items] == [
        "Wessex Police should improve how it records repeat callers"
    ]
    (doubt,) = read.doubts
    assert doubt.kind is DoubtKind.TITLE_ONLY
    assert "I took the title alone" in copy.items_doubt(doubt.kind.value, 1, doubt.example)


def test_each_title_line_read_alone_is_counted_in_one_doubt() -> None:
    text = (
        "Areas for Improvement (2)\n"
        f"Wessex Police should improve how it records repeat callers\n{EXPLANATION}\n"
        f"Wessex Police\nWessex Police needs to answer calls more quickly\n{EXPLANATION}\n"
    )

    (doubt,) = read_items(text, force_name=FORCE).doubts

    assert (doubt.kind, doubt.count) == (DoubtKind.TITLE_ONLY, 2)
    said = copy.items_doubt(doubt.kind.value, doubt.count, doubt.example)
    assert said.startswith("Area for improvement 1 (and 1 more like it) was set out as a title")


def test_an_item_written_as_sentences_keeps_the_paragraph_after_it() -> None:
    # A full stop: the item is its sentences, and a paragraph after it goes on (Edit, or
    # Split, in Review if it is the report's explanation rather than the item's words).
    text = (
        "Areas for Improvement (1)\n"
        f"Wessex Police should improve how it records repeat callers.\n{EXPLANATION}\n"
    )

    (item,) = split_items(text, force_name=FORCE)

    assert (
        item.text == f"Wessex Police should improve how it records repeat callers.\n\n{EXPLANATION}"
    )


def test_in_a_typeset_text_a_line_with_no_stop_runs_on_into_the_next() -> None:
    # A PDF's line ends are the typesetter's: "…works with the Crown" / "Prosecution Service".
    text = (
        "Areas for improvement\n"
        "• The force should make sure that its officers record crime in line with the\n"
        "rules, and that supervisors check a sample of records each month to find the\n"
        "ones that are wrong. The force should improve the way it works with the Crown\n"
        "Prosecution Service on files that are sent back.\n"
    )

    (item,) = split_items(text, force_name=FORCE)

    assert item.text.endswith("with the Crown Prosecution Service on files that are sent back.")


# --- lead-ins that say who reports the recommendation; findings -----------------------------
@pytest.mark.parametrize(
    "lead_in",
    [
        "The inspectorate has recommended that by June 2024, all police forces should make "
        "sure that:",
        "HMICFRS recommends that by June 2024, all police forces should make sure that:",
        "We recommend that, by June 2024, chief constables should make sure that:",
        "We recommend that chief constables:",
        "His Majesty's Inspector of Constabulary has recommended that chief constables:",
    ],
)
def test_a_reporting_lead_in_keeps_its_bullets_as_one_item(lead_in: str) -> None:
    text = f"{lead_in}\n- scene advice follows national guidance; and\n- cases are supervised.\n"

    (item,) = split_items(text, force_name=FORCE)

    assert item.text.startswith(lead_in) and item.text.count("\n• ") == 2
    assert item.directed_at is ALL


@pytest.mark.parametrize(
    "intro", ["Inspectors found that:", "We found:", "Our findings were:", "In particular:"]
)
def test_findings_after_a_lead_in_that_says_what_was_found_are_not_items(intro: str) -> None:
    text = (
        f"{intro}\n"
        "- forces are missing chances to catch\nburglars;\n"
        "- victims are not told how to keep evidence safe.\n"
        "HMICFRS recommends that by June 2024, all police forces should make sure that:\n"
        "- scene advice follows national guidance; and\n"
        "- these cases are properly supervised.\n"
    )

    (item,) = split_items(text, force_name=FORCE)

    assert item.text.startswith("HMICFRS recommends") and "burglars" not in item.text
    assert item.due is not None and item.due.isoformat() == "2024-06-30"


def test_bullets_that_say_who_should_act_after_a_finding_lead_in_are_items() -> None:
    text = (
        "Areas for improvement\nWe found two areas where the force should improve:\n"
        "• The force should improve crime recording.\n• The force should review call handling.\n"
    )

    assert [n for _k, n, _t in found(text)] == ["1", "2"]


def test_a_full_line_of_a_typeset_text_is_not_taken_for_a_heading() -> None:
    text = (
        "The police response to burglary is not consistently good enough, and victims\n"
        "face a lottery, the inspectorate has said in a report published today.\n"
        "His Majesty's Inspectorate of Constabulary and Fire & Rescue\n"
        "Services has looked at how forces investigate burglary.\n"
        "HMICFRS has recommended that by March 2023, all police forces\n"
        "should ensure that:\n"
        "- scene management follows national guidance; and\n"
        "- investigations are supervised.\n"
    )

    (item,) = split_items(text, force_name=FORCE)

    assert item.text.startswith("HMICFRS has recommended") and item.directed_at is ALL


# --- whom an item is for: subjects in a clause -----------------------------------------------
@pytest.mark.parametrize(
    ("words", "directed", "sure"),
    [
        (
            "Not later than 31 March 2016 those forces using a call-grading policy, that have "
            "not yet done so, should give call handlers clear criteria.",
            ALL,
            True,
        ),
        ("Where forces identify disparities, they should explain them to the public.", ALL, True),
        ("If forces haven't yet set up a tracker, they should use the national one.", ALL, True),
        (
            "By July 2018, and ongoing following that date, forces should train every officer.",
            ALL,
            True,
        ),
        (
            "Forces using body-worn video, if they have not yet done so, should publish it.",
            ALL,
            True,
        ),
        ("We expect forces to publish this analysis every year.", ALL, True),
        (
            "When the Home Office has consulted, it should publish the guidance.",
            DirectedAt.OTHERS,
            True,
        ),
        ("Where a force finds a gap, it should close it.", DirectedAt.FORCE, False),
        ("Review the custody contract.", DirectedAt.FORCE, False),
    ],
)
def test_who_acts_is_read_from_a_subject_inside_a_clause(
    words: str, directed: DirectedAt, sure: bool
) -> None:
    direction = direction_of(words, force_name=FORCE)

    assert (direction.directed_at, direction.sure) == (directed, sure)


# --- one recommendation in several paragraphs ------------------------------------------------
TWO_PARAGRAPHS = (
    "By September 2015, every police force should publish a plan to improve its response to "
    "stalking.\n\n"
    "Chief officers in each force should oversee the plan personally. Police and crime "
    "commissioners should hold forces to account for it.\n"
)


def test_a_register_entrys_paragraphs_are_one_recommendation_and_the_other_actor_is_said() -> None:
    log = "[on]2nd April 2015 [status]awaiting-review[/status][/on]"
    text = f"Stalking (3140)\n\n{TWO_PARAGRAPHS}\n{log}"

    read = read_items(text, force_name=FORCE)

    (item,) = read.items
    assert item.text.endswith("hold forces to account for it.")
    (two,) = [d for d in read.doubts if d.kind is DoubtKind.MAY_BE_TWO]
    said = copy.items_doubt(two.kind.value, two.count, two.example)
    assert said.startswith("Recommendation 1 runs over several paragraphs")
    assert "Chief officers in each force should oversee" in said


def test_unnumbered_paragraphs_naming_different_actors_are_items_and_may_be_joined() -> None:
    read = read_items(TWO_PARAGRAPHS, force_name=FORCE)

    assert [i.number for i in read.items] == ["1", "2"]
    assert DoubtKind.MAY_CONTINUE in [d.kind for d in read.doubts]


def test_unnumbered_paragraphs_with_the_same_subject_are_items_with_no_doubt_of_joining() -> None:
    text = "The force should review its vetting.\n\nThe force should publish its plan.\n"

    read = read_items(text, force_name=FORCE)

    assert [i.number for i in read.items] == ["1", "2"]
    assert DoubtKind.MAY_CONTINUE not in [d.kind for d in read.doubts]


# --- an item quoted in prose; how sure the reading is ----------------------------------------
@pytest.mark.parametrize("open_, close", [("\u201c", "\u201d"), ('"', '"')])
def test_an_item_quoted_inside_a_paragraph_is_said_not_read(open_: str, close: str) -> None:
    text = (
        f"{open_}I welcome the report. It made one area for improvement for chief constables: "
        f"{open_}If forces have not yet set up a way to track the benefits of their "
        f"partnerships, they should use the national method{close}. This is noted.\n"
        "The inspection said the force "
        f"{open_}has some of the characteristics of good performance, but the force should "
        f"make improvements{close}.\n"
    )

    read = read_items(text, force_name=FORCE)

    assert read.items == [] and read.reviewable
    (quoted,) = read.doubts
    assert quoted.kind is DoubtKind.QUOTED and quoted.example.startswith("If forces have not")


@pytest.mark.parametrize(
    ("text", "sure"),
    [
        ("Recommendation 1\nThe force should act.", True),
        ("Areas for improvement\n• The force should act.", True),
        (ITEM, False),  # no label, number or heading: taken from its words alone
    ],
)
def test_the_reading_is_sure_only_of_items_labelled_numbered_or_under_a_heading(
    text: str, sure: bool
) -> None:
    read = read_items(text, force_name=FORCE)

    assert read.sure is sure
    assert (DoubtKind.UNLABELLED in [d.kind for d in read.doubts]) is not sure


def test_an_item_over_a_line_that_looks_like_a_log_says_where_to_check() -> None:
    text = "Recommendation 1\nThe force should act.\n12th May 2016 awaiting review by HMIC\n"

    read = read_items(text, force_name=FORCE)

    (log,) = [d for d in read.doubts if d.kind is DoubtKind.RUNS_OVER_LOG]
    said = copy.items_doubt(log.kind.value, log.count, log.example)
    assert said == (
        "Recommendation 1 runs over a line that looks like a status log or a comment "
        "(“12th May 2016 awaiting review by HMIC”): check where it ends, and *Edit* it in Review"
    )


def test_in_a_text_with_no_heading_a_finding_that_says_needs_to_is_a_doubt_not_an_item() -> None:
    text = (
        "The force needs to improve how it investigates crime. It does not have enough "
        "detectives, and its supervisors do not check investigations often enough.\n"
    )

    read = read_items(text, force_name=FORCE)

    assert read.items == []
    assert [d.kind for d in read.doubts] == [DoubtKind.LOOKS_LIKE_AN_ITEM]


def test_a_bulleted_list_with_no_full_stops_ends_where_a_paragraph_follows() -> None:
    # A web page's list items often have no stop; the paragraph after the list is not the
    # last item's words, and there is no explanation left out to speak of.
    text = (
        "Areas for improvement\n"
        "• The force should improve its crime recording\n"
        "• The force should review how it deals with repeat victims\n"
        "We found that the force has improved since our last inspection, and it now records "
        "most crimes within a day of the report, though some victims still wait too long.\n"
    )

    read = read_items(text, force_name=FORCE)

    assert [i.text for i in read.items] == [
        "The force should improve its crime recording",
        "The force should review how it deals with repeat victims",
    ]
    assert read.doubts == []


def test_a_reported_recommendation_is_one_even_in_the_areas_for_improvement_thread() -> None:
    text = (
        "HMICFRS has recommended that by March 2023, all police forces should ensure that:\n"
        "- scene management follows national guidance; and\n- investigations are supervised.\n"
    )

    (item,) = split_items(text, force_name=FORCE, default_kind=AFI)

    assert (item.kind, item.number) == (REC, "1")
