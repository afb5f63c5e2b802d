"""Sign-off freezes what is published (bot.domain.publication, bot/publication): what a document
was made from, and a change after sign-off that reopens it."""

from __future__ import annotations

from collections.abc import Sequence

from .words import inert, mention

__all__ = [
    "CARD_REOPENED_STATE",
    "DOCUMENT_PART_NAMES",
    "REOPENED_REPLY",
    "answer_reopens_sign_off",
    "card_reopened",
    "changed_after_sign_off",
    "document_revision",
    "document_revision_line",
    "sign_off_reopened_note",
    "signed_off_change_refused",
    "signed_off_meanwhile",
    "stored_reply",
    "who_approves",
]


def document_revision(revision: int) -> str:
    """How the documents posted at sign-off and at completion name what they were made from:
    the record's revision counts every change to what the document says."""
    return f"revision {revision} of the record"


def document_revision_line(revision: int) -> str:
    """The line under "For Office Use Only" in the document itself."""
    return f"Made from {document_revision(revision)}."


DOCUMENT_PART_NAMES = {
    "title": "the title",
    "published": "the publication date",
    "inspection_type": "the type of inspection",
    "link": "the link",
    "statutory_deadline": "the Section 55 deadline",
    "findings": "the key findings",
    "recommendations": "the recommendations",
    "afis": "the areas for improvement",
    "cc": "the Chief Constable's response",
    "pcc": "the PCC's response",
}


def changed_after_sign_off(what: str) -> str:
    return f"changed after sign-off: {what}"


def who_approves(approvers: Sequence[str]) -> str:
    """ "<@U1>, <@U2> or a member of <!subteam^S1>": the approvers by name (as mentions, which
    Slack shows as names; in a private reply they notify nobody)."""
    people = [mention(p) for p in approvers if not p.startswith("S")]
    groups = [f"a member of {mention(p)}" for p in approvers if p.startswith("S")]
    names = people + groups
    if not names:
        return "nobody yet (no approvers are set up)"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def signed_off_change_refused(reference: str, approvers: Sequence[str]) -> str:
    return (
        f"*{reference}* is signed off, so what its response publishes can be changed only by an "
        f"approver: {who_approves(approvers)}. Nothing was changed. An approver's change reopens "
        "sign-off, so that what is published is what was signed off."
    )


def signed_off_meanwhile(reference: str) -> str:
    return (
        f"*{reference}* was signed off a moment ago, so this change now needs an approver. "
        "Nothing was changed: try again."
    )


def sign_off_reopened_note(
    reference: str,
    *,
    actor: str,
    what: str,
    undone: Sequence[str],
    was_complete: bool,
    approvers: Sequence[str],
) -> str:
    """In the card's thread when an approver's change reopened sign-off."""
    later = len(undone) - 1
    steps = f"“{undone[0]}” is undone" + (
        f", and the {later} step{'s' if later != 1 else ''} after it" if later else ""
    )
    published = (
        " What was published no longer matches the record, so the publishing steps are to be "
        "confirmed again too."
        if was_complete
        else ""
    )
    ask = f"{' '.join(mention(p) for p in approvers)}: please" if approvers else "Please"
    return (
        f":rewind: *{reference}*: sign-off reopened. <@{actor}> changed {what} after sign-off, "
        f"so {steps}.{published} {ask} check the document (`/s55 export {reference}`) and sign "
        "off again; the later steps wait until then."
    )


def card_reopened(reason: str, actor: str, when: str) -> str:
    """Under the sign-off step on the card, while it waits to be given again."""
    return f":rewind: _Sign-off reopened ({inert(reason)}) by <@{actor}>, {when}_"


CARD_REOPENED_STATE = "sign-off reopened"


# Said after a change that reopened sign-off, to whoever made it.
REOPENED_REPLY = (
    " Sign-off is reopened: the approvers are asked in the card's thread to sign it off again."
)


def stored_reply(reply: str, reopened: bool | Sequence[str]) -> str:
    """What a change stored, and, when it reopened sign-off (whether it did, or the follow-ups
    that asked the approvers again), that it did."""
    return reply + (REOPENED_REPLY if reopened else "")


def answer_reopens_sign_off(reference: str) -> str:
    return (
        f":rewind: *{reference}* is signed off: saving a changed answer reopens sign-off, and "
        "the approvers are asked to sign off again."
    )
