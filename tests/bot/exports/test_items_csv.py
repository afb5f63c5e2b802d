"""The Monitoring-Portal CSV carries what the report says (docs/rules.md#r16): each item's stated
due date, and where it stands in the HMICFRS recommendation register's words, before and after the
response is published; `/s55 export S55-1 items` on both databases."""

from __future__ import annotations

import csv
import io

from bot.domain.steps import DEFAULT_STEPS
from bot.items.progress import record_progress
from tests.bot.documents.test_counts_from_the_record import ALL_FIVE, paste_more
from tests.bot.exports.test_export import uploaded
from tests.bot.items.steps import confirm, items, review
from tests.bot.publication.test_sign_off_freezes_what_is_published import (
    OFFICER,
    ready_to_sign,
    record,
    sign_off,
)
from tests.e2e import Bot

NAME = "S55-1-recommendations-and-afis.csv"


def exported(bot: Bot, card_ts: str) -> list[dict[str, str]]:
    bot.command("export S55-1 items", user_id=OFFICER)
    return list(csv.DictReader(io.StringIO(uploaded(bot, card_ts)[NAME].decode())))


def test_each_items_due_date_is_a_column_as_the_report_states_it(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)  # Recommendation 4 recorded and answered "already complies"
    confirm(bot, review(bot, paste_more(bot, card_ts, ALL_FIVE)), user=OFFICER)
    rows = {row["number"]: row for row in exported(bot, card_ts)}
    assert {n: row["due date"] for n, row in rows.items()} == {
        "1": "2024-12-31",  # "By 31 December 2024, the National Crime Agency should …"
        "2": "2024-12-31",
        "3": "2025-03-31",
        "4": "2024-06-30",
        "5": "2025-09-30",
    }
    register = {n: row["HMICFRS register status"] for n, row in rows.items()}
    assert register == {"1": "", "2": "", "3": "", "4": "awaiting review", "5": ""}


def test_after_publication_the_register_status_follows_the_items_progress(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)
    [item] = items(bot)
    sign_off(bot, card_ts, *DEFAULT_STEPS[:3])  # signed off, forwarded: not yet published
    assert exported(bot, card_ts)[0]["HMICFRS register status"] == "awaiting review"
    sign_off(bot, card_ts, DEFAULT_STEPS[3])  # "Response published on the OPCC website"
    [row] = exported(bot, card_ts)
    assert (row["state"], row["HMICFRS register status"]) == ("answered", "complete")
    for status, says in (
        ("in_progress", "being progressed"),
        ("closed", "no further action needed"),
    ):
        note = "A new case came in." if status == "in_progress" else "The NCA no longer asks."
        record_progress(bot.services, item.id, {"status": status, "note": note}, actor=OFFICER)
        assert exported(bot, card_ts)[0]["HMICFRS register status"] == says
    # Progress is not what the document says: anyone may record it, and sign-off stands.
    assert record(bot).state == "publishing"
