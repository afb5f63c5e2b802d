"""The response document (docs/rules.md#r16): the 2024 seed entered through Slack, exported three ways."""

from __future__ import annotations

import dataclasses
import html
import io
import subprocess
from pathlib import Path

import docx
import pytest

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from tests.bot.items.steps import answer, confirm, items, paste_items, review
from tests.bot.responses.test_responses import press, receipt, say
from tests.bot.signoff.test_signoff import card, click, step_button
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.e2e import CHANNEL, Bot
from tests.handlers.test_inspections import form, submit
from tests.paths import REPOSITORY

TITLE = "Vetting and anti-corruption part 2: How effective is the National Crime Agency at dealing with corruption?"
FINDINGS = "This report is the second part of a two-part inspection, which examines how effectively the National Crime Agency (NCA) deals with the threat of corruption."
RECOMMENDATION = (
    "Recommendation 4: By 30 June 2024, chief constables should make sure they tell the National Crime Agency "
    "the outcome of investigations into suspicious activity reports relating to their force's personnel."
)
CC_RESPONSE = (
    "This was a two-part inspection. For the second part of their inspection HMICFRS examined how well the NCA:\n\n"
    "• helps police forces and other law enforcement bodies to identify corruption; and\n"
    "• works with them to tackle it.\n\n"
    "The Constabulary accepts this recommendation, and we are satisfied that we already comply with this requirement. "
    "See <https://www.nationalcrimeagency.gov.uk/what-we-do/crime-threats/money-laundering-and-illicit-finance/suspicious-activity-reports|Suspicious Activity Reports (SARs)>."
)
PCC_RESPONSE = (
    'I note the report entitled "Vetting and anti-corruption part 2" and *accept recommendation 4* of the report, '
    "which was the sole recommendation aimed at Chief Constables."
)
APPROVER = "U0APPROVE"
HEADINGS = [
    "Key findings",
    "Recommendations",
    "Areas for improvement",
    "Chief Constable response to report and any Recommendations/Areas for Improvement",
    "PCC response to report and any Recommendations/Areas for Improvement",
    "For Office Use Only",
]


def enter_the_2024_seed(bot: Bot, *, complete: bool = True) -> str:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER,), area="Norfolk"
    )
    values = form(
        **{
            ids.TITLE_BLOCK: {ids.TITLE_INPUT: {"type": "plain_text_input", "value": TITLE}},
            ids.FINDINGS_BLOCK: {
                ids.FINDINGS_INPUT: {"type": "plain_text_input", "value": FINDINGS}
            },
        }
    )
    submit(bot, values)
    bot.settle()
    card_ts = bot.slack.wait_for("chat.postMessage")[0].response["ts"]
    bot.command("none S55-1 afis")  # the 2024 report makes none, and someone says so
    for text in (CC_RESPONSE,):
        say(bot, card_ts, text)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    # Recommendation 4, the one directed at chief constables, as an item with its answer.
    confirm(bot, review(bot, paste_items(bot, card_ts, RECOMMENDATION)))
    [recommendation_4] = items(bot)
    answer(
        bot,
        recommendation_4.id,
        response="already_complies",
        action="Norfolk Constabulary already complies with this recommendation.",
    )
    say(bot, card_ts, PCC_RESPONSE)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    for step in DEFAULT_STEPS if complete else ():
        click(bot, card_ts, step_button(card(bot, card_ts), step))
    return card_ts


def uploaded(bot: Bot, card_ts: str) -> dict[str, bytes]:
    """The files in the card's thread, by name."""
    bot.settle()
    files = {}
    for message in bot.slack.messages[CHANNEL]:
        if message.get("thread_ts") == card_ts:
            for file in message.get("files", []):
                stored = bot.slack.files[file["id"]]
                files[stored["filename"]] = stored["data"]
    return files


def in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)


def test_the_finished_response_is_posted_in_the_thread_unasked(bot: Bot) -> None:
    card_ts = enter_the_2024_seed(bot)
    assert set(uploaded(bot, card_ts)) == {
        "S55-1-section-55-response-draft-for-publication.docx",  # at sign-off
        "S55-1-section-55-response-draft-for-publication.html",
        "S55-1-section-55-response.docx",
        "S55-1-section-55-response.html",
    }


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_each_format_has_every_section_in_the_templates_order(bot: Bot, fmt: str) -> None:
    card_ts = enter_the_2024_seed(bot)
    [reply] = bot.command(f"export S55-1 {fmt}")
    assert reply["text"] == f"Uploaded `S55-1-section-55-response.{fmt}` to the card's thread."
    data = uploaded(bot, card_ts)[f"S55-1-section-55-response.{fmt}"]
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
        assert headings == HEADINGS
        assert document.paragraphs[0].style.name == "Heading 1"
        office = "Norfolk's Office of the Police and Crime Commissioner"
        properties = document.core_properties
        assert (properties.author, properties.last_modified_by) == (office, office)
        assert properties.title.startswith("Norfolk's Police and Crime Commissioner (PCC)")
        bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
        assert bullets == [
            "helps police forces and other law enforcement bodies to identify corruption; and",
            "works with them to tackle it.",
        ]
        ticks = [p.text for p in document.paragraphs if p.text.startswith(("✓", "☐"))]
        assert ticks[-1] == "✓ Response published on the HMICFRS Monitoring Portal: 2 May 2024."
        text = "\n".join(p.text for p in document.paragraphs)
    else:
        text = html.unescape(data.decode()) if fmt == "html" else data.decode()
    in_order(
        text,
        [
            "Norfolk's Police and Crime Commissioner",
            "Section 55 of the Police Act 1996",
            "Inspection title",
            "Vetting and anti",
            "Date published",
            "30 April 2024",
            "Section 55 response deadline",
            "24 June 2024",
            *HEADINGS,
        ],
    )
    assert "There are no areas for improvement made." in text
    assert "Recommendation 4 (by 30 June 2024):" in text
    assert "Already complies" in text and "Norfolk Constabulary already complies" in text
    assert "The Constabulary accepts this recommendation" in text


def test_response_markup_becomes_lists_links_and_emphasis_in_html(bot: Bot) -> None:
    card_ts = enter_the_2024_seed(bot, complete=False)
    bot.command("export S55-1 html")
    page = uploaded(bot, card_ts)["S55-1-section-55-response.html"].decode()
    assert "<ul><li>helps police forces" in page
    assert (
        '<a href="https://www.nationalcrimeagency.gov.uk/what-we-do/crime-threats/money-laundering-and-illicit-finance/suspicious-activity-reports">Suspicious Activity Reports (SARs)</a>'
        in page
    )
    assert "<strong>accept recommendation 4</strong>" in page
    assert "☐ Response forwarded to the Chief Constable." in page


def test_user_text_renders_inert_in_html(bot: Bot) -> None:
    card_ts = enter_the_2024_seed(bot, complete=False)
    bot.command("revise S55-1 pcc")
    say(
        bot,
        card_ts,
        "&lt;script&gt;alert('x')&lt;/script&gt; <javascript:alert(1)|click me> <https://ok.example/|fine> \" onmouseover=\"x",
    )
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    bot.command("export S55-1 html")
    page = uploaded(bot, card_ts)["S55-1-section-55-response.html"].decode()
    assert (
        "<script" not in page
        and 'javascript:alert(1)"' not in page
        and 'href="javascript' not in page
    )
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "click me (javascript:alert(1))" in page  # shown as text, not a link
    assert '<a href="https://ok.example/">fine</a>' in page
    assert 'onmouseover="x' not in page


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("export", "Which inspection?"),
        ("export S55-1 pdf", "`pdf` is not a format I write"),
        ("export S55-9", "can't find an inspection"),
    ],
)
def test_export_refuses_what_it_cannot_do(bot: Bot, typed: str, says: str) -> None:
    bot.command("add Something | 30/04/2024")
    [reply] = bot.command(typed)
    assert says in reply["text"]


def test_the_html_renders_in_a_real_browser_with_a_screenshot_kept(
    bot: Bot, tmp_path: Path
) -> None:
    chromium = chromium_path()
    card_ts = enter_the_2024_seed(bot)
    page = tmp_path / "response.html"
    page.write_bytes(uploaded(bot, card_ts)["S55-1-section-55-response.html"])
    artifacts = REPOSITORY / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shot = artifacts / f"response-{bot.db.engine.dialect.name}.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1800",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_response_with_a_control_character_in_a_link_still_exports_to_word(bot: Bot) -> None:
    card_ts = enter_the_2024_seed(bot, complete=False)
    bot.command("revise S55-1 pcc")
    say(bot, card_ts, "See <https://ok.example/a\x01b|x> and <https://ok.example/c\u000bd|y>.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    [reply] = bot.command("export S55-1 docx")
    assert reply["text"] == "Uploaded `S55-1-section-55-response.docx` to the card's thread."
    data = uploaded(bot, card_ts)["S55-1-section-55-response.docx"]
    word = docx.Document(io.BytesIO(data))
    targets = [rel.target_ref for rel in word.part.rels.values() if rel.is_external]
    assert "https://ok.example/a%01b" in targets
    assert not [url for url in targets if any(ord(char) < 0x21 for char in url)]
