"""Turning what a user typed into an InspectionDraft, or a specific refusal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from urllib.parse import urlsplit

from bot import copy
from bot.domain.errors import InvalidForm, InvalidInput
from bot.domain.inspection import InspectionDraft, InspectionType, title_key

T = TypeVar("T")
MAX_TITLE_LENGTH = 500
MAX_LINK_LENGTH = 2000
EARLIEST_PUBLICATION = date(2000, 1, 1)
# Slack wraps links in <…> or <…|label> when "escape links" is on for the command.
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_SEPARATOR = re.compile(r"\|(?![^<]*>)")  # a | inside <url|label> is not a separator


def unescape_slack(text: str) -> str:
    """Undo the only escaping Slack applies to typed text (``&amp; &lt; &gt;``). Anything else
    that looks like an HTML entity is what the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# C0 controls but tab, line feed and carriage return, and DEL. They are invisible, so a refusal
# would ask the user to remove something they cannot see (pasted from a PDF, say); and
# PostgreSQL cannot store U+0000 at all. Titles, dates, reasons and the form's texts drop them,
# and the bidi marks, embeddings, overrides and isolates that can make text read backwards.
_INVISIBLE_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def drop_controls(text: str) -> str:
    return _INVISIBLE_CONTROLS.sub("", text)


def parse_add_command(text: str, *, today: date) -> InspectionDraft:
    """``<title> | <published> [| <link>]`` → a draft, or InvalidInput saying what is wrong
    and showing the right form."""
    try:
        return _parse_add_parts([part.strip() for part in _SEPARATOR.split(text)], today=today)
    except InvalidInput as refusal:
        raise InvalidInput(f"{refusal.reply}\n{copy.ADD_FORM_HINT}") from None


def _parse_add_parts(parts: list[str], *, today: date) -> InspectionDraft:
    if len(parts) > 3:
        raise InvalidInput(copy.ADD_TOO_MANY_PARTS)
    if len(parts) < 2 or not parts[1]:
        raise InvalidInput(copy.ADD_NO_DATE if parts[0] else copy.ADD_NO_TITLE)
    return InspectionDraft(
        title=parse_title(parts[0]),
        published=parse_published(parts[1], today=today),
        link=parse_link(parts[2]) if len(parts) == 3 and parts[2] else None,
    )


def parse_title(text: str) -> str:
    title = " ".join(drop_controls(unescape_slack(text)).split())
    if not title:
        raise InvalidInput(copy.ADD_NO_TITLE)
    if not title_key(title):
        raise InvalidInput(copy.title_without_words(title))
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(copy.title_too_long(len(title), MAX_TITLE_LENGTH))
    return title


def parse_published(text: str, *, today: date) -> date:
    """A UK day-first date (``30/04/2024`` is 30 April), relative dates allowed, never future."""
    text = drop_controls(unescape_slack(text)).strip()
    try:  # the modal's date picker sends ISO dates
        return _not_future(date.fromisoformat(text), text, today)
    except ValueError:
        pass
    numeric = _NUMERIC_DATE.match(text)
    if numeric:  # read strictly day first: 4/13/2024 is refused, not turned round
        return _not_future(_day_first(numeric, text), text, today)
    # Here, not at the top: only a date written in words needs dateparser (30 ms to import),
    # and the commands and pages that import this module for its limits parse none.
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime(today.year, today.month, today.day, 12, 0),
        },
    )
    data = parser.get_date_data(text)
    if data.date_obj is None:
        raise InvalidInput(copy.unreadable_date(text))
    if data.period != "day":
        raise InvalidInput(copy.date_needs_a_day(text))
    return _not_future(data.date_obj.date(), text, today)


def _day_first(match: re.Match[str], text: str) -> date:
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(copy.not_a_day_first_date(text)) from None


def _not_future(published: date, text: str, today: date) -> date:
    if published > today:
        raise InvalidInput(copy.future_date(text, published, today))
    if published < EARLIEST_PUBLICATION:
        raise InvalidInput(copy.ancient_date(text, published))
    return published


def parse_link(text: str) -> str:
    text = unescape_slack(text.strip())
    slack_link = _SLACK_LINK.match(text)
    if slack_link:
        text = slack_link.group(1)
    unsafe = unsafe_link_characters(text)
    if unsafe:  # they would end the card's <url|title> early, or break the Word document
        raise InvalidInput(copy.link_with_unsafe_characters(text, unsafe))
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
        raise InvalidInput(copy.bad_link(text))
    if len(text) > MAX_LINK_LENGTH:
        raise InvalidInput(copy.bad_link(text[:80] + "…"))
    return text


# Unicode categories no address has: controls (NUL, U+000B), format marks (U+202E), surrogates.
_NOT_IN_LINKS = ("Cc", "Cf", "Cs")


def unsafe_link_characters(url: str) -> str:
    """A description of what in ``url`` cannot be in a link, or "" when nothing is."""
    found = []
    if any(char in "<>|" for char in url):
        found.append("`<`, `>` or `|`")
    if any(char.isspace() for char in url):
        found.append("spaces or line breaks")
    if any(unicodedata.category(char) in _NOT_IN_LINKS and not char.isspace() for char in url):
        found.append("invisible control characters")
    return " or ".join(found)


def parse_inspection_type(value: str | None) -> InspectionType | None:
    """None when nobody chose one: the card and the document say it is not recorded."""
    try:
        return InspectionType(value) if value else None
    except ValueError:
        raise InvalidInput(copy.bad_inspection_type(value or "")) from None


# Slack's plain_text_input holds at most 3,000 characters; a forged payload may hold more.
MAX_TEXT_LENGTH = 3000
# Recommendations and AFIs are items, given in the card's thread (bot.items): never a form field.
LONG_TEXT_FIELDS = ("key_findings",)


def parse_form(fields: dict[str, str | None], *, today: date) -> InspectionDraft:
    """The modal's fields → a draft; InvalidForm names every wrong field at once."""
    problems: dict[str, str] = {}

    def field(name: str, parse: Callable[[str], T], default: T, missing: str | None = None) -> T:
        value = (fields.get(name) or "").strip()
        if not value:
            if missing:
                problems[name] = missing
            return default
        try:
            return parse(value)
        except InvalidInput as refusal:
            problems[name] = refusal.reply
            return default

    draft = InspectionDraft(
        title=field("title", parse_title, "", copy.FORM_NO_TITLE),
        published=field(
            "published", lambda value: parse_published(value, today=today), today, copy.FORM_NO_DATE
        ),
        link=field("link", parse_link, None),
        inspection_type=field("inspection_type", parse_inspection_type, None),
        **{name: field(name, _long_text, "") for name in LONG_TEXT_FIELDS},
    )
    if problems:
        raise InvalidForm(problems)
    return draft


def _long_text(value: str) -> str:
    value = drop_controls(value)
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidInput(copy.text_too_long(len(value), MAX_TEXT_LENGTH))
    return value
