"""The audit log read back (bot/audit): `/s55 history` and `s55bot audit --csv`, a row a
sentence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .inspections import EDITED_NAMES
from .items import ITEM_KIND_PLURALS, ITEM_RESPONSE_LABELS, LIST_EXTENT_WORDS, count_of
from .office import setting_name, setting_value
from .progress import ACTION_STATUS_LABELS, NO_TARGET, RAG_LABELS
from .responses import RESPONSE_LABELS
from .sections import SECTION_NAMES
from .words import human_date, inert

__all__ = [
    "AFTER_STEP",
    "AUDIT_DESCRIPTIONS",
    "audit_actor",
    "audit_unknown",
    "history_heading",
]


def history_heading(reference: str, total: int, shown: int) -> str:
    more = f" (the latest {shown} of {total})" if shown < total else ""
    return f"*History of {reference}*{more}"


def _short(value: object, limit: int = 80) -> str:
    text = "not recorded" if value in (None, "") else str(value)
    return inert(text if len(text) <= limit else text[: limit - 1] + "…")


# What the bot did by itself followed (an audit row's details["following"]).
AFTER_STEP = {
    "confirmation": "confirmation",
    "start again": "Start again",
    "none": "“the report makes none”",
}


def audit_actor(actor: str, automatic: str) -> str:
    """Who did it, in a history line: a person as a mention, the bot by its name."""
    return automatic if actor == automatic else f"<@{actor}>"


def _after(details: dict) -> str:
    if not details.get("after"):
        return ""
    step = AFTER_STEP.get(details.get("following", ""), "step")
    return f" (after <@{details['after']}>'s {step})"


def _asked_by(details: dict) -> str:
    return f", as <@{details['asked by']}> had asked" if details.get("asked by") else ""


def _audit_day(iso: object) -> str:
    try:
        return human_date(date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


def _label(details: dict) -> str:
    return RESPONSE_LABELS.get(details.get("kind", ""), "response")


def _section_name(details: dict) -> str:
    return SECTION_NAMES.get(details.get("section", ""), "section")


def _changes(details: dict) -> str:
    return "; ".join(
        f"{EDITED_NAMES.get(name, name)} from “{_short(old)}” to “{_short(new)}”"
        for name, (old, new) in (details.get("changes") or {}).items()
    )


def _snoozed(details: dict) -> str:
    asked = details.get("asked")
    return (
        f"snoozed the nudges until {_audit_day(details.get('until'))}"
        + (" (the overdue nudges)" if details.get("overdue") else "")
        + (f", asked for {_audit_day(asked)}" if asked != details.get("until") else "")
    )


def _progress(details: dict) -> str:
    status = details.get("status", "")
    rag = details.get("rag", "")
    target = f"target {_audit_day(details['target'])}" if details.get("target") else NO_TARGET
    return (
        f"recorded update {details.get('update')} of {details.get('item')}: "
        f"{ACTION_STATUS_LABELS.get(status, status)}, {target}, "
        f"RAG {RAG_LABELS.get(rag, rag)}"
    )


def _items_recorded(details: dict) -> str:
    counts = ", ".join(f"{details.get(name, 0)} {name}" for name in ("added", "changed", "removed"))
    return f"recorded {count_of(details.get('kind', ''), details.get('items', 0))} ({counts})"


def _list_extent(details: dict) -> str:
    kind = ITEM_KIND_PLURALS.get(details.get("kind", ""), "items")
    return f"recorded that the {kind} listed are {LIST_EXTENT_WORDS[bool(details.get('complete'))]}"


def _item_answered(details: dict) -> str:
    response = details.get("response", "")
    return (
        f"answered {details.get('item')} (revision {details.get('revision')}): "
        f"{ITEM_RESPONSE_LABELS.get(response, response)}"
    )


def _reopened(details: dict) -> str:
    steps = details.get("steps") or []
    undone = f" ({len(steps)} step{'s' if len(steps) != 1 else ''} undone)" if steps else ""
    return f"reopened sign-off: changed after sign-off: {details.get('what', '')}{undone}"


def _report_posted(details: dict) -> str:
    channel = details.get("channel")
    return f"asked for the {details.get('period', '')} report" + (
        f" in <#{channel}>" if channel else ""
    )


def _setting_changed(details: dict) -> str:
    name = str(details.get("setting", ""))
    old, new = str(details.get("from") or ""), str(details.get("to") or "")
    return (
        f"changed the {setting_name(name)} from {setting_value(name, old)} "
        f"to {setting_value(name, new)}"
    )


# Every audit action (bot.domain.audit.AuditAction, by its value) in words: a row of
# `/s55 history` and of `s55bot audit --csv` is "<who> <this>". One line per member; a member
# without one fails tests/bot/domain/test_audit.py.
AUDIT_DESCRIPTIONS: dict[str, Callable[[dict], str]] = {
    "logged": lambda d: f"logged the inspection “{inert(str(d.get('title', '')))}”",
    "edited": lambda d: "corrected " + _changes(d),
    "withdrawn": lambda d: f"withdrew the inspection: {inert(str(d.get('reason', '')))}",
    "confirmed none": lambda d: (
        f"confirmed the report makes no {_section_name(d)}"
        + (f" ({d['items removed']} items taken off the record)" if d.get("items removed") else "")
    ),
    "response requested": lambda d: (
        f"asked for the {_label(d)}"
        + (" (a replacement)" if d.get("replacing") else "")
        + _asked_by(d)
        + _after(d)
    ),
    "response request waiting": lambda d: (
        f"asked for the {_label(d)}; it waits until the "
        f"{RESPONSE_LABELS.get(d.get('waiting for', ''), 'draft')} being pasted is "
        "confirmed or cleared"
    ),
    "response drafted": lambda d: f"started the draft of the {_label(d)}",
    "draft reviewed": lambda d: (
        f"reviewed the draft of the {_label(d)}: {d.get('included', 0)} part(s) included, "
        f"{d.get('changed', 0)} changed"
    ),
    "draft cleared": lambda d: f"cleared the draft of the {_label(d)}",
    "response confirmed": lambda d: f"confirmed the {_label(d)} ({d.get('words', 0):,} words)",
    "response revised": lambda d: (
        f"confirmed revision {d.get('revision')} of the {_label(d)} ({d.get('words', 0):,} words)"
    ),
    "section recorded": lambda d: (
        f"recorded revision {d.get('revision')} of the {_section_name(d)} from the thread"
    ),
    "items recorded": _items_recorded,
    "list extent recorded": _list_extent,
    "item answered": _item_answered,
    "progress recorded": _progress,
    "step confirmed": lambda d: f"confirmed “{d.get('step')}”",
    "step undone": lambda d: f"undid “{d.get('step')}”: {inert(str(d.get('reason', '')))}",
    "sign-off reopened": _reopened,
    "marked not required": lambda d: (
        f"recorded no response required: {inert(str(d.get('reason', '')))}"
    ),
    "snoozed": _snoozed,
    "snooze ended": lambda d: f"resumed the nudges (snoozed until {_audit_day(d.get('until'))})",
    "item snoozed": lambda d: (
        f"snoozed the nudges for {d.get('item')} until {_audit_day(d.get('until'))}"
    ),
    "item snooze ended": lambda d: (
        f"resumed the nudges for {d.get('item')} (snoozed until {_audit_day(d.get('until'))})"
    ),
    "report posted": _report_posted,
    "installed": lambda d: f"added s55bot to the workspace {inert(str(d.get('team', '')))}",
    "uninstalled": lambda d: (
        "removed s55bot from the workspace: its tokens were deleted, and the records are kept "
        f"until {_audit_day(d.get('erase after'))} for export"
    ),
    "records erased": lambda d: (
        f"deleted the office's records at the end of the retention period ({d.get('rows', 0):,} "
        "rows)"
    ),
    "setting changed": _setting_changed,
}


def audit_unknown(action: str) -> str:
    """A row whose action this version does not know (written by a newer one)."""
    return f"recorded “{inert(action)}”"
