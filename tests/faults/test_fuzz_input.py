"""Hostile input, generated: the real bot over signed HTTP, on SQLite and PostgreSQL.

Whatever is typed after `/s55`, pasted in a card's thread or given as a link, the bot answers
(or refuses privately), never fails (no 5xx, no apology, no error in the log, no call Slack
would reject) and never sends a live mention it did not mean to send.

CI runs a fixed number of derandomised examples per property (S55_FUZZ_EXAMPLES, default 80);
a longer local run: `S55_FUZZ_EXAMPLES=3000 pytest tests/faults/test_fuzz_input.py -k add`.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot import copy, ids
from storage.models import DraftMessage
from tests import slack_events as events
from tests.e2e import CHANNEL, Bot
from tests.handlers.test_inspections import form, submit

EXAMPLES = int(os.environ.get("S55_FUZZ_EXAMPLES", "80"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # one example is a few HTTP round trips and database transactions
    derandomize=bool(os.environ.get("CI")),  # the same examples on every CI run
    database=None,  # nothing kept between runs: CI and a laptop see the same thing
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

USER, EDITOR, WRITER, FORM_USER = "U0001", "U0EDITOR1", "U0CC00001", "U0002"
# The bot may mention only the people who acted here (the card names who logged it, who
# confirmed what). Anything else, and any channel-wide or group mention, came from the input.
OWN_MENTIONS = {USER, EDITOR, WRITER, FORM_USER}  # FORM_USER: test_inspections.submit
LIVE_MENTION = re.compile(r"<!(?:channel|here|everyone)\b|<!subteam\^")
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]*)")
APOLOGY_CODE = re.compile(r"\bE-[0-9A-F]{6}\b")
APOLOGY = copy.unexpected_error("").split("`")[0]

NASTY = [
    "<",
    ">",
    "|",
    "&",
    "&amp;",
    "&lt;",
    "&gt;",
    "<!channel>",
    "&lt;!channel&gt;",
    "<!here>",
    "<!everyone>",
    "<!subteam^S1>",
    "<!subteam^S1|@team>",
    "<@U1>",
    "<@U1|bob>",
    "&lt;@U1&gt;",
    "<#C1|general>",
    "<https://x.example/a|label>",
    "<javascript:alert(1)|x>",
    "\x00",
    "\x01",
    "\x0b",
    "\x1b",
    "\x7f",
    "\r\n",
    "\n",
    "\t",
    " ",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "👮🏽\u200d♀️",
    "警察",
    "Ŵyŷ",
    "café",
    "*",
    "_",
    "`",
    "~",
    "%",
    "%00",
    "S55-1",
    "30 April 2024",
    "yesterday",
    "https://",
    "http://x",
    "mailto:a@b",
    "javascript:",
]
fragment = st.one_of(st.sampled_from(NASTY), st.text(max_size=6))
nasty = st.builds(
    lambda parts, times: "".join(parts) * times,
    st.lists(fragment, max_size=10),
    st.sampled_from([1, 1, 1, 1, 40, 400]),  # now and then, very long
)
good_dates = st.sampled_from(["30 April 2024", "1 May 2024", "yesterday", "2024-04-30"])
dates = st.one_of(good_dates, good_dates, good_dates, nasty)  # mostly a date that reads
links = st.one_of(
    nasty,
    st.builds(lambda tail: "https://x.example/" + tail, nasty),
    st.builds(lambda tail: f"<https://x.example/{tail}>", nasty),
    st.just(""),
)
titled = st.builds(lambda a, b: f"{a} Vetting {b}", nasty, nasty)
titles = st.one_of(nasty, titled, titled)  # mostly a title with a word in it
add_texts = st.builds(
    lambda title, published, link, parts: " | ".join(["add " + title, published, link][:parts]),
    titles,
    dates,
    st.one_of(st.just(""), st.just("https://example.org/r"), links),
    st.sampled_from([1, 2, 2, 3, 3, 3]),
)
other_commands = st.builds(
    lambda word, rest: f"{word} {rest}",
    st.sampled_from(
        [
            "list",
            "show",
            "revise",
            "history",
            "export",
            "help",
            "new",
            "",
            "show S55-1",
            "revise S55-1",
            "export S55-1",
            "withdraw S55-1",
            "none S55-1",
            "none",
            "findings",
            "recs S55-1",
            "afis",
            "edit",
            "report",
            "report 1 Jan 2024 to",
        ]
    ),
    nasty,
)


class Checker:
    """Everything the stand-in recorded and every log record since the last check."""

    def __init__(self, bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
        self.bot, self.caplog = bot, caplog
        self.calls_seen = self.records_seen = 0

    def check(self, sent: str) -> list[str]:
        """Assert the bot's behaviour since the last check; return the texts it sent."""
        self.bot.settle()
        calls = self.bot.slack.calls[self.calls_seen :]
        records = self.caplog.records[self.records_seen :]
        self.calls_seen += len(calls)
        self.records_seen += len(records)
        crashes = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
        assert not crashes, f"logged as errors for {sent!r}: {crashes}"
        rejected = [(c.method, c.outcome) for c in calls if c.outcome != "ok"]
        assert not rejected, f"Slack would refuse these calls for {sent!r}: {rejected}"
        texts = [text for call in calls for text in _strings(call.args)]
        for text in texts:
            assert APOLOGY not in text and not APOLOGY_CODE.search(text), (sent, text)
            assert not LIVE_MENTION.search(text), f"live mention for {sent!r}: {text!r}"
            strangers = set(USER_MENTION.findall(text)) - OWN_MENTIONS
            assert not strangers, f"mentions {strangers} for {sent!r}: {text!r}"
        return texts


# Never shown as message text: identifiers and data carried for the bot itself.
NOT_SHOWN = {"value", "action_id", "block_id", "callback_id", "private_metadata", "metadata"}


def _strings(value: Any) -> Iterator[str]:
    """Every string Slack would read as mrkdwn (plain_text objects show markup as it is)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict) and value.get("type") != "plain_text":
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture
def checker(bot: Bot, caplog: pytest.LogCaptureFixture) -> Checker:
    caplog.set_level(logging.WARNING)
    return Checker(bot, caplog)


def command(bot: Bot, checker: Checker, text: str) -> list[str]:
    reply = bot.send.slash_command(text, user_id=USER)
    assert reply.status == 200, (text, reply.status, reply.body)
    return checker.check(text)


def test_any_add_command_is_logged_or_refused_privately(bot: Bot, checker: Checker) -> None:
    tally: Counter[str] = Counter()

    @FUZZ
    @given(text=add_texts)
    def attempt(text: str) -> None:
        tally[outcome(command(bot, checker, text))] += 1

    attempt()
    report("add", tally)


def test_any_link_in_add_is_kept_inert_or_refused(bot: Bot, checker: Checker) -> None:
    tally: Counter[str] = Counter()

    @FUZZ
    @given(link=links, number=st.integers(min_value=1, max_value=10**9))
    def attempt(link: str, number: int) -> None:
        texts = command(bot, checker, f"add Inspection {number} | 1 May 2024 | {link}")
        tally[outcome(texts)] += 1

    attempt()
    report("link", tally)


def test_any_other_command_is_answered_or_refused_privately(bot: Bot, checker: Checker) -> None:
    command(bot, checker, "add Vetting report | 30 April 2024 | https://example.org/vetting")
    tally: Counter[str] = Counter()

    @FUZZ
    @given(text=st.one_of(other_commands, nasty))
    def attempt(text: str) -> None:
        command(bot, checker, text)
        tally["answered"] += 1

    attempt()
    report("commands", tally)


def test_any_reply_in_a_cards_thread_is_captured_without_pinging_anyone(
    bot: Bot, checker: Checker
) -> None:
    command(bot, checker, "add Vetting report | 30 April 2024 | https://example.org/vetting")
    card_ts = next(
        c.response["ts"]
        for c in bot.slack.calls_to("chat.postMessage")
        if "thread_ts" not in c.args and c.response
    )
    tally: Counter[str] = Counter()

    @FUZZ
    @given(text=nasty, confirm=st.sampled_from([False, False, False, True]))
    def attempt(text: str, confirm: bool) -> None:
        event = events.thread_reply(CHANNEL, card_ts, text, user=WRITER)
        assert bot.send.event(event).status == 200
        checker.check(text)
        tally["replied"] += 1
        kept = text.replace("\x00", "")  # PostgreSQL cannot hold U+0000; nothing else is lost
        if kept.strip():
            assert captured(bot, event["ts"]) == kept, f"reply {text!r} was not captured"
        if confirm and use_latest_draft(bot):
            checker.check(f"Use this after {text!r}")
            command(bot, checker, "export S55-1 docx")
            command(bot, checker, "revise S55-1 pcc")
            tally["confirmed and exported"] += 1

    attempt()
    report("thread replies", tally)


def test_any_new_inspection_form_is_logged_or_refused_in_the_form(
    bot: Bot, checker: Checker
) -> None:
    tally: Counter[str] = Counter()

    @FUZZ
    @given(title=titles, link=links, findings=nasty, published=st.sampled_from(["2024-04-30", ""]))
    def attempt(title: str, link: str, findings: str, published: str) -> None:
        values = form(
            **{
                ids.TITLE_BLOCK: {ids.TITLE_INPUT: {"type": "plain_text_input", "value": title}},
                ids.PUBLISHED_BLOCK: {
                    ids.PUBLISHED_INPUT: {"type": "datepicker", "selected_date": published}
                },
                ids.LINK_BLOCK: {ids.LINK_INPUT: {"type": "url_text_input", "value": link}},
                ids.FINDINGS_BLOCK: {
                    ids.FINDINGS_INPUT: {"type": "plain_text_input", "value": findings}
                },
            }
        )
        reply = submit(bot, values)
        assert reply.status == 200, (values, reply.status, reply.body)
        checker.check(f"form {title!r} {link!r} {findings!r}")
        tally["refused in the form" if reply.body else "logged"] += 1

    attempt()
    report("new inspection form", tally)


def captured(bot: Bot, ts: str) -> str | None:
    with bot.db.session() as session:
        return session.scalar(select(DraftMessage.raw_text).where(DraftMessage.ts == ts))


def use_latest_draft(bot: Bot) -> bool:
    """Press "Use this" on the newest receipt that still offers it; False if none does."""
    for message in reversed(bot.slack.messages[CHANNEL]):
        for block in message.get("blocks") or []:
            for element in block.get("elements", []):
                if element.get("action_id") == ids.USE_DRAFT:
                    reply = bot.send.button_click(
                        action_id=ids.USE_DRAFT,
                        value=element["value"],
                        user_id=EDITOR,
                        channel_id=CHANNEL,
                        message_ts=message["ts"],
                        block_id=block.get("block_id", ids.RECEIPT_ACTIONS_BLOCK),
                    )
                    assert reply.status == 200, reply.body
                    return True
    return False


def outcome(texts: list[str]) -> str:
    """What became of one `/s55 add`: logged, or refused with a message that shows the form."""
    if any(text.startswith("Logged *S55-") for text in texts):
        return "logged"
    clear = [text for text in texts if copy.ADD_FORM in text or "already logged as" in text]
    assert clear, f"no clear refusal in {texts}"
    return "refused"


def report(name: str, tally: Counter[str]) -> None:
    """Shown with `pytest -s`: the figures a long local run reports."""
    print(
        f"\nfuzz {name}: {tally.total()} tried: " + ", ".join(f"{n} {k}" for k, n in tally.items())
    )
