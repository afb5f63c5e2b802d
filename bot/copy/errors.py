"""What a user is told when something went wrong on our side or Slack's, or a button or form
names nothing we keep: always what was stored, and what to do next."""

from __future__ import annotations

__all__ = [
    "BUTTON_NOT_UNDERSTOOD",
    "DATABASE_NOT_ANSWERING",
    "FORM_NOT_UNDERSTOOD",
    "LOOKUP_FAILED",
    "NO_SUCH_DRAFT",
    "NO_SUCH_INSPECTION",
    "SLACK_BEHIND",
    "event_parked",
    "form_not_saved",
    "outcome_unknown",
    "unexpected_error",
]


DATABASE_NOT_ANSWERING = (
    "The database is not answering just now, so nothing was stored. Please try again in a minute."
)


def event_parked(user: str | None, kind: str) -> str:
    """A thread note: an event that kept failing is parked, not lost."""
    whose = f" from <@{user}>" if user else ""
    return (
        f":warning: I couldn't take in {kind}{whose} in this thread: it failed five times. "
        "It is kept, not lost: the office's administrator can see why and replay it with "
        "`s55bot events`."
    )


def form_not_saved(problems: dict[str, str]) -> str:
    """A form whose fields were found wrong after it closed (what it showed had changed)."""
    said = " ".join(problems.values())
    return f"Nothing was saved: {said} Open the form again to try once more."


def outcome_unknown(what: str, where: str) -> str:
    """The database stopped answering as ``what`` was being stored, and has not answered
    since: whether it was stored is not known yet (never said to be "not stored")."""
    return (
        f"The database stopped answering just as I was storing {what}, so I can't tell yet "
        f"whether it was stored. Look at {where} in a minute before doing it again."
    )


def unexpected_error(code: str) -> str:
    return (
        f"Sorry, something went wrong on my side and nothing was changed. "
        f"If it keeps happening, give the office's administrator this code: `{code}`."
    )


LOOKUP_FAILED = (
    "I couldn't check who may do this (Slack didn't answer). Nothing was changed; try again "
    "in a minute."
)

SLACK_BEHIND = (
    "Slack didn't take every update just now; the card and its thread will catch up within "
    "minutes. Nothing needs doing again."
)

BUTTON_NOT_UNDERSTOOD = (
    "That button doesn't belong to anything I keep (it may come from an old or altered "
    "message). Nothing was changed; use the buttons on the current card or receipt."
)

FORM_NOT_UNDERSTOOD = (
    "I couldn't tell what that form was for (it may have been altered). Nothing was changed; "
    "press the button on the card again."
)

NO_SUCH_DRAFT = (
    "That receipt belongs to a draft I don't have. Nothing was changed; use the receipt under "
    "the latest request in the card's thread."
)

NO_SUCH_INSPECTION = (
    "That button names an inspection I don't have. Nothing was changed; `/s55 list` shows the "
    "ones I keep."
)
