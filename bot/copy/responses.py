"""What the card's thread collects (bot/responses): asking for the Chief Constable's and the
PCC's responses, the receipt and its buttons, replacing a response, reviewing a draft."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .errors import SLACK_BEHIND
from .words import human_date, quoted

__all__ = [
    "CONFIRM_REPLACE_TITLE",
    "CONFIRM_START_AGAIN_TEXT",
    "CONFIRM_START_AGAIN_TITLE",
    "CONFIRM_USE_TEXT",
    "CONFIRM_USE_TITLE",
    "DRAFT_CHANGED",
    "FILES_NOT_CAPTURED",
    "INCLUDE_LABEL",
    "NOTHING_TO_USE",
    "RECEIPT_MOVED",
    "REPLACE_BUTTON",
    "RESPONSE_LABELS",
    "REVIEW_DRAFT_BUTTON",
    "REVIEW_DRAFT_SUBMIT",
    "REVIEW_DRAFT_TITLE",
    "REVIEW_NOTHING_INCLUDED",
    "REVISE_USAGE",
    "START_AGAIN_BUTTON",
    "USE_BUTTON",
    "already_collecting",
    "ask_for_cc",
    "ask_for_pcc",
    "ask_for_replacement",
    "bad_response_kind",
    "card_needed_first",
    "closed_no_revise",
    "confirm_replace_text",
    "draft_already_closed",
    "draft_cleared",
    "draft_cleared_for_waiting",
    "draft_reviewed",
    "draft_set_aside",
    "not_a_response_editor",
    "receipt",
    "receipt_abandoned",
    "receipt_confirmed",
    "receipt_section_recorded",
    "response_stored",
    "review_draft_intro",
    "review_part",
    "review_whole_text",
    "revise_started",
    "revision_waits",
]


RESPONSE_LABELS = {
    "cc": "Chief Constable's response",
    "pcc": "PCC's response",
    "findings": "key findings",
    "recs": "recommendations",
    "afis": "areas for improvement",
}


def bad_response_kind(text: str) -> str:
    return (
        f"{quoted(text)} is not a response I collect. "
        "Use `cc` or `pcc`, e.g. `/s55 revise S55-3 cc`."
    )


REVISE_USAGE = "Which response? Use `/s55 revise S55-3 cc` or `/s55 revise S55-3 pcc`."


def ask_for_cc(reference: str, contact: str | None, due: date) -> str:
    return (
        f"{_hello(contact)}Please paste the *Chief Constable's response* to *{reference}* here in "
        f"this thread, in one message or several. The Chief Constable's comments are due by "
        f"*{human_date(due)}*. I'll show a receipt with a button to confirm it."
    )


def ask_for_pcc(reference: str, contact: str | None, deadline: date) -> str:
    return (
        f"{_hello(contact)}Please paste the *PCC's response* to *{reference}* here in this "
        f"thread, in one message or several. The Section 55 deadline is "
        f"*{human_date(deadline)}*."
    )


def ask_for_replacement(label: str, reference: str, actor: str) -> str:
    return (
        f"<@{actor}> is replacing the *{label}* to *{reference}*. Paste the new text here in "
        "this thread; the current version stays on record until the new one is confirmed."
    )


def _hello(contact: str | None) -> str:
    if not contact:
        return ""
    mention = f"<!subteam^{contact}>" if contact.startswith("S") else f"<@{contact}>"
    return f"{mention} "


def receipt(
    label: str,
    messages: int,
    words: int,
    first: str,
    last: str = "",
    *,
    files: Sequence[tuple[str, int]] = (),
    left_out: int = 0,
) -> str:
    """``first`` and ``last`` (sentences) come escaped for mrkdwn; ``last`` empty when the
    draft is one sentence."""
    heading = f"*{label[0].upper()}{label[1:]}: draft*"
    aside = _left_out(left_out)
    if messages == 0:
        return f"{heading}\nNothing yet. Paste the text in this thread, or share the file.{aside}"
    noun = "message" if messages == 1 else "messages"
    from_files = "; ".join(f"{quoted(name)}, {count:,} words" for name, count in files)
    with_files = f" (with {from_files})" if files else ""
    ends = f"\nIt ends:\n> {last}" if last else ""
    return (
        f"{heading}\nI have {messages} {noun}, {words:,} words{with_files}. "
        f"It starts:\n> {first}{ends}{aside}"
    )


def _left_out(count: int) -> str:
    if not count:
        return ""
    whose = "message from someone else" if count == 1 else "messages from others"
    return f"\n:information_source: {count} {whose} not included — *Review* to include it."


def receipt_section_recorded(label: str, actor: str, words: int, when: str) -> str:
    return (
        f":white_check_mark: *{label[0].upper()}{label[1:]}* recorded by <@{actor}> on {when}: "
        f"{words:,} words."
    )


def receipt_confirmed(label: str, revision: int, actor: str, words: int, when: str) -> str:
    return (
        f":white_check_mark: *{label}* confirmed by <@{actor}> on {when}: "
        f"revision {revision}, {words:,} words."
    )


def receipt_abandoned(label: str, because: str, actor: str) -> str:
    """The receipt of a draft no longer collected, saying why (``SetAsideBecause``)."""
    heading = f"*{label[0].upper()}{label[1:]}*: no longer collected"
    why = {
        "not required": f"<@{actor}> recorded that no response is required.",
        "withdrawn": f"<@{actor}> withdrew the inspection.",
        "makes none": f"<@{actor}> confirmed that the report makes none.",
    }
    if because in why:
        return f"{heading} — {why[because]}"
    return f"*{label}: draft set aside.* A newer request in this thread replaced it."


USE_BUTTON = {
    "cc": "Use this as the Chief Constable's response",
    "pcc": "Use this as the PCC's response",
    "findings": "Use this as the key findings",
    "recs": "Use this as the recommendations",
    "afis": "Use this as the areas for improvement",
}

START_AGAIN_BUTTON = "Start again"

REPLACE_BUTTON = "Replace"

CONFIRM_USE_TITLE = "Use this text?"

CONFIRM_USE_TEXT = "It becomes the response on record; earlier versions are kept."

CONFIRM_REPLACE_TITLE = "Are you sure?"


def confirm_replace_text(label: str) -> str:
    return (
        f"I'll ask in this thread for a new {label}. The current version stays on record "
        "until the new one is confirmed."
    )


CONFIRM_START_AGAIN_TITLE = "Start again?"

CONFIRM_START_AGAIN_TEXT = "I'll forget the messages so far; paste the text again afterwards."

FILES_NOT_CAPTURED = (
    "I can only capture text, not files. Please paste the response as text in this thread."
)

NOTHING_TO_USE = "There is no text in the draft yet: paste the response in the thread first."

DRAFT_CHANGED = (
    "The draft changed after that receipt was shown. Check the updated receipt and press again."
)


def draft_already_closed(label: str) -> str:
    return f"The {label} was already confirmed from this draft; there is nothing more to do."


def not_a_response_editor(label: str) -> str:
    return (
        f"Only the office's response editors can confirm the {label}. "
        "Ask one of them, or the administrator who sets S55_RESPONSE_EDITORS."
    )


def already_collecting(label: str, reference: str) -> str:
    return f"I'm already collecting the {label} to {reference}: paste it in the card's thread."


def closed_no_revise(reference: str, state: str) -> str:
    return f"{reference} is {state}: its responses can no longer be replaced."


def revise_started(label: str, reference: str) -> str:
    return f"I've asked for the new {label} to {reference} in the card's thread."


def revision_waits(label: str, collecting: str, messages: int, reference: str) -> str:
    noun = "message" if messages == 1 else "messages"
    return (
        f"The thread of {reference} is collecting the {collecting} ({messages} {noun} so far), "
        f"and I won't set that aside. The {label} will be asked for again once the "
        f"{collecting} being pasted is confirmed or cleared; nothing more is needed from you."
    )


def card_needed_first(reference: str) -> str:
    return (
        f"{reference} has no tracking card yet, so there is no thread to collect in. "
        "Invite me to the team channel first."
    )


def response_stored(label: str, revision: int, reference: str) -> str:
    return f"Stored the {label} to {reference} as revision {revision}. {SLACK_BEHIND}"


def draft_cleared(label: str) -> str:
    return f"Cleared the draft of the {label}; paste the text again. {SLACK_BEHIND}"


def draft_cleared_for_waiting(label: str, waiting: str) -> str:
    return (
        f"Cleared the draft of the {label} and set it aside: the {waiting} that was waiting "
        f"for it is asked for now. {SLACK_BEHIND}"
    )


def draft_set_aside(label: str) -> str:
    return (
        f"That draft of the {label} was set aside when another response was asked for; "
        "use the receipt under the latest request in the card's thread."
    )


REVIEW_DRAFT_BUTTON = "Review"

REVIEW_DRAFT_TITLE = "Review the draft"

REVIEW_DRAFT_SUBMIT = "Save"

INCLUDE_LABEL = "Include"

REVIEW_NOTHING_INCLUDED = "Include at least one part, or use Start again."


def review_draft_intro(label: str) -> str:
    return (
        f"The parts of the {label} draft, in the order they were posted. Tick the ones that "
        "belong in it; then use the receipt's button to confirm it."
    )


def review_part(author: str, words: int, first: str, last: str, files: str) -> str:
    shown = f"“{first}”" + (f" … “{last}”" if last else "")
    from_files = f" · from {files}" if files else ""
    return f"*<@{author}>* · {words:,} words{from_files}\n{shown}"


def review_whole_text(text: str, more_words: int) -> str:
    more = f"\n… and {more_words:,} more words." if more_words else ""
    return f"*As it will be stored:*\n{text}{more}"


def draft_reviewed(changed: int) -> str:
    if not changed:
        return "Nothing changed: the draft holds the same parts."
    parts = f"{changed} part{'s' if changed != 1 else ''}"
    return f"Done: {parts} changed. The receipt shows the draft now."


RECEIPT_MOVED = "_The receipt moved to the end of this thread._"
