"""Reasons typed in the undo and no-response-required forms are shown, never sent as markup.

Slack sends a form's text exactly as typed, unescaped: a reason holding `<!channel>` must not
reach the thread as a live mention.
"""

from __future__ import annotations

from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from storage.models import StepConfirmation
from tests.bot.responses.test_responses import in_thread, log_inspection
from tests.bot.signoff.test_signoff import (
    both_responses_in,
    card,
    click,
    not_required_button,
    step_button,
    submit_reason,
)
from tests.e2e import Bot

HOSTILE = "Sent twice <!channel> <@U0STRANGER> & <https://x.example|here>"


def _notes(bot: Bot, card_ts: str) -> str:
    return "\n".join(c.args.get("text", "") for c in in_thread(bot, card_ts))


def test_an_undo_reason_with_markup_reaches_the_thread_inert(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP))
    submit_reason(approved, ids.UNDO_STEP_VIEW, HOSTILE)
    notes = _notes(approved, card_ts)
    assert "Reason: Sent twice &lt;!channel&gt; &lt;@U0STRANGER&gt; &amp;" in notes
    assert "<!channel>" not in notes and "<@U0STRANGER>" not in notes


def test_a_no_response_reason_with_markup_reaches_the_thread_inert(approved: Bot) -> None:
    card_ts = log_inspection(approved)
    button = not_required_button(approved, card_ts)
    click(approved, card_ts, button)
    submit_reason(approved, ids.NOT_REQUIRED_VIEW, HOSTILE)
    notes = _notes(approved, card_ts)
    assert "Reason: Sent twice &lt;!channel&gt; &lt;@U0STRANGER&gt; &amp;" in notes
    assert "<!channel>" not in notes and "<@U0STRANGER>" not in notes


def test_a_reason_with_a_nul_character_is_recorded_without_it(approved: Bot) -> None:
    # PostgreSQL text cannot hold U+0000; SQLite can. Both must record the same reason.
    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP))
    assert submit_reason(approved, ids.UNDO_STEP_VIEW, "Sent\x00 twice").status == 200
    assert "Reason: Sent twice" in _notes(approved, card_ts)
    with approved.db.session() as session:
        [undone] = session.scalars(select(StepConfirmation)).all()
    assert undone.undo_reason == "Sent twice"
