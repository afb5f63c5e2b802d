"""Sign-off and the office-use steps (bot/signoff): confirming and undoing a step, "no response
required", the approvers' turn, the draft for publication."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import SLACK_BEHIND
from .publication import document_revision
from .reminders import missing_phrase
from .words import and_list, inert, mention

__all__ = [
    "CONFIRM_STEP_TITLE",
    "MODAL_SAVE",
    "NOT_REQUIRED_BUTTON",
    "NOT_REQUIRED_MODAL_TITLE",
    "NO_APPROVERS",
    "REASON_LABEL",
    "REASON_NEEDED",
    "STEPS_HEADING",
    "UNDO_BUTTON",
    "UNDO_MODAL_TITLE",
    "approvers_turn_note",
    "completed_note",
    "confirm_step_text",
    "draft_document_comment",
    "draft_document_title",
    "draft_for_publication",
    "not_an_approver",
    "not_required_intro",
    "not_required_note",
    "not_required_refused",
    "step_already_done",
    "step_confirmed_note",
    "step_not_confirmed",
    "step_not_in_list",
    "step_not_now",
    "step_out_of_order",
    "step_stored",
    "step_undone_note",
    "step_waits_for_responses",
    "step_waits_for_sign_off_again",
    "undo_later_first",
    "undo_modal_intro",
]


def step_not_in_list(step: str) -> str:
    return f"“{step}” is no longer one of the office's steps; the card has been refreshed."


def step_already_done(step: str, by: str) -> str:
    return f"“{step}” was already confirmed by <@{by}>; the card has been refreshed."


def step_waits_for_responses(step: str) -> str:
    return (
        f"“{step}” can't be confirmed yet: both the Chief Constable's and the PCC's "
        "responses must be confirmed first."
    )


def step_not_now(step: str, state: str) -> str:
    return f"“{step}” can't be confirmed now: this inspection is {state}."


def step_out_of_order(step: str, missing: str) -> str:
    return f"“{step}” comes after “{missing}”, which isn't confirmed yet. Confirm that first."


def step_waits_for_sign_off_again(step: str, sign_off: str, reason: str) -> str:
    return (
        f"“{step}” waits: sign-off was reopened ({inert(reason)}), so “{sign_off}” must be "
        "given again first."
    )


def step_not_confirmed(step: str) -> str:
    return f"“{step}” isn't confirmed, so there is nothing to undo."


def undo_later_first(step: str, latest: str) -> str:
    return f"Undo “{latest}” first: steps are undone from the last one back."


def not_an_approver(approvers: Sequence[str]) -> str:
    """Names who can approve (as Slack shows a mention: the person's or the group's name)."""
    who = and_list([mention(approver) for approver in approvers])
    return f"Only the office's approvers can confirm or undo these steps: {who}. Ask one of them."


NO_APPROVERS = (
    "No approvers are named yet, so nobody can confirm these steps: ask whoever set up s55bot "
    "for the office to name them."
)


def step_confirmed_note(step: str, actor: str) -> str:
    return f":white_check_mark: {step}: confirmed by <@{actor}>."


def step_undone_note(step: str, actor: str, reason: str) -> str:
    return f":leftwards_arrow_with_hook: {step}: undone by <@{actor}>. Reason: {inert(reason)}"


def completed_note(reference: str, revision: int | None = None) -> str:
    made = (
        f" The final document, posted below, is made from {document_revision(revision)}, the "
        "one signed off."
        if revision is not None
        else ""
    )
    return (
        f":tada: *{reference}* is complete: every office-use step is confirmed. "
        f"Reminders for it have stopped.{made}"
    )


def not_required_note(actor: str, reason: str) -> str:
    return f"No response required, recorded by <@{actor}>. Reason: {inert(reason)}"


def approvers_turn_note(
    reference: str,
    *,
    approvers: list[str],
    revised: str | None,
    step: str,
    still_needed: list[str],
) -> str:
    """``approvers`` as mentions; ``revised``: the label of a response revised while sign-off
    waited; ``still_needed``: what sign-off waits for besides them (missing_phrase items)."""
    why = f"the {revised} was revised" if revised else "both responses are confirmed"
    again = " again" if revised else ""
    who = (
        f"{' '.join(approvers)}, over to you: “{step}” is on the card and on your Home tab."
        if approvers
        else "No approvers are set up yet (S55_APPROVERS), so nobody can sign it off."
    )
    needed = f" Sign-off also needs {missing_phrase(tuple(still_needed))}." if still_needed else ""
    return f":raised_hand: *{reference}* is ready for sign-off{again}: {why}. {who}{needed}"


def draft_for_publication(number: int) -> str:
    """The marker on the document posted at sign-off; a sign-off undone and given again
    posts draft 2, and so on."""
    return "draft for publication" if number == 1 else f"draft {number} for publication"


def draft_document_title(reference: str, number: int, fmt: str) -> str:
    return f"{reference} response — {draft_for_publication(number)}.{fmt}"


def draft_document_comment(reference: str, number: int, actor: str, revision: int) -> str:
    return (
        f":page_facing_up: *{reference}* response, *{draft_for_publication(number)}*, made "
        f"from {document_revision(revision)}: as signed off by <@{actor}>, in Word (to forward) "
        "and HTML (for the website). The final document follows when every office-use step is "
        "confirmed."
    )


CONFIRM_STEP_TITLE = "Are you sure?"


def confirm_step_text(step: str, reference: str) -> str:
    return f"Record “{step}” for {reference}? Your name and the time are recorded."


UNDO_BUTTON = "Undo"

NOT_REQUIRED_BUTTON = "No response required"

UNDO_MODAL_TITLE = "Undo a step"

NOT_REQUIRED_MODAL_TITLE = "No response required"

REASON_LABEL = "Reason (kept in the audit history)"

MODAL_SAVE = "Save"


def undo_modal_intro(step: str, reference: str) -> str:
    return f"Undo “{step}” for *{reference}*? The confirmation and the undo both stay on record."


def not_required_intro(reference: str) -> str:
    return (
        f"Record that no Section 55 response is required for *{reference}*. Reminders stop; "
        "the audit history keeps who did it and why."
    )


def not_required_refused(state: str) -> str:
    return f"This inspection is {state}, so it can't be marked “no response required”."


STEPS_HEADING = "*For office use*"

REASON_NEEDED = "Please give a reason: it is kept in the audit history."


def step_stored(step: str, reference: str) -> str:
    return f"Recorded “{step}” for {reference}. {SLACK_BEHIND}"
