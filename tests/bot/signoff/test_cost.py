"""What a sign-off click costs the database after its ack: the change, the
card, the note and the draft document for publication within 20 SQL statements, the card and
the document rendered from the inspection as the change committed it."""

from __future__ import annotations

from bot.domain.steps import DEFAULT_STEPS
from tests.bot.signoff.test_signoff import both_responses_in, card, click, step_button
from tests.bot.signoff.test_turn import DRAFT, file_messages
from tests.e2e import Bot
from tests.history import statements


def test_a_sign_off_click_costs_at_most_twenty_statements(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    approved.settle()
    with statements(approved.db) as executed:
        click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    # SQLite's session set-up (PRAGMA busy_timeout, BEGIN) aside: the work's own statements.
    work = [s for s in executed if not s.startswith(("PRAGMA", "BEGIN"))]
    assert len(work) <= 20, "\n".join(work)
    # All of it was done: the card shows the step, the note and the draft document are posted.
    shown = str(card(approved, card_ts)["blocks"])
    assert DEFAULT_STEPS[0] in shown and ":white_check_mark:" in shown
    [shared] = file_messages(approved, card_ts)
    assert [f["name"] for f in shared["files"]] == [f"{DRAFT}.docx", f"{DRAFT}.html"]
