"""The tracking card: one top-level message per inspection, edited in place (docs/rules.md#r9)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from bot import copy, ids
from bot.domain.answers import Tally, item_states, tallies
from bot.domain.buttons import CardMenuChoice
from bot.domain.deadlines import cc_days_late, days_left, local_today, logged_late
from bot.domain.inspection import State, format_reference
from bot.domain.items import ITEM_KIND_OF, ItemKind
from bot.domain.outcome import Ending, outcome
from bot.domain.sections import Section, SectionStatus, current
from bot.domain.steps import reopened_by
from bot.domain.words import count_words
from bot.render.steps import step_blocks
from bot.render.text import escape, link_within, shorten
from storage.models import Inspection, Response

HEADER_LIMIT = 150
SECTION_LIMIT = 3000
RESPONSE_NAMES = {"cc": "Chief Constable response", "pcc": "PCC response"}


def card_blocks(
    inspection: Inspection,
    *,
    now: datetime,
    tz: ZoneInfo,
    steps: Sequence[str],
    interactive: bool = True,
) -> list[Block]:
    reference = format_reference(inspection.number)
    left = days_left(inspection.statutory_deadline, now=now, tz=tz)
    full = copy.card_heading(reference, inspection.title, withdrawn=inspection.state == "withdrawn")
    heading = shorten(full, HEADER_LIMIT)
    return [
        HeaderBlock(block_id=ids.CARD_HEADER_BLOCK, text=heading),
        SectionBlock(  # the link; the title again only where the header had to shorten it
            block_id=ids.CARD_TITLE_BLOCK,
            text=MarkdownTextObject(text=_report_line(inspection, shortened=heading != full)),
            accessory=_menu(inspection) if interactive else None,
        ),
        SectionBlock(
            block_id=ids.CARD_FACTS_BLOCK,
            fields=_facts(
                inspection,
                left,
                outcome_text(inspection, steps=steps, tz=tz),
                late=_lateness(inspection, now=now, tz=tz),
                reopened=reopened_by(inspection.steps, steps) is not None,
            ),
        ),
        ContextBlock(
            block_id=ids.CARD_RULE_BLOCK,
            elements=[
                MarkdownTextObject(text=_rule(inspection, tz) + _snoozed(inspection, now, tz))
            ],
        ),
        DividerBlock(),
        SectionBlock(
            block_id=ids.CARD_SECTIONS_BLOCK, text=MarkdownTextObject(text=_sections(inspection))
        ),
        SectionBlock(
            block_id=ids.CARD_RESPONSES_BLOCK, text=MarkdownTextObject(text=_responses(inspection))
        ),
        *step_blocks(inspection, steps=steps, tz=tz, interactive=interactive),
    ]


def card_text(inspection: Inspection) -> str:
    """The notification and screen-reader text that accompanies the blocks."""
    return shorten(
        copy.CARD_FALLBACK.format(
            reference=format_reference(inspection.number),
            title=escape(inspection.title),  # a typed <!channel> must not ping anyone
            deadline=copy.human_date(inspection.statutory_deadline),
        ),
        SECTION_LIMIT,
    )


def _report_line(inspection: Inspection, *, shortened: bool) -> str:
    if shortened:  # the whole title, linked, since the header could not hold it
        return shorten_link(inspection.link, inspection.title)
    if inspection.link:
        return link_within(inspection.link, copy.CARD_READ_REPORT, SECTION_LIMIT)
    return copy.CARD_NO_LINK


def shorten_link(url: str | None, title: str) -> str:
    """``*<url|title>*`` within a section's 3,000 characters, however long the title and the
    link are once escaped and percent-encoded."""
    return f"*{link_within(url, title, SECTION_LIMIT - 2)}*"


def state_name(inspection: Inspection) -> str:
    """``Awaiting CC response``: the state as a sentence starts."""
    return inspection.state[0].upper() + inspection.state[1:]


def state_label(inspection: Inspection, left: int) -> str:
    """The state, flagged when the deadline has passed before the response is complete."""
    overdue = State(inspection.state).is_open and left < 0
    return f"{state_name(inspection)} · :warning: *OVERDUE*" if overdue else state_name(inspection)


def outcome_text(inspection: Inspection, *, steps: Sequence[str], tz: ZoneInfo) -> str | None:
    """How a closed inspection ended, in the words of its card and lists; None while open."""
    done = {s.step: s.confirmed_at for s in inspection.steps if s.undone_at is None}
    ended = outcome(
        State(inspection.state),
        steps=steps,
        done=done,
        deadline=inspection.statutory_deadline,
        tz=tz,
    )
    if ended is None:
        return None
    if ended.published is not None:  # Outcome: the published ending, and only it, has a day
        return copy.outcome_published(ended.published, ended.days_early)
    if ended.ending is Ending.WITHDRAWN:
        return copy.OUTCOME_WITHDRAWN
    return copy.OUTCOME_NOT_REQUIRED


def _facts(
    inspection: Inspection,
    left: int,
    ended: str | None,
    *,
    late: tuple[int, bool],
    reopened: bool = False,
) -> list[MarkdownTextObject]:
    # A closed card tells how it ended instead of a countdown frozen on the day it closed.
    since = ended or copy.days_phrase(left)
    deadline = f"{copy.human_date(inspection.statutory_deadline)}\n{since}"
    cc_late, logged_after = late
    facts = {
        "Reference": format_reference(inspection.number),
        "State": state_label(inspection, left)
        + (f"\n:rewind: *{copy.CARD_REOPENED_STATE}*" if reopened else ""),
        copy.REPORT_PUBLISHED_LABEL: copy.human_date(inspection.published),
        "Type": inspection.inspection_type or copy.TYPE_NOT_RECORDED,
        "Chief Constable comments due": copy.human_date(inspection.cc_due)
        + (f"\n:warning: {copy.cc_late(cc_late)}" if cc_late else ""),
        "Section 55 deadline": deadline + (f"\n_{copy.LOGGED_LATE}_" if logged_after else ""),
    }
    return [MarkdownTextObject(text=f"*{name}*\n{value}") for name, value in facts.items()]


def late_notes(inspection: Inspection, *, now: datetime, tz: ZoneInfo) -> tuple[str, ...]:
    """For the digest's line: "CC comments 3 days late", "logged after the deadline"."""
    return tuple(copy.late_notes(*_lateness(inspection, now=now, tz=tz)))


def _lateness(inspection: Inspection, *, now: datetime, tz: ZoneInfo) -> tuple[int, bool]:
    """Days the CC comments are late, and whether it was logged after its deadline."""
    today = local_today(now, tz)
    cc_late = cc_days_late(
        inspection.cc_due,
        today=today,
        cc_confirmed=latest_response(inspection, "cc") is not None,
        is_open=State(inspection.state).is_open,
    )
    logged_on = local_today(inspection.logged_at, tz)
    return cc_late, logged_late(logged_on=logged_on, deadline=inspection.statutory_deadline)


def _rule(inspection: Inspection, tz: ZoneInfo) -> str:
    logged = inspection.logged_at.astimezone(tz)
    return (
        f"Deadline rule: {copy.RULE_NAMES[inspection.deadline_rule]}. "
        f"Logged by <@{inspection.logged_by}> on {copy.long_date(logged.date())}."
    )


def _snoozed(inspection: Inspection, now: datetime, tz: ZoneInfo) -> str:
    """A snooze in force on an open inspection: the card says until when, as the digest does
    (the day's card refresh takes it off once it has ended)."""
    until = inspection.snoozed_until
    if until is None or until < local_today(now, tz) or not State(inspection.state).is_open:
        return ""
    return copy.card_snoozed(until)


def latest_response(inspection: Inspection, kind: str) -> Response | None:
    revisions = [response for response in inspection.responses if response.kind == kind]
    return max(revisions, key=lambda response: response.revision, default=None)


def _menu(inspection: Inspection) -> OverflowMenuElement | None:
    """Recording and correcting: ask for a section in the thread, edit the details, or
    withdraw an entry logged by mistake."""
    if not State(inspection.state).is_open and inspection.state != State.COMPLETE:
        return None
    options = []
    if State(inspection.state).is_open:
        options += [
            Option(value=CardMenuChoice(ids.MENU_ASK, inspection.id, kind).encode(), text=label)
            for kind, label in copy.MENU_ASK.items()
        ]
    options.append(
        Option(value=CardMenuChoice(ids.MENU_EDIT, inspection.id).encode(), text=copy.MENU_EDIT)
    )
    if State(inspection.state).is_open:
        withdraw = CardMenuChoice(ids.MENU_WITHDRAW, inspection.id).encode()
        options.append(Option(value=withdraw, text=copy.MENU_WITHDRAW))
    return OverflowMenuElement(action_id=ids.CARD_MENU, options=options)


def _sections(inspection: Inspection) -> str:
    """A line per section; once items are recorded, one line counts their answers."""
    counted = {t.kind: t for t in tallies(item_states(inspection.items))}
    lines = []
    for section in Section:
        state = current(inspection.sections, section)
        if section in ITEM_KIND_OF and counted:
            continue
        lines.append(copy.section_line(section.value, state.status.value, count_words(state.text)))
    if counted:
        lines.append(_answers_line(inspection, counted))
    return "\n".join(lines)


def _answers_line(inspection: Inspection, counted: dict[ItemKind, Tally]) -> str:
    """ "Causes of concern: 1 of 2 answered · Recommendations: 1 of 1 answered · AFIs: 0 of 1
    answered" (causes of concern only where the report makes some)."""
    parts, done = [], True
    causes = counted.get(ItemKind.CAUSE_OF_CONCERN)
    if causes is not None:  # a PEEL report's: counted only where the report makes some
        label = copy.TALLY_LABELS[causes.kind.value]
        parts.append(copy.tally_part(label, causes.answered, causes.needing, causes.listed))
        done = causes.answered == causes.needing
    for section, kind in ITEM_KIND_OF.items():
        label = copy.TALLY_LABELS[kind.value]
        tally = counted.get(kind)
        if tally is not None:
            parts.append(copy.tally_part(label, tally.answered, tally.needing, tally.listed))
            done = done and tally.answered == tally.needing
            continue
        status = current(inspection.sections, section).status
        parts.append(copy.tally_unlisted(label, status.value))
        done = done and status != SectionStatus.NOT_RECORDED
    mark = ":white_check_mark:" if done else ":hourglass_flowing_sand:"
    return f"{mark} {copy.items_tally_line(parts)}"


def _responses(inspection: Inspection) -> str:
    lines = []
    if inspection.state == State.WITHDRAWN:
        lines.append(copy.withdrawn_line(escape(inspection.withdrawn_reason or "")))
    for kind, name in RESPONSE_NAMES.items():
        response = latest_response(inspection, kind)
        if response is None:
            lines.append(f":hourglass_flowing_sand: *{name}*: awaiting")
        else:
            words = count_words(response.text)
            lines.append(
                f":white_check_mark: *{name}*: received from <@{response.confirmed_by}>, "
                f"{words:,} words"
            )
    return "\n".join(lines)
