"""The document says how many recommendations the report makes only when the office recorded
that its list is the report's complete list (docs/rules.md#r17), told as the 2024
response's story: first only Recommendation 4 is recorded, as the office's response quoted it;
later all five, marked as the report's complete list; then corrected from /s55 recs."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re

import docx

from bot import ids
from tests.bot.exports.test_export import uploaded
from tests.bot.items.steps import EDITOR, answer, confirm, items, listing, paste_items, review
from tests.bot.responses.test_responses import log_inspection, receipt, say
from tests.e2e import CHANNEL, Bot
from tests.fixtures import fixture_text

AS_RESPONDED = fixture_text("recommendations-2024-as-responded.txt")
ALL_FIVE = fixture_text("recommendations-2024-all-five.txt")
# A sentence that states how many the report makes ("… were made within the report", "The
# report made five …"), in any of the three formats.
CLAIMS_A_TOTAL = re.compile(
    r"made within the report|report (?:made|makes) \w+ recommendation", re.I
)


def documents(bot: Bot, card_ts: str) -> dict[str, str]:
    """The response exported in each format, as text."""
    texts = {}
    for fmt in ("md", "html", "docx"):
        bot.command(f"export S55-1 {fmt}")
        data = uploaded(bot, card_ts)[f"S55-1-section-55-response.{fmt}"]
        if fmt == "docx":
            word = docx.Document(io.BytesIO(data))
            texts[fmt] = "\n".join(p.text for p in word.paragraphs)
        else:
            texts[fmt] = html.unescape(data.decode()) if fmt == "html" else data.decode()
    return texts


def recommendations_section(text: str) -> str:
    start = text.index("Recommendations\n") if "Recommendations\n" in text else 0
    end = text.index("Areas for improvement", start)
    return text[start:end]


def paste_more(bot: Bot, card_ts: str, text: str) -> dict:
    """With items on record, /s55 recs lists them; its button asks for more in the thread."""
    more = next(
        e
        for b in listing(bot)["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.ASK_FOR_ITEMS
    )
    bot.send.button_click(action_id=ids.ASK_FOR_ITEMS, value=more["value"], channel_id=CHANNEL)
    bot.settle()
    say(bot, card_ts, text, user="U0OFFICER")
    return receipt(bot, card_ts)


def norfolk(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(bot.services.settings, area="Norfolk")
    return bot


def test_only_recommendation_4_recorded_makes_no_claim_about_the_reports_total(bot: Bot) -> None:
    card_ts = log_inspection(norfolk(bot))
    form = review(bot, paste_items(bot, card_ts, AS_RESPONDED))
    extent = next(b for b in form["blocks"] if b["block_id"] == ids.LIST_EXTENT_BLOCK)
    assert [o["value"] for o in extent["element"]["options"]] == ["recommendation"]
    assert not extent["element"].get("initial_options")  # nobody has said it is complete
    confirm(bot, form)  # Record them, the box left unticked
    [recommendation_4] = items(bot)
    answer(bot, recommendation_4.id, response="already_complies", action="We already comply.")

    for fmt, text in documents(bot, card_ts).items():
        section = recommendations_section(text)
        assert not CLAIMS_A_TOTAL.search(section), (fmt, section)
        assert "1 recommendation" not in section and "five" not in section.lower(), fmt
        assert (
            "The recommendation directed at all chief constables is set out below with the same "
            "numbering as the report, followed by the response to it. Only those relevant to the "
            "force are listed."
        ) in " ".join(section.split()).replace("\\", ""), fmt
        assert "Recommendation 4 (by 30 June 2024):" in section.replace("\\", ""), fmt


def test_all_five_marked_complete_say_five_with_one_directed_at_the_force(bot: Bot) -> None:
    card_ts = log_inspection(norfolk(bot))
    confirm(bot, review(bot, paste_items(bot, card_ts, AS_RESPONDED)))
    [recommendation_4] = items(bot)
    answer(bot, recommendation_4.id, response="already_complies", action="We already comply.")

    form = review(bot, paste_more(bot, card_ts, ALL_FIVE))
    confirm(bot, form, complete=("recommendation",))
    stored = sorted(items(bot), key=lambda i: i.position)
    assert [(i.number, i.directed_at) for i in stored] == [
        ("1", "others"),
        ("2", "others"),
        ("3", "others"),
        ("4", "all_chief_constables"),
        ("5", "others"),
    ]
    assert stored[3].id == recommendation_4.id and stored[3].answers  # its answer stands

    for fmt, text in documents(bot, card_ts).items():
        section = " ".join(recommendations_section(text).split()).replace("\\", "")
        assert (
            "Five recommendations were made within the report, one of which was directed at all "
            "chief constables. It is set out below with the same numbering as the report, "
            "followed by the response to it."
        ) in section, fmt
        assert "listed for completeness" in section, fmt  # the other four: the list is whole
        for number in ("1", "2", "3", "5"):
            assert f"Recommendation {number}" in section, (fmt, number)


def test_the_list_is_marked_complete_or_not_later_from_s55_recs_and_audited(bot: Bot) -> None:
    card_ts = log_inspection(norfolk(bot))
    confirm(bot, review(bot, paste_items(bot, card_ts, ALL_FIVE)))  # not ticked
    assert not CLAIMS_A_TOTAL.search(recommendations_section(documents(bot, card_ts)["md"]))

    def mark(complete: bool) -> str:
        row = next(
            b
            for b in listing(bot)["blocks"]
            if b.get("block_id") == f"{ids.LIST_EXTENT_ROW_PREFIX}recommendation"
        )
        button = row["accessory"]
        assert button["value"] == f"1:recommendation:{'complete' if complete else 'partial'}"
        before = len(bot.slack.calls_to("response_url"))
        bot.send.button_click(
            action_id=ids.LIST_EXTENT_BUTTON,
            value=button["value"],
            user_id=EDITOR,
            channel_id=CHANNEL,
        )
        bot.settle()
        return bot.slack.wait_for("response_url", count=before + 1)[-1].args["text"]

    assert mark(True) == "Recorded: the recommendations of S55-1 listed are all the report's."
    said = recommendations_section(documents(bot, card_ts)["md"])
    assert "Five recommendations were made within the report" in said
    assert mark(False) == (
        "Recorded: the recommendations of S55-1 listed are only those relevant to the force."
    )
    assert not CLAIMS_A_TOTAL.search(recommendations_section(documents(bot, card_ts)["md"]))

    bot.command("history S55-1")
    history = bot.slack.calls_to("response_url")[-1].args["text"]
    assert "recorded that the recommendations listed are all the report's" in history
    assert "recorded that the recommendations listed are only those relevant to the force" in (
        history
    )
    assert "{" not in history


def test_a_forged_list_button_is_refused_and_changes_nothing(bot: Bot) -> None:
    card_ts = log_inspection(norfolk(bot))
    confirm(bot, review(bot, paste_items(bot, card_ts, AS_RESPONDED)))
    for value in ("1:recommendation:complete:x", "1:finding:complete", "1:afi:maybe", "x:afi:c"):
        before = len(bot.slack.calls_to("response_url"))
        bot.send.button_click(action_id=ids.LIST_EXTENT_BUTTON, value=value, channel_id=CHANNEL)
        bot.settle()
        said = bot.slack.wait_for("response_url", count=before + 1)[-1].args["text"]
        assert said.startswith("That button doesn't belong to anything I keep"), said
    shown = json.dumps(listing(bot)["blocks"])
    assert "These are only the recommendations relevant to the force" in shown  # as recorded
