"""The key findings, recommendations and areas for improvement as sections (bot.domain.sections):
asked for in the thread, recorded, or confirmed to be none."""

from __future__ import annotations

from .errors import SLACK_BEHIND

__all__ = [
    "CONFIRM_NONE_TEXT",
    "CONFIRM_NONE_TITLE",
    "MENU_ASK",
    "NONE_USAGE",
    "SECTION_HEADINGS",
    "SECTION_NAMES",
    "SECTION_NONE_BUTTON",
    "SECTION_USAGE",
    "ask_for_section",
    "none_already",
    "none_over_text",
    "none_recorded",
    "section_asked",
    "section_closed",
    "section_line",
    "section_stored",
    "section_waits",
    "sign_off_needs_sections",
]


SECTION_NAMES = {
    "findings": "key findings",
    "recommendations": "recommendations",
    "afis": "areas for improvement",
}

SECTION_HEADINGS = {
    "findings": "Key findings",
    "recommendations": "Recommendations",
    "afis": "Areas for improvement",
}

NONE_USAGE = (
    "Which inspection and which section? Use `/s55 none S55-3 recommendations` "
    "(or `findings`, `afis`)."
)


def sign_off_needs_sections(sections: list[str]) -> str:
    names = " and the ".join(SECTION_NAMES[s] for s in sections)
    return (
        f"The PCC response cannot be signed off yet: the {names} are not yet recorded, and the "
        "published response must answer every recommendation. Paste them from the report in "
        "the card's thread (`/s55 recs` or `/s55 afis` and the inspection's reference, or the "
        "card's ⋯ menu), or, if the report makes none, say so with "
        "`/s55 none <reference> recommendations` (or `afis`)."
    )


def section_line(section: str, status: str, words: int) -> str:
    name = SECTION_HEADINGS[section]
    if status == "none":
        return f":white_check_mark: *{name}*: the report makes none"
    if status == "recorded":
        return f":white_check_mark: *{name}*: recorded, {words:,} words"
    return f":hourglass_flowing_sand: *{name}*: not yet recorded"


def none_recorded(reference: str, section: str) -> str:
    return (
        f"Recorded for *{reference}*: the report makes no {SECTION_NAMES[section]}. "
        "The document will say so."
    )


def none_already(reference: str, section: str) -> str:
    return f"*{reference}* already records that the report makes no {SECTION_NAMES[section]}."


SECTION_USAGE = {
    "findings": "Which inspection? Use `/s55 findings S55-3`.",
    "recs": "Which inspection? Use `/s55 recs S55-3`.",
    "afis": "Which inspection? Use `/s55 afis S55-3`.",
}

SECTION_NONE_BUTTON = "The report makes none"

CONFIRM_NONE_TITLE = "The report makes none?"

CONFIRM_NONE_TEXT = "The published response will say so. Only confirm this if the report says it."

MENU_ASK = {
    "findings": "Paste the key findings in the thread",
    "recs": "Paste the recommendations in the thread",
    "afis": "Paste the areas for improvement in the thread",
}


def ask_for_section(label: str, reference: str) -> str:
    return (
        f"Please paste the *{label}* of *{reference}* here in this thread, as the report words "
        "them, in one message or several (any length). I'll show a receipt with a button to "
        "confirm them. If the report makes none, press the button below."
    )


def section_asked(label: str, reference: str) -> str:
    return f"I have asked for the *{label}* of *{reference}* in the card's thread."


def section_waits(collecting: str, messages: int, label: str, reference: str) -> str:
    noun = "message" if messages == 1 else "messages"
    return (
        f"The thread of *{reference}* is collecting the {collecting} ({messages} {noun} so "
        f"far), so I have not asked for the {label} yet: confirm that draft or press Start "
        "again on its receipt first, then ask again."
    )


def section_stored(label: str, reference: str) -> str:
    return f"Recorded the {label} of {reference}. {SLACK_BEHIND}"


def section_closed(reference: str, state: str) -> str:
    return f"{reference} is {state}: its sections are corrected with `/s55 edit` by an approver."


def none_over_text(reference: str, section: str) -> str:
    return (
        f"*{reference}* has {SECTION_NAMES[section]} on record. Only an approver can replace "
        'recorded text with "the report makes none"; if the text is wrong, correct it instead.'
    )
