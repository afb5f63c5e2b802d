"""docs/rules.md#r8: what `/s55 add` and the modal accept, and the specific refusals."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import InvalidForm, InvalidInput
from bot.domain.inspection import InspectionType, link_key, parse_reference, title_key
from bot.domain.parsing import parse_add_command, parse_form, parse_published

TODAY = date(2024, 5, 2)  # a Thursday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("30 April 2024", date(2024, 4, 30)),
        ("30/04/2024", date(2024, 4, 30)),  # day first, as in the UK
        ("04/05/2023", date(2023, 5, 4)),
        ("24th October 2019", date(2019, 10, 24)),
        ("Tue 30 Apr 2024", date(2024, 4, 30)),
        ("2024-04-30", date(2024, 4, 30)),
        ("yesterday", date(2024, 5, 1)),
        ("today", date(2024, 5, 2)),
        ("last Tuesday", date(2024, 4, 30)),
        ("29 Feb 2024", date(2024, 2, 29)),
        ("30.4.24", date(2024, 4, 30)),
        ("30-04-2024", date(2024, 4, 30)),
        ("1st April 2024", date(2024, 4, 1)),
    ],
)
def test_published_dates_are_read_uk_day_first_with_relative_dates(
    typed: str, expected: date
) -> None:
    assert parse_published(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("banana", "couldn't read `banana` as a date"),
        ("31/02/2024", "not a date when read day first"),
        ("4/13/2024", "not a date when read day first"),  # never turned round US-style
        ("April 2024", "not a single day"),
        ("tomorrow", "in the future"),
        ("30 May 2024", "in the future"),
        ("1/1/1999", "looks like a typo"),
    ],
)
def test_unusable_dates_are_refused_with_a_specific_reason(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_published(typed, today=TODAY)


def test_add_reads_title_date_and_link() -> None:
    draft = parse_add_command(
        "Vetting and anti-corruption part 2 | 30 April 2024 | "
        "https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/",
        today=TODAY,
    )
    assert draft.title == "Vetting and anti-corruption part 2"
    assert draft.published == date(2024, 4, 30)
    assert draft.link == "https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/"
    assert draft.inspection_type is None  # not recorded: /s55 add never picks one silently


def test_add_undoes_slack_escaping_in_titles_and_links() -> None:
    draft = parse_add_command(
        "Vetting &amp; anti-corruption | 30/04/2024 | <https://example.org/report?a=1&amp;b=2|report>",
        today=TODAY,
    )
    assert draft.title == "Vetting & anti-corruption"
    assert draft.link == "https://example.org/report?a=1&b=2"


def test_the_link_is_optional() -> None:
    assert parse_add_command("PEEL 2023 | 30/04/2024", today=TODAY).link is None
    assert parse_add_command("PEEL 2023 | 30/04/2024 |  ", today=TODAY).link is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "needs a title"),
        (" | 30 April 2024", "needs a title"),
        ("Vetting part 2", "needs its publication date"),
        ("Vetting part 2 | ", "needs its publication date"),
        ("Vetting | part 2 | 30 April 2024 | https://example.org", "more than three parts"),
        ("Vetting part 2 | 30 April 2024 | ftp://example.org/r.pdf", "not a web link"),
        ("Vetting part 2 | 30 April 2024 | javascript:alert(1)", "not a web link"),
        ("Vetting part 2 | 30 April 2024 | www.example.org", "not a web link"),
        ("Vetting part 2 | in 3 days", "in the future"),
        ("Vetting part 2 | next week", "not a single day"),
        ("x" * 501 + " | 30 April 2024", "501 characters long"),
    ],
)
def test_add_refuses_bad_input_and_shows_the_right_form(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as refusal:
        parse_add_command(typed, today=TODAY)
    assert "/s55 add <title> | <published> [| <link>]" in refusal.value.reply


def test_a_title_is_kept_as_typed_with_only_slacks_escaping_undone() -> None:
    draft = parse_add_command("&lt;!channel&gt; urgent &amp;copy; *PEEL* | 30/04/2024", today=TODAY)
    assert draft.title == "<!channel> urgent &copy; *PEEL*"


@pytest.mark.parametrize("typed", ["!!!", "🚓", "\u2014 \u2013"])
def test_a_title_without_words_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="has no words in it"):
        parse_add_command(f"{typed} | 30/04/2024", today=TODAY)


def test_titles_match_whatever_their_case_spacing_or_punctuation() -> None:
    assert title_key("Vetting and Anti-Corruption,  Part 2") == title_key(
        "vetting and anti corruption part 2"
    )
    assert title_key("Part 2") != title_key("Part 3")


def test_links_match_whatever_their_host_case_fragment_or_trailing_slash() -> None:
    assert link_key("http://EXAMPLE.org/report/#top") == link_key("https://example.org/report")
    assert link_key("https://example.org/a") != link_key("https://example.org/b")
    assert link_key(None) is None


@pytest.mark.parametrize(
    ("typed", "number"),
    [("S55-7", 7), ("s55-12", 12), ("S55 7", 7), ("7", 7), ("S55-", None), ("PEEL", None)],
)
def test_references_are_read_leniently(typed: str, number: int | None) -> None:
    assert parse_reference(typed) == number


def test_the_form_reports_every_wrong_field_at_once() -> None:
    with pytest.raises(InvalidForm) as refusal:
        parse_form({"title": " ", "published": "2024-06-01", "link": "nope"}, today=TODAY)
    assert set(refusal.value.problems) == {"title", "published", "link"}
    assert "in the future" in refusal.value.problems["published"]


def test_the_form_builds_a_full_draft_and_never_takes_items_as_text() -> None:
    draft = parse_form(
        {
            "title": "Vetting and anti-corruption part 2",
            "published": "2024-04-30",
            "link": "https://example.org/r",
            "inspection_type": "National thematic",
            "key_findings": "Findings",
            # Recommendations and AFIs are items, given in the thread: a form never holds them.
            "recommendations": "Recommendation 4",
            "areas_for_improvement": None,
        },
        today=TODAY,
    )
    assert draft.inspection_type is InspectionType.NATIONAL_THEMATIC
    assert draft.key_findings == "Findings"
    assert draft.recommendations == "" and draft.areas_for_improvement == ""


def test_the_form_refuses_an_unknown_type_and_over_long_text() -> None:
    with pytest.raises(InvalidForm) as refusal:
        parse_form(
            {
                "title": "T",
                "published": "2024-04-30",
                "inspection_type": "Made up",
                "key_findings": "x" * 3001,
            },
            today=TODAY,
        )
    assert set(refusal.value.problems) == {"inspection_type", "key_findings"}


@pytest.mark.parametrize(
    "typed",
    [
        "https://x.example/a&gt;&lt;!channel&gt;",  # as Slack delivers `a><!channel>`
        "https://x.example/a<!subteam^S1|@team>",  # a real user-group mention typed after it
        "https://x.example/a&lt;b",
        "https://x.example/a b",
        "https://x.example/a\tb",
        "https://ok.example/a\u000bb",
        "https://x.example/a\x01b",
        "https://x.example/a\x00b",
        "https://x.example/a\u202eb",
    ],
)
def test_a_link_with_markup_whitespace_or_control_characters_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match="cannot contain") as refusal:
        parse_add_command(f"Vetting report | 1 May 2024 | {typed}", today=TODAY)
    assert "/s55 add <title> | <published> [| <link>]" in refusal.value.reply


def test_a_link_slack_wrapped_in_angle_brackets_is_still_accepted() -> None:
    draft = parse_add_command(
        "Vetting | 1 May 2024 | <https://example.org/a?b=1&amp;c=2|example.org/a>", today=TODAY
    )
    assert draft.link == "https://example.org/a?b=1&c=2"


def test_a_modal_link_with_a_mention_in_it_is_refused_in_the_form() -> None:
    with pytest.raises(InvalidForm) as refusal:
        parse_form(
            {"title": "T", "published": "2024-05-01", "link": "https://x.example/<!subteam^S1>"},
            today=TODAY,
        )
    assert set(refusal.value.problems) == {"link"}
    assert "cannot contain" in refusal.value.problems["link"]
