"""`/s55` end to end: signed HTTP request → Bolt → database → Slack (the stand-in)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from storage.models import AuditEvent, Inspection
from tests.e2e import CHANNEL, Bot
from tests.history import inspection_row, store

VETTING = (
    "add Vetting and anti-corruption part 2 | 30 April 2024 | "
    "https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/"
)


def _plain(text: str | dict) -> str:
    return text["text"] if isinstance(text, dict) else text


def card_text(blocks: list[dict]) -> str:
    """Every piece of text in a message's blocks, in order."""
    parts: list[str] = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts.extend(field["text"] for field in block.get("fields", []))
        parts.extend(_plain(element.get("text", "")) for element in block.get("elements", []))
    return "\n".join(parts)


def _texts(blocks: list[dict]) -> list[dict]:
    """Every text object in the blocks (the plain-text header shows markup inertly)."""
    found = []
    for block in blocks:
        found += [block["text"]] if "text" in block else []
        found += block.get("fields", []) + [
            e for e in block.get("elements", []) if "type" in e and "text" in e
        ]
    return found


def stored(bot: Bot) -> list[Inspection]:
    with bot.db.session() as session:
        return list(session.scalars(select(Inspection).order_by(Inspection.number)))


def test_add_logs_the_inspection_and_posts_its_card_in_the_team_channel(bot: Bot) -> None:
    replies = bot.command(VETTING)

    post = bot.slack.wait_for("chat.postMessage")[0]
    assert post.args["channel"] == CHANNEL
    text = card_text(post.args["blocks"])
    assert post.args["blocks"][0] == {
        "type": "header",
        "block_id": "card_header",
        "text": {
            "type": "plain_text",
            "text": "S55-1 · Vetting and anti-corruption part 2",
            "emoji": True,
        },
    }
    assert "<https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/|" in text
    for expected in [
        "*Reference*\nS55-1",
        "*Report published*\nTue 30 Apr 2024",
        "*Chief Constable comments due*\nTue 28 May 2024",
        "*Section 55 deadline*\nMon 24 Jun 2024\n53 days left",
        "*State*\nAwaiting CC response",
        "Deadline rule: statutory",
    ]:
        assert expected in text
    assert replies[0]["response_type"] == "ephemeral"
    assert replies[0]["text"].startswith(
        "Logged *S55-1* Vetting and anti-corruption part 2, published Tue 30 Apr 2024. "
        "The Section 55 deadline is Mon 24 Jun 2024 (53 days left)"
    )

    [inspection] = stored(bot)
    assert (inspection.statutory_deadline, inspection.card_ts) == (
        date(2024, 6, 24),
        post.response["ts"],
    )
    assert inspection.channel_id == CHANNEL


def test_the_slash_command_is_acknowledged_before_the_card_is_posted(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    reply = bot.send.slash_command(VETTING)
    assert reply.status == 200 and reply.body == ""
    # Slack held the card for Retry-After (1 s) after the ack was already sent.
    assert bot.slack.calls_to("response_url") == []
    bot.slack.wait_for("chat.postMessage", predicate=lambda call: call.outcome == "ok", timeout=10)
    assert len(bot.slack.messages[CHANNEL]) == 1  # the 429 was retried once, not doubled


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("add", "needs a title"),
        ("add  | 30 April 2024", "needs a title"),
        ("add Vetting part 2", "needs its publication date"),
        ("add Vetting part 2 | the day before the thing", "couldn't read"),
        ("add Vetting part 2 | 30 May 2024", "in the future"),
        (
            "add Vetting part 2 | 30 April 2024 | hmicfrs.justiceinspectorates.gov.uk",
            "not a web link",
        ),
        ("add Vetting part 2 | 30 April 2024 | ftp://example.org/r.pdf", "not a web link"),
    ],
)
def test_add_refuses_bad_input_privately_and_stores_nothing(
    bot: Bot, typed: str, says: str
) -> None:
    [reply] = bot.command(typed)
    assert says in reply["text"]
    assert "/s55 add <title> | <published> [| <link>]" in reply["text"]
    assert reply["response_type"] == "ephemeral"
    assert stored(bot) == []
    assert bot.slack.calls_to("chat.postMessage") == []


def test_add_refuses_the_same_link_and_names_the_existing_reference(bot: Bot) -> None:
    bot.command(VETTING)
    [reply] = bot.command(
        "add Another title | 1 May 2024 | https://HMICFRS.justiceinspectorates.gov.uk/publications/vetting-part-2"
    )
    assert "already logged as *S55-1*" in reply["text"]
    assert len(stored(bot)) == 1


def test_add_refuses_the_same_title_and_date(bot: Bot) -> None:
    bot.command("add PEEL 2023-25 | 30/04/2024")
    [reply] = bot.command("add peel 2023\u201325 | 30 April 2024")  # typed with an en dash
    assert "title and publication date is already logged as *S55-1*" in reply["text"]
    assert len(stored(bot)) == 1


def test_a_title_too_long_for_slack_is_shortened_on_the_card_not_refused(bot: Bot) -> None:
    title = " ".join(["Inspection of a very long-winded thematic subject"] * 9)[:480]
    bot.command(f"add {title} | 30 April 2024")
    post = bot.slack.wait_for("chat.postMessage")[0]
    assert post.outcome == "ok"
    header = post.args["blocks"][0]["text"]["text"]
    assert len(header) <= 150 and header.endswith("…") and header.startswith("S55-1 · Inspection")
    assert stored(bot)[0].title == title


def test_when_the_card_cannot_be_posted_the_inspection_is_still_logged(bot: Bot) -> None:
    bot.slack.error_next("chat.postMessage", error="not_in_channel")
    [reply] = bot.command(VETTING)
    assert (
        "Logged *S55-1* (published Tue 30 Apr 2024), but I couldn't post its card" in reply["text"]
    )
    assert "/invite" in reply["text"]
    [inspection] = stored(bot)
    assert inspection.card_ts is None


def test_list_shows_open_inspections_most_urgent_first(bot: Bot) -> None:
    bot.command(VETTING)
    bot.command("add Custody inspection | 1 March 2024")
    [reply] = bot.command("list")
    sections = [block["text"]["text"] for block in reply["blocks"] if block["type"] == "section"]
    assert reply["blocks"][0]["text"]["text"] == "Open inspections (2)"
    assert sections[0].startswith("*<https://") and "S55-2" in sections[0]
    assert "Custody inspection" in sections[0]
    assert "Deadline Thu 25 Apr 2024 · OVERDUE by 7 days · Awaiting CC response" in sections[0]
    assert "Vetting and anti-corruption part 2" in sections[1] and "53 days left" in sections[1]


def test_list_says_so_when_nothing_is_open_and_refuses_unknown_filters(bot: Bot) -> None:
    [empty] = bot.command("list overdue")
    assert empty["text"] == "Nothing is overdue."
    [refusal] = bot.command("list urgent")
    assert "`urgent` is not a list I keep" in refusal["text"]


def test_show_summarises_one_inspection_with_a_link_to_its_card(bot: Bot) -> None:
    bot.command(VETTING)
    card = bot.slack.wait_for("chat.postMessage")[0]
    [reply] = bot.command("show s55-1")
    text = card_text(reply["blocks"])
    assert "Mon 24 Jun 2024" in text
    ts = card.response["ts"].replace(".", "")
    assert f"/archives/{CHANNEL}/p{ts}|Open the tracking card>" in text
    # the card has a "No response required" button; the private copy has no buttons at all
    assert any(b["type"] == "actions" for b in card.args["blocks"])
    assert not any(b["type"] == "actions" or "accessory" in b for b in reply["blocks"])
    [missing] = bot.command("show S55-42")
    assert "can't find an inspection `S55-42`" in missing["text"]


def test_help_explains_every_command_with_examples(bot: Bot) -> None:
    [reply] = bot.command("help")
    for command in ("/s55 add", "/s55 new", "/s55 list", "/s55 show", "30/04/2024", "last Tuesday"):
        assert command in reply["text"]
    [bare] = bot.command("")
    assert bare["text"] == reply["text"]


def test_an_unknown_subcommand_gets_help(bot: Bot) -> None:
    [reply] = bot.command("frobnicate now")
    assert reply["text"].startswith("I don't know `/s55 frobnicate`")
    assert "/s55 add" in reply["text"]


def test_logging_is_audited_with_the_request_for_the_cc_response(bot: Bot) -> None:
    bot.command(VETTING)
    with bot.db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(event.action, event.actor) for event in events] == [
        ("logged", "U0001"),
        ("response requested", "U0001"),
    ]


def test_a_card_slack_refuses_for_another_reason_says_so_without_invite_advice(bot: Bot) -> None:
    bot.slack.error_next("chat.postMessage", error="msg_too_long")
    [reply] = bot.command(VETTING)
    assert "Slack said `msg_too_long`" in reply["text"] and "/invite" not in reply["text"]
    assert len(stored(bot)) == 1


def test_a_title_that_mentions_the_channel_pings_no_one(bot: Bot) -> None:
    [reply] = bot.command("add &lt;!channel&gt; and &lt;@U0BOSS001&gt; | 30/04/2024")
    post = bot.slack.wait_for("chat.postMessage")[0]
    assert "<!channel>" not in post.args["text"] and "&lt;!channel&gt;" in post.args["text"]
    assert "<!channel>" not in reply["text"] and "<@U0BOSS001>" not in reply["text"]
    mrkdwn = [t for t in _texts(post.args["blocks"]) if t["type"] == "mrkdwn"]
    assert mrkdwn and not any(
        "<!channel>" in t["text"] or "<@U0BOSS001>" in t["text"] for t in mrkdwn
    )
    assert stored(bot)[0].title == "<!channel> and <@U0BOSS001>"


def test_list_refuses_extra_words(bot: Bot) -> None:
    [reply] = bot.command("list open please")
    assert "`/s55 list` takes one word" in reply["text"]
    # A list and its page are two words: a third is refused as such, not read as a page.
    [three] = bot.command("list all 2 3")
    assert three["response_type"] == "ephemeral"
    assert three["text"] == (
        "`/s55 list` takes one word, `open`, `overdue`, `done` or `all`, and then a page number "
        "for a later page: `/s55 list all 2`."
    )


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("show", "Which inspection?"),
        ("show PEEL 2024", "can't find an inspection `PEEL 2024`"),
        ("history", "Which inspection?"),
        ("history S55-9", "can't find an inspection `S55-9`"),
    ],
)
def test_show_and_history_refuse_a_reference_they_cannot_find(
    bot: Bot, typed: str, says: str
) -> None:
    [reply] = bot.command(typed)
    assert says in reply["text"] and reply["response_type"] == "ephemeral"


def test_a_link_with_a_channel_mention_in_it_is_refused_privately(bot: Bot) -> None:
    # Slack delivers a typed `a><!channel>` escaped, as below.
    replies = bot.command(
        "add Vetting report | 1 May 2024 | https://x.example/a&gt;&lt;!channel&gt;"
    )
    assert replies[0]["response_type"] == "ephemeral"
    assert "cannot contain `<`, `>` or `|`" in replies[0]["text"]
    assert "/s55 add <title> | <published> [| <link>]" in replies[0]["text"]
    assert "<!channel>" not in replies[0]["text"]
    assert stored(bot) == []
    assert bot.slack.calls_to("chat.postMessage") == []


def test_a_title_with_a_nul_character_is_logged_without_it(bot: Bot) -> None:
    # PostgreSQL text cannot hold U+0000; SQLite can. Both must behave the same.
    replies = bot.command("add Vetting\x00 report\x01 | 1 May 2024")
    assert replies[0]["text"].startswith("Logged *S55-1* Vetting report, published")
    [inspection] = stored(bot)
    assert inspection.title == "Vetting report"


def _closed(bot: Bot, count: int) -> None:
    """``count`` completed inspections, one published each week from 2022, the newest last."""
    published = [date(2022, 1, 3) + timedelta(weeks=n) for n in range(1, count + 1)]
    store(
        bot.db,
        [
            inspection_row(n, published=day, state="complete", channel=CHANNEL)
            for n, day in enumerate(published, start=1)
        ],
    )


def _lines(reply: dict) -> list[str]:
    return [b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"]


def _note(reply: dict) -> str:
    [context] = [b for b in reply["blocks"] if b["type"] == "context"]
    return context["elements"][0]["text"]


def test_a_long_list_shows_a_page_and_the_command_for_the_next(bot: Bot) -> None:
    _closed(bot, 50)
    bot.command(VETTING)  # S55-51, open: most urgent first, then the closed newest first
    [first] = bot.command("list all")
    assert first["blocks"][0]["text"]["text"] == "All inspections (51) · page 1 of 2"
    lines = _lines(first)
    assert len(lines) == 45 and "S55-51" in lines[0] and "S55-50" in lines[1]
    assert _note(first) == "Showing 1 to 45 of 51. 6 more — `/s55 list all 2`"
    [second] = bot.command("list all 2")
    assert second["blocks"][0]["text"]["text"] == "All inspections (51) · page 2 of 2"
    references = [re.search(r"S55-\d+", line).group() for line in _lines(second)]
    assert references == ["S55-6", "S55-5", "S55-4", "S55-3", "S55-2", "S55-1"]
    assert _note(second) == "Showing 46 to 51 of 51."
    [done] = bot.command("list done 2")
    assert done["blocks"][0]["text"]["text"] == "Completed inspections (50) · page 2 of 2"
    [short] = bot.command("list")  # one page: no page number, no note
    assert short["blocks"][0]["text"]["text"] == "Open inspections (1)"
    assert not [b for b in short["blocks"] if b["type"] == "context"]


def test_a_bad_page_number_gets_a_private_reply_saying_what_is_wrong(bot: Bot) -> None:
    _closed(bot, 50)
    for typed in ("list all 0", "list all two", "list done -1", "list all 2.5"):
        [reply] = bot.command(typed)
        assert reply["response_type"] == "ephemeral"
        word = typed.split()[-1]
        assert reply["text"].startswith(f"`{word}` is not a page number."), reply
        assert "`/s55 list all 2`" in reply["text"]
    [past] = bot.command("list all 3")
    assert past["text"] == (
        "There is no page 3 of `/s55 list all`: its 50 inspections make 2 pages. "
        "`/s55 list all 2` shows the last."
    )
    [nothing] = bot.command("list overdue 2")
    assert nothing["text"] == "There is no page 2: Nothing is overdue."
    with bot.db.session() as session:  # a refusal changes nothing
        assert len(session.scalars(select(AuditEvent)).all()) == 0


def test_a_number_alone_is_a_page_of_the_open_list(bot: Bot) -> None:
    bot.command(VETTING)
    [reply] = bot.command("list 1")
    assert reply["blocks"][0]["text"]["text"] == "Open inspections (1)"
    [past] = bot.command("list 2")
    assert past["text"].startswith("There is no page 2 of `/s55 list open`")
