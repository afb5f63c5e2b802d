"""The response document (bot/documents, bot/exports): its fixed wording, how it introduces
the items, the register's words, and `/s55 export`."""

from __future__ import annotations

from collections.abc import Sequence

from .items import ITEM_KIND_LABELS, ITEM_KIND_PLURALS
from .words import and_list, number_words, quoted

__all__ = [
    "CSV_STATE_ANSWERED",
    "CSV_STATE_NOT_REQUIRED",
    "CSV_STATE_UNANSWERED",
    "DOCUMENT_AWAITING",
    "DOCUMENT_CAUSES_HEADING",
    "DOCUMENT_CC_HEADING",
    "DOCUMENT_DIRECTED_AT",
    "DOCUMENT_ITEMS_FOR_OTHERS",
    "DOCUMENT_NONE",
    "DOCUMENT_NOT_RECORDED",
    "DOCUMENT_NO_LINK",
    "DOCUMENT_OWNER_LABEL",
    "DOCUMENT_PCC_HEADING",
    "DOCUMENT_PREAMBLE",
    "DOCUMENT_RESPONSE_LABEL",
    "DOCUMENT_TARGET_LABEL",
    "EXPORT_USAGE",
    "REGISTER_STATUS_LABELS",
    "bad_export_format",
    "document_action_label",
    "document_author",
    "document_items_for_others",
    "document_items_intro",
    "document_not_answered",
    "document_recommendations_under",
    "document_title",
    "exported",
]


def document_title(area: str | None) -> str:
    who = f"{area}'s Police and Crime Commissioner" if area else "Police and Crime Commissioner"
    return (
        f"{who} (PCC) response to an inspection published by His Majesty's Inspectorate of "
        "Constabulary and Fire & Rescue Services (HMICFRS)"
    )


def document_author(area: str | None) -> str:
    """The author in the file's properties: the office, never the library that wrote it."""
    office = "Office of the Police and Crime Commissioner"
    return f"{area}'s {office}" if area else office


DOCUMENT_PREAMBLE = (
    "Section 55 of the Police Act 1996 (as amended by section 37 of the Policing and Crime Act "
    "2017) requires local policing bodies to respond and publish comments on all inspection "
    "reports pertaining to your force within 56 days of report publication."
)


# Said only when someone confirmed the report makes none; otherwise DOCUMENT_NOT_RECORDED.
DOCUMENT_NONE = {
    "findings": "The report sets out no key findings.",
    "recommendations": "There are no recommendations made.",
    "afis": "There are no areas for improvement made.",
}

DOCUMENT_NOT_RECORDED = "Not yet recorded."

DOCUMENT_NO_LINK = "Not recorded."

DOCUMENT_AWAITING = "Awaited."

DOCUMENT_CC_HEADING = (
    "Chief Constable response to report and any Recommendations/Areas for Improvement"
)

DOCUMENT_PCC_HEADING = "PCC response to report and any Recommendations/Areas for Improvement"


def bad_export_format(text: str) -> str:
    return f"{quoted(text)} is not a format I write. Use `docx` (Word), `html` or `md` (Markdown)."


def exported(names: list[str]) -> str:
    return "Uploaded " + " and ".join(f"`{name}`" for name in names) + " to the card's thread."


EXPORT_USAGE = "Which inspection? Use `/s55 export S55-3 docx` (or `html`, `md`)."

DOCUMENT_ITEMS_FOR_OTHERS = (
    "The report also makes these, directed at others rather than at the force; they are "
    "listed for completeness and need no answer here:"
)

DOCUMENT_RESPONSE_LABEL = "Response"

DOCUMENT_OWNER_LABEL = "Owner"

DOCUMENT_TARGET_LABEL = "Target date"


# Whom an item that needs the force's answer is directed at, as a sentence of the document says.
DOCUMENT_DIRECTED_AT = {
    "force": "the force",
    "chief_constable": "the chief constable",
    "all_chief_constables": "all chief constables",
    "pcc": "the PCC",
}


def _of_kind(kind: str, count: int) -> str:
    return ITEM_KIND_PLURALS[kind] if count != 1 else ITEM_KIND_LABELS[kind].lower()


def _whom(directed: Sequence[str]) -> str:
    names = list(dict.fromkeys(DOCUMENT_DIRECTED_AT.get(d, d) for d in directed))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def document_items_intro(
    kind: str, *, listed: int, directed: Sequence[str], complete: bool | None
) -> str | None:
    """The sentence before the items of a kind. ``listed``: how many are on record;
    ``directed``: whom each of those needing the force's answer is directed at. It says how many
    the report makes only when the office recorded that the list is complete (``complete``
    True); otherwise it speaks of the items below, never of the report's total."""
    ours = len(directed)
    each = "It is" if ours == 1 else "Each is"
    set_out = (
        f"{each} set out below with the same numbering as the report, followed by the response "
        "to it."
    )
    if complete:
        # A report makes recommendations and AFIs; it identifies causes of concern.
        verb = "identified" if kind == "cause_of_concern" else "made"
        made = f"{number_words(listed).capitalize()} {_of_kind(kind, listed)} "
        made += f"{'was' if listed == 1 else 'were'} {verb} within the report"
        if ours == 0:
            return f"{made}, none of them directed at the force."
        if ours == listed:
            whom = "directed at" if listed == 1 else "all of them directed at"
            return f"{made}, {whom} {_whom(directed)}. {set_out}"
        which = "of which was" if ours == 1 else "of which were"
        return f"{made}, {number_words(ours)} {which} directed at {_whom(directed)}. {set_out}"
    if ours == 0:
        return None
    verb = "is" if ours == 1 else "are"
    each_followed = "followed" if ours == 1 else "each followed"
    relevant = " Only those relevant to the force are listed." if complete is False else ""
    return (
        f"The {_of_kind(kind, ours)} directed at {_whom(directed)} {verb} set out below with the "
        f"same numbering as the report, {each_followed} by the response to it.{relevant}"
    )


def document_items_for_others(complete: bool | None) -> str:
    """Before the items directed at others: "for completeness" only of a complete list."""
    if complete:
        return DOCUMENT_ITEMS_FOR_OTHERS
    return (
        "The report also makes these, directed at others rather than at the force; they need "
        "no answer here:"
    )


DOCUMENT_CAUSES_HEADING = "Causes of concern"


def document_recommendations_under(numbers: list[str]) -> str:
    which = "Recommendation" if len(numbers) == 1 else "Recommendations"
    return f"{which} {and_list(numbers)}, set out below, answer this cause of concern."


def document_not_answered(label: str) -> str:
    return f"{label} has not yet been answered."


def document_action_label(action: bool) -> str:
    return "Action taken or proposed" if action else "Why no action will be taken"


# The HMICFRS recommendation register's words (bot.domain.register), as the Monitoring Portal
# writes them.
REGISTER_STATUS_LABELS = {
    "awaiting_review": "awaiting review",
    "being_progressed": "being progressed",
    "complete": "complete",
    "no_further_action": "no further action needed",
}

CSV_STATE_ANSWERED = "answered"

CSV_STATE_UNANSWERED = "not yet answered"

CSV_STATE_NOT_REQUIRED = "no answer required"
