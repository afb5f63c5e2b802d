"""Reminders (bot/reminders): the nudges before and after a deadline, the daily digest, an
action's nudge before its target date, and snoozing them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from .errors import SLACK_BEHIND
from .words import and_list, counted, days_phrase, human_date, number_words

__all__ = [
    "DIGEST_NOTHING_DUE",
    "LOGGED_LATE",
    "MISSING_NAMES",
    "RESUME_BUTTON",
    "SNOOZE_CHOICES",
    "SNOOZE_DATE_PLACEHOLDER",
    "SNOOZE_PLACEHOLDER",
    "URGENCY_EMOJI",
    "action_nudge",
    "card_snoozed",
    "cc_late",
    "cc_nudge",
    "digest_heading",
    "digest_line",
    "digest_more",
    "digest_snoozed",
    "flagged",
    "item_not_snoozed",
    "item_resume_stored",
    "item_resumed_note",
    "item_snooze_not_open",
    "item_snooze_stored",
    "item_snoozed_note",
    "item_snoozed_until",
    "late_notes",
    "missing_phrase",
    "not_snoozed",
    "nudge",
    "resume_stored",
    "resumed_note",
    "snooze_closed",
    "snooze_date_not_after_today",
    "snooze_date_too_far",
    "snooze_overdue_approvers_only",
    "snooze_stored",
    "snooze_too_near_deadline",
    "snoozed_note",
]


URGENCY_EMOJI = {
    "red": ":red_circle:",
    "orange": ":large_orange_circle:",
    "yellow": ":large_yellow_circle:",
    "green": ":large_green_circle:",
}

MISSING_NAMES = {
    "cc": "the Chief Constable's response",
    "pcc": "the PCC's response",
    "section:findings": "the key findings",
    "section:recommendations": "the recommendations",
    "section:afis": "the areas for improvement",
}


@lru_cache(maxsize=256)  # an office's inspections need few different things: a pass asks 1,000s
def missing_phrase(items: tuple[str, ...]) -> str:
    """``the PCC's response, sign-off and four more steps``, in the order they are needed."""
    names = [MISSING_NAMES.get(item, item.removeprefix("step:")) for item in items]
    steps = [item for item in items if item.startswith("step:")]
    if len(steps) > 1:  # name the next step, count the rest
        names = [*names[: len(names) - len(steps) + 1], counted(len(steps) - 1, "more step")]
    return and_list(names)


def nudge(reference: str, days: int, deadline: date, needed: str, asked: str) -> str:
    ask = f" {asked}, over to you." if asked else ""
    if days < 0:
        return (
            f":rotating_light: *{reference}* is *{days_phrase(days)}*: the Section 55 deadline "
            f"was {human_date(deadline)}. Still needed: {needed}.{ask}"
        )
    when = "*today*" if days == 0 else f"in *{days} day{'s' if days != 1 else ''}*"
    return (
        f":alarm_clock: *{reference}*: the Section 55 deadline is {when} "
        f"({human_date(deadline)}). Still needed: {needed}.{ask}"
    )


def cc_nudge(reference: str, days: int, due: date, asked: str) -> str:
    """To the CC contact before the Chief Constable's comments date (s.55(4)), and on it."""
    when = {0: "*today*", 1: "*tomorrow*"}.get(days, f"in *{days} days*")
    ask = f"{asked}, please" if asked else "Please"
    return (
        f":memo: *{reference}*: the Chief Constable's comments are due {when} "
        f"({human_date(due)}). {ask} paste them here in this thread."
    )


def cc_late(days: int) -> str:
    return f"CC comments {days} day{'s' if days != 1 else ''} late"


LOGGED_LATE = "logged after the deadline"


def late_notes(cc_days_late: int, logged_late: bool) -> list[str]:
    """What the card and the digest say of a date already missed."""
    notes = [cc_late(cc_days_late)] if cc_days_late else []
    return notes + ([LOGGED_LATE] if logged_late else [])


def digest_heading(day: date) -> str:
    return f"Section 55 deadlines: {human_date(day)}"


DIGEST_NOTHING_DUE = ":white_check_mark: Nothing due: there are no open inspections."


def digest_more(count: int) -> str:
    """``…and two more``: in words up to nine, as the office writes a count (number_words)."""
    return f"…and {number_words(count)} more. `/s55 list` shows them all."


def digest_line(
    link: str,
    title: str,
    days: int,
    deadline: date,
    state: str,
    needed: str,
    notes: Sequence[str] = (),
) -> str:
    return (
        f"{link} {title}\n*{days_phrase(days)}* (deadline {human_date(deadline)}) · {state} · "
        f"{flagged(notes)}still needed: {needed}"
    )


def flagged(notes: Sequence[str]) -> str:
    """Dates already missed, before what is still needed (digest and Home tab lines)."""
    return "".join(f":warning: {note} · " for note in notes)


SNOOZE_PLACEHOLDER = "Snooze nudges"

SNOOZE_CHOICES = {1: "1 day", 3: "3 days", 7: "A week"}

SNOOZE_DATE_PLACEHOLDER = "Snooze until a date"

RESUME_BUTTON = "Resume nudges"


def _quiet_until(until: date) -> str:
    return f"until {human_date(until)}; they resume on {human_date(until + timedelta(days=1))}"


def _clamp_note(asked: date, until: date) -> str:
    if asked == until:
        return ""
    return (
        f" (You asked for {human_date(asked)}: a snooze ends before the deadline, whose nudge "
        "always goes out.)"
    )


def snoozed_note(reference: str, actor: str, until: date, asked: date) -> str:
    """In the card's thread: what was stored, by whom."""
    return (
        f":zzz: Nudges for *{reference}* snoozed by <@{actor}> {_quiet_until(until)}."
        f"{_clamp_note(asked, until)}"
    )


def snooze_stored(reference: str, until: date, asked: date) -> str:
    clamped = _clamp_note(asked, until)
    return f"Snoozed the nudges for {reference} {_quiet_until(until)}.{clamped} {SLACK_BEHIND}"


def resumed_note(reference: str, actor: str) -> str:
    return f":bell: Nudges for *{reference}* resumed by <@{actor}>."


def resume_stored(reference: str) -> str:
    return f"Resumed the nudges for {reference}. {SLACK_BEHIND}"


def snooze_date_too_far(asked: date) -> str:
    return (
        f"Pick an earlier day: nudges snoozed until {human_date(asked)} would never resume. "
        "Nothing was changed."
    )


def snooze_date_not_after_today(asked: date) -> str:
    return (
        f"Pick a day after today: a snooze until {human_date(asked)} would quiet nothing. "
        "Nothing was changed."
    )


def snooze_overdue_approvers_only(reference: str) -> str:
    return (
        f"{reference} is overdue: only the office's approvers can snooze its overdue nudges. "
        "Nothing was changed."
    )


def snooze_too_near_deadline(reference: str, deadline: date) -> str:
    return (
        f"{reference}'s deadline is {human_date(deadline)}, and its deadline-day nudge always goes "
        "out: there is no day left to snooze before it. Nothing was changed."
    )


def snooze_closed(reference: str, state: str) -> str:
    return f"{reference} is closed ({state}): it gets no nudges to snooze. Nothing was changed."


def not_snoozed(reference: str) -> str:
    return f"The nudges for {reference} aren't snoozed. Nothing was changed."


def digest_snoozed(until: date) -> str:
    return f" · :zzz: snoozed until {human_date(until)}"


def card_snoozed(until: date) -> str:
    return f"\n:zzz: Nudges snoozed until {human_date(until)}."


def action_nudge(
    label: str, reference: str, owner: str, target: date, *, passed: bool, today: date
) -> str:
    who = f"{owner}: " if owner else ""
    if passed:
        days = (today - target).days
        ago = f"{days} day{'s' if days != 1 else ''} ago"
        when = f"its target date, {human_date(target)}, passed {ago}"
        mark = ":rotating_light:"
    else:
        days = (target - today).days
        soon = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        when = f"its target date is {soon} ({human_date(target)})"
        mark = ":alarm_clock:"
    return (
        f"{mark} {who}*{label}* of *{reference}*: {when}. Record its progress with "
        f"`/s55 recs {reference}` → *Update*."
    )


def item_snoozed_note(label: str, reference: str, actor: str, until: date) -> str:
    return (
        f":zzz: Nudges for *{label}* of *{reference}* snoozed by <@{actor}> {_quiet_until(until)}."
    )


def item_snooze_stored(label: str, reference: str, until: date) -> str:
    return f"Snoozed the nudges for {label} of {reference} {_quiet_until(until)}. {SLACK_BEHIND}"


def item_resumed_note(label: str, reference: str, actor: str) -> str:
    return f":bell: Nudges for *{label}* of *{reference}* resumed by <@{actor}>."


def item_resume_stored(label: str, reference: str) -> str:
    return f"Resumed the nudges for {label} of {reference}. {SLACK_BEHIND}"


def item_not_snoozed(label: str, reference: str) -> str:
    return f"The nudges for {label} of {reference} aren't snoozed. Nothing was changed."


def item_snooze_not_open(label: str, reference: str, status: str) -> str:
    return (
        f"{label} of {reference} is {status}: its owner is nudged no more, so there is "
        "nothing to snooze. Nothing was changed."
    )


def item_snoozed_until(until: date) -> str:
    return f":zzz: nudges snoozed until {human_date(until)}"
