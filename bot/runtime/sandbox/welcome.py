"""The first thing a fresh sandbox shows: a short welcome from the bot in the channel, saying
what to try first, with a first example dated a few days before the sandbox's own date, so
that its card shows a countdown rather than a deadline long gone."""

from __future__ import annotations

from datetime import date, timedelta

from bot.copy import human_date

from . import cast

FIRST_TITLE = "Vetting and anti-corruption part 2"


def first_published(today: date) -> date:
    """The first example's publication: last Tuesday as the office would say it (a week ago on
    a Tuesday): 49 to 55 days left, the Chief Constable's date ahead too."""
    return today - timedelta(days=(today.weekday() - 1) % 7 or 7)


def first_command(today: date) -> str:
    return f"/s55 add {FIRST_TITLE} | last Tuesday"


def welcome_text(today: date) -> str:
    """Mrkdwn, as the bot posts it; ``today``: the sandbox's date."""
    published = human_date(first_published(today))
    return (
        ":wave: *Welcome to the s55bot sandbox.* I keep one card here for each HMICFRS "
        "inspection report the PCC must answer within 56 days (section 55).\n"
        f"*Try this first:* `{first_command(today)}` — a report published {published}. "
        "I post its card with the days left, and ask for the Chief Constable's response in "
        "its thread.\n"
        f"*Then:* open the card's *replies*, switch to *{cast.CC_STAFF.name}* (top right) and "
        "paste a response; press *+1 week* or *To the deadline* to live through the days "
        "and see the reminders they bring. `/s55 help` lists everything.\n"
        "_Or press *Start the demo* (top left) to begin from a real 2024 inspection half-way "
        "through._"
    )


def demo_welcome_text() -> str:
    return (
        ":wave: *Welcome to the s55bot demo.* Below is a real 2024 inspection half-way through: "
        "logged, and the Chief Constable's response in.\n"
        f"*Try this first:* open the card's *replies*, switch to *{cast.PCC.name}* (top right) "
        "and paste the PCC's response; then, as "
        f"*{cast.APPROVER.name}*, sign it off and confirm each step on the card. "
        "`/s55 help` lists everything."
    )
