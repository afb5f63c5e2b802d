"""Long sections through the thread (docs/rules.md#r5): key findings, recommendations and areas for
improvement of any length are pasted in the card's thread, like the responses."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

import docx
import pytest
from sqlalchemy import select

from bot import ids
from bot.reminders.run import run_pass
from storage.models import SectionRevision
from tests.bot.responses.test_responses import (
    button,
    in_thread,
    log_inspection,
    press,
    receipt,
    say,
)
from tests.documents import NEW_TEMPLATE, Source, both, key_findings
from tests.e2e import CHANNEL, Bot

ASK_CC = "Please paste the *Chief Constable's response*"


def in_three_messages(text: str) -> list[str]:
    paragraphs = text.split("\n\n")
    third = len(paragraphs) // 3
    return [
        "\n\n".join(paragraphs[:third]),
        "\n\n".join(paragraphs[third : 2 * third]),
        "\n\n".join(paragraphs[2 * third :]),
    ]


def revisions(bot: Bot, section: str) -> list[SectionRevision]:
    with bot.db.session(read_only=True) as session:
        query = (
            select(SectionRevision)
            .where(SectionRevision.section == section)
            .order_by(SectionRevision.revision)
        )
        return list(session.scalars(query))


def ask(bot: Bot, text: str, **fields: Any) -> str:
    bot.command(text, **fields)
    bot.settle()
    return bot.slack.calls_to("response_url")[-1].args["text"]


def document(bot: Bot, fmt: str) -> bytes:
    bot.command(f"export S55-1 {fmt}")
    bot.settle()
    [data] = [f["data"] for f in bot.slack.files.values() if f["filename"].endswith(f".{fmt}")][-1:]
    return data


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize("source", both(NEW_TEMPLATE))
def test_long_key_findings_pasted_in_three_messages_are_published_whole(
    bot: Bot, source: Source
) -> None:
    findings = key_findings(source.text())
    assert len(findings) > 7000
    card_ts = log_inspection(bot)
    assert ask(bot, "findings S55-1").startswith("I have asked for the *key findings* of *S55-1*")
    prompt = in_thread(bot, card_ts)[-1].args["text"]
    assert "Please paste the *key findings* of *S55-1*" in prompt
    for part in in_three_messages(findings):
        say(bot, card_ts, part)
    shown = receipt(bot, card_ts)
    assert "I have 3 messages" in shown["text"]
    press(bot, shown, ids.USE_DRAFT)

    [revision] = revisions(bot, "findings")
    assert (revision.revision, revision.source, revision.text) == (1, "thread", findings)
    markdown = document(bot, "md").decode()
    html = unescape(re.sub(r"<[^>]+>", " ", document(bot, "html").decode()))
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(document(bot, "docx"))).paragraphs)
    for published in (markdown, html, word):
        assert (
            words_of(findings)
            == words_of(published)[_at(published, findings) :][: len(words_of(findings))]
        )
    # Collection goes back to the response it was waiting for.
    assert ASK_CC in in_thread(bot, card_ts)[-1].args["text"]


def _at(published: str, findings: str) -> int:
    """Where the findings start, in words of the published document."""
    words, first = words_of(published), words_of(findings)[:12]
    return next(i for i in range(len(words)) if words[i : i + 12] == first)


def test_every_revision_of_a_section_is_kept(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    for text in ("Vetting files were incomplete.", "Vetting files were often incomplete."):
        ask(bot, "findings S55-1")
        say(bot, card_ts, text)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert [(r.revision, r.text) for r in revisions(bot, "findings")] == [
        (1, "Vetting files were incomplete."),
        (2, "Vetting files were often incomplete."),
    ]


def test_a_response_being_pasted_is_never_set_aside_for_a_section(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, "The Chief Constable welcomes the report.")
    reply = ask(bot, "afis S55-1")
    assert "is collecting the Chief Constable's response" in reply
    say(bot, card_ts, "We accept every area for improvement.")
    assert "I have 2 messages" in receipt(bot, card_ts)["text"]
    assert revisions(bot, "afis") == []


def test_a_prompt_nobody_answered_is_replaced_without_a_set_aside_notice(bot: Bot) -> None:
    """The Chief Constable's prompt opens with the card; asking for the areas for improvement
    replaces its empty draft. Nothing was pasted, so nothing is said to be set aside."""
    card_ts = log_inspection(bot)
    ask(bot, "afis S55-1")
    thread = [
        m.get("text", "") for m in bot.slack.messages[CHANNEL] if m.get("thread_ts") == card_ts
    ]
    assert any("areas for improvement" in text for text in thread)
    assert not [text for text in thread if "set aside" in text or "no longer collected" in text]
    run_pass(bot.services)  # the follow-up is done, not waiting to be posted later
    assert not [m for m in bot.slack.messages[CHANNEL] if "set aside" in m.get("text", "")]


def test_the_prompt_offers_the_report_makes_none(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    ask(bot, "afis S55-1")
    [prompt] = [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and "areas for improvement" in m.get("text", "")
        and m.get("blocks")
    ][-1:]
    none = button(prompt, ids.SECTION_NONE)
    assert none["confirm"]["title"]["text"]  # asks "Are you sure?" first
    press(bot, prompt, ids.SECTION_NONE)
    [revision] = revisions(bot, "afis")
    assert revision.says_none and revision.source == "none"
    assert ASK_CC in in_thread(bot, card_ts)[-1].args["text"]
    set_aside = next(
        m["text"]
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts and "no longer collected" in m.get("text", "")
    )
    assert set_aside == (
        "*Areas for improvement*: no longer collected — <@U0EDITOR1> confirmed that the report "
        "makes none."
    )
