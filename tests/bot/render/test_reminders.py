"""The words of a CC-date nudge and of a digest line flagged late."""

from __future__ import annotations

from datetime import date

from bot import copy
from bot.render.reminders import cc_nudge_text

DUE = date(2024, 11, 29)


def test_a_cc_nudge_mentions_a_user_or_asks_whoever_reads_the_thread() -> None:
    assert cc_nudge_text("S55-4", days=3, due=DUE, contact="U0CCSTAFF") == (
        ":memo: *S55-4*: the Chief Constable's comments are due in *3 days* (Fri 29 Nov 2024). "
        "<@U0CCSTAFF>, please paste them here in this thread."
    )
    assert cc_nudge_text("S55-4", days=1, due=DUE, contact=None) == (
        ":memo: *S55-4*: the Chief Constable's comments are due *tomorrow* (Fri 29 Nov 2024). "
        "Please paste them here in this thread."
    )


def test_a_digest_line_carries_its_late_notes_before_what_is_still_needed() -> None:
    notes = copy.late_notes(1, True)
    line = copy.digest_line("*S55-4*", "Custody", -3, DUE, "Awaiting CC response", "x", notes)
    assert line.endswith(
        "· Awaiting CC response · :warning: CC comments 1 day late · "
        ":warning: logged after the deadline · still needed: x"
    )
